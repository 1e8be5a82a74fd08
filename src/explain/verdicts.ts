/**
 * How an error class maps onto the verdicts of `tcpsleuth check` (DESIGN.md), so the guide can
 * jump from a pasted error to the branch that confirms it, and `explain --check` can say whether
 * the live check saw the same failure.
 */
import type { Verdict } from '../evidence.js';
import type { ErrorClass } from './types.js';

const EXPECTED: Partial<Record<ErrorClass, Verdict>> = {
  refused: 'refused',
  timeout: 'filtered',
  reset: 'reset',
  unreachable: 'unreachable',
  dns: 'dns-error',
  tls: 'tls-error',
  closed: 'closed',
};

/** The check verdict a message of this class predicts, or null (`other`, `unknown`). */
export function expectedVerdict(cls: ErrorClass): Verdict | null {
  return EXPECTED[cls] ?? null;
}
