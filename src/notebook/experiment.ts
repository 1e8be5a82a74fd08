/**
 * Runs an experiment cell: brings up the lab's loopback scenario, runs the real check against it
 * (in-process, as `tcpsleuth check` would), and records the kernel's view of the client socket
 * meanwhile. Loopback ones are unprivileged (127.0.0.0/8) and run for any user; namespace ones
 * (ns-experiment.ts) need root and are skipped with the reason otherwise.
 */
import type { FindingId, SocketState, Verdict } from '../evidence.js';
import { runCheck } from '../guide/run-check.js';
import { listenersOn, readProcSockets, stripMapped, type ProcSocket } from '../checks/kernel.js';
import { SCENARIOS, upScenario } from '../lab/index.js';
import { DNS_SCENARIOS, namespaceBlocker, runInNamespaces } from './ns-experiment.js';
import { startLoopbackServer, type LoopbackBehaviour } from '../lab/servers.js';
import type { ExperimentCell } from './cells.js';
import { isProbeId, PROBES, type ProbeOutcome } from './probes/catalogue.js';
import { runProbe } from './probes/index.js';

/** Scenarios the notebook adds to the lab's loopback catalogue (same check, its own servers). */
const EXTRA: Record<string, { behaviour: LoopbackBehaviour; tls: boolean }> = {
  banner: { behaviour: 'banner', tls: false },
  tls: { behaviour: 'tls', tls: true },
};

/** Every scenario an experiment may name: the lab's (loopback ones for anyone, namespace ones as root), the notebook's extras and its DNS faults. */
export function experimentScenarios(): string[] {
  return [...labLoopbackIds(), ...Object.keys(EXTRA), ...labNamespaceIds(), ...DNS_SCENARIOS, ...Object.keys(PROBES)];
}

function labLoopbackIds(): string[] {
  return SCENARIOS.filter((s) => s.kind === 'loopback').map((s) => s.id);
}

function labNamespaceIds(): string[] {
  return SCENARIOS.filter((s) => s.kind === 'namespace').map((s) => s.id);
}

/** True when the experiment needs namespaces (root, Linux). */
export function needsNamespaces(cell: ExperimentCell): boolean {
  return labNamespaceIds().includes(cell.scenario) || (DNS_SCENARIOS as readonly string[]).includes(cell.scenario);
}

/** The findings the cell asks for that the check did not report (or, for `findings: none`, any it did). */
function findingsMismatch(cell: ExperimentCell, seen: FindingId[]): string | undefined {
  if (!cell.findings) return undefined;
  if (cell.findings.length === 0) return seen.length ? `expected no findings, saw ${seen.join(', ')}` : undefined;
  const missing = cell.findings.filter((f) => !seen.includes(f));
  return missing.length ? `expected finding${missing.length === 1 ? '' : 's'} ${missing.join(', ')} not reported` : undefined;
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
  expected: ExperimentCell['expect'];
  observed: Verdict | ProbeOutcome | 'error';
  /** What happened, in plain words: the check's meaning, or why the experiment could not run. */
  summary: string;
  /** Finding ids the check reported. */
  findings: FindingId[];
  /** Our socket and the server's end as the kernel saw them (Linux; empty elsewhere or when too fast to see). */
  kernel: KernelMoment[];
  /** The listener as the kernel saw it before we connected: connections waiting for accept(). */
  listener?: { acceptQueue: number };
  /** The server's other sockets on the port before we connected, by state (e.g. { CLOSE_WAIT: 16 }, { SYN_RECV: 8 }). */
  server?: Record<string, number>;
  /** Why the experiment did not run on this machine (e.g. it needs root), and how to run it. */
  skipped?: string;
  /** Where the check ran: in this process on loopback, or in the lab's client namespace (no kernel view of ours then). */
  where?: 'loopback' | 'namespaces';
  /** Namespace experiments: the lab name their namespaces had (`tsl-NAME-c` …), removed at the end. */
  lab?: string;
  /** Probes: what was measured, one line each ("median round trip with Nagle on: 40.1 ms"). */
  measured?: string[];
  /** Probes: the measurements as numbers, for scripts (`learn ID --run --json`). */
  data?: Record<string, number | string | boolean | number[]>;
  durationMs: number;
}

export interface ExperimentOptions {
  signal?: AbortSignal;
}

/** Runs one experiment to completion. Never throws for network or lab outcomes; aborting stops it. */
export async function runExperiment(cell: ExperimentCell, opts: ExperimentOptions = {}): Promise<ExperimentResult> {
  const started = Date.now();
  const base = { id: cell.id, expected: cell.expect, kernel: [] as KernelMoment[], findings: [] as FindingId[] };
  if (isProbeId(cell.scenario)) return { ...base, ...(await runProbe(cell.scenario, cell.expect, opts.signal)), durationMs: Date.now() - started };
  const extra = EXTRA[cell.scenario];
  const viaLab = !extra && labLoopbackIds().includes(cell.scenario);
  if (needsNamespaces(cell)) return runNamespaced(cell, base, started, opts.signal);
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
    const server = stateCounts(before.filter((r) => r.localPort === port && r.state !== 'LISTEN'));
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
    const mismatch = findingsMismatch(cell, report.findings);
    return {
      ...base,
      ok: observed === cell.expect && !mismatch,
      observed,
      summary: mismatch ? `${report.meaning} (${mismatch})` : report.meaning,
      findings: report.findings,
      kernel: watcher.moments,
      listener,
      ...(Object.keys(server).length ? { server } : {}),
      durationMs: Date.now() - started,
    };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { ...base, ok: false, observed: 'error', summary: `the experiment could not run: ${msg}`, durationMs: Date.now() - started };
  } finally {
    await watcher?.stop();
    await down?.();
  }
}

function stateCounts(rows: ProcSocket[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}

type Base = Pick<ExperimentResult, 'id' | 'expected' | 'kernel' | 'findings'>;

/** A namespace experiment: skipped with the reason when this machine cannot run it. */
async function runNamespaced(cell: ExperimentCell, base: Base, started: number, signal?: AbortSignal): Promise<ExperimentResult> {
  const blocker = namespaceBlocker(cell);
  if (blocker) return { ...base, ok: false, observed: 'error', summary: `not run: ${blocker}`, skipped: blocker, durationMs: 0 };
  try {
    const { report, server, name } = await runInNamespaces(cell, signal);
    const mismatch = findingsMismatch(cell, report.findings);
    return {
      ...base,
      ok: report.verdict === cell.expect && !mismatch,
      observed: report.verdict,
      summary: mismatch ? `${report.meaning} (${mismatch})` : report.meaning,
      findings: report.findings,
      ...(server && Object.keys(server).length ? { server } : {}),
      where: 'namespaces',
      lab: name,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { ...base, ok: false, observed: 'error', summary: `the experiment could not run: ${msg}`, durationMs: Date.now() - started };
  }
}

function listenerQueue(rows: ProcSocket[], port: number): ExperimentResult['listener'] {
  const [row] = listenersOn(rows, port);
  return row ? { acceptQueue: row.rxQueue } : undefined;
}

/**
 * Our client socket to host:port in the socket table. A dual-stack (IPv6) socket shows an IPv4 peer
 * as `::ffff:a.b.c.d`, so addresses are compared without the mapping.
 */
export function clientRow(rows: ProcSocket[], host: string, port: number, skip: ReadonlySet<number> = new Set()): ProcSocket | undefined {
  const want = stripMapped(host);
  return rows.find((r) => r.remotePort === port && stripMapped(r.remoteAddress) === want && !skip.has(r.localPort));
}

/** The server's end of our connection: its local port is the target port (never the listener itself). */
export function serverRow(rows: ProcSocket[], port: number, skip: ReadonlySet<number> = new Set()): ProcSocket | undefined {
  return rows.find((r) => r.localPort === port && r.state !== 'LISTEN' && !skip.has(r.remotePort));
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
    note('client', clientRow(rows, host, port, skip));
    note('server', serverRow(rows, port, skip));
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
