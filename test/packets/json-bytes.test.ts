import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/packets/json-bytes.js';
import { icmpMeansRefused } from '../../src/packets/icmp-meaning.js';

/** What isoTime writes for `us` microseconds, as text. */
function written(us: number): string {
  const b = Buffer.alloc(64, 0x3f);
  return b.toString('latin1', 0, isoTime(b, 0, us));
}

describe('isoTime', () => {
  it('writes what Date.toISOString writes, by arithmetic, for years 1970–9999', () => {
    const ms = [
      0, // the epoch
      951_782_400_000, // 2000-02-29, a leap day of a year divisible by 400
      4_107_542_400_000 - 1, // the last millisecond of 2100-02-28 (2100 has no leap day)
      4_107_542_400_000, // 2100-03-01
      1_795_251_610_638, // a capture's kind of time, with milliseconds
      1_704_067_199_999, // 2023-12-31T23:59:59.999Z
    ];
    for (const t of ms) expect(written(t * 1000 + 999)).toBe(new Date(t).toISOString());
    // Past 2^53 microseconds (year 2255) a double has no room for the microseconds: whole seconds.
    expect(written(253_402_300_799_000_000)).toBe('9999-12-31T23:59:59.000Z');
    // Many random times, not only the chosen ones.
    for (let k = 0; k < 2000; k++) {
      const t = Math.floor(Math.random() * 9_000_000_000_000);
      expect(written(t * 1000)).toBe(new Date(t).toISOString());
    }
  });

  it('leaves other years to Date, and writes nothing for a time with no date', () => {
    expect(written(-1_000_000)).toBe(new Date(-1000).toISOString().slice(0, 19) + '.000Z');
    expect(written(253_402_300_800_000_000)).toBe(new Date(253_402_300_800_000).toISOString().slice(0, 19) + '.000Z');
    expect(written(9e21)).toBe('');
    expect(written(NaN)).toBe('');
  });
});

describe('icmpMeansRefused', () => {
  it('is port unreachable alone (v4 type 3 code 3, v6 type 1 code 4)', () => {
    expect(icmpMeansRefused(false, 3, 3)).toBe(true);
    expect(icmpMeansRefused(true, 1, 4)).toBe(true);
    for (const [v6, type, code] of [[false, 3, 1], [false, 3, 4], [false, 11, 0], [false, 1, 4], [true, 1, 3], [true, 3, 3], [true, 1, 0]] as const) {
      expect(icmpMeansRefused(v6, type, code)).toBe(false);
    }
  });
});
