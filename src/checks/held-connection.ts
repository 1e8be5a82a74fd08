/**
 * One connection `check --hold` keeps idle: SO_KEEPALIVE with TCP_KEEPIDLE set to the rung's idle
 * time (Node's setKeepAlive), so the kernel itself sends one probe when the connection has been
 * idle that long. Node says nothing about keepalive probes, so the kernel's socket table tells:
 * the keepalive timer re-arming, or the count of unanswered probes (/proc/net/tcp "timeout"
 * column), which an ACK resets to 0. An RST (from a firewall that forgot the flow) or a FIN (a
 * server's own idle timeout) arrives as a socket event.
 */
import type net from 'node:net';
import { connect, earlyErrors } from './connect.js';
import type { ProcSocket } from './kernel.js';
import { stripMapped } from './kernel.js';
import type { HoldProbe, RungOutcome } from './hold-ladder.js';

/** The keepalive timer's kind in /proc/net/tcp. */
const KEEPALIVE_TIMER = 2;

export interface HeldConnection {
  probe: HoldProbe;
  /** Reads the kernel's row for this socket (undefined when it is gone); decides when it can. */
  observe(row: ProcSocket | undefined, now: number): void;
  /** Gives up watching: the probe was never seen (bounded by the caller). */
  abandon(): void;
  close(): void;
}

/**
 * Opens one held connection. Resolves with it once connected, or with the probe marked
 * `not-connected` (and no connection) when the handshake failed.
 */
export async function holdOne(
  target: { address: string; port: number; budgetMs?: number },
  probe: HoldProbe,
  opts: { signal?: AbortSignal; onDecided: () => void },
): Promise<HeldConnection | undefined> {
  const step = await connect({ address: target.address, port: target.port, budgetMs: target.budgetMs, keepOpen: true }, { signal: opts.signal });
  const socket: net.Socket | undefined = step.socket;
  if (!socket) {
    probe.outcome = 'not-connected';
    return undefined;
  }
  let lastRxAt = performance.now();
  // How long a probe may go unanswered before the connection counts as dead by silence: longer
  // than the kernel's next probe (libuv sets TCP_KEEPINTVL to 1 s) plus a few round trips.
  const silenceMs = 1000 + Math.max(500, 4 * step.evidence.handshakeMs);
  let sentAt: number | undefined;
  let unansweredSince: number | undefined;
  let prev: { at: number; kind: number; remainingMs: number } | undefined;
  probe.localPort = socket.localPort;

  const decide = (outcome: RungOutcome, at: number) => {
    if (probe.outcome !== undefined) return;
    probe.outcome = outcome;
    probe.probedIdleMs = Math.max(0, (sentAt ?? at) - lastRxAt);
    socket.destroy();
    opts.onDecided();
  };
  const early = earlyErrors.get(socket);
  socket.on('error', (err: NodeJS.ErrnoException) => decide(err.code === 'ETIMEDOUT' ? 'silent' : 'reset', performance.now()));
  socket.on('end', () => decide('closed', performance.now()));
  // Anything the server says restarts the kernel's idle clock, and ours.
  socket.on('data', () => {
    if (sentAt === undefined) lastRxAt = performance.now();
  });
  if (early) decide(early.code === 'ETIMEDOUT' ? 'silent' : 'reset', lastRxAt);
  else socket.setKeepAlive(true, probe.idleMs);

  return {
    probe,
    observe(row, now) {
      if (probe.outcome !== undefined || !row) return;
      const { kind, remainingMs } = row.timer;
      // The kernel's timer fires late, never early: before the rung's idle time no probe has gone out,
      // whatever the table seems to say.
      if (sentAt === undefined && now - lastRxAt >= probe.idleMs - 50) {
        // A keepalive timer that re-armed (clearly more time left than the last look minus the time
        // since; an overdue timer shows 0) has fired: the probe went out when the last look said it would.
        const rearmed = prev !== undefined && prev.kind === KEEPALIVE_TIMER && kind === KEEPALIVE_TIMER && remainingMs >= 200 && remainingMs > prev.remainingMs - (now - prev.at) + 150;
        // An overdue timer (0 left at the last look) fired somewhere between that look and this one.
        if (row.probesOut > 0 || rearmed) sentAt = !prev ? now : prev.remainingMs > 0 ? Math.min(now, prev.at + prev.remainingMs) : (prev.at + now) / 2;
      }
      prev = { at: now, kind, remainingMs };
      if (sentAt === undefined) return;
      if (row.probesOut === 0 && row.state === 'ESTABLISHED') return decide('alive', now);
      unansweredSince ??= now;
      // One lost probe alone is not a verdict: the next one, a second later, may be answered.
      if (now - unansweredSince >= silenceMs) decide('silent', now);
    },
    abandon() {
      if (probe.outcome !== undefined) return;
      probe.outcome = 'unobserved';
      socket.destroy();
      opts.onDecided();
    },
    close() {
      socket.destroy();
    },
  };
}

/** This connection's row in the socket table. */
export function rowFor(rows: readonly ProcSocket[], address: string, port: number, localPort: number | undefined): ProcSocket | undefined {
  if (!localPort) return undefined;
  return rows.find((r) => r.localPort === localPort && r.remotePort === port && stripMapped(r.remoteAddress) === stripMapped(address));
}
