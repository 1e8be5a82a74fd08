/**
 * `explain --check`: runs the real check on the target the message names, so a person sees
 * whether the failure is still there. Loaded only with `--check` (the check pipeline pulls in
 * DNS, sockets and child processes; plain `explain` must start as fast as a bare node).
 */
import type { CheckReport } from '../evidence.js';
import type { Explanation } from './types.js';
import { expectedVerdict } from './verdicts.js';

export interface ExplainCheck {
  report: CheckReport;
  /** The check saw what the message describes. */
  agrees: boolean;
  /** One line for plain output. */
  summary: string;
}

/**
 * Checks `host:port` from the explanation with the foundation's runCheck.
 * @returns null when the message names no TCP target.
 */
export async function checkExplained(ex: Explanation, signal?: AbortSignal): Promise<ExplainCheck | null> {
  if (!ex.host || !ex.port) return null;
  const [{ runCheck }, { parseTarget, formatHostPort }] = await Promise.all([import('../guide/run-check.js'), import('../target.js')]);
  const where = formatHostPort(ex.host, ex.port);
  const target = parseTarget(where);
  const report = await runCheck(target, { signal, ping: false });
  // A TLS failure caused by a reset agrees with a `reset` verdict too.
  const expected = [expectedVerdict(ex.class), ex.also ? expectedVerdict(ex.also) : null];
  const agrees = expected.includes(report.verdict);
  let summary: string;
  if (agrees) summary = `Checked ${where} now: ${report.verdict}, the same failure as in the message. ${report.meaning}`;
  else if (report.verdict === 'open') summary = `Checked ${where} now: open. The failure is not happening any more (transient, fixed, or it depends on where you connect from).`;
  else summary = `Checked ${where} now: ${report.verdict}, not what the message shows. ${report.meaning}`;
  return { report, agrees, summary };
}
