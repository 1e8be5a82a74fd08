/**
 * `check --hold`'s own line: what the held connections showed. The findings and what to set are
 * the story's (diagnosis/hold.ts, story-advice.ts), and so is its sentence; this adds the status.
 */
import type { HoldEvidence } from '../checks/hold.js';
import { holdDied, holdSeen } from '../diagnosis/hold.js';
import type { Paint } from '../output/colors.js';

/** One line: the hold's status, then what the held connections showed (the story's sentence). */
export function holdLine(e: HoldEvidence, paint: Paint): string {
  const status = e.outcome === 'alive' ? paint('ok', 'ok  ') : holdDied(e) ? paint('bad', 'FAIL') : paint('warn', 'n/a ');
  return `${status} hold     ${holdSeen(e)}`;
}
