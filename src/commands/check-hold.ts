/**
 * `check HOST:PORT --hold DURATION`: the check, then connections held idle on the address it
 * connected to (src/watch/hold-run.ts). Prints plain lines or the joined report (`--json`:
 * `findings`, `details` with idleTimeoutMs, and `hold`), and with `--report FILE` writes that same
 * joined report; the interactive guide has no hold step.
 */
import type { Target } from '../evidence.js';
import { exitCodeFor, EXIT } from '../evidence.js';
import { UsageError } from '../errors.js';
import { colorEnabled, painter } from '../output/colors.js';
import { printJson } from '../output/json.js';
import { formatHeader, formatStep, formatVerdict } from '../output/plain.js';
import type { runCheck } from '../guide/run-check.js';
import { kernelCollector } from '../report/index.js';
import { holdLine } from '../watch/hold-text.js';
import { vetReportArg, writeReportFile } from './check-report.js';
import { holdDied } from '../diagnosis/hold.js';
import { checkThenHold } from '../watch/hold-run.js';

export interface HoldRun {
  holdMs: number;
  json: boolean;
  signal: AbortSignal;
  /** The check's own options, passed through. */
  checkOptions: Parameters<typeof runCheck>[1];
  /** Options that do not go with --hold, by name (set ones only). */
  conflicts: string[];
  /** `--report FILE` (and `--force`): the joined report written there too. */
  report?: { file: string; force: boolean };
}

/** Runs the check, then the hold; exit 1 when held connections died, else the verdict's code. */
export async function checkAndHold(target: Target, run: HoldRun, check: typeof runCheck): Promise<number> {
  if (run.conflicts.length) throw new UsageError(`--hold checks one target, on its own: it does not go with ${run.conflicts.join(', ')}`);
  if (run.report) vetReportArg(run.report.file, run.report.force, false);
  const kernel = kernelCollector();
  const paint = painter(colorEnabled(process.stdout));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (!run.json) out(formatHeader(target.host, target.port, paint));
  const { report, hold } = await checkThenHold(target, {
    holdMs: run.holdMs,
    signal: run.signal,
    check: { ...run.checkOptions, onProgress: kernel.onProgress },
    run: check,
    onStep: run.json ? undefined : (s) => out(formatStep(s, paint)),
    onHoldStart: run.json ? undefined : (address) => out(paint('muted', `holding connections to ${address} idle for up to ${Math.round(run.holdMs / 1000)} s (Ctrl-C stops)…`)),
  });
  if (run.json) printJson(report);
  else if (!hold) out(`${formatVerdict(report, paint)}\n${paint('muted', 'hold: skipped, there is no open connection to hold')}`);
  else {
    out(holdLine(hold, paint));
    out(formatVerdict(report, paint));
  }
  const written = run.report ? await writeReportFile(report, { report: run.report.file, force: run.report.force, json: run.json, signal: run.signal, kernel: kernel.points }) : undefined;
  return written ?? (holdDied(hold) ? EXIT.verdict : exitCodeFor(report.verdict));
}
