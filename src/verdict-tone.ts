/**
 * How alarming each verdict is, as one table for every renderer (the Ink guide, plain lines,
 * the chat): open is good news; closed and a TLS failure are answers with a clear next step;
 * silence, resets, refusals, routing and DNS failures are trouble.
 */
import type { Verdict } from './evidence.js';

export type VerdictSeverity = 'ok' | 'warn' | 'fail';

export const VERDICT_SEVERITY: Record<Verdict, VerdictSeverity> = {
  open: 'ok',
  'tls-error': 'warn',
  closed: 'warn',
  reset: 'fail',
  filtered: 'fail',
  refused: 'fail',
  unreachable: 'fail',
  'dns-error': 'fail',
};
