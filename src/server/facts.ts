/**
 * The server checklist's facts: two raw snapshots of the kernel's tables (taken a short time apart)
 * plus the port's socket rows, turned into numbers the rules read. Pure: the local checklist and
 * the remote one (texts read over ssh) build their facts here the same way.
 */
import type { SocketState } from '../evidence.js';
import { parseProcNetTcp } from '../checks/kernel.js';
import type { SocketRow } from '../checks/netstat-parse.js';
import { parseInputChain, parseNftInput, parseTcpExt, ruleDeltas, type InputRule, type TcpCounters } from './counters.js';

/** The texts one reading of the server gives; absent ones could not be read. */
export interface RawSnapshot {
  /** ms since the epoch (local clock for a local reading, the reading's order for a remote one). */
  atMs: number;
  tcp?: string;
  tcp6?: string;
  netstat?: string;
  syncookies?: string;
  portRange?: string;
  iptables?: string;
  ip6tables?: string;
  nft?: string;
  /** Why the firewall could not be read (not root, no tool). */
  firewallWhy?: string;
}

export interface ListenerFact {
  address: string;
  port: number;
  /** Connections waiting for accept() now, and the backlog (Linux, from ss; unknown from /proc alone). */
  queued?: number;
  backlog?: number;
  full: boolean;
  process?: string;
  pid?: number;
}

export interface ServerFacts {
  port: number;
  /** Where the facts come from: `local`, or the ssh destination they were read on. */
  host: string;
  listeners: ListenerFact[];
  /** Sockets on the port (local port = PORT, not LISTEN), per state. */
  states: Partial<Record<SocketState, number>>;
  /** The processes holding the port's CLOSE_WAIT sockets, when visible. */
  closeWaitProcesses: string[];
  /** TIME_WAIT sockets on the whole host, against the ephemeral port range's size. */
  timeWaitHost?: number;
  ephemeral?: { low: number; high: number; size: number };
  /** TcpExt counters at both readings and how far apart they were. */
  counters?: { before: TcpCounters; after: TcpCounters; intervalMs: number };
  /** net.ipv4.tcp_syncookies: 0 off, 1 when the SYN queue overflows, 2 always. */
  syncookies?: number;
  firewall: { read: boolean; why?: string; rules: Array<InputRule & { delta: number }> };
}

/** Parses `ip_local_port_range` ("32768\t60999"). */
function portRange(text: string | undefined): ServerFacts['ephemeral'] {
  const m = /^(\d+)\s+(\d+)/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  const [low, high] = [Number(m[1]), Number(m[2])];
  return { low, high, size: high - low + 1 };
}

function firewallRules(s: RawSnapshot, port: number): InputRule[] | undefined {
  const texts = [s.iptables, s.ip6tables, s.nft];
  if (texts.every((t) => !t?.trim())) return undefined;
  return [
    ...(s.iptables ? parseInputChain(s.iptables, port, 'iptables') : []),
    ...(s.ip6tables ? parseInputChain(s.ip6tables, port, 'ip6tables') : []),
    ...(s.nft ? parseNftInput(s.nft, port) : []),
  ];
}

/** The port's rows from the raw /proc tables, for when no richer source (ss -p, /proc/PID/fd) exists. */
export function rowsFromSnapshot(s: RawSnapshot, port: number): SocketRow[] {
  const all = [...parseProcNetTcp(s.tcp ?? '', 4), ...parseProcNetTcp(s.tcp6 ?? '', 6)];
  return all
    .filter((r) => r.localPort === port)
    // A listener's tx_queue in /proc is not its backlog (it reads 0): unknown here.
    .map((r) => ({ state: r.state, localAddress: r.localAddress, localPort: r.localPort, remoteAddress: r.remoteAddress, remotePort: r.remotePort, recvQ: r.rxQueue, sendQ: r.state === 'LISTEN' ? undefined : r.txQueue, retransmits: r.retransmits, inode: r.inode }));
}

/** Builds the facts from two readings and the port's socket rows (with processes where known). */
export function factsFrom(port: number, host: string, first: RawSnapshot, second: RawSnapshot, rows: SocketRow[]): ServerFacts {
  const mine = rows.filter((r) => r.localPort === port);
  const listeners: ListenerFact[] = mine
    .filter((r) => r.state === 'LISTEN')
    .map((r) => ({
      address: r.localAddress,
      port,
      queued: r.recvQ,
      backlog: r.sendQ,
      // Linux drops SYNs once the queue holds more than the backlog.
      full: r.recvQ !== undefined && r.sendQ !== undefined && r.recvQ > r.sendQ,
      process: r.process,
      pid: r.pid,
    }));
  const states: ServerFacts['states'] = {};
  for (const r of mine) if (r.state !== 'LISTEN') states[r.state] = (states[r.state] ?? 0) + 1;
  const closeWaitProcesses = [...new Set(mine.filter((r) => r.state === 'CLOSE_WAIT' && r.process).map((r) => (r.pid ? `${r.process} (pid ${r.pid})` : r.process!)))];
  const hostRows = second.tcp !== undefined ? [...parseProcNetTcp(second.tcp, 4), ...parseProcNetTcp(second.tcp6 ?? '', 6)] : undefined;
  const before = first.netstat ? parseTcpExt(first.netstat) : undefined;
  const after = second.netstat ? parseTcpExt(second.netstat) : undefined;
  const rules1 = firewallRules(first, port);
  const rules2 = firewallRules(second, port);
  const cookies = Number(second.syncookies?.trim());
  return {
    port,
    host,
    listeners,
    states,
    closeWaitProcesses,
    timeWaitHost: hostRows?.filter((r) => r.state === 'TIME_WAIT').length,
    ephemeral: portRange(second.portRange),
    counters: before && after ? { before, after, intervalMs: Math.max(0, second.atMs - first.atMs) } : undefined,
    syncookies: second.syncookies !== undefined && Number.isInteger(cookies) ? cookies : undefined,
    firewall: rules2 ? { read: true, rules: ruleDeltas(rules1 ?? [], rules2) } : { read: false, why: second.firewallWhy ?? 'no iptables or nft ruleset could be read', rules: [] },
  };
}

/** How much a TcpExt counter rose between the two readings. */
export function rise(facts: ServerFacts, name: keyof TcpCounters): number {
  const c = facts.counters;
  return c ? Math.max(0, c.after[name] - c.before[name]) : 0;
}
