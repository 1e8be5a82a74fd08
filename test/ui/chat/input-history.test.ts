import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, HISTORY_LIMIT, newer, older, remember } from '../../../src/ui/chat/input-history.js';

describe('input history (↑/↓)', () => {
  const h = ['db:5432', 'scan it', 'why?'].reduce(remember, EMPTY_HISTORY);

  it('↑ walks back from the newest message, ↓ forward, and past the newest returns the draft', () => {
    const a = older(h, 'half typed')!;
    expect(a.text).toBe('why?');
    const b = older(a.history, a.text)!;
    expect(b.text).toBe('scan it');
    const c = older(b.history, b.text)!;
    expect(c.text).toBe('db:5432');
    expect(older(c.history, c.text)).toBeUndefined();
    const d = newer(c.history)!;
    expect(d.text).toBe('scan it');
    const e = newer(newer(d.history)!.history)!;
    expect(e.text).toBe('half typed');
    expect(newer(e.history)).toBeUndefined();
  });

  it('keeps blank messages and repeats out, and stays bounded', () => {
    expect(remember(remember(h, '   '), 'why?').entries).toEqual(['db:5432', 'scan it', 'why?']);
    let big = EMPTY_HISTORY;
    for (let i = 0; i < HISTORY_LIMIT + 50; i++) big = remember(big, `m${i}`);
    expect(big.entries).toHaveLength(HISTORY_LIMIT);
    expect(big.entries.at(-1)).toBe(`m${HISTORY_LIMIT + 49}`);
  });

  it('an empty history has nothing to recall', () => {
    expect(older(EMPTY_HISTORY, '')).toBeUndefined();
  });
});
