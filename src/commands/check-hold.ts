/**
 * `check HOST:PORT --hold DURATION`: the check, then connections held idle on the address it
 * connected to (src/checks/hold.ts), judged by src/diagnosis/hold.ts. The hold's findings join
 * the report's (`--json`: `findings`, `details` with idleTimeoutMs, and `hold`). Plain lines only:
 * the interactive guide has no hold step.
 */
import type { CheckReport, Target } from '../evidence.js';
import { exitCodeFor, EXIT } from '../evidence.js';
import { UsageError } from '../errors.js';
import { holdCheck, type HoldEvidence } from '../checks/hold.js';
import { diagnoseHold, type HoldFinding } from '../diagnosis/hold.js';
import { readTcpTimings } from '../kernel-timing.js';
import { colorEnabled, painter } from '../output/colors.js';
import { printJson } from '../output/json.js';
import { formatHeader, formatStep, formatVerdict } from '../output/plain.js';
import type { runCheck } from '../guide/run-check.js';
import { holdFindingLines, holdLine } from '../watch/hold-text.js';

export interface HoldRun {
  holdMs: number;
  json: boolean;
  signal: AbortSignal;
  budgetMs?: number;
  /** The check's own options, passed through. */
  checkOptions: Parameters<typeof runCheck>[1];
  /** Options that do not go with --hold, by name (set ones only). */
  conflicts: string[];
}

/** The report with the hold's findings and evidence joined in. */
export type HeldReport = CheckReport & { hold?: HoldEvidence };

/** Adds the hold's findings, details (with their numbers) and lessons to the check's report. */
export function joinHold(report: CheckReport, hold: HoldEvidence, findings: readonly HoldFinding[]): HeldReport {
  return {
    ...report,
    findings: [...report.findings, ...findings.map((f) => f.id)],
    details: [...report.details, ...findings],
    lessons: [...new Set([...report.lessons, ...findings.map((f) => f.lesson)])],
    hold,
  };
}

/** Runs the check, then the hold; exit 1 when held connections died, else the verdict's code. */
export async function checkAndHold(target: Target, run: HoldRun, check: typeof runCheck): Promise<number> {
  if (run.conflicts.length) throw new UsageError(`--hold checks one target, on its own: it does not go with ${run.conflicts.join(', ')}`);
  const paint = painter(colorEnabled(process.stdout));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (!run.json) out(formatHeader(target.host, target.port, paint));
  const report = await check(target, { ...run.checkOptions, signal: run.signal, onStep: run.json ? undefined : (s) => out(formatStep(s, paint)) });
  const address = report.target.addressUsed ?? report.target.addresses[0];
  if (report.verdict !== 'open' || !address) {
    if (run.json) printJson(report);
    else out(`${formatVerdict(report, paint)}\n${paint('muted', 'hold: skipped, there is no open connection to hold')}`);
    return exitCodeFor(report.verdict);
  }
  if (!run.json) out(paint('muted', `holding connections to ${address} idle for up to ${Math.round(run.holdMs / 1000)} s (Ctrl-C stops)…`));
  const hold = await holdCheck({ address, port: target.port, durationMs: run.holdMs, budgetMs: run.budgetMs }, { signal: run.signal });
  const findings = diagnoseHold(hold, readTcpTimings());
  const joined = joinHold(report, hold, findings);
  if (run.json) printJson(joined);
  else {
    out(holdLine(hold, paint));
    out(formatVerdict(report, paint));
    for (const line of holdFindingLines(findings, paint)) out(line);
  }
  const died = hold.outcome === 'reset' || hold.outcome === 'silent' || hold.outcome === 'closed';
  return died ? EXIT.verdict : exitCodeFor(report.verdict);
}
