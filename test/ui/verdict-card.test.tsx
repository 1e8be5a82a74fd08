/** The verdict card's findings and advice wrap under their own text (a hanging indent), not under the bullet. */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { VerdictCard } from '../../src/ui/components/VerdictCard.js';
import { verdictCard } from '../../src/guide/transcript.js';
import { ev } from '../guide/stand-ins.js';
import { inkTestSetup } from './helpers.js';

const onCleanup = inkTestSetup();

describe('VerdictCard', () => {
  it('long findings and advice keep their hanging indent when they wrap', () => {
    const timeout = ev('connect', 'fail', 'no answer', { address: '198.19.0.2', port: 5432, result: 'timeout', code: 'TIMEOUT', synRetransmits: 2, budgetMs: 3500, handshakeMs: 3500 });
    const card = verdictCard('filtered', { connect: timeout }, { host: 'db.test', port: 5432 }, '198.19.0.2');
    const item = { kind: 'verdict' as const, key: 'v', verdict: 'filtered' as const, handshake: [], ...card };
    const r = render(<VerdictCard item={item} width={60} />);
    onCleanup(() => r.unmount());
    const frame = r.lastFrame()!.split('\n');
    // The card is exactly as wide as asked: no line runs past its border.
    expect(new Set(frame.filter((l) => /^[│╭╰]/.test(l)).map((l) => [...l].length))).toEqual(new Set([60]));
    const lines = frame.map((l) => l.replace(/^│ ?|│$/g, '').trimEnd());
    // The finding's text starts after "  · "; each line that continues it starts at that column.
    const first = lines.findIndex((l) => l.includes('· The kernel sent the SYN'));
    expect(first).toBeGreaterThan(0);
    const column = lines[first].indexOf('The kernel');
    const next = lines[first + 1];
    expect(next.slice(0, column).trim()).toBe('');
    expect(next.slice(column)).toMatch(/^\S/);
    // Numbered advice: "  1. Scan common ports…" continues under "Scan", not under "1.".
    const advice = lines.findIndex((l) => /^ *1\. Scan common ports/.test(l));
    expect(advice).toBeGreaterThan(first);
    const col = lines[advice].indexOf('Scan');
    expect(lines[advice + 1].slice(0, col).trim()).toBe('');
    expect(lines[advice + 1].slice(col)).toMatch(/^\S/);
  });

  it('at any width, no continuation line starts with the space it broke at', () => {
    const timeout = ev('connect', 'fail', 'no answer', { address: '198.19.0.2', port: 5432, result: 'timeout', code: 'TIMEOUT', synRetransmits: 2, budgetMs: 3500, handshakeMs: 3500 });
    const card = verdictCard('filtered', { connect: timeout }, { host: 'db.test', port: 5432 }, '198.19.0.2');
    const item = { kind: 'verdict' as const, key: 'v', verdict: 'filtered' as const, handshake: [], ...card };
    for (let width = 44; width <= 100; width += 7) {
      const r = render(<VerdictCard item={item} width={width} />);
      const lines = r.lastFrame()!.split('\n').map((l) => l.replace(/^│ ?|│$/g, '').trimEnd());
      r.unmount();
      const first = lines.findIndex((l) => l.includes('· The kernel sent the SYN'));
      const column = lines[first].indexOf('The kernel');
      for (let i = first + 1; i < lines.length && lines[i].slice(0, column).trim() === '' && lines[i].length > column; i++) {
        expect(lines[i].slice(column), `width ${width}, line ${i}`).toMatch(/^\S/);
      }
    }
  });
});
