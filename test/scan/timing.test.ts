import { describe, expect, it } from 'vitest';
import { FIRST_PROBE_CAP_MS, FLOOR_MS, INITIAL_MS, KERNEL_SYN_RTO_MS, RttEstimator } from '../../src/scan/timing.js';
import { parseProcLimits } from '../../src/scan/limits.js';

describe('RttEstimator', () => {
  it('starts from the initial budget and a re-probe that outlasts the kernel SYN retransmit', () => {
    const r = new RttEstimator();
    expect(r.firstProbeTimeout()).toBe(INITIAL_MS);
    expect(r.reprobeTimeout()).toBeGreaterThan(KERNEL_SYN_RTO_MS);
  });

  it('shrinks to the floor on a fast path and grows on a slow one, within the cap', () => {
    const fast = new RttEstimator();
    for (let i = 0; i < 10; i++) fast.add(0.2);
    expect(fast.firstProbeTimeout()).toBe(FLOOR_MS);
    const slow = new RttEstimator();
    for (let i = 0; i < 10; i++) slow.add(120);
    expect(slow.firstProbeTimeout()).toBeGreaterThanOrEqual(360);
    expect(slow.firstProbeTimeout()).toBeLessThanOrEqual(FIRST_PROBE_CAP_MS);
    const verySlow = new RttEstimator();
    verySlow.add(800);
    expect(verySlow.firstProbeTimeout()).toBe(FIRST_PROBE_CAP_MS);
    expect(verySlow.reprobeTimeout()).toBeGreaterThan(KERNEL_SYN_RTO_MS + 800);
  });

  it('ignores answers that may be to a retransmitted SYN (Karn)', () => {
    const r = new RttEstimator();
    r.add(1010);
    expect(r.samples).toBe(0);
    expect(r.srtt).toBeUndefined();
  });
});

describe('parseProcLimits', () => {
  it('reads the soft open-files limit', () => {
    const text = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 1048576              files\n';
    expect(parseProcLimits(text)).toBe(1024);
    expect(parseProcLimits('Max open files            unlimited            unlimited            files')).toBe(Number.POSITIVE_INFINITY);
    expect(parseProcLimits('nothing here')).toBeUndefined();
  });
});
