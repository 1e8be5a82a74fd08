/**
 * The scan engine: connect probes to many ports of one address, with bounded parallelism, an
 * optional rate cap, adaptive no-response timeouts and one late re-probe of silent ports.
 * No UI here: progress goes out through callbacks.
 *
 * A port's first probe that stays silent past the adaptive budget is not given up: it keeps
 * waiting until just past the kernel's own SYN retransmission (which rescues an ECN blackhole),
 * and meanwhile a re-probe sends a fresh SYN (which rescues a lost one). Whichever answers first
 * decides; the port is `filtered / no-response` only when both have waited out their budget.
 */
import { isIPv6 } from 'node:net';
import { ProbePool, type ProbeAnswer, type RunningProbe } from './probe.js';
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

/** One port's progress through the scan. */
interface PortTask {
  port: number;
  done: boolean;
  /** The first probe went silent: a re-probe is queued or running. */
  silent: boolean;
  reprobeStarted: boolean;
  /** The probes waiting for this port (at most the first and the re-probe). */
  first?: InFlight;
  second?: InFlight;
  localRetries: number;
}

interface InFlight {
  task: PortTask;
  attempt: 1 | 2;
  probe: RunningProbe;
  /** When this probe's long wait (past the kernel's SYN retransmit) is measured from. */
  anchor: number;
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
  const queue: PortTask[] = [...new Set(ports)].map((port) => ({ port, done: false, silent: false, reprobeStarted: false, first: undefined, second: undefined, localRetries: 0 }));
  const total = queue.length;
  let queueHead = 0;
  const reprobe: PortTask[] = [];
  let reprobeHead = 0;
  const inFlight = new Set<InFlight>();
  const results = new Map<number, PortResult>();
  const counts = { open: 0, closed: 0, filtered: 0 };
  let silentNow = 0;
  // Token bucket for --rate: a burst of at most two ticks' worth, so the pace stays even.
  let tokens = 1;
  let tokensAt = performance.now();
  let lastProgress = 0;
  // After a local resource error, new probes wait a little instead of failing in a tight loop.
  let pausedUntil = 0;
  let firstDecided = 0;

  const probes = new ProbePool();
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
      probes.close();
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

    const drop = (f: InFlight) => {
      inFlight.delete(f);
      if (f.task.first === f) f.task.first = undefined;
      if (f.task.second === f) f.task.second = undefined;
    };

    const settle = (task: PortTask, r: PortResult) => {
      task.done = true;
      if (task.silent) silentNow--;
      for (const other of [task.first, task.second]) {
        if (!other) continue;
        other.probe?.cancel();
        drop(other);
      }
      results.set(r.port, r);
      counts[r.state]++;
      opts.onResult?.(r);
    };

    const markSilent = (task: PortTask) => {
      if (task.silent) return;
      task.silent = true;
      silentNow++;
      firstDecided++;
      reprobe.push(task);
    };

    const onAnswer = (entry: InFlight, a: ProbeAnswer) => {
      if (finished || !inFlight.has(entry)) return;
      drop(entry);
      const task = entry.task;
      if (task.done) return;
      if (a.kind === 'answer') {
        rtt.add(a.rttMs);
        if (!task.silent) firstDecided++;
        settle(task, { port: task.port, state: a.state, reason: a.reason, rttMs: round(a.rttMs) ?? null, attempts: entry.attempt, errorCode: a.errorCode });
      } else {
        // Out of fds or source ports: hold fewer sockets and try this port again.
        parallel = Math.min(parallel, Math.max(MIN_PARALLEL, Math.floor(inFlight.size * 0.9)));
        pausedUntil = performance.now() + TICK_MS * 2;
        if (++task.localRetries > MAX_LOCAL_RETRIES) {
          if (!task.silent) firstDecided++;
          settle(task, { port: task.port, state: 'filtered', reason: 'local-error', rttMs: null, attempts: entry.attempt, errorCode: a.errorCode });
        } else if (entry.attempt === 1 && !task.silent) queue.push(task);
        else if (entry.attempt === 2) {
          task.reprobeStarted = false;
          reprobe.push(task);
        }
      }
      schedulePump();
    };

    const launch = (task: PortTask, attempt: 1 | 2) => {
      const entry = { task, attempt } as InFlight;
      inFlight.add(entry);
      if (attempt === 1) task.first = entry;
      else task.second = entry;
      // A re-probe that starts while the first probe still waits ends with it; one that starts
      // later (a long scan re-probes last) gets the whole wait of its own.
      const first = attempt === 2 ? task.first : undefined;
      entry.probe = probes.start(address, task.port, family, (a) => onAnswer(entry, a));
      entry.anchor = first?.probe?.startedAt ?? entry.probe.startedAt;
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

    function nextTask(): [PortTask, 1 | 2] | undefined {
      while (queueHead < queue.length) {
        const t = queue[queueHead++];
        if (!t.done) return [t, 1];
      }
      while (reprobeHead < reprobe.length) {
        const t = reprobe[reprobeHead++];
        if (!t.done && !t.reprobeStarted) return [t, 2];
      }
      return undefined;
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
        if (opts.rate && tokens < 1) break;
        const next = nextTask();
        if (!next) break;
        if (opts.rate) tokens -= 1;
        if (next[1] === 2) next[0].reprobeStarted = true;
        launch(next[0], next[1]);
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
        if (waited < t1) continue;
        const task = f.task;
        if (f.attempt === 1) markSilent(task);
        // A fixed --timeout is one wait per probe; the adaptive one waits past the SYN retransmit.
        const expired = fixed !== undefined ? waited >= fixed : now - f.anchor >= t2;
        if (!expired) continue;
        f.probe.cancel();
        drop(f);
        if (!task.first && !task.second && task.reprobeStarted) {
          settle(task, { port: task.port, state: 'filtered', reason: 'no-response', rttMs: null, attempts: 2 });
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
      opts.onProgress({
        total,
        done: results.size,
        ...counts,
        inFlight: inFlight.size,
        reprobing: silentNow,
        elapsedMs: Math.round(now - started),
        etaMs: final ? 0 : eta(now),
        timeoutMs: firstTimeout(),
        srttMs: round(rtt.srtt),
      });
    }

    /** Time left: the first probes at their observed pace, then the silent ports' long wait. */
    function eta(now: number): number | undefined {
      const waitingFirst = queue.length - queueHead;
      let left = 0;
      if (waitingFirst > 0) {
        const pace = firstDecided / Math.max(1, now - started);
        if (pace <= 0) return undefined;
        left = waitingFirst / pace;
      }
      let longest = 0;
      for (const f of inFlight) if (f.probe) longest = Math.max(longest, reprobeTimeout() - (now - f.anchor));
      const queuedReprobes = reprobe.length - reprobeHead;
      const rounds = queuedReprobes > 0 ? Math.ceil(queuedReprobes / parallel) * reprobeTimeout() : 0;
      return Math.round(Math.max(left + rounds, silentNow > 0 || waitingFirst > 0 ? longest : 0));
    }

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
