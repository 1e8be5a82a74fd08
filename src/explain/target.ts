/**
 * Finds the remote host and port an error message names. Each extractor knows one way messages
 * write a target and carries a rank: tool-specific phrases ("connect to host H port N", psql's
 * `server at "H" (ip), port N`) beat URLs, which beat Go's dialled address, which beats a bare
 * `host:port` token. The client's own address (left of Go's `->`), the DNS resolver
 * (`lookup db on 127.0.0.53:53`) and Unix socket paths are never picked.
 * All patterns are bounded (no nested quantifiers), so a huge paste scans in linear time.
 */
import type { ToolId } from './types.js';

export interface TargetGuess {
  host: string | null;
  port: number | null;
  /** A local Unix socket path the message names (psql, mysql, docker), if any. */
  unixSocket: string | null;
}

interface Candidate {
  host: string;
  port: number | null;
  rank: number;
  index: number;
  /** URLs name what the user asked for; `dial` is the address the runtime really connected to. */
  kind: 'url' | 'dial' | 'other';
}

/** Default ports of URL schemes seen in error messages. */
const SCHEME_PORTS: Record<string, number> = {
  http: 80, https: 443, ws: 80, wss: 443, ftp: 21, ssh: 22, sftp: 22, telnet: 23, smtp: 25,
  imap: 143, imaps: 993, ldap: 389, ldaps: 636, postgres: 5432, postgresql: 5432, mysql: 3306,
  mariadb: 3306, redis: 6379, rediss: 6380, mongodb: 27017, amqp: 5672, amqps: 5671, kafka: 9092,
  git: 9418,
};

/** Ports the client uses when the message names only the host. */
const TOOL_PORTS: Partial<Record<ToolId, number>> = { mysql: 3306, psql: 5432, redis: 6379, mongodb: 27017, ssh: 22, git: 9418 };

const HOST = String.raw`[A-Za-z0-9_][\w.-]{0,252}`;
const V6 = String.raw`\[[0-9A-Fa-f:.%\w]{2,60}\]`;
/** An unbracketed IPv6 literal (`fd00:18::2`), only where a word follows it (` port 22`). */
const BARE_V6 = String.raw`[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}`;

/** [pattern, rank, host group, port group (0: none)] — all global, case-insensitive. */
const EXTRACTORS: ReadonlyArray<[RegExp, number, number, number]> = [
  [new RegExp(String.raw`proxyconnect tcp: dial tcp (${V6}|${HOST}):(\d{1,5})`, 'gi'), 95, 1, 2],
  [new RegExp(String.raw`could not resolve proxy: (${HOST})`, 'gi'), 95, 1, 0],
  [new RegExp(String.raw`server at "([^"\n]{1,253})"(?: \([^)\n]{1,64}\))?, port (\d{1,5})`, 'gi'), 90, 1, 2],
  [new RegExp(String.raw`on host "([^"\n]{1,253})"(?: \([^)\n]{1,64}\))? and accepting\s{1,8}TCP/IP connections on port (\d{1,5})`, 'gi'), 90, 1, 2],
  [new RegExp(String.raw`could not translate host name "([^"\n]{1,253})"`, 'gi'), 85, 1, 0],
  [new RegExp(String.raw`host='([^'\n]{1,253})', port=(\d{1,5})`, 'gi'), 85, 1, 2],
  [new RegExp(String.raw`\blookup (${HOST})(?: on [^\s:]{1,64}(?::\d{1,5})?)?: `, 'gi'), 85, 1, 0],
  [new RegExp(String.raw`could not resolve host(?:name)?:? (${HOST})`, 'gi'), 85, 1, 0],
  [new RegExp(String.raw`unable to resolve host address '([^'\n]{1,253})'`, 'gi'), 85, 1, 0],
  [new RegExp(String.raw`getaddrinfo for (${HOST}) failed`, 'gi'), 85, 1, 0],
  [new RegExp(String.raw`UnknownHostException: (${HOST})`, 'g'), 85, 1, 0],
  [new RegExp(String.raw`getaddrinfo (?:ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL) (${HOST})`, 'g'), 85, 1, 0],
  [new RegExp(String.raw`(?:mysql )?server (?:on|at|host) '(${V6}|${HOST})(?::(\d{1,5}))?'`, 'gi'), 85, 1, 2],
  [new RegExp(String.raw`(?<![\w.-])(${HOST})'s server ip address could not be found`, 'gi'), 85, 1, 0],
  [new RegExp(String.raw`Connecting to (${HOST})(?: \([^)\n]{0,253}\))?\|[^|\n]{1,64}\|:(\d{1,5})\.\.\.`, 'gi'), 85, 1, 2],
  [new RegExp(String.raw`\b(?:connect to host|connectx? to|connecting to|to|by|with) (${V6}|${BARE_V6}|${HOST}) port (\d{1,5})\b`, 'gi'), 80, 1, 2],
  [new RegExp(String.raw`"([^"\n]{1,253})" \([^)\n]{1,64}\), port (\d{1,5})`, 'gi'), 85, 1, 2],
  [new RegExp(String.raw`could not be resolved: '([^'\n]{1,253})'`, 'gi'), 85, 1, 0],
  [new RegExp(String.raw`could not resolve (${HOST})/(\d{1,5})`, 'gi'), 85, 1, 2],
  [new RegExp(String.raw`cannot connect to host (${V6}|${HOST}):(\d{1,5})`, 'gi'), 80, 1, 2],
  [new RegExp(String.raw`unable to connect to (${HOST}):\s`, 'gi'), 80, 1, 0],
  [new RegExp(String.raw`typo in (${HOST})`, 'gi'), 80, 1, 0],
  [new RegExp(String.raw`(?:the server at|during a connection to) (${V6}|${HOST})(?::(\d{1,5}))?`, 'gi'), 80, 1, 2],
  [new RegExp(String.raw`(?<![\w.-])(${HOST}) (?:didn't send any data|sent an invalid response)`, 'gi'), 80, 1, 0],
  [new RegExp(String.raw`Connection to (${HOST}) timed out`, 'gi'), 75, 1, 0],
  [new RegExp(String.raw`\(\s?['"]([^'"\n]{1,253})['"],\s?(\d{1,5})\)`, 'g'), 70, 1, 2],
  [new RegExp(String.raw`\bhost(?:name)?: '([^'\n]{1,253})'`, 'g'), 70, 1, 0],
  [new RegExp(String.raw`^Connected to (${HOST})\.?$`, 'gm'), 45, 1, 0],
  [new RegExp(String.raw`(?<![\w.-])(${HOST}) (?:refused to connect|took too long to respond|unexpectedly closed the connection)`, 'gi'), 80, 1, 0],
  [new RegExp(String.raw`Resolving (${HOST}) \(`, 'g'), 80, 1, 0],
  [new RegExp(String.raw`connect to address (${V6}|[\w.:%-]{2,253}): `, 'gi'), 75, 1, 0],
  [new RegExp(String.raw`(?<![\w.-])(${HOST})/(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]{2,45}):(\d{1,5})`, 'g'), 75, 1, 2],
  [new RegExp(String.raw`(?<!entry for )\bhost "([^"\n]{1,253})"`, 'gi'), 70, 1, 0],
  [new RegExp(String.raw`\b(?:connect|read|write) E[A-Z]{4,20} ((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]{1,39}|${HOST}):(\d{1,5})`, 'g'), 60, 1, 2],
  [new RegExp(String.raw`\b(?:dial|read|write) tcp[46]? (?:[^\s>]{1,80}->)?(${V6}|${HOST}):(\d{1,5}): `, 'gi'), 55, 1, 2],
  [/^Trying ([0-9A-Fa-f.:]{2,45})\.\.\./gm, 40, 1, 0],
  [new RegExp(String.raw`(${V6}):(\d{1,5})\b`, 'g'), 30, 1, 2],
];

const URL_RE = /\b([a-z][a-z0-9+.-]{1,15}):\/\/(?:[^\s/@'"]{1,256}@)?(\[[0-9A-Fa-f:.%]{2,60}\]|[A-Za-z0-9_][\w.-]{0,252})(?::(\d{1,5}))?/gi;
const HOST_PORT_RE = /(?<![\w.:/@%-])([A-Za-z0-9_][\w.-]{0,252}):(\d{1,5})(?![\d.:]?\d)(?!->)/g;
const SOCKET_RE = /(\/[\w.@/-]{1,200}(?:\.sock|\.s\.PGSQL\.\d{1,5}|\.socket))\b/;
const FILE_EXT = /\.(?:java|kt|scala|groovy|py|pyx|js|mjs|cjs|ts|tsx|go|rs|cs|vb|rb|php|c|h|cc|cpp|hpp|swift|m|lua|pl|sh|ex|exs|erl|clj|dart)$/i;
const NOT_HOSTS = new Set(['at', 'line', 'port', 'error', 'errno', 'code', 'http', 'https', 'tcp', 'udp', 'os', 'time', 'timeout', 'status', 'exit', 'pid', 'id', 'node', 'file', 'unix', 'return', 'num', 'depth', 'verify', 'total', 'retry', 'ssl', 'tls', 'local', 'localaddr', '0.0.0.0', '::', '*']);
const DOC_LEAD = /(?:see|at:|visit|docs?|help|information|details|background|here:)\W{0,4}$/i;
const MAX_MATCHES = 400;

function cleanHost(raw: string): string | null {
  let host = raw.trim();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  host = host.replace(/\.$/, '');
  if (host === '' || host.length > 253) return null;
  if (!/^[\w.:%-]+$/.test(host)) return null;
  if (FILE_EXT.test(host) || NOT_HOSTS.has(host.toLowerCase())) return null;
  // A token like `12.5` or `2026` is a number, not a host; IPv4 needs four parts.
  if (/^[\d.]+$/.test(host) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return null;
  if (/^-|\.\.|-$/.test(host) && !host.includes(':')) return null;
  return host;
}

function toPort(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

function collect(text: string): { candidates: Candidate[]; urls: Array<{ host: string; scheme: string }> } {
  const candidates: Candidate[] = [];
  const urls: Array<{ host: string; scheme: string }> = [];
  const push = (rawHost: string, port: number | null, rank: number, index: number, kind: Candidate['kind'] = 'other') => {
    const host = cleanHost(rawHost);
    if (host) candidates.push({ host, port, rank, index, kind });
  };
  for (const [re, rank, hg, pg] of EXTRACTORS) {
    re.lastIndex = 0;
    let n = 0;
    for (let m = re.exec(text); m && n < MAX_MATCHES; m = re.exec(text), n++) {
      push(m[hg], pg ? toPort(m[pg]) : null, rank, m.index, rank === 55 || rank === 60 ? 'dial' : 'other');
    }
  }
  URL_RE.lastIndex = 0;
  let n = 0;
  for (let m = URL_RE.exec(text); m && n < MAX_MATCHES; m = URL_RE.exec(text), n++) {
    const scheme = m[1].toLowerCase();
    if (scheme === 'unix' || scheme === 'file') continue;
    // A documentation link ("see https://...") is not where the connection went.
    if (DOC_LEAD.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    const port = toPort(m[3]) ?? (SCHEME_PORTS[scheme] || null);
    push(m[2], port, 65, m.index, 'url');
    const host = cleanHost(m[2]);
    if (host) urls.push({ host, scheme });
  }
  HOST_PORT_RE.lastIndex = 0;
  n = 0;
  for (let m = HOST_PORT_RE.exec(text); m && n < MAX_MATCHES; m = HOST_PORT_RE.exec(text), n++) {
    const host = m[1];
    if (!/[A-Za-z]/.test(host) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) continue;
    const port = toPort(m[2]);
    // A one-word "host" with a tiny number is a label (`return:1`), not a target.
    if (!host.includes('.') && host !== 'localhost' && (port === null || port < 7)) continue;
    push(host, port, port === 53 ? 5 : 30, m.index);
  }
  return { candidates, urls };
}

/**
 * Extracts the remote target from a (prepared) error message.
 * @param tool the detected tool, for its default port when only the host is named.
 */
export function extractTarget(text: string, tool: ToolId | null): TargetGuess {
  const socket = SOCKET_RE.exec(text);
  const unixSocket = socket ? socket[1] : null;
  const { candidates, urls } = collect(text);
  if (candidates.length === 0) return { host: null, port: null, unixSocket };
  candidates.sort((a, b) => b.rank - a.rank || a.index - b.index);
  let best = candidates[0];
  // The URL says what was asked for; if the runtime dialled another port, it went via a proxy.
  if (best.kind === 'url') {
    const dial = candidates.find((c) => c.kind === 'dial' && c.port !== null && c.port !== best.port);
    if (dial) best = dial;
  }
  let port = best.port;
  if (port === null) {
    const same = candidates.find((c) => c.port !== null && c.host.toLowerCase() === best.host.toLowerCase());
    if (same) port = same.port;
  }
  if (port === null) {
    const m = /\bport[:=]? ?(\d{1,5})\b/i.exec(text);
    if (m) port = toPort(m[1]);
  }
  if (port === null) {
    const url = urls.find((u) => u.host.toLowerCase() === best.host.toLowerCase());
    if (url && SCHEME_PORTS[url.scheme]) port = SCHEME_PORTS[url.scheme];
  }
  if (port === null && /HTTPSConnection\b/.test(text)) port = 443;
  else if (port === null && /HTTPConnection\b/.test(text)) port = 80;
  if (port === null && tool && TOOL_PORTS[tool]) port = TOOL_PORTS[tool] ?? null;
  return { host: best.host, port, unixSocket };
}
