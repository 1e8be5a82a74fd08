/**
 * Turns what a person types into a Target: `host:port`, `[v6]:port`, `host -p PORT`, a bare IPv6
 * literal with `-p`, or a URL whose scheme implies the port (`postgres://db` → 5432).
 * Every rejection is a UsageError with one line saying what is wrong.
 */
import { isIP } from 'node:net';
import { UsageError } from './errors.js';
import type { Target } from './evidence.js';
import { argEcho } from './sinks/terminal.js';

/** Whitespace, C0 and C1 controls, DEL: never part of a host or a target. */
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f-\u009f]/;

/** Default ports of URL schemes people paste from config files and error messages. */
export const SCHEME_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ftps: 990,
  ssh: 22,
  sftp: 22,
  telnet: 23,
  smtp: 25,
  smtps: 465,
  submission: 587,
  dns: 53,
  pop3: 110,
  pop3s: 995,
  imap: 143,
  imaps: 993,
  ldap: 389,
  ldaps: 636,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  mssql: 1433,
  sqlserver: 1433,
  oracle: 1521,
  redis: 6379,
  rediss: 6380,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  mqtt: 1883,
  mqtts: 8883,
  kafka: 9092,
  nats: 4222,
  memcached: 11211,
  elasticsearch: 9200,
  rdp: 3389,
  vnc: 5900,
  git: 9418,
};

/** Schemes that speak TLS from the first byte. */
const TLS_SCHEMES = new Set(['https', 'wss', 'ftps', 'smtps', 'pop3s', 'imaps', 'ldaps', 'rediss', 'amqps', 'mqtts']);

/** Ports where TLS starts at once (not STARTTLS), so the TLS probe runs by default. */
export const TLS_PORTS = new Set([443, 465, 563, 636, 853, 989, 990, 992, 993, 995, 5671, 6443, 8443, 8883, 9443]);

export interface ParseTargetOptions {
  /** A port given separately (`-p 5432`); wins over a URL's default, conflicts with `host:port`. */
  port?: string | number;
  /** Force the TLS probe (`--tls`). */
  tls?: boolean;
}

/**
 * Parses a decimal port 1–65535.
 * @throws UsageError for 0, 65536, -1, `80x`, `abc`, empty.
 */
export function parsePort(text: string | number): number {
  const s = String(text).trim();
  if (!/^\d{1,5}$/.test(s)) throw new UsageError(`bad port "${argEcho(String(text))}": expected a number from 1 to 65535`);
  const n = Number(s);
  if (n < 1 || n > 65535) throw new UsageError(`bad port ${n}: expected a number from 1 to 65535`);
  return n;
}

/**
 * Checks a host name or IP literal and returns it in canonical form (lower case, no brackets,
 * no trailing dot).
 * @throws UsageError for an empty host, whitespace or control characters, or a name too long.
 */
export function validateHost(raw: string): string {
  let host = raw;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '') throw new UsageError('empty host: expected a name or an address, e.g. db.internal:5432');
  if (CONTROL_OR_SPACE.test(host)) throw new UsageError(`bad host "${argEcho(raw)}": it contains whitespace or control characters`);
  if (isIP(host) === 6) return canonicalV6(host);
  if (isIP(host)) return host;
  if (host.endsWith('.') && host.length > 1) host = host.slice(0, -1);
  if (host.length > 253) throw new UsageError(`bad host: the name is ${host.length} characters long, the limit is 253`);
  const labels = host.split('.');
  for (const label of labels) {
    if (label === '') throw new UsageError(`bad host "${argEcho(raw)}": empty label (two dots in a row?)`);
    if (label.length > 63) throw new UsageError(`bad host "${argEcho(raw)}": the label "${argEcho(label.slice(0, 20))}…" is longer than 63 characters`);
    if (!/^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(label)) {
      throw new UsageError(`bad host "${argEcho(raw)}": "${argEcho(label)}" is not a valid name (letters, digits, dashes)`);
    }
  }
  return host.toLowerCase();
}

/** `FD00:19:0:0:0:0:0:2` → `fd00:19::2`, the form the kernel's tables use (zone ids kept as typed). */
function canonicalV6(host: string): string {
  // Zone ids stay as typed; IPv4-mapped addresses keep their dotted tail (as /proc prints them).
  if (host.includes('%') || host.includes('.')) return host.toLowerCase();
  try {
    return new URL(`http://[${host}]/`).hostname.slice(1, -1);
  } catch {
    return host.toLowerCase();
  }
}

/** `db:5432`, `[::1]:80`, `::1` (bare v6, no port), `db`. */
function splitHostPort(text: string): { host: string; port?: string } {
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) throw new UsageError(`bad target "${argEcho(text)}": missing "]" after the IPv6 address`);
    const host = text.slice(1, end);
    const rest = text.slice(end + 1);
    if (rest === '') return { host };
    if (!rest.startsWith(':')) throw new UsageError(`bad target "${argEcho(text)}": expected ":PORT" after "]"`);
    return { host, port: rest.slice(1) };
  }
  const colons = text.split(':').length - 1;
  if (colons > 1) {
    // A bare IPv6 literal; with a port it must be bracketed.
    if (isIP(text) === 6) return { host: text };
    throw new UsageError(`bad target "${argEcho(text)}": write an IPv6 address with a port as [addr]:port`);
  }
  if (colons === 1) {
    const i = text.indexOf(':');
    return { host: text.slice(0, i), port: text.slice(i + 1) };
  }
  return { host: text };
}

function fromUrl(text: string, scheme: string): { host: string; port?: string; scheme: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`bad URL "${argEcho(text)}"`);
  }
  // URL lower-cases and IDNA-encodes the host, and keeps IPv6 in brackets.
  return { host: url.hostname, port: url.port || undefined, scheme };
}

/**
 * Parses a target from CLI words (`['db', '-p', '5432']` is handled by the caller via opts.port)
 * or one string.
 * @throws UsageError with one line saying what is wrong.
 */
export function parseTarget(args: string[] | string, opts: ParseTargetOptions = {}): Target {
  const words = typeof args === 'string' ? [args] : args;
  if (words.length === 0) throw new UsageError('missing target: expected HOST:PORT, HOST -p PORT or a URL');
  if (words.length > 1) throw new UsageError(`expected one target, got ${words.length}: ${argEcho(words.join(' '))}`);
  const text = words[0];
  if (text.trim() === '') throw new UsageError('empty target: expected HOST:PORT, HOST -p PORT or a URL');
  if (CONTROL_OR_SPACE.test(text)) throw new UsageError(`bad target "${argEcho(text)}": it contains whitespace or control characters`);

  let host: string;
  let portText: string | undefined;
  let scheme: string | undefined;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    ({ host, port: portText } = fromUrl(text, scheme));
  } else {
    ({ host, port: portText } = splitHostPort(text));
    if (portText === '') throw new UsageError(`bad target "${argEcho(text)}": nothing after ":" (expected a port)`);
  }
  host = validateHost(host);

  let port: number;
  let portSource: Target['portSource'] = 'explicit';
  if (portText !== undefined && opts.port !== undefined && parsePort(portText) !== parsePort(opts.port)) {
    throw new UsageError(`two different ports: ${argEcho(portText)} in the target and ${argEcho(String(opts.port))} from -p`);
  }
  if (portText !== undefined) port = parsePort(portText);
  else if (opts.port !== undefined) port = parsePort(opts.port);
  else if (scheme !== undefined) {
    const def = SCHEME_PORTS[scheme];
    if (def === undefined) throw new UsageError(`no default port for ${argEcho(scheme)}://: add one, e.g. ${argEcho(scheme)}://${host}:PORT`);
    port = def;
    portSource = 'scheme-default';
  } else if (isIP(host) === 6) {
    throw new UsageError(`missing port for ${host}: write [${host}]:PORT or ${host} -p PORT (an IPv6 address with a port needs brackets: [addr]:port)`);
  } else throw new UsageError(`missing port for "${host}": write ${host}:PORT or ${host} -p PORT`);

  const tls = Boolean(opts.tls) || (scheme !== undefined && TLS_SCHEMES.has(scheme)) || TLS_PORTS.has(port);
  return { host, port, portSource, scheme, isIpLiteral: isIP(host) !== 0, tls };
}

/** `host:port`, with brackets for IPv6. */
export function formatHostPort(host: string, port: number): string {
  // Only an IPv6 address has a colon (names and IPv4 cannot): cheaper than isIP, which counts
  // when analyze formats two endpoints for each of a million conversations.
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
