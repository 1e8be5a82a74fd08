/**
 * Words both renderers use to lay out the ladder's rows: the direction of an arrow and the note a
 * row's flags stand for. Layout only: every fact comes from the row.
 */
import type { LadderSide } from '../diagnosis/ladder.js';
import type { LadderRow } from './times.js';

/** Which way a row's packet went, from the client's side of the page. */
export const ARROW: Record<LadderSide, string> = { client: 'client → server', server: 'client ← server', middlebox: 'client ← router' };

/** The note column: idle before, ours (what never came says so in its own words). */
export function rowNote(r: LadderRow): string {
  const notes: string[] = [];
  if (r.idleBefore) notes.push(`after ${r.idleBefore} idle`);
  if (r.ours) notes.push('ours: the check’s teardown');
  return notes.join('; ');
}
