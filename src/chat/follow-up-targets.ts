/**
 * A new target made from the thread's last one, read clause by clause: a port alone is the last
 * host on that port ("and what about 143?", "now the management UI, 15672", "simply substitute
 * 995 for 993", "it listens on a port other than 25, try 2525"); a host alone is that host on the
 * last port ("same thing on the registry, registry.gitlab.domain.com", "ok use 127.0.0.1 instead
 * of localhost", "maybe I have the wrong address, try 192.168.125.11"); `host:port` names both ("or
 * just localhost:6774"). A clause counts when it is only the target and filler, when it starts
 * with a word that asks to check ("try", "what about", "and", "now", "use"…) and says little
 * else, or when another clause points at it ("I moved ssh to 2244, try that"). What a clause says
 * is old ("instead of 80", "other than 25", "for 993", the last target itself) is not the new
 * target. Filler words (try, it, again, port, please…) never become a host name. Pure.
 */
import { isIP } from 'node:net';
import { clausesOf, wordsOf, type Clause } from './clauses.js';
import { isHostish } from './target-phrases.js';
import { isAnswerWord } from './other-languages.js';
import type { FollowUpRead } from './follow-ups.js';

/** Words that carry no target: never a host name. */
export const FILLER = new Set(
  `try trying it its it's again port ports please pls plz the a an and on at to what whats what's about how now check test run rerun
  re-run retry re-check recheck re-test too also instead of with use using same thing one host server box machine then just maybe ok okay so but that this there
  can you u could would we i me let's lets see for in is does do work works working did if let go ahead sure yes yeah yep by ip address via
  other another number minute minutes second seconds later bit soon once more time simply wait
  hmm well oh ah hm no nope nah actually rather quickly quick real fast or substitute replace swap switch instead
  over through from into onto across behind under`.split(/\s+/),
);

/** Nouns that name a machine's role ("check the replica too: redis-replica"): allowed around a host. */
const ROLES = new Set('staging stage prod production dev test qa uat live new old first second third replica primary secondary master slave standby backup node server box host machine instance cluster database db cache proxy gateway lb balancer web api service one other side end'.split(' '));

/** A service named instead of its port ("now check https on it"). */
export const SERVICE_PORTS: Record<string, number> = {
  https: 443, tls: 443, ssl: 443, http: 80, ssh: 22, sftp: 22, postgres: 5432, postgresql: 5432, psql: 5432, mysql: 3306, mariadb: 3306, redis: 6379,
  smtp: 25, submission: 587, rdp: 3389, mongo: 27017, mongodb: 27017, kafka: 9092, ldap: 389, ldaps: 636, imap: 143, imaps: 993, pop3: 110, ftp: 21, mssql: 1433, dns: 53,
  pop3s: 995, smtps: 465, ftps: 990, telnet: 23, vnc: 5900, amqp: 5672, amqps: 5671, rabbitmq: 5672, mqtt: 1883, mqtts: 8883, memcached: 11211,
  elasticsearch: 9200, zookeeper: 2181, cassandra: 9042, nats: 4222, winrm: 5985, smb: 445, nfs: 2049, rsync: 873, etcd: 2379, oracle: 1521,
};

/** Words allowed beside a target in a clause that is "only the target" ("does it work on 8000", "same box, port 80 please"). */
const SMALL = /^(?:and|how|but|or|else|does|do|work|works|not|doesn'?t|didn'?t|it|on|with|port|server|box|host|other|thing|in|a|minute|bit|too|its|of|for|to)$/;

/** Starts by asking to check (after softeners such as "ok", "hmm", "could you"). */
const CUE = /^(?:(?:ok|okay|so|hmm+|hm|then|now|please|pls|quickly|maybe|also|just|simply|wait|well|oh|oops|sorry|actually|(?:can|could|would) (?:you|u)(?: please)?)\s+)*(?:(?:i )?meant|i mean|try|check|test|probe|ping(?! (?:me|us)\b)|what about|how about|what'?s with|whats with|and|or|now|then|same|use|substitute|replace|swap|switch to|also|instead|nc|ncat|telnet|curl|看看|看一下|试试|试一下|测一下|检查|查一下)\b/;
/** A clause that says where the service really is ("openvpn listens on 443 there", "it runs on 8443"). */
const LIVES_ON = /\b(?:listens|listening|runs|running|is|lives|sits|moved|bound|answers|serves) (?:on|at|to) (?:port )?\d{1,5}\b/;
/** "on that printer", "on the same box": the last host, pointed at, not a new one. */
const THAT_ONE = /\b(?:on|at|for) (?:that|this|the same|the) ([a-z][\w-]{1,30})$/;
/** A clause that points back at a target said just before ("try that", "check it"). */
const POINTS_BACK = /^(?:(?:ok|okay|so|then|now|please|pls|maybe|just|can you|could you)\s+)*(?:try|check|test|use) (?:that|this|it|that one|this one|there)(?:\s+(?:instead|please|too|now|then|out))*$/;
/** What a clause says is the old value: "instead of 80", "other than 25", "substitute 995 for 993", "replace 993 with 995". */
const OLD = /\b(?:instead of|rather than|other than|not(?: on)?|(?:does not|doesn'?t|didn'?t|did not) work on|(?:substitute|use|put) \S+ for)\s+(?:port\s+)?(\S+)|\b(?:replace|swap)\s+(?:port\s+)?(\S+)\s+(?:with|for)\b/g;

/** A port number in the words ("8080", "port 443"), not part of an address, a time or a size. */
export function portsIn(text: string): number[] {
  const out: number[] = [];
  const re = /(?<![\w.:/-])(\d{1,5})(?![\w.:/%-]|\s*(?:min|minute|minutes|sec|second|seconds|s|ms|hours?|h|days?|times|x|%|mb|kb|gb|retries|tries|attempts))/gi;
  for (let m = re.exec(text); m && out.length < 4; m = re.exec(text)) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 65535) out.push(n);
  }
  return out;
}

/** Words with a digit or a hyphen that are not hosts: re-run, ipv6, e-mail, wi-fi, 30s. */
const NOT_A_HOST = /^(?:re-\w+|ipv[46]|http\d?|tls\d?|e-?mail|wi-?fi|x\d+|\d+\w*|v\d+|follow-up|set-up|log-?in|t-?shirt|co-\w+)$/i;

const tokenOf = (w: string) => w.replace(/^[("'`<[]+|[)"'`>?!,;:.]+$/g, '').replace(/^\[|\]$/g, '');

/** The host words in `text`: only hosts (`web02.example.com`, `10.0.0.12`), or names with a digit or hyphen (`db2`, `node-b`), or plain names after "on", "about", "with"… */
export function hostsIn(text: string): string[] {
  const tokens = text.split(/\s+/).map(tokenOf);
  const out: string[] = [];
  tokens.forEach((w, i) => {
    const lower = w.toLowerCase();
    if (!w || FILLER.has(lower) || /^\d+$/.test(w) || SERVICE_PORTS[lower] || ROLES.has(lower) || isAnswerWord(lower)) return;
    if (isHostish(w) || isIP(w)) return void out.push(w);
    if (/^[a-z][\w-]{0,62}$/i.test(w) && /\d|-/.test(w) && !NOT_A_HOST.test(w)) return void out.push(w);
    const before = tokens.slice(Math.max(0, i - 3), i).join(' ').toLowerCase();
    const marked = /(?:\bon|\babout|\bfor|\bagainst|\bto|\bserver|\bhost|\bbox|\bone|\bnode|\band|\bcheck|\btest|\btry|\bping|\bwith)$/.test(before);
    if (marked && /^[a-z][\w-]{1,62}$/i.test(w) && /(?:same|what about|how about|try (?:it |that )?on|and on|also on|the other)/.test(text.toLowerCase())) out.push(w);
  });
  return out;
}

/** A `host:port` word ("then try cache.internal:6379"). */
export function hostPortIn(text: string): { host: string; port: number } | undefined {
  const m = /(?:^|\s)\[?([\w.-]+\.[a-z][\w-]*|\d{1,3}(?:\.\d{1,3}){3}|localhost|[0-9a-f:]+:[0-9a-f:]*)\]?:(\d{1,5})(?=$|[\s?!.,])/i.exec(text);
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 65535 ? { host: m[1], port: Number(m[2]) } : undefined;
}

const bare = (h: string) => h.toLowerCase().replace(/^\[|\]$/g, '');

/** A host written as one: an address, localhost, or a name with a dot. A bare word ("db2", "okey-dokey") may be a host or not. */
const isWrittenHost = (h: string) => isIP(bare(h)) !== 0 || bare(h) === 'localhost' || /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\.?$/i.test(bare(h));

/** What one clause names that is new: a port, a host, a service's port. */
function newIn(c: Clause, last: { host: string; port: number }) {
  const old = new Set<string>();
  for (const m of c.lower.matchAll(OLD)) old.add(tokenOf(m[1] ?? m[2]).toLowerCase());
  const named = hostPortIn(c.raw);
  const ports = portsIn(c.lower).filter((p) => !old.has(String(p)));
  const all = hostsIn(c.raw).filter((h) => !old.has(bare(h)) && bare(h) !== bare(last.host));
  // A dotted name or an address beats a bare word beside it ("what about over v4, 192.0.2.44?").
  const strong = all.filter(isWrittenHost);
  const hosts = strong.length ? strong : all;
  const service = wordsOf(c.lower).map((w) => SERVICE_PORTS[tokenOf(w)]).find((p) => p !== undefined);
  const port = named?.port ?? ports.find((p) => p !== last.port) ?? (ports.includes(last.port) ? last.port : undefined);
  const host = named?.host ?? hosts[0];
  const unknown = wordsOf(c.lower).map(tokenOf).filter((w) => w && !FILLER.has(w) && !ROLES.has(w) && SERVICE_PORTS[w] === undefined && !SMALL.test(w) && !/^\d{1,5}$/.test(w) && !hosts.some((h) => bare(h) === w) && !old.has(w) && !(named && w.includes(bare(named.host))));
  return { port, host, hosts, service, unknown: unknown.length, oldSaid: old.size > 0 };
}

/** The host came as `host:port` in the clause. */
const named = (host: string, c: Clause) => hostPortIn(c.raw)?.host === host;

/** A new target built from the last one, or null when no clause names one. */
export function targetFromLast(text: string, last: { host: string; port: number }): FollowUpRead | null {
  const clauses = clausesOf(text);
  if (clauses.reduce((n, c) => n + wordsOf(c.lower).length, 0) > 20) return null;
  const pointedAt = clauses.some((c) => POINTS_BACK.test(c.lower));
  // A number written anywhere beats a service named in another clause ("and the https one, 8920?").
  const written = portsIn(text.toLowerCase()).filter((p) => p !== last.port);
  const asked = clauses.some((c) => CUE.test(c.lower));
  let again = false;
  for (const c of clauses) {
    const n = newIn(c, last);
    if (n.hosts.length > 1) return null;
    const cue = CUE.test(c.lower);
    const service = cue ? n.service : undefined;
    const port = n.port ?? (service !== undefined && written.length === 1 ? written[0] : service);
    const isNew = (port !== undefined && port !== last.port) || n.host !== undefined;
    const pointed = THAT_ONE.exec(c.lower);
    const unknown = n.unknown - (pointed && !n.host ? 1 : 0);
    const meant = unknown === 0 || ((cue || LIVES_ON.test(c.lower)) && unknown <= 4) || (pointedAt && unknown <= 6);
    // "check 5432" with 5432 just checked: the same target again.
    if (!isNew) {
      again ||= port === last.port && meant && !n.oldSaid;
      continue;
    }
    if (meant) {
      const target = { host: (n.host ?? last.host).replace(/^\[|\]$/g, ''), port: port ?? last.port };
      const same = bare(target.host) === bare(last.host) && target.port === last.port;
      // A bare word taken for a host with nothing asking to check it is a guess: offered, not run.
      const guess = n.host !== undefined && !named(n.host, c) && !isWrittenHost(n.host) && !asked;
      return { followUp: same ? 'again' : 'check', target, confidence: guess ? 0.6 : 0.9 };
    }
  }
  return again ? { followUp: 'again', target: last, confidence: 0.9 } : null;
}
