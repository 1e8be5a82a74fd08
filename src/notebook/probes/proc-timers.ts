/**
 * The socket table with its timers: /proc/net/tcp's `tr:tm->when` column says which timer a
 * socket runs (retransmission, keepalive, TIME_WAIT, zero-window probe) and how long is left, and
 * the column after `uid` counts unanswered keepalive or zero-window probes. The probes read these
 * to show what the kernel does while a connection is idle, stalled or dying.
 */
import { readFile } from 'node:fs/promises';
import { parseProcNetTcp, stripMapped, type ProcSocket } from '../../checks/kernel.js';

/** The timer a socket runs (`tr` in /proc/net/tcp; `ss -o` prints the same names). */
export type TcpTimer = 'none' | 'retransmit' | 'keepalive' | 'time-wait' | 'zero-window-probe';

const TIMERS: Record<number, TcpTimer> = { 0: 'none', 1: 'retransmit', 2: 'keepalive', 3: 'time-wait', 4: 'zero-window-probe' };

export interface TimedSocket extends Omit<ProcSocket, 'timer'> {
  timer: TcpTimer;
  /** Time left on the timer (the kernel prints it in hundredths of a second). */
  timerMs: number;
  /** Keepalive or zero-window probes sent and not yet answered. */
  probesOut: number;
}

/** Parses /proc/net/tcp text, timers included. */
export function parseTimedSockets(text: string, family: 4 | 6): TimedSocket[] {
  const rows = parseProcNetTcp(text, family);
  const lines = text
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 10);
  return rows.map((row, i) => {
    const [tr, when] = (lines[i][5] ?? '0:0').split(':');
    return { ...row, timer: TIMERS[parseInt(tr, 16)] ?? 'none', timerMs: parseInt(when, 16) * 10, probesOut: Number(lines[i][8]) || 0 };
  });
}

/** Every TCP socket of this namespace with its timer; empty where /proc/net/tcp does not exist. */
export async function readTimedSockets(): Promise<TimedSocket[]> {
  const [v4, v6] = await Promise.all([readFile('/proc/net/tcp', 'utf8').catch(() => ''), readFile('/proc/net/tcp6', 'utf8').catch(() => '')]);
  return [...parseTimedSockets(v4, 4), ...parseTimedSockets(v6, 6)];
}

/** The row of one connection, seen from the end bound to `localPort` (its peer on `remotePort`). */
export function connectionRow(rows: TimedSocket[], localPort: number, remotePort: number, remoteAddress?: string): TimedSocket | undefined {
  return rows.find((r) => r.localPort === localPort && r.remotePort === remotePort && (!remoteAddress || stripMapped(r.remoteAddress) === stripMapped(remoteAddress)));
}

/** `128 KB`, `3.9 MB`: a byte count for a sentence. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The median of a list of numbers (NaN when empty). */
export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Resolves after `ms`, or at once (rejecting) when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
