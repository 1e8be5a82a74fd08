/**
 * The ladder of idle times `check --hold` tries at once (one connection per rung), and the rule
 * that reads the answer off it: the longest idle a connection survived and the shortest after
 * which connections were dead. Pure, so the bisection is table-tested without waiting.
 */

/** How a held connection ended its idle time. */
export type RungOutcome = 'alive' | 'reset' | 'silent' | 'closed' | 'not-connected' | 'unobserved' | 'cancelled';

/** One held connection: the idle time it was given, and what its probe found. */
export interface HoldProbe {
  /** The keepalive idle time set on the socket (whole seconds, in ms). */
  idleMs: number;
  round: number;
  outcome?: RungOutcome;
  /** The idle time at which the probe went out (or the RST/FIN came), as observed. */
  probedIdleMs?: number;
  localPort?: number;
}

const DEAD: ReadonlySet<RungOutcome> = new Set(['reset', 'silent', 'closed']);
/** Rungs that say nothing: never connected, probe never seen, or closed once the answer was known. */
const IGNORED: ReadonlySet<RungOutcome> = new Set(['not-connected', 'unobserved', 'cancelled']);

/** True for an outcome that says the connection is gone. */
export const isDead = (o: RungOutcome | undefined): boolean => o !== undefined && DEAD.has(o);

/**
 * Whole-second idle times in (loMs, hiMs], at most `max` of them, evenly spaced (hiMs itself
 * included when `includeHi`, as the first round's last rung is the duration asked for).
 */
export function planRungs(loMs: number, hiMs: number, max: number, includeHi: boolean): number[] {
  const slots = includeHi ? max : max + 1;
  const step = Math.max(1000, Math.ceil((hiMs - loMs) / slots / 1000) * 1000);
  const rungs: number[] = [];
  for (let t = Math.floor(loMs / 1000) * 1000 + step; rungs.length < max && (includeHi ? t <= hiMs : t < hiMs); t += step) rungs.push(t);
  const last = Math.floor(hiMs / 1000) * 1000;
  if (includeHi && last > loMs && rungs.at(-1) !== last) {
    if (rungs.length >= max) rungs.pop();
    rungs.push(last);
  }
  return rungs;
}

export type Judgement =
  | { state: 'pending' }
  /** Every rung is decided, and none could be read (no connection, no probe seen). */
  | { state: 'unknown' }
  /** Every rung survived: alive for at least `aliveUpToMs`. */
  | { state: 'alive'; aliveUpToMs: number }
  /** Alive up to `loMs` (0: no rung survived), dead from `hiMs` on, by `outcome`. */
  | { state: 'dead'; loMs: number; hiMs: number; outcome: 'reset' | 'silent' | 'closed' };

const idleOf = (p: HoldProbe) => p.probedIdleMs ?? p.idleMs;

/**
 * Reads the boundary off the rungs (sorted by idle time): the first dead rung followed by another
 * dead one (or last), with every rung below it decided. A dead rung with a live one above it was
 * a lost probe, not a timeout, and is passed over.
 */
export function judge(probes: readonly HoldProbe[]): Judgement {
  const rungs = [...probes].filter((p) => !IGNORED.has(p.outcome as RungOutcome)).sort((a, b) => a.idleMs - b.idleMs);
  for (let k = 0; k < rungs.length; k++) {
    const here = rungs[k];
    if (here.outcome === undefined) return { state: 'pending' };
    if (!isDead(here.outcome)) continue;
    const next = rungs[k + 1];
    if (next && next.outcome === undefined) return { state: 'pending' };
    if (next && !isDead(next.outcome)) continue;
    const alive = rungs.slice(0, k).filter((p) => p.outcome === 'alive');
    const loMs = alive.length ? Math.max(...alive.map(idleOf)) : 0;
    return { state: 'dead', loMs, hiMs: Math.max(loMs, idleOf(here)), outcome: here.outcome as 'reset' | 'silent' | 'closed' };
  }
  const alive = rungs.filter((p) => p.outcome === 'alive');
  // Past the loop every rung is decided.
  return alive.length ? { state: 'alive', aliveUpToMs: Math.max(...alive.map(idleOf)) } : { state: 'unknown' };
}

/**
 * The width the bisection stops at: 5 s, or a tenth of the idle timeout when that is more. Finer
 * is not worth another round: the kernel's keepalive timer itself fires up to a second or two
 * late at these lengths (the timer wheel's granularity), which the observed idle times absorb.
 */
export function precisionTargetMs(hiMs: number): number {
  return Math.max(5000, 0.1 * hiMs);
}
