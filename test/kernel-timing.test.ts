import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSynGiveUp, readTcpTimings, retries2GiveUpMs, synSchedule } from '../src/kernel-timing.js';

describe('the kernel timings', () => {
  it('gives the classic 127 s and the linear-timeouts 11 s', () => {
    expect(synSchedule({ synRetries: 6 }).giveUpMs).toBe(127_000);
    expect(synSchedule({ synRetries: 6 }).retransmitAtMs).toEqual([1000, 3000, 7000, 15000, 31000, 63000]);
    const linear = synSchedule({ synRetries: 6, linearTimeouts: 4 });
    expect(linear.retransmitAtMs).toEqual([1000, 2000, 3000, 4000, 5000, 7000]);
    expect(linear.giveUpMs).toBe(11_000);
  });
  it('models tcp_retries2 as the kernel does (15 → 924.6 s)', () => {
    expect(retries2GiveUpMs(15)).toBe(924_600);
    expect(retries2GiveUpMs(8)).toBe(102_200);
  });
  it('reads the sysctls it is given, and says where the numbers came from', () => {
    const root = mkdtempSync(join(tmpdir(), 'sysctl-'));
    for (const [k, v] of Object.entries({ tcp_syn_retries: 3, tcp_syn_linear_timeouts: 0, tcp_retries2: 8, tcp_keepalive_time: 600 })) writeFileSync(join(root, k), `${v}\n`);
    const t = readTcpTimings(root);
    expect(t.syn.giveUpMs).toBe(15_000);
    expect(t.retries2.giveUpMs).toBe(102_200);
    expect(t.keepalive).toMatchObject({ timeS: 600, intervalS: 75, probes: 9, source: 'this-kernel' });
    expect(describeSynGiveUp(t.syn)).toBe('15 s on this machine (tcp_syn_retries=3)');
    const none = readTcpTimings(join(root, 'missing'));
    expect(describeSynGiveUp(none.syn)).toBe('2 min 7 s (the classic Linux default, tcp_syn_retries=6)');
  });
});
