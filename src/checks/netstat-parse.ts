/**
 * Parsers for socket tables printed by `ss -tan` (Linux), `netstat -an -p tcp` (macOS/BSD) and
 * `netstat -ano -p TCP` (Windows), into the same rows /proc/net/tcp gives on Linux.
 */
import type { SocketState } from '../evidence.js';

export interface SocketRow {
  state: SocketState;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  /** 0 for a listener's wildcard peer (`*`). */
  remotePort: number;
  /** LISTEN: connections waiting to be accepted (Linux, macOS); others: unread bytes. */
  recvQ?: number;
  /** LISTEN on Linux: the backlog; others: unacknowledged bytes. */
  sendQ?: number;
  retransmits?: number;
  pid?: number;
  process?: string;
  inode?: number;
}

const STATE_ALIASES: Record<string, SocketState> = {
  ESTAB: 'ESTABLISHED',
  ESTABLISHED: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  SYN_SENT: 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  SYN_RECV: 'SYN_RECV',
  SYN_RECEIVED: 'SYN_RECV',
  SYN_RCVD: 'SYN_RECV',
  'SYN-RCV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  FIN_WAIT_1: 'FIN_WAIT1',
  FIN_WAIT1: 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  FIN_WAIT_2: 'FIN_WAIT2',
  FIN_WAIT2: 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  TIME_WAIT: 'TIME_WAIT',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSE_WAIT: 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LAST_ACK: 'LAST_ACK',
  LISTEN: 'LISTEN',
  LISTENING: 'LISTEN',
  CLOSING: 'CLOSING',
  CLOSED: 'CLOSE',
  CLOSE: 'CLOSE',
  UNCONN: 'CLOSE',
};

/** Normalises a state name from any of the tools (`ESTAB`, `SYN-SENT`, `LISTENING` …). */
export function normaliseState(name: string): SocketState {
  return STATE_ALIASES[name.toUpperCase()] ?? 'UNKNOWN';
}

/** `127.0.0.1:5432`, `[::1]:6379`, `*:22`, `[::ffff:10.0.0.1]:80`, `fe80::1%eth0:22` → address + port. */
function splitColon(text: string): { address: string; port: number } {
  const i = text.lastIndexOf(':');
  let address = text.slice(0, i);
  const portText = text.slice(i + 1);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  return { address: address === '*' ? '0.0.0.0' : address, port: portText === '*' ? 0 : Number(portText) };
}

/** macOS writes `127.0.0.1.5432`, `*.22`, `::1.6379`, `*.*`: the port follows the last dot. */
function splitDot(text: string): { address: string; port: number } {
  if (text === '*.*') return { address: '*', port: 0 };
  const i = text.lastIndexOf('.');
  const address = text.slice(0, i);
  const portText = text.slice(i + 1);
  return { address: address === '*' ? '*' : address, port: portText === '*' ? 0 : Number(portText) };
}

/** Parses `ss -tan` (optionally with `-p`). */
export function parseSs(text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5 || f[0] === 'State' || f[0] === 'Netid') continue;
    const state = normaliseState(f[0]);
    if (state === 'UNKNOWN') continue;
    const local = splitColon(f[3]);
    const remote = splitColon(f[4]);
    const proc = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    rows.push({
      state,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      recvQ: Number(f[1]),
      sendQ: Number(f[2]),
      process: proc?.[1],
      pid: proc ? Number(proc[2]) : undefined,
    });
  }
  return rows;
}

/** Parses macOS/BSD `netstat -an -p tcp`. */
export function parseMacNetstat(text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^tcp(4|6|46)?$/.test(f[0])) continue;
    const local = splitDot(f[3]);
    const remote = splitDot(f[4]);
    rows.push({
      state: normaliseState(f[5]),
      localAddress: local.address === '*' ? (f[0] === 'tcp4' ? '0.0.0.0' : '::') : local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      recvQ: Number(f[1]),
      sendQ: Number(f[2]),
    });
  }
  return rows;
}

/** Parses Windows `netstat -ano -p TCP` (and TCPv6). */
export function parseWindowsNetstat(text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[0] !== 'TCP') continue;
    const local = splitColon(f[1]);
    const remote = splitColon(f[2]);
    rows.push({
      state: normaliseState(f[3]),
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      pid: f[4] !== undefined ? Number(f[4]) : undefined,
    });
  }
  return rows;
}
