/**
 * Linux's own view of TCP sockets: /proc/net/tcp and /proc/net/tcp6 (the same table `ss` reads),
 * and the SYN retry sysctls that say when the kernel itself would give up connecting.
 */
import type { SynSysctls } from '../kernel-timing.js';

export { kernelGiveUpMs, type SynSysctls } from '../kernel-timing.js';
import { readFile } from 'node:fs/promises';
import type { SocketState } from '../evidence.js';

export interface ProcSocket {
  family: 4 | 6;
  state: SocketState;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** For LISTEN: connections waiting in the accept queue; otherwise bytes unread. */
  rxQueue: number;
  /** For LISTEN: the accept queue's limit (backlog); otherwise bytes unacknowledged. */
  txQueue: number;
  retransmits: number;
  uid: number;
  inode: number;
  /** The pending timer: kind 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe; ms until it fires. */
  timer: { kind: number; remainingMs: number };
  /** Unanswered keepalive (or zero-window) probes so far; an ACK resets it to 0. */
  probesOut: number;
}

const STATES: Record<number, SocketState> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};

/** `0100007F` → `127.0.0.1`: the kernel prints each 32-bit word in host (little-endian) order. */
export function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes: number[] = [];
  for (const w of words) {
    const le = w.match(/../g)!.map((b) => parseInt(b, 16)).reverse();
    bytes.push(...le);
  }
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) reads better as the IPv4 address.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return compressV6(groups);
}

function compressV6(groups: string[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parses the text of /proc/net/tcp or /proc/net/tcp6. */
export function parseProcNetTcp(text: string, family: 4 | 6): ProcSocket[] {
  const out: ProcSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [local, remote, st, queues, timer, retr, uid, probes, inode] = f.slice(1);
    const [kind, when] = timer.split(':');
    const [la, lp] = local.split(':');
    const [ra, rp] = remote.split(':');
    const [tx, rx] = queues.split(':');
    out.push({
      family,
      state: STATES[parseInt(st, 16)] ?? 'UNKNOWN',
      localAddress: decodeProcAddress(la),
      localPort: parseInt(lp, 16),
      remoteAddress: decodeProcAddress(ra),
      remotePort: parseInt(rp, 16),
      txQueue: parseInt(tx, 16),
      rxQueue: parseInt(rx, 16),
      retransmits: parseInt(retr, 16),
      uid: Number(uid),
      inode: Number(inode),
      // The kernel prints the time left in USER_HZ ticks (1/100 s).
      timer: { kind: parseInt(kind, 16) || 0, remainingMs: (parseInt(when, 16) || 0) * 10 },
      probesOut: Number(probes) || 0,
    });
  }
  return out;
}

/** Every TCP socket in this network namespace; empty where /proc/net/tcp does not exist. */
export async function readProcSockets(): Promise<ProcSocket[]> {
  const [v4, v6] = await Promise.all([
    readFile('/proc/net/tcp', 'utf8').catch(() => ''),
    readFile('/proc/net/tcp6', 'utf8').catch(() => ''),
  ]);
  return [...parseProcNetTcp(v4, 4), ...parseProcNetTcp(v6, 6)];
}

/** True on systems that have the /proc socket table. */
export async function hasProcNet(): Promise<boolean> {
  return readFile('/proc/net/tcp', 'utf8').then(
    () => true,
    () => false,
  );
}

/** Reads tcp_syn_retries and tcp_syn_linear_timeouts; undefined off Linux. */
export async function readSynSysctls(): Promise<SynSysctls | undefined> {
  const read = (name: string) =>
    readFile(`/proc/sys/net/ipv4/${name}`, 'utf8').then(
      (s) => Number(s.trim()),
      () => undefined,
    );
  const [synRetries, linearTimeouts] = await Promise.all([read('tcp_syn_retries'), read('tcp_syn_linear_timeouts')]);
  if (synRetries === undefined || Number.isNaN(synRetries)) return undefined;
  return { synRetries, linearTimeouts: linearTimeouts === undefined || Number.isNaN(linearTimeouts) ? undefined : linearTimeouts };
}

/** Our own socket among all: by local port once known, else by destination in SYN_SENT. */
export function findOurSocket(all: ProcSocket[], remote: { address: string; port: number }, localPort?: number): ProcSocket | undefined {
  const sameRemote = (s: ProcSocket) => s.remotePort === remote.port && stripMapped(s.remoteAddress) === stripMapped(remote.address);
  if (localPort) {
    const mine = all.find((s) => s.localPort === localPort && sameRemote(s));
    if (mine) return mine;
  }
  return all.find((s) => sameRemote(s) && s.state === 'SYN_SENT');
}

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, as dual-stack sockets show) as plain IPv4. */
export function stripMapped(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/** The listening sockets for a port in this namespace, with their accept queues. */
export function listenersOn(all: ProcSocket[], port: number): ProcSocket[] {
  return all.filter((s) => s.state === 'LISTEN' && s.localPort === port);
}

/** Linux drops SYNs once the accept queue holds more than the backlog. */
export function acceptQueueFull(listener: ProcSocket): boolean {
  return listener.state === 'LISTEN' && listener.rxQueue > listener.txQueue;
}

/** Is this a loopback or wildcard address (one that only this host can serve)? */
export function isLoopback(address: string): boolean {
  const a = stripMapped(address);
  return a.startsWith('127.') || a === '::1';
}
