/**
 * Errno numbers and symbolic codes per operating system, as data. The same failure has a different
 * number on each OS (connection refused: Linux 111, macOS/BSD 61, Windows 10061 = 0x274D), so a
 * number with no words around it still classifies. Only network-related numbers are listed, which
 * keeps the tables free of collisions: a number is looked up in the first table that has it,
 * unless the text names the OS.
 */
import type { ErrorClass } from './types.js';

type NetClass = Exclude<ErrorClass, 'unknown'>;

export type OsId = 'linux' | 'bsd' | 'windows' | 'solaris' | 'aix' | 'hpux' | 'libuv-windows';

export interface ErrnoEntry {
  os: OsId;
  num: number;
  name: string;
  class: NetClass;
}

/** [name, class, linux, bsd/macOS, solaris, aix, hpux] */
const POSIX: ReadonlyArray<[string, NetClass, number, number, number, number, number]> = [
  ['ECONNREFUSED', 'refused', 111, 61, 146, 79, 239],
  ['ETIMEDOUT', 'timeout', 110, 60, 145, 78, 238],
  ['ECONNRESET', 'reset', 104, 54, 131, 73, 232],
  ['EHOSTUNREACH', 'unreachable', 113, 65, 148, 81, 242],
  ['ENETUNREACH', 'unreachable', 101, 51, 128, 70, 229],
  ['EHOSTDOWN', 'unreachable', 112, 64, 147, 80, 241],
  ['ENETDOWN', 'unreachable', 100, 50, 127, 69, 228],
  ['ECONNABORTED', 'reset', 103, 53, 130, 72, 231],
  ['EADDRINUSE', 'other', 98, 48, 125, 67, 226],
  ['EADDRNOTAVAIL', 'other', 99, 49, 126, 68, 227],
  ['ENOTCONN', 'closed', 107, 57, 134, 76, 235],
];

/** Windows Sockets (WSAE*), WinHTTP/WinINet (12xxx): [num, name, class]. */
const WINDOWS: ReadonlyArray<[number, string, NetClass]> = [
  [10061, 'WSAECONNREFUSED', 'refused'],
  [10060, 'WSAETIMEDOUT', 'timeout'],
  [10054, 'WSAECONNRESET', 'reset'],
  [10053, 'WSAECONNABORTED', 'reset'],
  [10065, 'WSAEHOSTUNREACH', 'unreachable'],
  [10051, 'WSAENETUNREACH', 'unreachable'],
  [10064, 'WSAEHOSTDOWN', 'unreachable'],
  [10050, 'WSAENETDOWN', 'unreachable'],
  [10052, 'WSAENETRESET', 'reset'],
  [10057, 'WSAENOTCONN', 'closed'],
  [10058, 'WSAESHUTDOWN', 'closed'],
  [10048, 'WSAEADDRINUSE', 'other'],
  [10049, 'WSAEADDRNOTAVAIL', 'other'],
  [10024, 'WSAEMFILE', 'other'],
  [10055, 'WSAENOBUFS', 'other'],
  [10013, 'WSAEACCES', 'other'],
  [11001, 'WSAHOST_NOT_FOUND', 'dns'],
  [11002, 'WSATRY_AGAIN', 'dns'],
  [11004, 'WSANO_DATA', 'dns'],
  [12002, 'ERROR_INTERNET_TIMEOUT', 'timeout'],
  [12007, 'ERROR_INTERNET_NAME_NOT_RESOLVED', 'dns'],
  [12029, 'ERROR_INTERNET_CANNOT_CONNECT', 'refused'],
  [12030, 'ERROR_INTERNET_CONNECTION_ABORTED', 'closed'],
  [12031, 'ERROR_INTERNET_CONNECTION_RESET', 'reset'],
  [12157, 'ERROR_WINHTTP_SECURE_CHANNEL_ERROR', 'tls'],
  [12175, 'ERROR_WINHTTP_SECURE_FAILURE', 'tls'],
];

/** libuv's own negative codes on Windows (Node prints them as `errno: -4078`). */
const LIBUV_WINDOWS: ReadonlyArray<[number, string, NetClass]> = [
  [-4078, 'ECONNREFUSED', 'refused'],
  [-4039, 'ETIMEDOUT', 'timeout'],
  [-4077, 'ECONNRESET', 'reset'],
  [-4079, 'ECONNABORTED', 'reset'],
  [-4073, 'EHOSTUNREACH', 'unreachable'],
  [-4062, 'ENETUNREACH', 'unreachable'],
  [-4091, 'EADDRINUSE', 'other'],
  [-4047, 'EPIPE', 'closed'],
  [-3008, 'ENOTFOUND', 'dns'],
  [-3001, 'EAI_AGAIN', 'dns'],
];

/** Symbolic codes printed by Node, Go, Python, C libraries: name → class. */
export const ERRNO_NAMES: ReadonlyMap<string, NetClass> = new Map<string, NetClass>([
  ...POSIX.map(([name, cls]) => [name, cls] as [string, NetClass]),
  ...WINDOWS.map(([, name, cls]) => [name, cls] as [string, NetClass]),
  ['EPIPE', 'closed'],
  ['ENOTFOUND', 'dns'],
  ['EAI_AGAIN', 'dns'],
  ['EAI_NONAME', 'dns'],
  ['EAI_NODATA', 'dns'],
  ['EAI_FAIL', 'dns'],
  ['ESERVFAIL', 'dns'],
  ['ECONNREFUSED', 'refused'],
  ['EMFILE', 'other'],
  ['EACCES', 'other'],
  ['EPERM', 'other'],
  ['ENFILE', 'other'],
  ['ENOBUFS', 'other'],
  ['EPROTO', 'tls'],
]);

function buildTables(): Map<OsId, Map<number, ErrnoEntry>> {
  const tables = new Map<OsId, Map<number, ErrnoEntry>>();
  const add = (os: OsId, num: number, name: string, cls: NetClass) => {
    let t = tables.get(os);
    if (!t) tables.set(os, (t = new Map()));
    t.set(num, { os, num, name, class: cls });
  };
  const cols: OsId[] = ['linux', 'bsd', 'solaris', 'aix', 'hpux'];
  for (const [name, cls, ...nums] of POSIX) nums.forEach((n, i) => add(cols[i], n, name, cls));
  for (const os of cols) add(os, 32, 'EPIPE', 'closed');
  // EINPROGRESS: a non-blocking connect still pending when the client's own timer fired (mysql's 115).
  add('linux', 115, 'EINPROGRESS', 'timeout');
  add('linux', 24, 'EMFILE', 'other');
  add('bsd', 24, 'EMFILE', 'other');
  for (const [n, name, cls] of WINDOWS) add('windows', n, name, cls);
  for (const [n, name, cls] of LIBUV_WINDOWS) add('libuv-windows', n, name, cls);
  return tables;
}

const TABLES = buildTables();

/** The order a bare number is tried in when the text does not name the OS. */
const DEFAULT_ORDER: OsId[] = ['libuv-windows', 'windows', 'linux', 'bsd', 'solaris', 'aix', 'hpux'];

/** Guesses the OS from words in the text (macOS paths, Windows drive letters...), or null. */
export function osHint(lower: string): OsId | null {
  if (/darwin|macos|mac os|\/users\/|freebsd|openbsd|netbsd|\.dylib/.test(lower)) return 'bsd';
  if (/\bsunos|solaris|illumos/.test(lower)) return 'solaris';
  if (/\baix\b/.test(lower)) return 'aix';
  if (/hp-ux|hpux/.test(lower)) return 'hpux';
  return null;
}

/**
 * Looks up an errno number (negative: Node/libuv style) in the OS tables.
 * @param hint an OS named in the text, tried first.
 */
export function lookupErrno(num: number, hint: OsId | null = null): ErrnoEntry | null {
  if (!Number.isFinite(num)) return null;
  if (num < 0) {
    const uv = TABLES.get('libuv-windows')?.get(num);
    if (uv) return uv;
    num = -num;
  }
  if (hint) {
    const hit = TABLES.get(hint)?.get(num);
    if (hit) return hit;
  }
  for (const os of DEFAULT_ORDER) {
    const hit = TABLES.get(os)?.get(num);
    if (hit) return hit;
  }
  return null;
}

/**
 * Reads a hex code: a Windows Sockets number (0x274D = 10061) or an HRESULT wrapping a Win32
 * error (0x8007274D → 10061, 0x80072EFD → 12029).
 */
export function lookupHex(hex: string): ErrnoEntry | null {
  const value = Number.parseInt(hex.replace(/^0x/i, ''), 16);
  if (!Number.isFinite(value)) return null;
  const hresultWin32 = (value & 0xffff0000) >>> 0 === 0x80070000;
  const code = hresultWin32 ? value & 0xffff : value;
  const hit = TABLES.get('windows')?.get(code);
  return hit ?? null;
}
