/**
 * Runs an experiment cell: starts the named loopback lab scenario, connects to it the way the
 * check does, and reports the verdict seen with the kernel's socket states along the way.
 * Unprivileged and loopback-only (127.0.0.0/8), so it runs for any user.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { SocketState, Verdict } from '../evidence.js';
import { startLoopbackServer, type LoopbackBehaviour } from '../lab/servers.js';
import type { ExperimentCell } from './cells.js';
import { readSocketTable, type SocketRow } from './kernel-sockets.js';

interface ScenarioSpec {
  behaviour: LoopbackBehaviour;
  /** Where the client connects (localhost-only listens on 127.0.0.1; we come from 127.0.0.2). */
  connectHost?: string;
  tls?: boolean;
}

/** The loopback scenarios an experiment can name. */
export const SCENARIOS: Record<string, ScenarioSpec> = {
  open: { behaviour: 'open' },
  banner: { behaviour: 'banner' },
  refused: { behaviour: 'refused' },
  'reset-after-connect': { behaviour: 'reset-after-connect' },
  'closed-after-connect': { behaviour: 'closed-after-connect' },
  'accept-queue-full': { behaviour: 'accept-queue-full' },
  'localhost-only': { behaviour: 'localhost-only', connectHost: '127.0.0.2' },
  tls: { behaviour: 'tls', tls: true },
  'tls-delayed-reset': { behaviour: 'tls-delayed-reset', tls: true },
};

/** One moment of the kernel's view of the client socket (deduplicated: a row per change). */
export interface KernelMoment {
  atMs: number;
  state: SocketState;
  retransmits: number;
}

export interface ExperimentResult {
  id: string;
  ok: boolean;
  expected: Verdict;
  observed: Verdict | 'error';
  /** What happened, in one line of plain words. */
  summary: string;
  /** Our socket as the kernel saw it while connecting (Linux; empty elsewhere or when too fast to see). */
  kernel: KernelMoment[];
  /** The listener as the kernel saw it before we connected: connections waiting for accept(). */
  listener?: { acceptQueue: number };
  durationMs: number;
}

export interface ExperimentOptions {
  signal?: AbortSignal;
  /** How long a SYN may go unanswered before we call it `filtered`. */
  connectBudgetMs?: number;
  /** How long to watch an open connection for a RST or FIN. */
  observeMs?: number;
}

/** Runs one experiment to completion. Never throws for network outcomes; aborting stops it. */
export async function runExperiment(cell: ExperimentCell, opts: ExperimentOptions = {}): Promise<ExperimentResult> {
  const started = Date.now();
  const spec = SCENARIOS[cell.scenario];
  const base = { id: cell.id, expected: cell.expect, kernel: [] as KernelMoment[] };
  if (!spec) {
    return { ...base, ok: false, observed: 'error', summary: `unknown scenario "${cell.scenario}" (known: ${Object.keys(SCENARIOS).join(', ')})`, durationMs: 0 };
  }
  const server = await startLoopbackServer(spec.behaviour);
  const host = spec.connectHost ?? server.host;
  let watcher: { moments: KernelMoment[]; stop(): void } | undefined;
  let listener: ExperimentResult['listener'];
  try {
    const before = await readSocketTable();
    listener = listenerQueue(before, server.port);
    // Sockets already there (the lab's own queue fillers) are not ours: skip them.
    const others = new Set(before.filter((r) => r.remote.port === server.port).map((r) => r.local.port));
    watcher = watchKernel(host, server.port, others, started);
    const { verdict, summary } = await probe(host, server.port, spec.tls === true, opts);
    return { ...base, ok: verdict === cell.expect, observed: verdict, summary, kernel: watcher.moments, listener, durationMs: Date.now() - started };
  } finally {
    watcher?.stop();
    await server.close();
  }
}

function listenerQueue(rows: SocketRow[], port: number): ExperimentResult['listener'] {
  const row = rows.find((r) => r.state === 'LISTEN' && r.local.port === port);
  return row ? { acceptQueue: row.rxQueue } : undefined;
}

/** Polls the socket table every 50 ms for the client's socket to host:port. */
function watchKernel(host: string, port: number, skip: Set<number>, started: number): { moments: KernelMoment[]; stop(): void } {
  const moments: KernelMoment[] = [];
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    const rows = await readSocketTable();
    const mine = rows.find((r) => r.remote.port === port && r.remote.addr === host && !skip.has(r.local.port));
    if (mine) {
      const last = moments[moments.length - 1];
      if (!last || last.state !== mine.state || last.retransmits !== mine.retransmits) {
        moments.push({ atMs: Date.now() - started, state: mine.state, retransmits: mine.retransmits });
      }
    }
    if (!stopped) timer = setTimeout(tick, 50);
  };
  let timer = setTimeout(tick, 0);
  return {
    moments,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

type ProbeOutcome = { verdict: Verdict; summary: string };

/** Connects, then (for TLS) shakes hands, then watches briefly for RST or FIN. */
function probe(host: string, port: number, useTls: boolean, opts: ExperimentOptions): Promise<ProbeOutcome> {
  const budget = opts.connectBudgetMs ?? 2000;
  const observe = opts.observeMs ?? 600;
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const socket = net.connect({ host, port });
    let timer = setTimeout(() => finish('filtered', `no answer to the SYN within ${budget} ms: the SYN was dropped`), budget);
    const finish = (verdict: Verdict, summary: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({ verdict, summary });
    };
    const onAbort = () => finish('filtered', 'interrupted before an answer came');
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (useTls && connected) return; // the TLS layer reports it
      if (e.code === 'ECONNREFUSED') finish('refused', 'the SYN was answered with RST: nothing listens there (ECONNREFUSED)');
      else if (e.code === 'ECONNRESET') finish('reset', 'the handshake completed, then the server sent RST (ECONNRESET)');
      else if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') finish('unreachable', `no way there (${e.code})`);
      else finish('filtered', `connect failed: ${e.code ?? e.message}`);
    });
    socket.on('connect', () => {
      connected = true;
      clearTimeout(timer);
      if (useTls) return startTls();
      timer = setTimeout(() => finish('open', `the handshake completed and the connection stayed up for ${observe} ms`), observe);
      socket.on('data', () => finish('open', 'the handshake completed and the server spoke first (a banner)'));
      socket.on('end', () => finish('closed', 'the handshake completed, then the server closed with FIN before any exchange'));
    });
    const startTls = () => {
      const secure = tls.connect({ socket, servername: 'localhost', rejectUnauthorized: true });
      timer = setTimeout(() => finish('open', 'TCP was up; the TLS handshake is still waiting'), budget);
      secure.on('secureConnect', () => finish('open', 'TCP and TLS handshakes both completed'));
      secure.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNRESET') finish('reset', 'TCP completed, then RST arrived during the TLS handshake');
        else finish('tls-error', `TCP was fine; TLS failed: ${e.message}`);
      });
      secure.on('end', () => finish('closed', 'TCP completed, then FIN arrived during the TLS handshake'));
    };
  });
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
