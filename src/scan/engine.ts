/**
 * The scan engine: connect probes to many ports of one address, with bounded parallelism, an
 * optional rate cap, adaptive no-response timeouts and one late re-probe of silent ports.
 * No UI here: progress goes out through callbacks.
 */
import { isIPv6 } from 'node:net';
import { startProbe, type ProbeAnswer, type RunningProbe } from './probe.js';
import { RttEstimator } from './timing.js';
import type { PortResult, ScanProgress, ScanResult } from './types.js';

export interface ScanOptions {
  signal?: AbortSignal;
  /** Sockets at once (from scanParallelism()); default 256. */
  parallel?: number;
  /** At most this many new probes per second. */
  rate?: number;
  /** Fixed no-response budget for every probe, in ms (turns adaptive timing off). */
  timeoutMs?: number;
  /** Called for every port once its state is final. */
  onResult?: (r: PortResult) => void;
  /** Called about every `progressEveryMs` while the scan runs, and once at the end. */
  onProgress?: (p: ScanProgress) => void;
  progressEveryMs?: number;
}

interface InFlight {
  port: number;
  attempt: 1 | 2;
  probe: RunningProbe;
}

const TICK_MS = 10;
/** New probes per turn of the event loop. */
const LAUNCH_SLICE = 256;
/** How often one port may be put back after a local resource error before giving up on it. */
const MAX_LOCAL_RETRIES = 20;
/** Running out of fds never shrinks the scan below this many sockets at once. */
const MIN_PARALLEL = 4;

/** Scans `ports` of `address` (an IP literal). Resolves with every port's result, sorted by port. */
export function scanPorts(address: string, ports: readonly number[], opts: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const rtt = new RttEstimator();
  const family = isIPv6(address) ? 6 : 4;
  const fixed = opts.timeoutMs;
  // When this process (or the machine) is too busy to run the loop on time, the kernel's own
  // packet processing is late too: widen the adaptive budgets by the observed loop lag.
  let lagMs = 0;
  let lastTickAt = performance.now();
  const firstTimeout = () => fixed ?? Math.round(rtt.firstProbeTimeout() + 2 * lagMs);
  const reprobeTimeout = () => fixed ?? Math.round(rtt.reprobeTimeout() + 2 * lagMs);
  let parallel = Math.max(1, Math.floor(opts.parallel ?? 256));
  const queue = [...new Set(ports)];
  const total = queue.length;
  let queueHead = 0;
  const reprobe: number[] = [];
  let reprobeHead = 0;
  const localRetries = new Map<number, number>();
  const inFlight = new Set<InFlight>();
  const results = new Map<number, PortResult>();
  const counts = { open: 0, closed: 0, filtered: 0 };
  // Token bucket for --rate: a burst of at most two ticks' worth, so the pace stays even.
  let tokens = 1;
  let tokensAt = performance.now();
  let lastProgress = 0;
  // After a local resource error, new probes wait a little instead of failing in a tight loop.
  let pausedUntil = 0;
  let firstPassDone = 0;
  let firstPassStarted = performance.now();

  return new Promise<ScanResult>((resolve, reject) => {
    let finished = false;
    const ticker = setInterval(tick, TICK_MS);

    const finish = (err?: unknown) => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const f of inFlight) f.probe?.cancel();
      inFlight.clear();
      if (err !== undefined) return reject(err);
      const list = deduceAdminProhibited([...results.values()].sort((a, b) => a.port - b.port));
      emitProgress(true);
      resolve({
        address,
        ports: list,
        durationMs: Math.round(performance.now() - started),
        parallelism: parallel,
        timing: { srttMs: round(rtt.srtt), firstProbeTimeoutMs: firstTimeout(), reprobeTimeoutMs: reprobeTimeout(), fixedTimeout: fixed !== undefined },
      });
    };
    const onAbort = () => finish(opts.signal?.reason ?? new Error('scan aborted'));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const record = (r: PortResult) => {
      results.set(r.port, r);
      counts[r.state]++;
      opts.onResult?.(r);
    };

    const onAnswer = (entry: InFlight, a: ProbeAnswer) => {
      if (finished || !inFlight.delete(entry)) return;
      const { port, attempt } = entry;
      if (attempt === 1) firstPassDone++;
      if (a.kind === 'answer') {
        rtt.add(a.rttMs);
        record({ port, state: a.state, reason: a.reason, rttMs: round(a.rttMs) ?? null, attempts: attempt, errorCode: a.errorCode });
      } else {
        // Out of fds or source ports: hold fewer sockets and try this port again.
        const n = (localRetries.get(port) ?? 0) + 1;
        localRetries.set(port, n);
        parallel = Math.min(parallel, Math.max(MIN_PARALLEL, Math.floor(inFlight.size * 0.9)));
        pausedUntil = performance.now() + TICK_MS * 2;
        if (n > MAX_LOCAL_RETRIES) {
          record({ port, state: 'filtered', reason: 'local-error', rttMs: null, attempts: attempt, errorCode: a.errorCode });
        } else if (attempt === 1) {
          firstPassDone--;
          queue.push(port);
        } else reprobe.push(port);
      }
      schedulePump();
    };

    const launch = (port: number, attempt: 1 | 2) => {
      const entry = { port, attempt } as InFlight;
      inFlight.add(entry);
      entry.probe = startProbe(address, port, family, (a) => onAnswer(entry, a));
    };

    // Answers arrive in bursts; one pump per turn of the event loop keeps the stack flat even
    // when every connect() fails synchronously (ENETUNREACH).
    let pumpScheduled = false;
    function schedulePump() {
      if (pumpScheduled || finished) return;
      pumpScheduled = true;
      setImmediate(() => {
        pumpScheduled = false;
        pump();
      });
    }

    function pump() {
      if (finished) return;
      if (opts.rate) {
        const now = performance.now();
        tokens = Math.min(Math.max(1, (opts.rate * TICK_MS * 2) / 1000), tokens + ((now - tokensAt) * opts.rate) / 1000);
        tokensAt = now;
      }
      let launched = 0;
      const paused = performance.now() < pausedUntil;
      while (!paused && inFlight.size < parallel) {
        // Each connect() costs a syscall (on loopback the whole handshake runs inside it): launch
        // in slices so answers and timeouts are read between them.
        if (launched++ >= LAUNCH_SLICE) {
          schedulePump();
          break;
        }
        const havePrimary = queueHead < queue.length;
        if (!havePrimary && reprobeHead >= reprobe.length) break;
        if (opts.rate) {
          if (tokens < 1) break;
          tokens -= 1;
        }
        if (havePrimary) launch(queue[queueHead++], 1);
        else launch(reprobe[reprobeHead++], 2);
      }
      if (queueHead >= queue.length && reprobeHead >= reprobe.length && inFlight.size === 0) finish();
    }

    // Timers run before the poll phase of libuv's loop: answers already waiting in epoll would
    // not be read yet. So the timeout check itself runs in the check phase, after the poll.
    function tick() {
      const now = performance.now();
      const lag = Math.max(0, now - lastTickAt - TICK_MS);
      lastTickAt = now;
      // Rises at once, decays slowly: one stall predicts more.
      lagMs = lag > lagMs ? lag : 0.95 * lagMs + 0.05 * lag;
      setImmediate(checkTimeouts);
    }

    function checkTimeouts() {
      if (finished) return;
      const now = performance.now();
      const t1 = firstTimeout();
      const t2 = reprobeTimeout();
      // Deleting the current entry while iterating a Set is safe in JS.
      for (const f of inFlight) {
        if (!f.probe) continue;
        const waited = now - f.probe.startedAt;
        if (waited < (f.attempt === 1 ? t1 : t2)) continue;
        inFlight.delete(f);
        f.probe.cancel();
        if (f.attempt === 1) {
          firstPassDone++;
          reprobe.push(f.port);
        } else {
          record({ port: f.port, state: 'filtered', reason: 'no-response', rttMs: null, attempts: 2 });
        }
      }
      pump();
      emitProgress(false);
    }

    function emitProgress(final: boolean) {
      if (!opts.onProgress) return;
      const now = performance.now();
      if (!final && now - lastProgress < (opts.progressEveryMs ?? 100)) return;
      lastProgress = now;
      const waitingFirst = queue.length - queueHead;
      let reprobing = reprobe.length - reprobeHead;
      for (const f of inFlight) if (f.attempt === 2) reprobing++;
      opts.onProgress({
        total,
        done: results.size,
        ...counts,
        inFlight: inFlight.size,
        reprobing,
        elapsedMs: Math.round(now - started),
        etaMs: final ? 0 : eta(now, waitingFirst, reprobing),
        timeoutMs: firstTimeout(),
        srttMs: round(rtt.srtt),
      });
    }

    /** Time left: the first pass at its observed pace, then the re-probes' wait. */
    function eta(now: number, waitingFirst: number, reprobing: number): number | undefined {
      let firstLeft = 0;
      if (waitingFirst > 0) {
        const pace = firstPassDone / Math.max(1, now - firstPassStarted);
        if (pace <= 0) return undefined;
        firstLeft = waitingFirst / pace;
      } else {
        for (const f of inFlight) if (f.attempt === 1) firstLeft = Math.max(firstLeft, firstTimeout() - (now - f.probe.startedAt));
      }
      let reprobeLeft = 0;
      for (const f of inFlight) if (f.attempt === 2) reprobeLeft = Math.max(reprobeLeft, reprobeTimeout() - (now - f.probe.startedAt));
      const mayGoSilent = waitingFirst > 0 || [...inFlight].some((f) => f.attempt === 1) || reprobe.length > reprobeHead;
      const perBatch = reprobeTimeout() * Math.ceil(Math.max(1, reprobing) / parallel);
      return Math.round(Math.max(firstLeft + (mayGoSilent && reprobing + waitingFirst > 0 ? perBatch : 0), reprobeLeft));
    }

    firstPassStarted = performance.now();
    pump();
  });
}

/**
 * EHOSTUNREACH cannot tell ICMP host-unreachable from admin-/host-prohibited. When the same host
 * answered other ports (open or closed), it is up, so a per-port ICMP error means a filter.
 */
export function deduceAdminProhibited(results: PortResult[]): PortResult[] {
  const hostAnswers = results.some((r) => r.reason === 'syn-ack' || r.reason === 'conn-refused');
  if (!hostAnswers) return results;
  return results.map((r) => (r.reason === 'host-unreach' ? { ...r, reason: 'admin-prohibited' } : r));
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 100) / 100;
}
