/**
 * A check, then connections held idle on the address it connected to: the one sequence behind
 * `check --hold` and the chat's "keeps dropping after a while". Prints nothing: the report comes
 * back with the hold's findings joined in (findings, details with their numbers, lessons, `hold`).
 */
import { holdCheck, type HoldEvidence, type HoldProgress } from '../checks/hold.js';
import { diagnoseHold, type HoldFinding } from '../diagnosis/hold.js';
import type { CheckReport, StepEvidence, Target } from '../evidence.js';
import { runCheck, type RunCheckOptions } from '../guide/run-check.js';
import { withStory } from '../guide/story-context.js';
import { readTcpTimings } from '../kernel-timing.js';

/** The check's report with the hold's findings and evidence joined in. */
export type HeldReport = CheckReport & { hold?: HoldEvidence };

export interface CheckThenHoldOptions {
  /** The longest idle time to try. */
  holdMs: number;
  signal?: AbortSignal;
  /** The check's own options (ping, budget, TLS). */
  check?: Omit<RunCheckOptions, 'signal' | 'onStep'>;
  onStep?: (s: StepEvidence) => void;
  /** Called once the check is open and the hold starts, with the address held. */
  onHoldStart?: (address: string) => void;
  onHoldProgress?: (p: HoldProgress) => void;
  /** The check to run (default runCheck; `--server` or tests may pass another). */
  run?: typeof runCheck;
}

export interface CheckThenHoldResult {
  report: HeldReport;
  /** Absent when the check was not open (there was nothing to hold). */
  hold?: HoldEvidence;
  findings: HoldFinding[];
}

/** Adds the hold's findings, details (with their numbers) and lessons to the check's report, and tells its story again with them. */
export function joinHold(report: CheckReport, hold: HoldEvidence, findings: readonly HoldFinding[]): HeldReport {
  const joined: HeldReport = {
    ...report,
    findings: [...report.findings, ...findings.map((f) => f.id)],
    details: [...report.details, ...findings],
    lessons: [...new Set([...report.lessons, ...findings.map((f) => f.lesson)])],
    hold,
  };
  return report.story ? (withStory(joined) as HeldReport) : joined;
}

/** Runs the check, then (when it is open) the hold on the address it used. */
export async function checkThenHold(target: Target, opts: CheckThenHoldOptions): Promise<CheckThenHoldResult> {
  const report = await (opts.run ?? runCheck)(target, { ...opts.check, signal: opts.signal, onStep: opts.onStep });
  const address = report.target.addressUsed ?? report.target.addresses[0];
  if (report.verdict !== 'open' || !address) return { report, findings: [] };
  opts.onHoldStart?.(address);
  const hold = await holdCheck({ address, port: target.port, durationMs: opts.holdMs, budgetMs: opts.check?.budgetMs }, { signal: opts.signal, onProgress: opts.onHoldProgress });
  const findings = diagnoseHold(hold, readTcpTimings());
  return { report: joinHold(report, hold, findings), hold, findings };
}
