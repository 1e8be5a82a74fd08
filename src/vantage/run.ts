/**
 * The same check from several vantage points at once: this machine (the full local check) and
 * machines over ssh (the probe), at most `parallel` at a time, so the wall time is close to the
 * slowest vantage point's, not the sum. A vantage point that fails (ssh refused, no tools) is a
 * report without a verdict, never the end of the run. Then the difference is diagnosed.
 */
import { setMaxListeners } from 'node:events';
import { diagnoseVantages, type VantageEvidence } from '../diagnosis/vantage.js';
import type { Target } from '../evidence.js';
import { runCheck, type RunCheckOptions } from '../guide/run-check.js';
import { openSshControl, type SshControl } from '../remote/control.js';
import type { SshDestination } from '../remote/ssh.js';
import { checkFromSsh } from './ssh-check.js';
import type { FleetSummary, Vantage, VantageReport } from './types.js';

/** How many vantage points are checked at once unless told otherwise. */
export const DEFAULT_FROM_PARALLEL = 16;

export interface FromOptions {
  signal?: AbortSignal;
  /** At most this many vantage points at once (default 16). */
  parallel?: number;
  /** The connect budget per address (`--timeout`). */
  budgetMs?: number;
  ping?: boolean;
  tls?: boolean;
  servername?: string;
  /** For the local vantage point only: the local check's own options (`--ca`, `--capture`). */
  local?: Omit<RunCheckOptions, 'signal' | 'budgetMs' | 'ping' | 'tls' | 'servername'>;
  /**
   * Share ssh connections across runs (the caller closes it). Without one, a run shares them only
   * between its own vantage points on the same host, and closes them at its end.
   */
  control?: SshControl;
  onStart?: (index: number) => void;
  onDone?: (index: number, report: VantageReport) => void;
}

export interface FromResult {
  /** One report per vantage point, in the order given. */
  reports: VantageReport[];
  summary: FleetSummary;
}

/** This machine's check as a vantage point's report. */
async function checkFromHere(target: Target, opts: FromOptions): Promise<VantageReport> {
  const report = await runCheck(target, { ...opts.local, signal: opts.signal, budgetMs: opts.budgetMs, ping: opts.ping, tls: opts.tls, servername: opts.servername });
  const used = report.steps.find((s) => s.id === 'connect' && (s.evidence as { address?: string }).address === report.target.addressUsed);
  const source = (used?.evidence as { localAddress?: string } | undefined)?.localAddress;
  return { from: 'local', ...report, vantage: { kind: 'local', source, method: 'node' } };
}

/** Runs `fn` on every item, at most `limit` at once; stops starting new ones once `signal` aborts. */
async function bounded<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** What the difference rules read from a report. */
export function vantageEvidence(r: VantageReport): VantageEvidence {
  const dns = r.steps.find((s) => s.id === 'dns');
  const resolved = r.verdict !== null && dns && (dns.outcome === 'pass' || dns.outcome === 'fail') ? r.target.addresses : undefined;
  return { from: r.from, verdict: r.verdict, resolved, results: r.target.results ?? [], source: r.vantage.source };
}

/** The summary line: every verdict and the findings about their difference. */
export function fleetSummary(target: Target, reports: readonly VantageReport[], durationMs: number): FleetSummary {
  const d = diagnoseVantages(reports.map(vantageEvidence));
  return {
    summary: true,
    target: { host: target.host, port: target.port },
    verdicts: reports.map((r) => ({ from: r.from, verdict: r.verdict, addresses: r.target.addresses, ...(r.vantage.source ? { source: r.vantage.source } : {}) })),
    findings: d.findings,
    details: d.details,
    lessons: d.lessons,
    durationMs,
  };
}

/**
 * Checks `target` from every vantage point (bounded fan-out) and diagnoses the difference.
 * Resolves with every report (in the order given) and the summary; throws only when aborted.
 */
export async function runFromVantages(target: Target, vantages: readonly Vantage[], opts: FromOptions = {}): Promise<FromResult> {
  const t0 = performance.now();
  // Without a caller's control, share connections only where this run goes to a host twice: a
  // master per distinct host would cost a fork and an `ssh -O exit` each and save nothing.
  const repeated = repeatedDestinations(vantages);
  const control = opts.control ?? (repeated.size ? openSshControl() : undefined);
  const share = (v: Vantage) => (opts.control || (v.kind === 'ssh' && repeated.has(destinationKey(v.dest))) ? control : undefined);
  // Each running ssh listens for the signal and for the process's exit: N of them at once are expected, not a leak.
  const limit = Math.max(1, Math.min(opts.parallel ?? DEFAULT_FROM_PARALLEL, vantages.length));
  const before = process.getMaxListeners();
  process.setMaxListeners(before + limit);
  if (opts.signal) setMaxListeners(limit + 10, opts.signal);
  try {
    const reports = await bounded(
      vantages,
      limit,
      async (v, i) => {
        opts.onStart?.(i);
        const r = v.kind === 'local' ? await checkFromHere(target, opts) : await checkFromSsh(target, v.label, v.dest, { ...opts, control: share(v) });
        opts.onDone?.(i, r);
        return r;
      },
      opts.signal,
    );
    if (opts.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    return { reports, summary: fleetSummary(target, reports, performance.now() - t0) };
  } finally {
    process.setMaxListeners(before);
    if (!opts.control) await control?.close();
  }
}

/** What makes two ssh vantage points the same connection (ControlPath's %C: host, port, user), plus the config. */
function destinationKey(d: SshDestination): string {
  return `${d.user ?? ''}@${d.host}:${d.port ?? ''} ${d.configFile ?? ''}`;
}

function repeatedDestinations(vantages: readonly Vantage[]): Set<string> {
  const seen = new Map<string, number>();
  for (const v of vantages) if (v.kind === 'ssh') seen.set(destinationKey(v.dest), (seen.get(destinationKey(v.dest)) ?? 0) + 1);
  return new Set([...seen].filter(([, n]) => n > 1).map(([k]) => k));
}

/** 0 only when every vantage point says `open`. */
export function fromExitCode(reports: readonly VantageReport[]): number {
  return reports.length > 0 && reports.every((r) => r.verdict === 'open') ? 0 : 1;
}
