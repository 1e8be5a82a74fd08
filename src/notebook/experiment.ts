/**
 * Runs an experiment cell: brings up the lab's loopback scenario, runs the real check against it
 * (in-process, as `tcpsleuth check` would), and records the kernel's view of the client socket
 * meanwhile. Unprivileged and loopback-only (127.0.0.0/8), so it runs for any user.
 */
import type { FindingId, SocketState, Verdict } from '../evidence.js';
import { runCheck } from '../guide/run-check.js';
import { listenersOn, readProcSockets, type ProcSocket } from '../checks/kernel.js';
import { scenarioInfo, upScenario } from '../lab/index.js';
import { startLoopbackServer, type LoopbackBehaviour } from '../lab/servers.js';
import type { ExperimentCell } from './cells.js';

/** Scenarios the notebook adds to the lab's loopback catalogue (same check, its own servers). */
const EXTRA: Record<string, { behaviour: LoopbackBehaviour; tls: boolean }> = {
  banner: { behaviour: 'banner', tls: false },
  tls: { behaviour: 'tls', tls: true },
};

/** Every scenario an experiment may name: the lab's loopback ones plus the notebook's extras. */
export function experimentScenarios(): string[] {
  return [...labLoopbackIds(), ...Object.keys(EXTRA)];
}

function labLoopbackIds(): string[] {
  const ids = ['open', 'refused', 'reset-after-connect', 'closed-after-connect', 'accept-queue-full', 'tls-delayed-reset', 'localhost-only'];
  return ids.filter((id) => scenarioInfo(id)?.kind === 'loopback');
}

/** One moment of the kernel's view of the client socket or the server's end of it (a row per change). */
export interface KernelMoment {
  side: 'client' | 'server';
  atMs: number;
  state: SocketState;
  retransmits: number;
}

export interface ExperimentResult {
  id: string;
  ok: boolean;
  expected: Verdict;
  observed: Verdict | 'error';
  /** What happened, in plain words: the check's meaning, or why the experiment could not run. */
  summary: string;
  /** Finding ids the check reported. */
  findings: FindingId[];
  /** Our socket and the server's end as the kernel saw them (Linux; empty elsewhere or when too fast to see). */
  kernel: KernelMoment[];
  /** The listener as the kernel saw it before we connected: connections waiting for accept(). */
  listener?: { acceptQueue: number };
  durationMs: number;
}

export interface ExperimentOptions {
  signal?: AbortSignal;
}

/** Runs one experiment to completion. Never throws for network or lab outcomes; aborting stops it. */
export async function runExperiment(cell: ExperimentCell, opts: ExperimentOptions = {}): Promise<ExperimentResult> {
  const started = Date.now();
  const base = { id: cell.id, expected: cell.expect, kernel: [] as KernelMoment[], findings: [] as FindingId[] };
  const extra = EXTRA[cell.scenario];
  const viaLab = !extra && labLoopbackIds().includes(cell.scenario);
  if (!extra && !viaLab) {
    const known = experimentScenarios().join(', ');
    return { ...base, ok: false, observed: 'error', summary: `unknown scenario "${cell.scenario}" (known: ${known})`, durationMs: 0 };
  }
  let down: (() => Promise<void>) | undefined;
  let watcher: ReturnType<typeof watchKernel> | undefined;
  try {
    let host: string;
    let port: number;
    let tls: boolean;
    if (viaLab) {
      const up = await upScenario(cell.scenario, { signal: opts.signal });
      down = up.down;
      ({ host, port, tls } = up.target);
    } else {
      const server = await startLoopbackServer(extra.behaviour);
      down = server.close;
      ({ host, port } = server);
      tls = extra.tls;
    }
    const before = await readProcSockets();
    const listener = listenerQueue(before, port);
    // Connections already there (the lab's own queue fillers, an old TIME_WAIT on a reused port) are
    // not ours: remember their client-side ports and skip them from either end.
    const others = new Set([
      ...before.filter((r) => r.remotePort === port).map((r) => r.localPort),
      ...before.filter((r) => r.localPort === port && r.state !== 'LISTEN').map((r) => r.remotePort),
    ]);
    watcher = watchKernel(host, port, others, started);
    const target = { host, port, portSource: 'explicit' as const, isIpLiteral: true, tls };
    const report = await runCheck(target, { signal: opts.signal, ping: false, tls });
    await watcher.stop();
    const observed = report.verdict;
    return { ...base, ok: observed === cell.expect, observed, summary: report.meaning, findings: report.findings, kernel: watcher.moments, listener, durationMs: Date.now() - started };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { ...base, ok: false, observed: 'error', summary: `the experiment could not run: ${msg}`, durationMs: Date.now() - started };
  } finally {
    await watcher?.stop();
    await down?.();
  }
}

function listenerQueue(rows: ProcSocket[], port: number): ExperimentResult['listener'] {
  const [row] = listenersOn(rows, port);
  return row ? { acceptQueue: row.rxQueue } : undefined;
}

/**
 * Polls the socket table every 25 ms: our client socket to host:port, and the server's end of it
 * (the side that closes first keeps a TIME_WAIT row for a minute, so it is seen even after the fact).
 */
function watchKernel(host: string, port: number, skip: Set<number>, started: number): { moments: KernelMoment[]; stop(): Promise<void> } {
  const moments: KernelMoment[] = [];
  let stopped = false;
  const note = (side: KernelMoment['side'], row: ProcSocket | undefined) => {
    if (!row) return;
    const last = moments.filter((m) => m.side === side).at(-1);
    if (!last || last.state !== row.state || last.retransmits !== row.retransmits) {
      moments.push({ side, atMs: Date.now() - started, state: row.state, retransmits: row.retransmits });
    }
  };
  const look = async () => {
    const rows = await readProcSockets();
    note('client', rows.find((r) => r.remotePort === port && r.remoteAddress === host && !skip.has(r.localPort)));
    note('server', rows.find((r) => r.localPort === port && r.state !== 'LISTEN' && !skip.has(r.remotePort)));
  };
  let pending: Promise<void> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    pending = look().then(() => {
      if (!stopped) timer = setTimeout(tick, 25);
    });
  };
  let timer = setTimeout(tick, 0);
  return {
    moments,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await pending;
      await look(); // one last look: what the connection left behind
    },
  };
}

/** Runs every experiment in order (never in parallel: each owns a loopback port and the kernel view). */
export async function runExperiments(cells: ExperimentCell[], opts: ExperimentOptions = {}): Promise<ExperimentResult[]> {
  const results: ExperimentResult[] = [];
  for (const cell of cells) {
    if (opts.signal?.aborted) break;
    results.push(await runExperiment(cell, opts));
  }
  return results;
}
