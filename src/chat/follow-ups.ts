/**
 * Follow-ups read against the thread, in the words people use: questions about the last check
 * ("ok but why?", "what's going on?", "so is it the firewall or the app?", "is something in
 * between dropping it"), a new target made from the last one ("what about port 8080" keeps the
 * host, "same thing on db2" / "ok now node-b please" keep the port, "now check https on it" takes
 * the service's port, "then try cache.internal:6379" names both), and what to do with it next
 * (again, scan, capture "show me what's on the wire", watch "keep an eye on it", hold "leave it
 * idle and see if it gets dropped", report). Filler words (try, it, again, port, please…) never
 * become a host name. Answers to an offer are offer-replies.ts's. Pure.
 */
import { isIP } from 'node:net';
import { isHostish } from './target-phrases.js';

export type FollowUpKind = 'why' | 'check' | 'again' | 'confirm' | 'decline' | 'cancel' | 'firewall' | 'scan' | 'capture' | 'watch' | 'hold' | 'report';

/** What the thread holds, as far as follow-ups need it. */
export interface FollowUpThread {
  lastTarget?: { host: string; port: number };
  lastVerdict?: string;
  pendingOffer?: string;
}

export interface FollowUpRead {
  followUp: FollowUpKind;
  /** The target meant, resolved against the thread (check, again). */
  target?: { host: string; port?: number };
  /** 0..1: how sure the reading is. */
  confidence: number;
}

/** Words that carry no target: never a host name. */
export const FILLER = new Set(
  `try trying it its it's again port ports please pls plz the a an and on at to what whats what's about how now check test run rerun
  re-run retry re-check recheck re-test too also instead of with use using same thing one host server box machine then just maybe ok okay so but that this there
  can you could would we i me let's lets see for in is does do work works working did if same? let go ahead sure yes yeah yep
  instead? other another same thing? again? number on? minute minutes second seconds later in a bit soon once more time
  hmm well oh ah and? how? about? one? port? also? too? quickly quick real fast now? please? hm no nope nah yes actually rather`.split(/\s+/),
);

/** Nouns that name a machine's role ("check the replica too: redis-replica"): allowed around a host. */
const ROLES = new Set('staging stage prod production dev test qa uat live new old first second third replica primary secondary master slave standby backup node server box host machine instance cluster database db cache proxy gateway lb balancer web api service one other side end'.split(' '));

/** A service named instead of its port ("now check https on it"). */
const SERVICE_PORTS: Record<string, number> = {
  https: 443, tls: 443, ssl: 443, http: 80, ssh: 22, sftp: 22, postgres: 5432, postgresql: 5432, psql: 5432, mysql: 3306, mariadb: 3306, redis: 6379,
  smtp: 25, submission: 587, rdp: 3389, mongo: 27017, mongodb: 27017, kafka: 9092, ldap: 389, ldaps: 636, imap: 143, imaps: 993, pop3: 110, ftp: 21, mssql: 1433, dns: 53,
};

const WHY = /^(?:(?:ok|okay|so|but|and|hmm+|huh|wait|oh|right|well|then)[,.!]?\s+)*(?:(?:but |and |so )?why\b.*|how come\b.*|what (?:does|did|do) (?:that|this|it) (?:mean|say)\b.*|what happened\b.*|what'?s (?:going on|happening|up with (?:it|that|this)|wrong|the (?:cause|reason|problem|issue|deal)|causing (?:it|this|that))\b.*|what (?:is|was) (?:going on|happening|wrong|the (?:cause|reason|problem|issue)|causing (?:it|this|that))\b.*|(?:can|could|would) (?:you|someone|somebody|anyone) (?:please )?explain\b.*|(?:please )?explain(?: (?:that|this|it|why|the result|the verdict))?\b.*|meaning\??|tell me (?:more|why)\b.*|more (?:details|info)\b.*|details\??|so what\??|what now\??|any idea why\b.*|any (?:thoughts|ideas?|clue)\b.*|what (?:broke|went wrong)\b.*|what does (?:this|that|it) tell (?:us|me)\b.*|what does (?:filtered|refused|reset|closed|unreachable) mean\??)$/;
const FIREWALL = /\bfirewall\w*\b|\bsecurity groups?\b|\biptables\b|\bnftables\b|\bacls?\b|\b(?:blocked|blocking|block)\b|\bfiltered\b|\bfiltering\b|\bsomething (?:in between|in the middle|in the way)\b|\bin between\b|\bmiddle ?box\w*\b|\bisp\b|\b(?:dropping|drops) (?:it|them|the packets|my packets)\b/;
const ABOUT_IT = /\b(?:it|this|that|the port|the connection|something|anything|the app|the service|the server)\b|\?$|\bor\b|^(?:might|could|maybe|perhaps)\b/;
const AGAIN = /\b(?:again|retry|re-?run|re-?check|recheck|re-?test|one more time|once more|refresh)\b|^(?:check|test|run|try) (?:it|that|this)(?: now| please)?$|^(?:(?:please|pls) )?(?:check|test)(?: it)?(?: now)?$/;
const SCAN = /\b(?:scan|nmap)\b|\bwhat(?:'s| else is| is) (?:else )?open\b|\bwhich (?:other )?ports (?:are )?open\b|\bother ports\b/;
const CAPTURE = /\b(?:capture|tcpdump|sniff|pcap|packet capture|wireshark|record (?:the )?(?:packets|traffic)|show (?:me )?the packets|(?:what'?s|what is) (?:going )?(?:on|over|across) the (?:wire|network)|on the wire|the packets)\b/;
const REPORT = /\b(?:report|ticket|write (?:it|that|this) up|save (?:it|that|this|a copy)|export)\b/;
const WATCH = /\b(?:sometimes|intermittent\w*|randomly|sporadic\w*|flak(?:y|iness)|now and then|every (?:now|few)|(?:one|1) (?:in|out of) \d+|keep (?:an eye|watching|checking|trying)|watch (?:it|that|this)|monitor (?:it|that|this)|over (?:time|a (?:while|few minutes))|for (?:a )?(?:few|couple of|\d+) minutes)\b|\bworks? (?:only )?sometimes\b/;
const HOLD = /\b(?:keeps? (?:dropping|disconnecting|dying)|drops? after (?:a while|some time|\d+)|dies (?:after|when idle)|(?:after|when) (?:it'?s |it is )?idle|idle (?:timeout|connection)|after lunch|hold (?:it|a|the) (?:connection )?open|hold (?:a|the) connection|keep (?:it|a|the) (?:connection )?open|leave (?:it|a|the) (?:connection )?(?:idle|open)|(?:see|check|find out) (?:if|whether) it (?:gets )?(?:dropped|drops|dies|survives|stays)|(?:go|step|walk) away for|still (?:be )?(?:there|alive|open|up)\b.*\b(?:later|after|hours?|minutes?)|(?:hours?|minutes?)\b.*\bstill (?:be )?(?:there|alive|open|up))\b/;
/** Words that name a TCP subject: a "why" with one of them asks about it, not about the thread. */
const TOPIC_WORDS = /\b(?:tcp|udp|dns|tls|ssl|syn|rst|ack|fin|socket|sockets|syn sent|syn recv|time ?wait|close ?wait|fin wait|nagle|keep ?alive|keepalive|mtu|mss|ecn|handshake|window|backlog|retransmi\w*|kernel|linux|windows|nat|icmp)\b/;
const SLOW = /\b(?:slow|crawl\w*|sluggish|takes forever|(?:low|poor) throughput)\b/;
/** Asks to check something now. */
const CHECK_VERB = /^(?:(?:ok|okay|so|and|hmm+|then|now|please|pls|quickly|maybe|also)[,.]?\s+)*(?:try|check|test|probe|what about|how about|and|same|now|then|also)\b/;

/** A port number in the words ("8080", "port 443"), not part of an address, a time or a size. */
function portsIn(text: string): number[] {
  const out: number[] = [];
  const re = /(?<![\w.:/-])(\d{1,5})(?![\w.:/%-]|\s*(?:min|minute|minutes|sec|second|seconds|s|ms|hours?|h|times|x|%|mb|kb|gb))/gi;
  for (let m = re.exec(text); m && out.length < 4; m = re.exec(text)) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 65535) out.push(n);
  }
  return out;
}

/** Words with a digit or a hyphen that are not hosts: re-run, ipv6, e-mail, wi-fi, 30s. */
const NOT_A_HOST = /^(?:re-\w+|ipv[46]|http\d?|tls\d?|e-?mail|wi-?fi|x\d+|\d+\w*|v\d+|follow-up|set-up|log-?in|t-?shirt|co-\w+)$/i;

/** The host words in `text`: only hosts (`web02.example.com`, `10.0.0.12`), or names with a digit or hyphen (`db2`, `node-b`), or plain names after "on", "about", "with"… */
function hostsIn(text: string): string[] {
  const tokens = text.split(/\s+/).map((w) => w.replace(/^[("'`<[]+|[)"'`>?!,;:.]+$/g, '').replace(/^\[|\]$/g, ''));
  const out: string[] = [];
  tokens.forEach((w, i) => {
    const lower = w.toLowerCase();
    if (!w || FILLER.has(lower) || /^\d+$/.test(w) || SERVICE_PORTS[lower] || ROLES.has(lower)) return;
    if (isHostish(w) || isIP(w)) return void out.push(w);
    if (/^[a-z][\w-]{0,62}$/i.test(w) && /\d|-/.test(w) && !NOT_A_HOST.test(w)) return void out.push(w);
    const before = tokens.slice(Math.max(0, i - 3), i).join(' ').toLowerCase();
    const marked = /(?:\bon|\babout|\bfor|\bagainst|\bto|\bserver|\bhost|\bbox|\bone|\bnode|\band|\bcheck|\btest|\btry|\bping|\bwith)$/.test(before);
    if (marked && /^[a-z][\w-]{1,62}$/i.test(w) && /(?:same|what about|how about|try (?:it |that )?on|and on|also on|the other)/.test(text.toLowerCase())) out.push(w);
  });
  return out;
}

/** Every word is filler, a port, a role, a service or one of `allowed`. */
function onlyFiller(text: string, allowed: string[]): boolean {
  return text
    .toLowerCase()
    .split(/[\s,:]+/)
    .map((w) => w.replace(/[?!.]+$/, ''))
    .filter(Boolean)
    .every((w) => FILLER.has(w) || /^\d{1,5}$/.test(w) || allowed.includes(w) || ROLES.has(w) || SERVICE_PORTS[w] !== undefined || /^(?:and|how|but|or|else|does|do|work|works|not|doesn'?t|didn'?t|it|on|with|port|server|box|host|other|thing|in|a|minute|bit|too)$/.test(w));
}

/** A `host:port` word in a short follow-up ("then try cache.internal:6379"). */
function hostPortIn(text: string): { host: string; port: number } | undefined {
  const m = /(?:^|\s)\[?([\w.-]+\.[a-z][\w-]*|\d{1,3}(?:\.\d{1,3}){3}|localhost|[0-9a-f:]+:[0-9a-f:]*)\]?:(\d{1,5})(?=$|[\s?!.,])/i.exec(text);
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 65535 ? { host: m[1], port: Number(m[2]) } : undefined;
}

/** A new target built from the last one: "what about 8080", "same thing on db2", "now check https on it". */
function newTarget(t: string, lower: string, last: { host: string; port: number }): FollowUpRead | null {
  const named = hostPortIn(t);
  if (named && CHECK_VERB.test(lower) && lower.split(' ').length <= 8) return { followUp: 'check', target: named, confidence: 0.9 };
  const ports = portsIn(lower);
  const hosts = hostsIn(t);
  const service = lower.split(/[\s,?!.]+/).map((w) => SERVICE_PORTS[w]).find((p) => p !== undefined);
  if (hosts.length > 1 || !onlyFiller(lower, hosts.map((h) => h.toLowerCase()))) return null;
  if (!ports.length && !hosts.length && !(service && CHECK_VERB.test(lower))) return null;
  const instead = /instead of (\d{1,5})|not (?:on )?(\d{1,5})|(?:does not|doesn'?t|didn'?t) work on (\d{1,5})/.exec(lower);
  const notThis = instead ? Number(instead[1] ?? instead[2] ?? instead[3]) : last.port;
  const port = ports.find((p) => p !== notThis) ?? (ports.length === 1 ? ports[0] : undefined) ?? (service && CHECK_VERB.test(lower) ? service : undefined);
  const host = hosts[0] ?? last.host;
  const target = { host: host.replace(/^\[|\]$/g, ''), port: port ?? last.port };
  const same = target.host === last.host && target.port === last.port;
  return { followUp: same ? 'again' : 'check', target, confidence: 0.9 };
}

/**
 * A follow-up about the thread's last target, or null. With nothing in the thread the same words
 * read with less confidence.
 */
export function readFollowUpWords(text: string, thread: FollowUpThread): FollowUpRead | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length > 160) return null;
  const lower = t.toLowerCase().replace(/[’]/g, "'").replace(/[?!.]+$/, '').replace(/[?!]+\s+/g, ' ');
  const last = thread.lastTarget;
  const sure = last ? 0.9 : 0.5;
  const words = lower.split(' ').length;
  if (last && words <= 12) {
    const made = newTarget(t, lower, last);
    if (made) return made;
  }
  if (words > 16) return null;
  // "why does my socket sit in SYN_SENT?" names its own subject: a question, not "why?" about the thread.
  const ownSubject = TOPIC_WORDS.test(lower.replace(/[_-]/g, ' '));
  const whyFirst = /^(?:(?:ok|okay|so|but|and|hmm+|huh|wait|oh|right)[,.!]?\s+)*(?:why|how come)\b/.test(lower);
  if (whyFirst && !ownSubject && WHY.test(lower) && words <= 10) return { followUp: 'why', confidence: last || thread.lastVerdict ? 0.9 : 0.45 };
  if (FIREWALL.test(lower) && ABOUT_IT.test(lower) && !/\b(?:how|what is|what are|explain)\b.*\bfirewall/.test(lower)) return { followUp: 'firewall', confidence: last ? 0.9 : 0.4 };
  if (WHY.test(lower) && words <= 10 && !ownSubject) return { followUp: 'why', confidence: last || thread.lastVerdict ? 0.9 : 0.45 };
  if (HOLD.test(lower)) return { followUp: 'hold', ...(last ? { target: last } : {}), confidence: sure * 0.9 };
  if (WATCH.test(lower)) return { followUp: 'watch', ...(last ? { target: last } : {}), confidence: sure * 0.9 };
  if (SLOW.test(lower) && words <= 8) return { followUp: 'capture', ...(last ? { target: last } : {}), confidence: sure * 0.8 };
  if (AGAIN.test(lower) && !portsIn(lower).length) return { followUp: 'again', ...(last ? { target: last } : {}), confidence: sure };
  if (SCAN.test(lower)) return { followUp: 'scan', ...(last ? { target: { host: last.host } } : {}), confidence: sure };
  if (CAPTURE.test(lower)) return { followUp: 'capture', ...(last ? { target: last } : {}), confidence: sure };
  if (REPORT.test(lower) && words <= 12) return { followUp: 'report', confidence: sure };
  return null;
}

/** What a symptom asks for: "works sometimes" → watch, "keeps dropping after a while" → hold, "slow" → capture. */
export function symptomFollowUp(text: string): 'watch' | 'hold' | 'capture' | undefined {
  const lower = text.toLowerCase();
  if (HOLD.test(lower)) return 'hold';
  if (WATCH.test(lower)) return 'watch';
  if (SLOW.test(lower)) return 'capture';
  return undefined;
}
