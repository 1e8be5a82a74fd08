/**
 * Many checks at once, at most `parallel` at a time: each target's report arrives as it finishes,
 * so the wall time is close to the slowest check's rather than the sum of them all.
 */
import type { CheckReport, Target } from '../evidence.js';

export interface ManyOptions {
  parallel: number;
  signal?: AbortSignal;
  onStart?: (index: number) => void;
  onDone?: (index: number, report: CheckReport) => void;
}

/** Runs `check` on every target with a concurrency bound; resolves with the reports in input order. */
export async function runMany(targets: Target[], check: (t: Target) => Promise<CheckReport>, opts: ManyOptions): Promise<CheckReport[]> {
  const reports: CheckReport[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length && !opts.signal?.aborted) {
      const i = next++;
      opts.onStart?.(i);
      const report = await check(targets[i]);
      reports[i] = report;
      opts.onDone?.(i, report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel, targets.length)) }, worker));
  return reports;
}

/** 0 only when every target is `open`. */
export function manyExitCode(reports: CheckReport[]): number {
  return reports.length && reports.every((r) => r?.verdict === 'open') ? 0 : 1;
}
