/**
 * A small reader of Linux's socket table (/proc/net/tcp, /proc/net/tcp6), enough for an
 * experiment to show the kernel's view: our socket's state and retransmits, the listener's queue.
 * Elsewhere (macOS, Windows) it returns nothing and experiments simply show no kernel states.
 */
import { readFile } from 'node:fs/promises';
import type { SocketState } from '../evidence.js';

const STATES: Record<string, SocketState> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
  '0C': 'NEW_SYN_RECV',
};

export interface SocketRow {
  local: { addr: string; port: number };
  remote: { addr: string; port: number };
  state: SocketState;
  /** For LISTEN: connections waiting in the accept queue; otherwise bytes queued to read. */
  rxQueue: number;
  /** For LISTEN: the accept queue's limit (backlog); otherwise bytes not yet acknowledged. */
  txQueue: number;
  retransmits: number;
}

/** "0100007F:1F90" (little-endian IPv4) → { addr: '127.0.0.1', port: 8080 }. IPv6 kept as hex groups. */
function endpoint(hex: string): { addr: string; port: number } {
  const [a, p] = hex.split(':');
  const port = parseInt(p, 16);
  if (a.length === 8) {
    const bytes = a.match(/../g)!.map((b) => parseInt(b, 16)).reverse();
    return { addr: bytes.join('.'), port };
  }
  return { addr: a.toLowerCase(), port };
}

/** Parses the text of /proc/net/tcp or /proc/net/tcp6. */
export function parseProcNetTcp(text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const [tx, rx] = f[4].split(':').map((h) => parseInt(h, 16));
    rows.push({
      local: endpoint(f[1]),
      remote: endpoint(f[2]),
      state: STATES[f[3].toUpperCase()] ?? 'UNKNOWN',
      txQueue: tx,
      rxQueue: rx,
      retransmits: parseInt(f[6], 16),
    });
  }
  return rows;
}

/** Every IPv4 and IPv6 TCP socket the kernel lists; [] where /proc is not there. */
export async function readSocketTable(): Promise<SocketRow[]> {
  const parts = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((f) => readFile(f, 'utf8').then(parseProcNetTcp, () => [] as SocketRow[])),
  );
  return parts.flat();
}
