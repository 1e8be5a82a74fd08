/**
 * `watch`: the connect check, again and again, to every address of the name in turn, at a steady
 * rate. Attempts overlap when one takes longer than the interval (a silent address waits out its
 * budget), up to a bound. Ctrl-C (the signal) ends the series; the summary covers what finished.
 */
import net from 'node:net';
import { getMaxListeners, setMaxListeners } from 'node:events';
import { connect, type ConnectStep } from '../checks/connect.js';
import { observe } from '../checks/observe.js';
import type { Verdict } from '../evidence.js';
import { dns } from '../checks/dns.js';
import { ADDRESS_VERDICT } from '../diagnosis/addresses.js';
import { readTcpTimings, type SynSchedule } from '../kernel-timing.js';
import { inferSynRetransmits } from '../series/stats.js';
import { summarize } from './summary.js';
import type { Attempt, WatchSummary } from '../series/types.js';

export interface WatchInput {
  host: string;
  port: number;
  /** The addresses to take turns on, in order; resolved from `host` once when absent. */
  addresses?: string[];
  /** Attempts started per second (default 1). */
  ratePerSecond?: number;
  /** Stop after this many attempts. */
  count?: number;
  /** Stop starting attempts after this long (ms). */
  durationMs?: number;
  /** Each attempt's connect budget (default: the connect check's adaptive one). */
  budgetMs?: number;
  /** At most this many attempts in flight (default 32): beyond it the rate slips. */
  maxInFlight?: number;
}

export interface WatchContext {
  signal?: AbortSignal;
  /** Called as each attempt finishes, with every attempt finished so far (this one included). */
  onAttempt?: (attempt: Attempt, sofar: readonly Attempt[]) => void;
  /** Called once the addresses are known, before the first attempt. */
  onStart?: (addresses: string[]) => void;
  /** This kernel's SYN schedule (tests pass their own; default: read from the sysctls). */
  syn?: SynSchedule;
}

/** The name did not resolve (or the input made no sense): nothing was attempted. */
export class WatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchError';
  }
}

/** A series never grows beyond this (about 28 hours at one a second). */
export const MAX_ATTEMPTS = 100_000;

/** Resolves the host once (an IP literal is its own address). */
export async function resolveAddresses(host: string, signal?: AbortSignal): Promise<string[]> {
  const literal = net.isIP(host) !== 0;
  const step = await dns({ host, isIpLiteral: literal }, { signal });
  if (step.outcome === 'fail' || !step.evidence.addresses.length) throw new WatchError(step.summary);
  return step.evidence.addresses.map((a) => a.address);
}

/** Sleeps until `at` (performance.now() time); false when the signal ended it first. */
function sleepUntil(at: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, at - performance.now()));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** How long each connected attempt listens after the handshake, as check's observe step does at least. */
export const WATCH_OBSERVE_MS = 50;

/**
 * The attempt's verdict: the connect result's, or, once connected, what a short observe of the same
 * socket saw: a server that accepts and then resets (or closes) is `reset` (`closed`), as in `check`.
 */
async function afterHandshake(step: ConnectStep, address: string, port: number, signal?: AbortSignal): Promise<Verdict> {
  const connected = ADDRESS_VERDICT[step.evidence.result] ?? 'unreachable';
  if (!step.socket) return connected;
  try {
    const seen = await observe({ socket: step.socket, address, port, windowMs: WATCH_OBSERVE_MS, handshakeMs: step.evidence.handshakeMs }, { signal });
    return seen.evidence.result === 'reset' ? 'reset' : seen.evidence.result === 'fin' ? 'closed' : connected;
  } finally {
    step.socket.destroy();
  }
}

/**
 * Runs the series and returns its summary. Without `count` or `durationMs` it runs until the
 * signal (at most MAX_ATTEMPTS). Throws WatchError when the name does not resolve.
 */
export async function runWatch(input: WatchInput, ctx: WatchContext = {}): Promise<WatchSummary> {
  const rate = input.ratePerSecond ?? 1;
  if (!(rate > 0)) throw new WatchError(`the rate must be above 0 attempts a second, not ${rate}`);
  const { signal } = ctx;
  const syn = ctx.syn ?? readTcpTimings().syn;
  const startedAt = new Date().toISOString();
  const addresses = input.addresses?.length ? input.addresses : await resolveAddresses(input.host, signal);
  ctx.onStart?.(addresses);
  const intervalMs = 1000 / rate;
  const limit = Math.min(input.count ?? MAX_ATTEMPTS, MAX_ATTEMPTS);
  const maxInFlight = input.maxInFlight ?? 32;
  // Each attempt in flight listens on the signal: that many at once is by design.
  if (signal) setMaxListeners(Math.max(getMaxListeners(signal), maxInFlight + 10), signal);
  const attempts: Attempt[] = [];
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  // A bug in an attempt (connect never throws for network outcomes) stops the series, then surfaces.
  let failure: unknown;

  const attempt = async (seq: number, address: string, atMs: number) => {
    try {
      const step = await connect({ address, port: input.port, budgetMs: input.budgetMs, keepOpen: true }, { signal });
      const e = step.evidence;
      const done: Attempt = {
        seq,
        address,
        family: e.family,
        atMs,
        verdict: await afterHandshake(step, address, input.port, signal),
        result: e.result,
        ...(e.code ? { code: e.code } : {}),
        handshakeMs: e.handshakeMs,
        synRetransmits: inferSynRetransmits(e.handshakeMs, e.synRetransmits, syn.retransmitAtMs),
        ...(e.localPort ? { localPort: e.localPort } : {}),
      };
      attempts.push(done);
      ctx.onAttempt?.(done, attempts);
    } catch (err) {
      // An attempt cut short by Ctrl-C is not a result.
      if (!signal?.aborted) failure ??= err;
    }
  };

  for (let i = 0; i < limit; i++) {
    const dueMs = i * intervalMs;
    if (input.durationMs !== undefined && dueMs >= input.durationMs) break;
    if (!(await sleepUntil(t0 + dueMs, signal))) break;
    while (inFlight.size >= maxInFlight && !signal?.aborted) await Promise.race(inFlight);
    if (signal?.aborted || failure !== undefined) break;
    const p = attempt(i + 1, addresses[i % addresses.length], performance.now() - t0).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return summarize(attempts, {
    host: input.host,
    port: input.port,
    addresses,
    ratePerSecond: rate,
    startedAt,
    durationMs: performance.now() - t0,
    interrupted: Boolean(signal?.aborted),
    syn,
  });
}
