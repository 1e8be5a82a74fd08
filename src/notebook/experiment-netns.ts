/**
 * Experiments on the lab's namespace scenarios (client ── router ── server, root only): the fault
 * is built under its own name (`tsl-learn-<id>-*`, apart from `lab up`), the real check runs inside
 * the client namespace as a child process, and everything is removed whatever happens. Without
 * root (or off Linux) the experiment is skipped with what it needs, never failed.
 */
import { scenarioInfo, upScenario } from '../lab/index.js';
import { runCheckProcess } from '../lab/run-check.js';
import { isRoot } from '../tools.js';
import type { ExperimentCell } from './cells.js';
import type { ExperimentOptions, ExperimentResult } from './experiment.js';

/** True when the experiment's scenario is one of the lab's namespace scenarios. */
export function isNamespaceExperiment(cell: Pick<ExperimentCell, 'scenario'>): boolean {
  return scenarioInfo(cell.scenario)?.kind === 'namespace';
}

/** Why a namespace experiment cannot run here, with what to do; undefined when it can. */
export function namespaceExperimentBlocked(lessonId?: string): string | undefined {
  if (process.platform !== 'linux') return `it needs Linux network namespaces (this is ${process.platform})`;
  if (!isRoot()) return `it builds network namespaces, which needs root: run sudo tcpsleuth learn ${lessonId ?? 'LESSON'} --run`;
  return undefined;
}

/** Runs one namespace experiment to completion; never throws for lab or network outcomes. */
export async function runNamespaceExperiment(cell: ExperimentCell, opts: ExperimentOptions & { lessonId?: string } = {}): Promise<ExperimentResult> {
  const started = Date.now();
  const base = { id: cell.id, expected: cell.expect, kernel: [], findings: [] as string[] };
  const blocked = namespaceExperimentBlocked(opts.lessonId);
  if (blocked) {
    return { ...base, ok: false, observed: 'skipped', skipped: blocked, summary: `skipped: ${blocked}`, durationMs: 0 };
  }
  let down: (() => Promise<void>) | undefined;
  try {
    const up = await upScenario(cell.scenario, { signal: opts.signal, name: `learn-${cell.scenario}`.slice(0, 31) });
    down = up.down;
    const report = await runCheckProcess({ ...up.target, signal: opts.signal });
    return { ...base, ok: report.verdict === cell.expect, observed: report.verdict, summary: report.meaning, findings: report.findings, namespace: up.target.namespace, durationMs: Date.now() - started };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { ...base, ok: false, observed: 'error', summary: `the experiment could not run: ${msg}`, durationMs: Date.now() - started };
  } finally {
    await down?.();
  }
}
