/** The difference between vantage points (src/diagnosis/vantage.ts): table-tested, pure. */
import { describe, expect, it } from 'vitest';
import type { AddressResult, Verdict } from '../../src/evidence.js';
import { diagnoseVantages, sharedSubnet, type VantageEvidence } from '../../src/diagnosis/vantage.js';

const res = (address: string, verdict: Verdict): AddressResult => ({ address, family: 4, verdict, result: verdict, durationMs: 1 });
const v = (from: string, verdict: Verdict | null, extra: Partial<VantageEvidence> = {}): VantageEvidence => ({ from, verdict, results: [], ...extra });

describe('diagnoseVantages', () => {
  it('all agree: nothing to say', () => {
    expect(diagnoseVantages([v('a', 'open', { results: [res('10.0.0.5', 'open')] }), v('b', 'open', { results: [res('10.0.0.5', 'open')] })]).findings).toEqual([]);
  });

  it('one vantage point: nothing to compare', () => {
    expect(diagnoseVantages([v('a', 'filtered')]).findings).toEqual([]);
  });

  it('the same address, filtered from one source and open from another: differs-by-vantage and source-address-matters', () => {
    const d = diagnoseVantages([
      v('app-1', 'filtered', { results: [res('10.0.0.5', 'filtered')], source: '10.1.0.7' }),
      v('jump', 'open', { results: [res('10.0.0.5', 'open')], source: '10.9.0.2' }),
    ]);
    expect(d.findings).toEqual(['differs-by-vantage', 'source-address-matters']);
    expect(d.details[0].text).toBe('The verdict depends on where the check runs: from app-1 it is filtered; from jump it is open, so the service itself works: what differs is the way there (path, source address, DNS).');
    expect(d.details[1].text).toMatch(/^The same address answers by source: 10\.0\.0\.5 is open from jump \(10\.9\.0\.2\) but filtered from app-1 \(10\.1\.0\.7\)\. The destination/);
    expect(d.lessons).toEqual(['firewalls']);
  });

  it('the failing sources share a subnet the working ones are not in: it is named', () => {
    const d = diagnoseVantages([
      v('web-1', 'filtered', { results: [res('10.0.0.5', 'filtered')], source: '10.1.4.7' }),
      v('web-2', 'filtered', { results: [res('10.0.0.5', 'filtered')], source: '10.1.5.9' }),
      v('jump', 'open', { results: [res('10.0.0.5', 'open')], source: '10.9.0.2' }),
    ]);
    expect(d.details.find((f) => f.id === 'source-address-matters')!.text).toContain('The failing ones all come from 10.1.4.0/23, and none of the working ones does.');
    expect(d.details[0].text).toContain('from web-1 and web-2 it is filtered');
  });

  it('different answers from DNS, different verdicts: dns-differs, and not source-address-matters', () => {
    const d = diagnoseVantages([
      v('a', 'open', { resolved: ['10.0.0.5'], results: [res('10.0.0.5', 'open')] }),
      v('b', 'refused', { resolved: ['10.0.1.5'], results: [res('10.0.1.5', 'refused')] }),
      v('c', 'dns-error', { resolved: [] }),
    ]);
    expect(d.findings).toEqual(['differs-by-vantage', 'dns-differs']);
    expect(d.details[1].text).toMatch(/^The name resolves differently: from a to 10\.0\.0\.5; from b to 10\.0\.1\.5; from c to nothing \(it did not resolve\)\./);
    expect(d.lessons).toEqual(['firewalls', 'dns']);
  });

  it('the same addresses in another order are the same answer', () => {
    expect(diagnoseVantages([v('a', 'open', { resolved: ['1.1.1.1', '2.2.2.2'] }), v('b', 'open', { resolved: ['2.2.2.2', '1.1.1.1'] })]).findings).toEqual([]);
  });

  it('a vantage point without a verdict is no difference of verdicts', () => {
    expect(diagnoseVantages([v('a', 'open'), v('b', null)]).findings).toEqual([]);
  });
});

describe('sharedSubnet', () => {
  it.each([
    [['10.1.4.7', '10.1.5.9'], ['10.9.0.2'], '10.1.4.0/23'],
    [['192.168.1.10', '192.168.1.11'], [], '192.168.1.8/30'],
    [['10.1.4.7', '10.1.5.9'], ['10.1.4.200'], undefined],
    [['10.1.4.7'], [], undefined],
    [['10.1.4.7', '172.16.0.1'], [], undefined],
    [['10.1.4.7', 'fd00::1'], [], undefined],
  ])('%j vs %j', (failing, working, want) => {
    expect(sharedSubnet(failing, working)).toBe(want);
  });
});
