import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPortSpec, parsePortSpec, PortSpecError } from '../../src/scan/spec.js';

describe('parsePortSpec', () => {
  it('reads lists, ranges and open-ended ranges as nmap does', () => {
    expect(parsePortSpec('22,80,443')).toEqual([22, 80, 443]);
    expect(parsePortSpec('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parsePortSpec('-3')).toEqual([1, 2, 3]);
    expect(parsePortSpec('65533-')).toEqual([65533, 65534, 65535]);
    expect(parsePortSpec(' 80 , 22-23 ')).toEqual([80, 22, 23]);
    expect(parsePortSpec('T:80,443')).toEqual([80, 443]);
  });

  it('means every port by "-", once each', () => {
    const all = parsePortSpec('-');
    expect(all).toHaveLength(65535);
    expect(all[0]).toBe(1);
    expect(all.at(-1)).toBe(65535);
  });

  it('drops duplicates and keeps the written order', () => {
    expect(parsePortSpec('443,80,80,79-81')).toEqual([443, 80, 79, 81]);
  });

  it.each([
    ['0', /0 is out of range/],
    ['70000', /70000 is out of range/],
    ['5-1', /5-1 is backwards/],
    ['abc', /"abc" is not a port number/],
    ['', /empty port spec/],
    ['22,,80', /empty item/],
    ['1-2-3', /not a port or a range/],
    ['80x', /not a port number/],
    ['U:53', /UDP/],
    ['99999999999999', /out of range/],
  ])('refuses %j with a reason', (spec, reason) => {
    expect(() => parsePortSpec(spec)).toThrow(PortSpecError);
    expect(() => parsePortSpec(spec)).toThrow(reason);
  });

  it('round-trips through formatPortSpec (any set of ports)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 200 }), (ports) => {
        const back = parsePortSpec(formatPortSpec(ports));
        expect([...back].sort((a, b) => a - b)).toEqual([...ports].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it('writes consecutive ports as ranges', () => {
    expect(formatPortSpec([80, 22, 23, 24, 443])).toBe('22-24,80,443');
    expect(formatPortSpec(parsePortSpec('-'))).toBe('-');
  });
});
