/**
 * `check --hold DURATION`: does an idle connection survive, and for how long? A ladder of
 * connections is held idle at once, each with its own keepalive idle time (held-connection.ts);
 * the longest idle that was answered and the shortest after which connections were dead (an RST,
 * silence, or a FIN) bound the idle timeout of whatever sits on the path. When the ladder's step
 * is coarser than the precision wanted, a second round bisects between those two.
 */
import net from 'node:net';
import { getMaxListeners, setMaxListeners } from 'node:events';
import { readProcSockets, hasProcNet } from './kernel.js';
import { holdOne, rowFor, type HeldConnection } from './held-connection.js';
import { judge, planRungs, precisionTargetMs, type HoldProbe, type Judgement } from './hold-ladder.js';

export type { HoldProbe, RungOutcome } from './hold-ladder.js';

export interface HoldInput {
  address: string;
  port: number;
  /** The longest idle time to try (`--hold DURATION`), ms. */
  durationMs: number;
  /** At most this many connections held at once (default 20). */
  maxConnections?: number;
  /** Each connection's connect budget (default: the connect check's adaptive one). */
  budgetMs?: number;
  /** How often the kernel's socket table is read (default 200 ms). */
  pollMs?: number;
}

export interface HoldProgress {
  message: string;
  elapsedMs: number;
  round: number;
  probes: readonly HoldProbe[];
}

export interface HoldContext {
  signal?: AbortSignal;
  onProgress?: (p: HoldProgress) => void;
}

/** What happened to idle connections. */
export type HoldOutcome = 'alive' | 'reset' | 'silent' | 'closed' | 'not-connected' | 'unavailable';

export interface HoldEvidence {
  address: string;
  port: number;
  family: 4 | 6;
  /** The longest idle time asked for. */
  maxIdleMs: number;
  outcome: HoldOutcome;
  /** The longest idle time after which a connection still answered (0: none did). */
  aliveUpToMs?: number;
  /** The shortest idle time after which connections were dead. */
  deadAfterMs?: number;
  /** The idle timeout: midway between the two, ± precisionMs. */
  idleTimeoutMs?: number;
  precisionMs?: number;
  rounds: number;
  probes: HoldProbe[];
  /** How the connections were probed: TCP keepalive (no byte reaches the application). */
  method: 'keepalive';
  /** Why nothing could be measured (outcome not-connected / unavailable). */
  reason?: string;
  elapsedMs: number;
}

const MAX_ROUNDS = 3;

/** Holds connections idle and finds when the path forgets them. Never throws for network outcomes. */
export async function holdCheck(input: HoldInput, ctx: HoldContext = {}): Promise<HoldEvidence> {
  const started = performance.now();
  const family: 4 | 6 = net.isIP(input.address) === 6 ? 6 : 4;
  const base = { address: input.address, port: input.port, family, maxIdleMs: input.durationMs, method: 'keepalive' as const };
  const probes: HoldProbe[] = [];
  const done = (rest: Partial<HoldEvidence> & { outcome: HoldOutcome; rounds: number }): HoldEvidence => ({ ...base, probes, elapsedMs: performance.now() - started, ...rest });
  if (!(await hasProcNet())) {
    return done({ outcome: 'unavailable', rounds: 0, reason: 'keepalive probes are seen only in the kernel\'s socket table (/proc/net/tcp), which exists on Linux only' });
  }
  const max = input.maxConnections ?? 20;
  // Every held connection's handshake listens on the signal for a moment: that many at once is by design.
  if (ctx.signal) setMaxListeners(Math.max(getMaxListeners(ctx.signal), 2 * max + 10), ctx.signal);
  let lo = 0;
  let hi = input.durationMs;
  let last: Judgement = { state: 'pending' };
  let round = 0;
  while (round < MAX_ROUNDS) {
    round++;
    const rungs = planRungs(lo, hi, max, round === 1);
    if (!rungs.length) break;
    const mine = rungs.map((idleMs) => ({ idleMs, round }));
    probes.push(...mine);
    const progress = (message: string) => ctx.onProgress?.({ message, elapsedMs: performance.now() - started, round, probes });
    await runRound(input, mine, ctx.signal, progress);
    // Rungs of an earlier round still count: judge them all together.
    last = judge(probes);
    if (last.state !== 'dead') break;
    lo = last.loMs;
    hi = last.hiMs;
    if (hi - lo <= precisionTargetMs(hi)) break;
  }
  const rounds = round;
  if (last.state === 'alive') return done({ outcome: 'alive', aliveUpToMs: last.aliveUpToMs, rounds });
  if (last.state === 'dead') {
    return done({ outcome: last.outcome, aliveUpToMs: last.loMs, deadAfterMs: last.hiMs, idleTimeoutMs: (last.loMs + last.hiMs) / 2, precisionMs: (last.hiMs - last.loMs) / 2, rounds });
  }
  const connected = probes.some((p) => p.outcome !== 'not-connected');
  return done({
    outcome: connected ? 'unavailable' : 'not-connected',
    rounds,
    reason: connected ? 'no keepalive probe was seen in the kernel\'s socket table' : `no connection to ${input.address} port ${input.port} could be opened`,
  });
}

/** One round: every rung connected at once, watched until the ladder gives an answer. */
async function runRound(input: HoldInput, rungs: HoldProbe[], signal: AbortSignal | undefined, progress: (m: string) => void): Promise<Judgement> {
  let wake: () => void = () => undefined;
  const onDecided = () => wake();
  const opening = await Promise.allSettled(rungs.map((probe) => holdOne(input, probe, { signal, onDecided })));
  const held = opening.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  const pollMs = input.pollMs ?? 200;
  // Bounded: the longest rung, plus the kernel timer's slack (up to ~1/8 late for long timers),
  // plus room to see the answer.
  const deadline = performance.now() + Math.max(...rungs.map((r) => r.idleMs)) * 1.15 + 5_000;
  const onAbort = () => wake();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const failed = opening.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    progress(`holding ${held.length} connection${held.length === 1 ? '' : 's'} idle, for ${rungs.map((r) => r.idleMs / 1000).join(', ')} s`);
    while (judge(rungs).state === 'pending' && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      signal?.throwIfAborted();
      const rows = await readProcSockets();
      const now = performance.now();
      for (const h of held) h.observe(rowFor(rows, input.address, input.port, h.probe.localPort), now);
      const decided = rungs.filter((r) => r.outcome !== undefined);
      progress(`${decided.length} of ${rungs.length} decided: ${decided.filter((r) => r.outcome === 'alive').length} alive, ${decided.filter((r) => r.outcome !== 'alive').length} gone`);
    }
    // Past the deadline, a rung whose probe was never seen says nothing.
    if (judge(rungs).state === 'pending') for (const h of held) h.abandon();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // The answer is known: rungs still waiting are not needed.
    for (const r of rungs) r.outcome ??= 'cancelled';
    for (const h of held) h.close();
  }
  return judge(rungs);
}
