import { describe, expect, it } from 'vitest';
import { VERDICTS, type CheckReport, type Verdict } from '../../src/evidence.js';
import { formatVerdict } from '../../src/output/plain.js';
import { verdictTone } from '../../src/ui/theme.js';

/** The token plain output paints a verdict with, read back from a recording painter. */
function plainToken(verdict: Verdict): string {
  let token = '';
  const report = { verdict, meaning: 'm', details: [], lessons: [], target: { host: 'h', port: 1 } } as unknown as CheckReport;
  formatVerdict(report, (t, text) => {
    if (text === verdict) token = t;
    return text;
  });
  return token;
}

describe('one colour per verdict in every mode', () => {
  it.each(VERDICTS)('%s: the Ink tone and the plain token say the same severity', (v) => {
    const ink = verdictTone(v);
    expect(ink).not.toBe('muted');
    expect(plainToken(v)).toBe(ink === 'fail' ? 'bad' : ink);
  });
  it('open is good news, closed and tls-error are warnings, silence is trouble', () => {
    expect([verdictTone('open'), verdictTone('closed'), verdictTone('tls-error'), verdictTone('filtered')]).toEqual(['ok', 'warn', 'warn', 'fail']);
  });
});
