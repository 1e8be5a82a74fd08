/**
 * Linux's own view of TCP sockets: /proc/net/tcp and /proc/net/tcp6 (the same table `ss` reads),
 * and the SYN retry sysctls that say when the kernel itself would give up connecting.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseSs } from './netstat-parse.js';
import { runTool, which } from '../tools.js';

export { kernelGiveUpMs, type SynSysctls } from '../kernel-timing.js';
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
  /** Bytes unacknowledged (0 for LISTEN: /proc does not show a listener's backlog, see listenerQueues). */
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

/** A listener's accept queue: connections waiting for accept(), and its limit when known. */
export interface ListenerQueue {
  address: string;
  port: number;
  queued: number;
  /** The backlog (from the kernel's netlink answer, `ss` Send-Q); unknown without ss. */
  backlog?: number;
}

/** Linux drops SYNs once the accept queue holds more than the backlog; an unknown backlog says nothing. */
export function acceptQueueFull(l: Pick<ListenerQueue, 'queued' | 'backlog'>): boolean {
  return l.backlog !== undefined && l.queued > l.backlog;
}

const wildcard = (a: string) => (a === '0.0.0.0' || a === '::' || a === '*' ? '*' : stripMapped(a));

/**
 * The listeners on `port` in this network namespace with their accept queues: the one source for
 * the connect step and the server checklist. /proc/net/tcp gives a listener's queue but not its
 * backlog (its tx_queue reads 0); `ss` asks the kernel over netlink and prints the backlog as
 * Send-Q. Without ss (or off Linux) the backlog stays unknown.
 */
export async function listenerQueues(port: number, signal?: AbortSignal): Promise<ListenerQueue[]> {
  const out: ListenerQueue[] = listenersOn(await readProcSockets(), port).map((l) => ({ address: l.localAddress, port: l.localPort, queued: l.rxQueue }));
  if (!out.length || process.platform !== 'linux') return out;
  const ss = which('ss');
  const r = ss ? await runTool(ss, ['-Htanl', `sport = :${port}`], { timeoutMs: 5000, signal }) : undefined;
  if (r?.code !== 0) return out;
  for (const row of parseSs(r.stdout)) {
    const l = out.find((x) => wildcard(x.address) === wildcard(row.localAddress) && x.backlog === undefined);
    if (l) Object.assign(l, { queued: row.recvQ, backlog: row.sendQ });
  }
  return out;
}

/** Is this a loopback or wildcard address (one that only this host can serve)? */
export function isLoopback(address: string): boolean {
  const a = stripMapped(address);
  return a.startsWith('127.') || a === '::1';
}

/** A loopback address or one of this host's own: /proc then shows the server side too. */
export function isThisHost(address: string): boolean {
  if (isLoopback(address)) return true;
  const a = stripMapped(address);
  return Object.values(os.networkInterfaces()).some((list) => list?.some((i) => i.address === a));
}

/**
 * Has the server application accepted our connection? The server's end of it (local = the
 * server's address and port, remote = ours) shows inode 0 in /proc while it waits in the accept
 * queue: no program holds it yet. Undefined when the server's end is not in this table.
 */
export function acceptedByServer(all: ProcSocket[], server: { address: string; port: number }, client: { address: string; port: number }): boolean | undefined {
  const end = all.find(
    (s) => s.state !== 'LISTEN' && s.localPort === server.port && s.remotePort === client.port && stripMapped(s.localAddress) === stripMapped(server.address) && stripMapped(s.remoteAddress) === stripMapped(client.address),
  );
  return end ? end.inode !== 0 : undefined;
}
