/** The verdict card's findings and advice wrap under their own text (a hanging indent), not under the bullet. */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { VerdictCard } from '../../src/ui/components/VerdictCard.js';
import { verdictCard } from '../../src/guide/transcript.js';
import { ev } from '../guide/stand-ins.js';
import { inkTestSetup } from './helpers.js';
import { diagnoseHold } from '../../src/diagnosis/hold.js';
import { readTcpTimings } from '../../src/kernel-timing.js';

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

  it("an idle timeout's settings are listed under their advice on the card", () => {
    const open = ev('connect', 'pass', 'connected', { address: '198.19.0.2', port: 5432, result: 'connected', handshakeMs: 1 });
    const held = { address: '198.19.0.2', port: 5432, family: 4 as const, maxIdleMs: 40_000, outcome: 'silent' as const, aliveUpToMs: 18_000, deadAfterMs: 20_000, idleTimeoutMs: 19_000, precisionMs: 1_000, rounds: 1, probes: [], method: 'keepalive' as const, elapsedMs: 22_000 };
    const findings = diagnoseHold(held, readTcpTimings('/nonexistent'));
    const base = verdictCard('open', { connect: open }, { host: 'db.test', port: 5432 }, '198.19.0.2');
    const story = verdictCard('open', { connect: open }, { host: 'db.test', port: 5432 }, '198.19.0.2', [...base.findings, ...findings]);
    const item = { kind: 'verdict' as const, key: 'v', verdict: 'open' as const, handshake: [], ...story };
    const r = render(<VerdictCard item={item} width={200} />);
    onCleanup(() => r.unmount());
    const lines = r.lastFrame()!.split('\n').map((l) => l.replace(/^│ ?|│$/g, '').trimEnd());
    const advice = lines.findIndex((l) => /^ *1\. Keep connections from idling/.test(l));
    expect(advice).toBeGreaterThan(0);
    const second = lines.findIndex((l) => /^ *2\. Or ask the network team/.test(l));
    expect(second).toBeGreaterThan(advice);
    const under = lines.slice(advice + 1, second);
    // One bullet per place to set it, indented under the advice; wrapped lines continue under their text.
    expect(under.filter((l) => /^ {5}- /.test(l))).toHaveLength(findings[0].id === 'idle-timeout' ? findings[0].advice.length : -1);
    expect(under.every((l) => /^(?: {5}- | {7}\S)/.test(l))).toBe(true);
    expect(under.join('\n')).toMatch(/ServerAliveInterval 9/);
  });
});
