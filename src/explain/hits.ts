/**
 * Collects every sign of a class in a prepared message: phrases, exception names, symbolic errno
 * codes (ECONNREFUSED, WSAECONNRESET), errno numbers in the places tools print them
 * (`errno=104`, `[Errno 111]`, `os error 61`, `(10061)`, `0x2746`), curl and mysql exit codes.
 */
import type { ClassHit, ErrorClass } from './types.js';
import { PHRASES, EXCEPTIONS, RANK } from './phrases.js';
import { ERRNO_NAMES, lookupErrno, lookupHex, osHint, type ErrnoEntry } from './errno.js';
import { formHits } from './forms.js';
import { codeHits, curlExitInWords } from './codes.js';

type NetClass = Exclude<ErrorClass, 'unknown'>;

/** A hit plus the second class its rule implies (SSL_ERROR_SYSCALL → tls, also closed). */
export interface RuleHit extends ClassHit {
  implies?: NetClass;
  /**
   * The sign is the connection itself failing (a driver's code for a lost session, `MySQL server
   * has gone away`), so an SQL or HTTP reading above TCP yields to it even when its class is `closed`.
   */
  transport?: boolean;
}

const CURL_EXIT: Record<number, [NetClass, boolean]> = {
  5: ['dns', false], 6: ['dns', false], 7: ['refused', true], 28: ['timeout', false], 35: ['tls', false],
  51: ['tls', false], 52: ['closed', false], 53: ['tls', false], 54: ['tls', false], 55: ['closed', true],
  56: ['reset', true], 58: ['tls', false], 59: ['tls', false], 60: ['tls', false], 77: ['tls', false],
  80: ['tls', false], 83: ['tls', false], 90: ['tls', false], 91: ['tls', false], 97: ['other', false],
};

const MYSQL_ERROR: Record<number, [NetClass, boolean]> = {
  2002: ['refused', true], 2003: ['refused', true], 2005: ['dns', false], 2006: ['closed', false],
  2013: ['closed', false], 2026: ['tls', false], 2055: ['closed', true],
};

/** Where tools print an errno number: group 1 is the number. */
const ERRNO_CONTEXTS: readonly RegExp[] = [
  /\berrno[\s=:]{0,3}(-?\d{1,5})\b/gi,
  /\bos error (\d{1,5})\b/gi,
  /\bsystem error:? (\d{1,5})\b/gi,
  /\berror (\d{1,5}) connecting\b/gi,
  /\bsocket error\s?#?\s?(\d{1,5})\b/gi,
  /(?<!curl: )\((-?\d{1,5})\)/g,
  /Error\((-?\d{1,5}),/g,
  /\b(?:error|code|status|result)\s?[:=#]?\s?(-?\d{3,5})\b/gi,
  /(?<![:./\w-])(?<!port )(100[1-6]\d|1100[1-4]|12\d{3}(?=\)|\s*$))\b/gim,
];

const SYMBOL_RE = /\b(?:WSA)?E[A-Z]{3,15}\b|\bEAI_[A-Z]{4,8}\b|\bWSA[A-Z_]{4,20}\b/g;
const HEX_RE = /\b0x[0-9a-f]{4,8}\b/gi;
const MAX_MATCHES = 200;

function errnoHit(entry: ErrnoEntry, label: string, weak = false): RuleHit {
  return { class: entry.class, rank: RANK[entry.class], weak, label: `${label} (${entry.os} ${entry.name})` };
}

function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(text); m && n < MAX_MATCHES; m = re.exec(text), n++) fn(m);
}

/** Every class sign in the text, strong and weak, in no particular order. */
export function collectHits(text: string, lower: string, unixSocket: string | null): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const rule of PHRASES) {
    for (const phrase of rule.phrases) {
      if (!lower.includes(phrase)) continue;
      hits.push({ class: rule.class, rank: rule.rank ?? RANK[rule.class], weak: Boolean(rule.weak), label: `"${phrase}"`, implies: rule.also });
      break;
    }
  }
  for (const [name, cls, weak] of EXCEPTIONS) {
    if (lower.includes(name.toLowerCase())) hits.push({ class: cls, rank: RANK[cls], weak, label: name });
  }
  // axios reports its own client timeout as ECONNABORTED: that code is not a reset there.
  const axiosTimeout = lower.includes('ms exceeded');
  const seen = new Set<string>();
  eachMatch(SYMBOL_RE, text, (m) => {
    const cls = ERRNO_NAMES.get(m[0]);
    if (!cls || seen.has(m[0]) || (axiosTimeout && m[0] === 'ECONNABORTED')) return;
    seen.add(m[0]);
    hits.push({ class: cls, rank: RANK[cls], weak: false, label: m[0] });
  });
  const hint = osHint(lower);
  for (const re of ERRNO_CONTEXTS) {
    eachMatch(re, text, (m) => {
      const entry = lookupErrno(Number(m[1]), hint);
      if (entry) hits.push(errnoHit(entry, `errno ${m[1]}`));
    });
  }
  eachMatch(HEX_RE, text, (m) => {
    const entry = lookupHex(m[0]);
    if (entry) hits.push(errnoHit(entry, m[0]));
  });
  const bare = /^\s*(-?\d{1,5})\s*$/.exec(text);
  if (bare) {
    const entry = lookupErrno(Number(bare[1]), hint);
    if (entry) hits.push(errnoHit(entry, `errno ${bare[1]}`));
  }
  // Node's dns.resolveSrv & co. (`querySrv ECONNREFUSED`): the DNS server refused, not the service.
  if (/\bquery(?:srv|txt|a|aaaa|mx|ns|cname|any|ptr|soa|caa|naptr) e[a-z_]{3,20}\b/.test(lower)) hits.push({ class: 'dns', rank: RANK.dns, weak: false, label: 'DNS query failed (querySrv…)' });
  // MySQL's connect-timeout interrupts connect(): error 2003 with (4) or (110) is no answer, not a refusal.
  if (/\bcan\s?'\s?t connect to mysql server\b[^\n]{0,260}\((?:4|110)\)/.test(lower)) hits.push({ class: 'timeout', rank: RANK.refused + 5, weak: false, label: 'mysql error 2003 after its connect timeout' });
  // MongoDB's monitor: `connection <monitor> to <host> closed` (the server closed it).
  if (/\bconnection (?:<monitor> |\d{1,9} )?to \S{1,260} closed\b/.test(lower)) hits.push({ class: 'closed', rank: RANK.closed + 25, weak: false, label: '"connection … to … closed"' });
  // PgJDBC: `Connection to db:5433 refused. Check that the hostname…`.
  if (/\bconnection to \S{1,260} refused\b/.test(lower)) hits.push({ class: 'refused', rank: RANK.refused, weak: false, label: '"connection to … refused"' });
  // Go names the resolver it asked: whatever failed after that (timeout, refused) failed in DNS.
  if (/\blookup \S{1,253} on \S{1,80}:53: /.test(text)) hits.push({ class: 'dns', rank: RANK.dns, weak: false, label: 'Go resolver lookup failed' });
  // Go ends an error chain with the io.EOF it read (`Post "…": EOF`): the peer closed the connection.
  if (/[\w)"']: eof\s*$/m.test(lower)) hits.push({ class: 'closed', rank: RANK.closed, weak: false, label: 'an error chain ending in ": EOF"' });
  // A client that printed its attempt and nothing after it until the person gave up (`Trying
  // 1.2.3.4...` then ^C), or that "stopped at" its connecting line: the SYN got no answer.
  if (/\b(?:trying|connecting to|essai sur|versuche|intentando)\s[^\n]{1,120}(?:\n[ \t]*)+\^c/.test(lower) || /\b(?:stopped|stuck|hangs?|hung|hanging|freezes|froze|sits?|sat|waits?|waited) (?:at|on|after|forever at)\W{0,3}(?:debug\d: )?(?:connecting to|trying)\b/.test(lower)) {
    hits.push({ class: 'timeout', rank: RANK.timeout, weak: false, label: 'the connect attempt never got an answer' });
  }
  // Port checkers say "closed" for a port nothing listens on (`127.0.0.1 port 81 closed.`, nmap's `81/tcp closed`): a refusal.
  if (/^[^\S\n]*\S{1,253} port \d{1,5} closed\.?[^\S\n]*$|^[^\S\n]*\d{1,5}\/tcp\s+closed\b/m.test(lower)) hits.push({ class: 'refused', rank: RANK.refused, weak: false, label: 'a port checker found the port closed' });
  const curl = /\bcurl: \((\d{1,3})\)/.exec(text);
  const curlCode = curl ? Number(curl[1]) : curlExitInWords(lower);
  const curlExit = curlCode !== null ? CURL_EXIT[curlCode] : undefined;
  if (curlCode !== null && curlExit) hits.push({ class: curlExit[0], rank: RANK[curlExit[0]], weak: curlExit[1], label: `curl exit ${curlCode}` });
  // MySQL's client codes as drivers print them: `ERROR 2003 (HY000)`, `[2002]`, PDO's `General error: 2006`, `(2013, "…")`, `(HY000/2013)`.
  const mysql = /\bERROR (20\d\d) \(|\[(20\d\d)\]|\bgeneral error:? (20\d\d)\b|\((20\d\d), ["']|\/(20\d\d)\)/i.exec(text);
  const mysqlCode = mysql ? Number(mysql.slice(1).find(Boolean)) : 0;
  const mysqlError = MYSQL_ERROR[mysqlCode];
  if (mysqlError) hits.push({ class: mysqlError[0], rank: RANK[mysqlError[0]], weak: mysqlError[1], label: `mysql error ${mysqlCode}`, transport: true });
  hits.push(...formHits(lower), ...codeHits(lower));
  if (unixSocket) {
    if (/no such file or directory|\benoent\b|\(2\)/.test(lower)) {
      hits.push({ class: 'refused', rank: RANK.refused, weak: false, label: `socket file ${unixSocket} missing` });
    } else if (lower.includes('permission denied')) {
      hits.push({ class: 'other', rank: RANK.other, weak: false, label: `no permission on ${unixSocket}` });
    }
  }
  return hits;
}

/** Words that make a weak, generic hit ("closed", "timeout") plausibly about a network. */
export const NETWORK_CONTEXT = /connect|socket|tcp|server|network|host|port|http|proxy|peer|remote/;
