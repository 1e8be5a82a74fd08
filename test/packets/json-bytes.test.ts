import { describe, expect, it } from 'vitest';
import { flatObjects, isoTime } from '../../src/packets/json-bytes.js';
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

describe('flatObjects', () => {
  const written = (objects: object[]) => {
    const b = Buffer.alloc(4096, 0x3f);
    return b.toString('latin1', 0, flatObjects(b, 0, objects));
  };

  it('writes what JSON.stringify writes for findings of every kind', () => {
    const findings = [
      { id: 'rto-timeout', lesson: 'retransmission', packets: [12, 40], atMs: 1.6, sender: 'client', retransmissions: 6, waitedMs: 2499.4, idleBeforeMs: 0.1, endedBy: 'reset', giveUpMs: 924600, retries2: 15 },
      { id: 'idle-then-reset', lesson: 'keepalive', packets: [13223, 13224], atMs: 0, idleMs: 300000.3, resetBy: 'server', ttlMismatch: true },
      { id: 'retransmissions', lesson: 'slow-transfers', packets: [7], atMs: 12.3, sender: 'server', retransmitted: 3, segments: 250, bytes: 4344, share: 0.012, rto: 0, fast: 3, dupAcks: 9 },
      { id: 'zero-window', lesson: 'flow-control', packets: [99], atMs: 1e6 + 0.7, reader: 'client', stalls: 2, stalledMs: 30.5, stillClosed: false },
      { id: 'nagle-delayed-ack', lesson: 'nagle', packets: [], atMs: 40.1, writer: 'client', stalls: 1, delayMs: 39.9, idleBeforeMs: undefined },
    ];
    expect(written(findings)).toBe(JSON.stringify(findings));
    expect(written([])).toBe('[]');
  });

  it('writes any number as String() does: negative, tiny, not three decimals, too big', () => {
    const numbers = [-0, -1.5, 0.001, -0.25, 1 / 3, 2 ** 40 + 0.5, 2147483.647, 1e21, 5e-7, 0.1 + 0.2, 9007199254740993];
    for (const n of numbers) expect(written([{ n, all: [n, n] }])).toBe(JSON.stringify([{ n, all: [n, n] }]));
    for (let k = 0; k < 2000; k++) {
      const n = Math.round(Math.random() * 1e7) / 10 ** Math.floor(Math.random() * 5);
      expect(written([{ n }])).toBe(JSON.stringify([{ n }]));
    }
  });
});
