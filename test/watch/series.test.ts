/**
 * The series rules as a table: attempts in, findings out (src/diagnosis/series.ts), and the numbers
 * under them (src/watch/stats.ts). Pure; the live series against real faults is in
 * test/watch/namespaces.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseSeries } from '../../src/diagnosis/series.js';
import { inferSynRetransmits, quantiles, synLossShare, retransmitShare, wilsonInterval } from '../../src/series/stats.js';
import { summarize, watchExitCode } from '../../src/watch/summary.js';
import type { Attempt } from '../../src/series/types.js';
import type { ConnectResult } from '../../src/checks/connect.js';
import type { Verdict } from '../../src/evidence.js';

/** This machine's schedule shape (tcp_syn_linear_timeouts=4): 1, 2, 3, 4, 5, 7 s. */
const SCHEDULE = [1000, 2000, 3000, 4000, 5000, 7000];
const RESULT: Record<string, ConnectResult> = { open: 'connected', refused: 'refused', filtered: 'timeout', reset: 'reset', unreachable: 'unreachable' };

/** `o` open, `r` open after one SYN retransmission, `R` refused, `x` filtered, `!` reset; addresses take turns. */
function series(pattern: string, addresses = ['10.0.0.1'], intervalMs = 100): Attempt[] {
  return [...pattern].map((c, i) => {
    const verdict: Verdict = c === 'R' ? 'refused' : c === 'x' ? 'filtered' : c === '!' ? 'reset' : 'open';
    const handshakeMs = c === 'r' ? 1001 : c === 'x' ? 3500 : 0.4;
    return {
      seq: i + 1,
      address: addresses[i % addresses.length],
      family: 4,
      atMs: i * intervalMs,
      verdict,
      result: RESULT[verdict],
      handshakeMs,
      synRetransmits: c === 'r' ? 1 : c === 'x' ? 3 : 0,
    };
  });
}

const ids = (pattern: string, addresses?: string[], intervalMs = 100) => diagnoseSeries({ attempts: series(pattern, addresses, intervalMs), intervalMs, retransmitAtMs: SCHEDULE }).map((f) => f.id);

describe('series findings', () => {
  it.each([
    ['all open: nothing', 'oooooooooooooooooooo', undefined, []],
    ['every 3rd handshake retransmitted', 'oorooroorooroorooroo', undefined, ['syn-retransmit-intermittent']],
    ['one retransmission alone is noise', 'ooooooooorooooooooo', undefined, []],
    ['every handshake retransmitted is not intermittent', 'rrrrrrrrrr', undefined, []],
    ['the second of two addresses silent', 'oxoxoxoxoxoxoxox', ['10.0.0.1', '10.0.0.2'], ['one-address-bad']],
    ['the first of two addresses refuses', 'RoRoRoRoRoRo', ['10.0.0.1', '10.0.0.2'], ['one-address-bad', 'refused-intermittent']],
    ['failures spread over both addresses', 'oxxooxoxoooxxooo', ['10.0.0.1', '10.0.0.2'], []],
    ['two failures on one address prove nothing', 'oooxoooooooxoooo', ['10.0.0.1', '10.0.0.2'], []],
    ['bursts every 10 attempts', 'xxooooooooxxooooooooxxooooooooxxoooooooo', undefined, ['periodic-failure']],
    ['irregular bursts', 'xxoooxoooooooooxxoxooooooooooooooxooo', undefined, []],
    ['three bursts are not yet a period', 'xxooooooooxxooooooooxxoooooooo', undefined, []],
    ['some refused', 'ooooRoooooooRooooooo', undefined, ['refused-intermittent']],
    ['all refused is not intermittent', 'RRRRRR', undefined, []],
    ['some reset', 'ooo!oooooo!ooo', undefined, ['reset-intermittent']],
  ])('%s', (_name, pattern, addresses, expected) => {
    expect(ids(pattern, addresses)).toEqual(expected);
  });

  it('syn-retransmit-intermittent carries the share, its interval, the SYN loss rate and the delay', () => {
    const [f] = diagnoseSeries({ attempts: series('oorooroorooroorooroo'), intervalMs: 100, retransmitAtMs: SCHEDULE });
    expect(f.id).toBe('syn-retransmit-intermittent');
    if (f.id !== 'syn-retransmit-intermittent') throw new Error('narrowing');
    expect(f.retransmitted).toBe(6);
    expect(f.handshakes).toBe(20);
    expect(f.share).toBeCloseTo(0.3);
    expect(f.interval[0]).toBeLessThan(0.3);
    expect(f.interval[1]).toBeGreaterThan(0.3);
    // 6 retransmitted SYNs of 26 sent.
    expect(f.synLossShare).toBeCloseTo(6 / 26);
    expect(f.delaysMs).toEqual([1000]);
    expect(f.text).toMatch(/6 of 20 handshakes \(30%/);
    expect(f.text).toMatch(/1 s later/);
    expect(f.lesson).toBe('intermittent');
  });

  it('one-address-bad names the address and how it failed', () => {
    const [f] = diagnoseSeries({ attempts: series('oxoxoxoxoxoxoxox', ['10.0.0.1', '10.0.0.2']), intervalMs: 100, retransmitAtMs: SCHEDULE });
    if (f.id !== 'one-address-bad') throw new Error(`got ${f.id}`);
    expect(f.address).toBe('10.0.0.2');
    expect(f.failed).toBe(8);
    expect(f.byVerdict).toEqual({ filtered: 8 });
    expect(f.text).toMatch(/All 8 failures came from 10\.0\.0\.2/);
    expect(f.text).toMatch(/10\.0\.0\.1 answered all 8/);
  });

  it('periodic-failure reports the period', () => {
    const [f] = diagnoseSeries({ attempts: series('xxooooooooxxooooooooxxooooooooxxoooooooo', undefined, 500), intervalMs: 500, retransmitAtMs: SCHEDULE });
    if (f.id !== 'periodic-failure') throw new Error(`got ${f.id}`);
    expect(f.periodMs).toBe(5000);
    expect(f.episodes).toBe(4);
    expect(f.text).toMatch(/every 5\.00 s/);
  });
});

describe('series numbers', () => {
  it('infers retransmissions from the handshake time against the schedule, or takes the kernel count', () => {
    expect(inferSynRetransmits(0.3, 0, SCHEDULE)).toBe(0);
    expect(inferSynRetransmits(999, undefined, SCHEDULE)).toBe(0);
    expect(inferSynRetransmits(1000.2, 0, SCHEDULE)).toBe(1);
    expect(inferSynRetransmits(2003, 1, SCHEDULE)).toBe(2);
    expect(inferSynRetransmits(40, 1, SCHEDULE)).toBe(1);
  });

  it('quantiles by nearest rank', () => {
    expect(quantiles([])).toBeNull();
    const q = quantiles(Array.from({ length: 100 }, (_, i) => i + 1))!;
    expect(q).toEqual({ p50: 50, p90: 90, p99: 99, max: 100 });
    expect(quantiles([5])).toEqual({ p50: 5, p90: 5, p99: 5, max: 5 });
  });

  it('a firewall dropping every 4th SYN: a third of handshakes retransmit, a quarter of SYNs lost', () => {
    const attempts = series('oor'.repeat(8));
    expect(retransmitShare(attempts)).toBeCloseTo(8 / 24);
    expect(synLossShare(attempts)).toBeCloseTo(8 / 32);
  });

  it('the Wilson interval contains the share and stays in [0, 1]', () => {
    const [lo, hi] = wilsonInterval(8, 24);
    expect(lo).toBeGreaterThan(0.15);
    expect(hi).toBeLessThan(0.55);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
  });

  it('summary counts by verdict and address; exit 0 only for all open and no finding', () => {
    const meta = { host: 'svc', port: 80, addresses: ['10.0.0.1', '10.0.0.2'], ratePerSecond: 10, startedAt: 'now', durationMs: 1, interrupted: false, syn: { retransmitAtMs: SCHEDULE, source: 'this-kernel' as const } };
    const bad = summarize(series('oxoxoxoxox', meta.addresses), meta);
    expect(bad.byVerdict).toEqual({ open: 5, filtered: 5 });
    expect(bad.byAddress.map((r) => [r.address, r.attempts, r.byVerdict])).toEqual([
      ['10.0.0.1', 5, { open: 5 }],
      ['10.0.0.2', 5, { filtered: 5 }],
    ]);
    expect(bad.findings).toEqual(['one-address-bad']);
    expect(bad.lessons).toEqual(['intermittent']);
    expect(watchExitCode(bad)).toBe(1);
    const good = summarize(series('oooooo', meta.addresses), meta);
    expect(good.handshakeMs?.p50).toBeCloseTo(0.4);
    expect(watchExitCode(good)).toBe(0);
    expect(watchExitCode(summarize(series('oooroooroo'), meta))).toBe(1);
  });
});
