/**
 * Listen and bind failures (EADDRINUSE, `bind() to 0.0.0.0:80 failed`, `port is already
 * allocated`) name the machine's OWN address: the port it tried to open, not a remote target.
 * Reading `listen EADDRINUSE :::3000` as "check :::3000" would send the user to probe the wrong
 * thing, so these messages yield a local address instead of a target.
 */
import { toPort } from './port.js';

/** The address a server failed to listen on; host null when the message gives only a port. */
export interface LocalAddress {
  host: string | null;
  port: number | null;
}

/** Words that only a failed listen()/bind() prints. */
const BIND_WORDS = [
  'eaddrinuse',
  'address already in use',
  'address in use',
  'port is already allocated',
  'only one usage of each socket address',
  'bindexception',
  'bind failed',
  'failed to bind',
  "syscall: 'listen'",
  'syscall: "listen"',
];

const wildcard = (h: string) => h === '' || h === '::' || h === '0.0.0.0' || h === '*' || h === '[::]';

/** Where bind failures write the address, most specific first: group 1 host (may be empty), group 2 port. */
const LOCAL_PATTERNS: readonly RegExp[] = [
  /\blisten E[A-Z]{4,12}(?:: address already in use)? (\[?[0-9A-Fa-f:.]{0,45}\]?|[\w.-]{1,253}):(\d{1,5})\b/,
  /\bbind\(\) to (\[[0-9A-Fa-f:.]{0,45}\]|[\w.-]{1,253}):(\d{1,5}) failed/,
  /\bBind for (\[?[0-9A-Fa-f:.]{0,45}\]?|[\w.-]{1,253}):(\d{1,5}) failed/,
  /\blisten tcp[46]? (\[?[0-9A-Fa-f:.%\w]{0,60}\]?):(\d{1,5}): bind/,
  /^(\[[0-9A-Fa-f:.]{0,45}\]|[\w.-]{1,253}):(\d{1,5}): bind: address already in use/m,
];

/** True when the message is about a failed listen()/bind() on this machine. */
export function isBindFailure(lower: string): boolean {
  // An LDAP bind is a login to a directory server (`Bind failed: Can't contact LDAP server`), not a socket's bind().
  if (/\bldap\b|\bbind to server\b/.test(lower) && !/eaddrinuse|address already in use/.test(lower)) return false;
  if (BIND_WORDS.some((w) => lower.includes(w))) return true;
  return /\bbind\(\) to \S{1,260} failed|: bind: /.test(lower);
}


/** The local address a bind failure names (`address: '127.0.0.1'`, `port: 3000` included), or null. */
export function localAddress(text: string, lower: string): LocalAddress | null {
  if (!isBindFailure(lower)) return null;
  for (const re of LOCAL_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const host = m[1].replace(/^\[|\]$/g, '');
    return { host: wildcard(m[1]) || wildcard(host) ? null : host, port: toPort(m[2]) };
  }
  // Node's error object: `address: '127.0.0.1', port: 3000`.
  const addr = /\baddress: '([^'\n]{1,64})'/.exec(text);
  const port = /\bport: (\d{1,5})\b/.exec(text);
  if (addr || port) return { host: addr && !wildcard(addr[1]) ? addr[1] : null, port: toPort(port?.[1]) };
  return { host: null, port: null };
}
