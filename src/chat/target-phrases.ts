/**
 * Reads a target out of the ways people write one in a chat: the whole message (`db:5432`,
 * `db 5432`, `db port 5432`, `[::1]:80`, `postgres://db/app`) or inside a sentence ("is
 * localhost:3000 up?", "can't reach 10.0.0.5 on 443", "port 5432 on db refuses"). Parsing and
 * validation are src/target.ts's; this module only finds the words. Pure.
 */
import { isIP } from 'node:net';
import { parseTarget } from '../target.js';
import { UsageError } from '../errors.js';
import type { Target } from '../evidence.js';
import type { Symptom } from '../guide/types.js';

export type PhraseRead =
  | { kind: 'target'; target: Target; via: string }
  | { kind: 'needs-port'; host: string; via: string }
  | { kind: 'invalid'; reason: string };

/** A sentence of more words than this is prose: what it names is offered (understand.ts's SHORT_SENTENCE_WORDS). */
const PROSE_WORDS = 16;

/** Longer than this is not a sentence about a target (a paste, a story): leave it to explain. */
export const MAX_SENTENCE = 300;

/** Words that stand where a host would, but name none ("can't reach the server on 5432"). */
const NOT_HOSTS = new Set(
  'it this that the a an my our your their server service host machine box app application database db-server site website port ports me us them there here something anything nothing everything one connection socket api endpoint instance container pod vm node cluster backend frontend remote local ip address and or to on at of from with via using for is are was be can cannot access accessing reach reaching connect connecting connections running listening talk talking hit open closed up down works working fails failing try trying again please pls check test run retry rerun what about how now same also too instead use then just ok okay yes no sure scan capture trace hi hello hey thanks errno error code exit status hmm hm um uh er oh ah huh lol well so maybe why how when where who which but not still only like if whether than as by into onto all any some every each his her its our out over under between while because since until after before during without'.split(' '),
);

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** The port a client's name implies when it is the verb of a sentence. */
const CLIENT_PORTS: Record<string, number> = { telnet: 23, ssh: 22, ftp: 21 };
/** Abbreviations shaped like a dotted name ("e.g.", "i.e.", "a.m."): never a host. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'a.m', 'p.m', 'u.s', 'u.k', 'n.b', 'p.s', 'et.al', 'vs', 'etc']);

/** A word that can only be a host: an IP literal, `localhost`, or a dotted name ending in letters. */
export function isHostish(word: string): boolean {
  const w = word.replace(/^\[|\]$/g, '');
  if (isIP(w)) return true;
  if (IPV4.test(w)) return true; // out-of-range octets: still meant as an address (parseTarget says why not)
  if (w.toLowerCase() === 'localhost') return true;
  if (ABBREVIATIONS.has(w.toLowerCase().replace(/[.,:;]+$/, ''))) return false;
  // A class's full name (`Elasticsearch.Net.ElasticsearchClientException`, `System.Net.WebException`) is dotted but no host.
  if (/(?:exception|error|exceptions|errors)$/i.test(w) && /[a-z][A-Z]/.test(w)) return false;
  return /^[a-z0-9_]([\w-]{0,62})(?:\.[\w-]{1,63})*\.[a-z][a-z0-9-]{0,62}$/i.test(w) && !/^\d+(?:\.\d+)*$/.test(w);
}

/** A word that may be a host where the phrasing says so ("db port 5432"): hostish, or a plain name. */
export function isNameWord(word: string): boolean {
  if (isHostish(word)) return true;
  return /^[a-z][\w-]{0,62}$/i.test(word) && !NOT_HOSTS.has(word.toLowerCase());
}

function attempt(via: string, text: string, port?: string): PhraseRead {
  try {
    return { kind: 'target', target: parseTarget(text, port === undefined ? {} : { port }), via };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

/** `host` + port words → a read; v6 literals get brackets. */
function hostPort(via: string, host: string, port: string): PhraseRead {
  const h = host.replace(/^\[|\]$/g, '');
  return attempt(via, isIP(h) === 6 ? `[${h}]` : h, port);
}

/** Trims the wrapping people add: quotes, backticks, a trailing `?`, `.`, `!` or `,`. */
function clean(word: string): string {
  return word.replace(/^[("'`<]+/, '').replace(/[)"'`>?!.,;:]+$/, '');
}

/** `db:5432`, `[::1]:80`, `postgres://db/app`, `https://site/x` as one word. */
function readWord(word: string, loose: boolean, via = 'host:port'): PhraseRead | null {
  const w = clean(word);
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(w)) return attempt('url', w.replace(/[?#].*$/, ''));
  const v6 = /^\[([0-9a-f:.%\w]+)\]:(\d+)$/i.exec(w);
  if (v6) return hostPort(via, v6[1], v6[2]);
  const hp = /^([^\s:/[\]]+):(\d+)$/.exec(w);
  if (hp && (loose ? isNameWord(hp[1]) : isHostish(hp[1]))) return hostPort(via, hp[1], hp[2]);
  return null;
}

/**
 * The whole message is a target: one word (`db:5432`, a URL, `[::1]:80`), `db 5432`, `db port 5432`,
 * `db -p 5432`, `db on port 5432`, `port 5432 on db`. A lone host (`db.internal`) asks for its port.
 */
export function readBareTarget(message: string): PhraseRead | null {
  const text = message.trim().replace(/[?!.]+$/, '');
  if (text.length > MAX_SENTENCE || text.includes('\n')) return null;
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 1) {
    const one = readWord(words[0], true);
    if (one) return one;
    const w = clean(words[0]);
    if (isHostish(w)) return { kind: 'needs-port', host: w.replace(/^\[|\]$/g, '').toLowerCase(), via: 'host' };
    return null;
  }
  const [a, b, c, d] = words.map((w) => w.replace(/,$/, ''));
  const num = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);
  if (words.length === 2 && isNameWord(a) && num(b)) return hostPort('host port', a, b);
  if (words.length === 3 && isNameWord(a) && /^(?:port|-p|p|:)$/i.test(b) && num(c)) return hostPort('host port', a, c);
  if (words.length === 4 && isNameWord(a) && /^(?:on|at)$/i.test(b) && /^port$/i.test(c) && num(d)) return hostPort('host port', a, d);
  if (words.length === 3 && isNameWord(a) && /^(?:on|at)$/i.test(b) && num(c)) return hostPort('host port', a, c);
  if (words.length === 4 && /^port$/i.test(a) && num(b) && /^(?:on|at|of)$/i.test(c) && isNameWord(d)) return hostPort('host port', d, b);
  return null;
}

/**
 * A server's login prompt quoted under a sentence that gives the port ("port 23 is open, and telnet
 * gives the following response:" then `nas.mydomain.com login:`): the prompt names the host it runs on.
 */
export function readBannerTarget(text: string): PhraseRead | null {
  if (!text.includes('\n') || text.length > MAX_SENTENCE * 2) return null;
  const prompt = /^([A-Za-z0-9][\w-]{0,62}(?:\.[\w-]{1,63}){1,10}) login:\s*$/m.exec(text);
  const port = /\bport (\d{1,5})\b/i.exec(text);
  return prompt && port ? hostPort('login prompt', prompt[1], port[1]) : null;
}

/** Runs of Chinese, Japanese or Korean script: words there are not split by spaces. */
const CJK = /[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]+/g;
/** "Port" in those scripts (ポート番号, 端口, 포트). */
const CJK_PORT = /ポート(?:番号)?|端口号?|포트(?:\s?번호)?/g;
/** Connecting, in those scripts (接続, 连接, 連線, 접속). */
const CJK_REACH = /接続|连接|連接|連線|접속|通信|到达|つなが/;

/** A sentence in a script without spaces, with spaces around its runs so addresses and numbers stand alone. */
function spaced(text: string): string {
  if (!/[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(text)) return text;
  return text.replace(CJK_PORT, ' port ').replace(CJK, (run) => ` ${run} `).replace(/\s+/g, ' ').trim();
}

/** Verbs and questions that mean "check this": the sentence is about reaching a target. */
const REACH = /\b(?:reach|connect|connecting|connection|access|ping|up|down|open|closed|listening|reachable|unreachable|responding|respond|answer|answering|work|working|check|test|try|probe|diagnose|troubleshoot|talk|hit|refus\w*|time[sd]? ?out|timing out|hangs?|reset|blocked|firewall\w*|tls|ssl|handshake|slow|fails?|failing|broken|dead)\b/i;

/**
 * A target inside a sentence: "is localhost:3000 up?", "can't reach 10.0.0.5 on 443", "db.internal
 * port 5432 times out", "port 5432 on db refuses". A host with no port ("is db.internal up?") asks
 * for the port. Null when the sentence names no host or does not talk about reaching one.
 */
export function readTargetInSentence(message: string): PhraseRead | null {
  // "the host (e.g. 10.0.0.5) and port (e.g. 443)": the example is the word itself.
  const examples: string[] = [];
  const text = spaced(message.trim().replace(/\((?:e\.g\.|i\.e\.|for example|such as),?\s{0,3}([^()\s]{1,60})\)/gi, (_, word: string) => (examples.push(word), word)));
  if (text.length > MAX_SENTENCE || text.includes('\n')) return null;
  const words = text.split(/\s+/);
  const loose = REACH.test(text) || CJK_REACH.test(text);
  for (const w of words) {
    const r = readWord(w, loose);
    if (r) return r.kind === 'target' ? { ...r, via: r.via === 'url' ? 'url' : 'sentence' } : r;
  }
  // A client's name used as the verb ("Telnet over to towel.blinkenlights.nl", "ssh into bastion.example.com"): its port.
  const client = /\b(telnet|ssh|ftp)(?: over| back)? (?:to|into|in to) (\S+)/i.exec(text);
  // …unless the sentence names the port right after the host ("telnet to smtp.example.org port 25 hangs").
  const clientPort = client ? new RegExp(`${client[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(?:on\\s+)?(?:port\\s+)?(\\d{1,5})\\b`, 'i').exec(text)?.[1] : undefined;
  if (client && isHostish(clean(client[2]))) return hostPort('sentence', clean(client[2]), clientPort ?? String(CLIENT_PORTS[client[1].toLowerCase()]));
  // "There is a backgammon server at ouzo.rog.rwth-aachen.de on port 8765": where a server is, is where to reach it.
  const located = /\b(?:server|service|host|site|bbs|board|mud|daemon|instance|game|chat)\b[^.]{0,20}\b(?:at|on)\s+\S+\s+(?:on |at )?port\s+\d/i.test(text);
  const cleaned = words.map(clean);
  // "host: db.internal, port: 5432", "the server is mail.example.com and the port is 587": one host, one port labelled as such.
  const named = cleaned.filter((w) => isHostish(w));
  const labelled = [...text.matchAll(/(?:\bport(?: number)?(?: is|:|=)\s?|,\s?port\s)(\d{1,5})\b/gi)];
  if (named.length > 0 && new Set(named.map((w) => w.toLowerCase())).size === 1 && labelled.length === 1 && (labelled[0].index ?? 0) > text.indexOf(named[0])) {
    return hostPort('sentence', named[0], labelled[0][1]);
  }
  // An address given as a value ("For example, "208.92.119.42" is a valid IP address…", "your IP (e.g.
  // 203.0.113.1) and a Port (e.g. 80)"): quoted or given as the example, it is the target the prose
  // is about; a port given after it, the one port the sentence names, goes with it. Offered, never
  // run; a question about the address ("what is "127.0.0.1" for?") stays a question.
  const given = words.find((w) => (/^["'`“‘][^\s"'`”’]{2,60}["'`”’][,.;:]?$/.test(w) || examples.includes(w)) && isIP(clean(w).replace(/^\[|\]$/g, '')) !== 0);
  if (!loose && !located && given && !/\?\s*$/.test(text)) {
    const address = clean(given);
    const ports = [...text.matchAll(/\bport\s(?:is\s|of\s)?(\d{1,5})\b/gi)].filter((m) => (m.index ?? 0) > text.indexOf(given));
    return ports.length === 1 ? hostPort('sentence', address, ports[0][1]) : { kind: 'needs-port', host: address.replace(/^\[|\]$/g, '').toLowerCase(), via: 'sentence' };
  }
  if (!loose && !located) return null;
  for (let i = 0; i < cleaned.length; i++) {
    const w = cleaned[i];
    const next = cleaned.slice(i + 1, i + 4).map((x) => x.toLowerCase());
    const portAfter =
      (next[0] === 'port' && /^\d+$/.test(next[1] ?? '') && next[1]) ||
      ((next[0] === 'on' || next[0] === 'at') && next[1] === 'port' && /^\d+$/.test(next[2] ?? '') && next[2]) ||
      ((next[0] === 'on' || next[0] === 'at' || next[0] === ':') && /^\d+$/.test(next[1] ?? '') && next[1]) ||
      (/^\d+$/.test(next[0] ?? '') && isHostish(w) && next[0]);
    // A plain name ("db") counts only right after a verb of reaching ("reach db on 5432", "connect to db port 5432").
    const before = cleaned.slice(Math.max(0, i - 2), i).join(' ').toLowerCase();
    const named = isNameWord(w) && /(?:^|\s)(?:reach|connect to|connecting to|access|ping|talk to|hit|check|test)$/.test(before);
    if (portAfter && (isHostish(w) || named)) return hostPort('sentence', w, portAfter);
    // "172.16.1.5 のサーバの TCP port 80": an address, a few words about it, then its port.
    if (isHostish(w)) {
      for (let j = i + 2; j <= i + 4 && j + 1 < cleaned.length; j++) {
        if (/\d/.test(cleaned[j - 1]) && j - 1 > i) break;
        if (cleaned[j].toLowerCase() === 'port' && /^\d+$/.test(cleaned[j + 1])) return hostPort('sentence', w, cleaned[j + 1]);
      }
    }
    if (w.toLowerCase() === 'port' && /^\d+$/.test(cleaned[i + 1] ?? '')) {
      // "port 8080 on db", "port 8080 open on db", "port 8080 is not reachable on db"
      for (let j = i + 2; j < Math.min(cleaned.length - 1, i + 6); j++) {
        const via = cleaned[j].toLowerCase();
        const host = cleaned[j + 1];
        if ((via === 'on' || via === 'of' || via === 'at') && isNameWord(host)) return hostPort('sentence', host, cleaned[i + 1]);
      }
    }
  }
  const lone = cleaned.find((w) => isHostish(w));
  // "the server at bbs.example.org won't return a ping. […] telling telnet to connect on port 6400": one host, its
  // port given later. Only in prose longer than a short sentence, which the chat offers and never runs.
  const hosts = new Set(cleaned.filter((w) => isHostish(w)).map((w) => w.toLowerCase()));
  const ports = new Set([...text.matchAll(/\bport\s(\d{1,5})\b/gi)].map((m) => m[1]));
  if (lone && words.length > PROSE_WORDS && hosts.size === 1 && ports.size === 1 && text.search(/\bport\s\d/i) > text.indexOf(lone)) return hostPort('sentence', lone, [...ports][0]);

  return lone ? { kind: 'needs-port', host: lone.replace(/^\[|\]$/g, '').toLowerCase(), via: 'sentence' } : null;
}

/** What the sentence says is wrong, in the guide's words ("it times out" → `times-out`). */
export function symptomOf(message: string): Symptom | undefined {
  const t = message.toLowerCase();
  if (/\b(?:tls|ssl|certificate|cert|handshake fail\w*)\b/.test(t)) return 'tls-error';
  if (/\brefus\w*\b/.test(t)) return 'refused';
  if (/\b(?:resets?|rsts?|econnreset|drops? the connection|disconnect\w*)\b/.test(t)) return 'reset';
  if (/\b(?:time[sd]?[\s-]?out|timing out|timeout|hangs?|hanging|stuck|no response|not responding|never answers)\b/.test(t)) return 'times-out';
  if (/\bslow\b/.test(t)) return 'slow';
  return undefined;
}
