import { describe, it, expect } from 'vitest';
import { filterPattern } from '../../src/scan/filtering.js';
import { interpretation } from '../../src/scan/format.js';
import { summarise } from '../../src/checks/scan.js';

const port = (n: number, state: 'open' | 'closed' | 'filtered') => ({ port: n, state, reason: state === 'filtered' ? ('no-response' as const) : state === 'open' ? ('syn-ack' as const) : ('conn-refused' as const), rttMs: state === 'filtered' ? null : 1, attempts: 1 });

describe('host-wide or per-port filtering: one rule', () => {
  const cases: Array<[string, Array<'open' | 'closed' | 'filtered'>, string]> = [
    ['nothing filtered', ['open', 'closed'], 'none'],
    ['every port silent', ['filtered', 'filtered', 'filtered'], 'host-wide'],
    ['some answer, some silent', ['closed', 'filtered', 'open'], 'per-port'],
    ['one silent port among refused ones', ['closed', 'closed', 'filtered'], 'per-port'],
  ];
  for (const [name, states, want] of cases) {
    it(`${name} → ${want}, and the scan step and the scan report agree`, () => {
      const ports = states.map((s, i) => port(1000 + i, s));
      expect(filterPattern(ports)).toBe(want);
      expect(summarise({ host: 'h' }, { address: '127.0.0.1', ports } as never).filtering).toBe(want);
      const words = interpretation(ports) ?? '';
      if (want === 'host-wide') expect(words).toMatch(/host-wide rule/);
      if (want === 'per-port') expect(words).toMatch(/not a host-wide block/);
      if (want === 'none') expect(words).not.toMatch(/host-wide/);
    });
  }
});
