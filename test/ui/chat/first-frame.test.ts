/**
 * The first screen drawn before Ink loads: the same words as the chat's own first frame (the
 * placeholder, the starter chips, the idle key hint), one screen row per line (erase counts rows).
 */
import { describe, expect, it } from 'vitest';
import { CHAT_PLACEHOLDER, firstFrameRows } from '../../../src/ui/chat/first-frame.js';
import { idleHint } from '../../../src/ui/chat/chat-keys.js';
import { STARTERS } from '../../../src/chat/suggest.js';

describe('the first frame', () => {
  it.each([40, 80, 120, 200])('at %i columns every row fits one screen row', (columns) => {
    for (const row of firstFrameRows(columns)) expect(row.length).toBeLessThanOrEqual(columns);
  });
  it('draws the box with the placeholder, the chips and the idle hint the chat draws', () => {
    const rows = firstFrameRows(120);
    expect(rows.join('\n')).toContain(CHAT_PLACEHOLDER);
    expect(rows[3]).toBe(STARTERS.map((s, i) => `${i + 1} ${s.label}`).join('  '));
    expect(rows.slice(7).join(' ')).toBe(idleHint(true));
  });
});
