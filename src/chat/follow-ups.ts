/**
 * Follow-ups read against the thread, in the words people use: answers to an offer ("sure go
 * ahead", "please check", "nope", "never mind"), questions about the last check ("ok but why?",
 * "so is it the firewall or the app?"), and a new target made from the last one ("what about port
 * 8080" keeps the host, "same thing on db2" keeps the port, "check it again in a minute"). Filler
 * words (try, it, again, port, please…) never become a host name. Pure.
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
  re-run retry too also instead of with use using same thing one host server box machine then just maybe ok okay so but that this there
  can you could would we i me let's lets see for in is does do work works working did if same? let go ahead sure yes yeah yep
  instead? other another same thing? again? number on? minute minutes second seconds later in a bit soon once more time
  hmm well oh ah and? how? about? one? port? also? too?`.split(/\s+/),
);

const AFFIRM = /^(?:y|yes|yeah|yea|yep|yup|ya|sure|ok|okay|k|kk|alright|all right|fine|go|go ahead|go for it|do it|do that|run it|please|pls|yes please|sounds good|let'?s go|let'?s do it|proceed|continue|absolutely|definitely|of course|why not|👍)$/;
const AFFIRM_WORDS = new Set('y yes yeah yea yep yup ya sure ok okay k kk alright fine go ahead for it do run check test please pls sounds good lets let\'s proceed continue absolutely definitely of course why not that this thanks thank you then now 👍'.split(' '));
const AFFIRM_HEAD = /^(?:y|yes|yeah|yea|yep|yup|ya|sure|ok|okay|alright|fine|go ahead|go for it|do it|please|pls|sounds good|let'?s|absolutely|definitely|of course|proceed)\b/;
const DECLINE = /^(?:n|no|nope|nah|naw|no thanks?|no thank you|not now|not yet|later|maybe later|skip|skip it|don'?t|no,? don'?t|no need|not needed|(?:ok |okay )?forget (?:it|that)|i'?ll pass|pass|no,? (?:that'?s )?(?:fine|ok)|nope,? thanks)$/;
const CANCEL = /^(?:cancel|cancel (?:it|that|this)|never ?mind|nvm|stop|stop (?:it|that|this)|abort|halt|enough|quit (?:it|that)|ignore (?:it|that)|scratch that)$/;

const WHY = /^(?:(?:ok|okay|so|but|and|hmm+|huh|wait|oh|right)[,.!]?\s+)*(?:(?:but |and |so )?why\b.*|how come\b.*|what (?:does|did|do) (?:that|this|it) mean\b.*|what happened\b.*|what'?s (?:the )?(?:cause|reason|problem)\b.*|what (?:is|was) (?:the )?(?:cause|reason|problem)\b.*|(?:can you |could you |please )?explain(?: (?:that|this|it|why|the result|the verdict))?\b.*|meaning\??|tell me (?:more|why)\b.*|more (?:details|info)\b.*|details\??|so what\??|what now\??|what does (?:filtered|refused|reset|closed|unreachable) mean\??)$/;
const FIREWALL = /\bfirewall\w*\b|\bsecurity group\b|\biptables\b|\bnftables\b|\bacl\b|\b(?:blocked|blocking|block)\b|\bfiltered\b/;
const ABOUT_IT = /\b(?:it|this|that|the port|the connection|something|anything|the app|the service|the server)\b|\?$|\bor\b/;
const AGAIN = /\b(?:again|retry|re-?run|re-?check|recheck|re-?test|one more time|once more|refresh)\b|^(?:check|test|run|try) (?:it|that|this)(?: now| please)?$|^(?:(?:please|pls) )?(?:check|test)(?: it)?(?: now)?$/;
const SCAN = /\b(?:scan|nmap)\b|\bwhat(?:'s| else is| is) (?:else )?open\b|\bwhich (?:other )?ports (?:are )?open\b|\bother ports\b/;
const CAPTURE = /\b(?:capture|tcpdump|sniff|pcap|packet capture|record (?:the )?(?:packets|traffic)|show (?:me )?the packets)\b/;
const REPORT = /\b(?:report|ticket|write (?:it|that|this) up|save (?:it|that|this|a copy)|export)\b/;
const WATCH = /\b(?:sometimes|intermittent\w*|randomly|sporadic\w*|flak(?:y|iness)|now and then|every (?:now|few)|(?:one|1) (?:in|out of) \d+|keep (?:an eye|watching)|watch (?:it|that)|monitor (?:it|that))\b|\bworks? (?:only )?sometimes\b/;
const HOLD = /\b(?:keeps? (?:dropping|disconnecting|dying)|drops? after (?:a while|some time|\d+)|dies (?:after|when idle)|(?:after|when) (?:it'?s |it is )?idle|idle (?:timeout|connection)|after lunch|hold (?:it|the connection) open)\b/;
/** Words that name a TCP subject: a "why" with one of them asks about it, not about the thread. */
const TOPIC_WORDS = /\b(?:tcp|udp|dns|tls|ssl|syn|rst|ack|fin|socket|sockets|syn sent|syn recv|time ?wait|close ?wait|fin wait|nagle|keep ?alive|keepalive|mtu|mss|ecn|handshake|window|backlog|retransmi\w*|kernel|linux|windows|nat|icmp)\b/;
const SLOW = /\b(?:slow|crawl\w*|sluggish|takes forever|(?:low|poor) throughput)\b/;

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

/** The host words in `text` that can only be hosts, or plain names right after "on", "about", "server"… */
function hostsIn(text: string): string[] {
  const tokens = text.split(/\s+/).map((w) => w.replace(/^[("'`<[]+|[)"'`>?!,;:]+$/g, '').replace(/^\[|\]$/g, ''));
  const out: string[] = [];
  tokens.forEach((w, i) => {
    const lower = w.toLowerCase();
    if (!w || FILLER.has(lower) || /^\d+$/.test(w)) return;
    if (isHostish(w) || isIP(w)) return void out.push(w);
    const before = tokens.slice(Math.max(0, i - 3), i).join(' ').toLowerCase();
    const marked = /(?:\bon|\babout|\bfor|\bagainst|\bto|\bserver|\bhost|\bbox|\bone|\bnode|\band|\bcheck|\btest|\btry|\bping)$/.test(before);
    if (marked && /^[a-z][\w-]{0,62}$/i.test(w) && /\d|-/.test(w)) out.push(w);
    else if (marked && /^[a-z][\w-]{1,62}$/i.test(w) && /(?:same|what about|how about|try (?:it |that )?on|and on|also on|the other)/.test(text.toLowerCase())) out.push(w);
  });
  return out;
}

/** Every word is filler, a port or one of `allowed`. */
function onlyFiller(text: string, allowed: string[]): boolean {
  return text
    .toLowerCase()
    .split(/[\s,]+/)
    .map((w) => w.replace(/[?!.]+$/, ''))
    .filter(Boolean)
    .every((w) => FILLER.has(w) || /^\d{1,5}$/.test(w) || allowed.includes(w) || /^(?:and|how|but|or|else|does|do|work|works|not|doesn'?t|didn'?t|it|on|with|port|server|box|host|other|thing|in|a|minute|bit)$/.test(w));
}

/** A reply to an offer, or a stop: confirm, decline, cancel. */
export function readOfferReply(text: string): FollowUpRead | null {
  const t = text.trim().toLowerCase().replace(/[?!.]+$/, '').replace(/\s+/g, ' ');
  if (!t) return { followUp: 'confirm', confidence: 0.9 };
  if (CANCEL.test(t)) return { followUp: 'cancel', confidence: 0.95 };
  if (DECLINE.test(t)) return { followUp: 'decline', confidence: 0.95 };
  if (AFFIRM.test(t)) return { followUp: 'confirm', confidence: 0.95 };
  const ws = t.split(/[\s,]+/).filter(Boolean);
  if (ws.length <= 6 && AFFIRM_HEAD.test(t) && ws.every((w) => AFFIRM_WORDS.has(w) || w === 'it')) return { followUp: 'confirm', confidence: 0.9 };
  if (/^(?:please |pls )?(?:check|test|run|do) it(?: please)?$|^(?:please|pls) (?:check|test|run)(?: it)?$/.test(t)) return { followUp: 'confirm', confidence: 0.85 };
  return null;
}

/**
 * A follow-up about the thread's last target, or null. `hasThread` says whether there is one: the
 * same words with nothing to refer to read with less confidence.
 */
export function readFollowUpWords(text: string, thread: FollowUpThread): FollowUpRead | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length > 140) return null;
  const lower = t.toLowerCase().replace(/[?!.]+$/, '').replace(/[?!]+\s+/g, ' ');
  const last = thread.lastTarget;
  const sure = last ? 0.9 : 0.5;
  const ports = portsIn(lower);
  const hosts = hostsIn(t);
  const short = lower.split(' ').length <= 12;

  // A new target built from the last one: "what about 8080", "same thing on db2".
  if (last && short && hosts.length <= 1 && (ports.length > 0 || hosts.length === 1) && onlyFiller(lower, hosts.map((h) => h.toLowerCase()))) {
    const instead = /instead of (\d{1,5})|not (?:on )?(\d{1,5})|(?:does not|doesn'?t|didn'?t) work on (\d{1,5})/.exec(lower);
    const notThis = instead ? Number(instead[1] ?? instead[2] ?? instead[3]) : last.port;
    const port = ports.find((p) => p !== notThis) ?? (ports.length === 1 ? ports[0] : undefined);
    const host = hosts[0] ?? last.host;
    if (port !== undefined || hosts.length === 1) {
      const target = { host: host.replace(/^\[|\]$/g, ''), port: port ?? last.port };
      const same = target.host === last.host && target.port === last.port;
      return { followUp: same ? 'again' : 'check', target, confidence: 0.9 };
    }
  }
  if (!short) return null;
  if (CANCEL.test(lower)) return { followUp: 'cancel', confidence: 0.95 };
  // "why does my socket sit in SYN_SENT?" names its own subject: a question, not "why?" about the thread.
  const ownSubject = TOPIC_WORDS.test(lower.replace(/[_-]/g, ' '));
  const whyFirst = /^(?:(?:ok|okay|so|but|and|hmm+|huh|wait|oh|right)[,.!]?\s+)*(?:why|how come)\b/.test(lower);
  if (whyFirst && !ownSubject && WHY.test(lower) && lower.split(' ').length <= 10) return { followUp: 'why', confidence: last || thread.lastVerdict ? 0.9 : 0.45 };
  if (FIREWALL.test(lower) && ABOUT_IT.test(lower) && !/\b(?:how|what is|what are|explain)\b.*\bfirewall/.test(lower)) return { followUp: 'firewall', confidence: last ? 0.9 : 0.4 };
  if (WHY.test(lower) && lower.split(' ').length <= 10 && !ownSubject) return { followUp: 'why', confidence: last || thread.lastVerdict ? 0.9 : 0.45 };
  if (HOLD.test(lower)) return { followUp: 'hold', ...(last ? { target: last } : {}), confidence: sure * 0.9 };
  if (WATCH.test(lower)) return { followUp: 'watch', ...(last ? { target: last } : {}), confidence: sure * 0.9 };
  if (SLOW.test(lower) && lower.split(' ').length <= 8) return { followUp: 'capture', ...(last ? { target: last } : {}), confidence: sure * 0.8 };
  if (AGAIN.test(lower) && !ports.length) return { followUp: 'again', ...(last ? { target: last } : {}), confidence: sure };
  if (SCAN.test(lower)) return { followUp: 'scan', ...(last ? { target: { host: last.host } } : {}), confidence: sure };
  if (CAPTURE.test(lower)) return { followUp: 'capture', ...(last ? { target: last } : {}), confidence: sure };
  if (REPORT.test(lower) && lower.split(' ').length <= 12) return { followUp: 'report', confidence: sure };
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
