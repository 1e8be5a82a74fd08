/**
 * The lab's over-time scenarios as data (any user): the rule syn-loss adds, what lab up offers to
 * try, what lab list and lab run print about the over-time half. Building them (root) is covered by
 * test/watch/namespaces.test.ts, test/watch/hold-namespaces.test.ts and the fault matrix.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { synLossMatch } from '../../src/lab/faults.js';
import { listScenarios, scenarioInfo, tryCommandFor } from '../../src/lab/index.js';
import { overTimeArgs } from '../../src/lab/over-time.js';
import { listRows, scenarioLines } from '../../src/lab/text.js';

// The commands these tests read are printed as `tcpsleuth …` however the suite was started.
beforeAll(() => void vi.stubEnv('TCPSLEUTH_SELF', 'tcpsleuth'));

describe('over-time scenarios', () => {
  it('drop a share of SYNs: every 4th by default (deterministic), or at random', () => {
    expect(synLossMatch({ mode: 'nth', share: 0.25 })).toEqual(['-m', 'statistic', '--mode', 'nth', '--every', '4', '--packet', '3']);
    expect(synLossMatch({ mode: 'nth', share: 0.1 })).toEqual(['-m', 'statistic', '--mode', 'nth', '--every', '10', '--packet', '9']);
    expect(synLossMatch({ mode: 'random', share: 0.25 })).toEqual(['-m', 'statistic', '--mode', 'random', '--probability', '0.25']);
    expect(() => synLossMatch({ mode: 'random', share: 1.5 })).toThrow(/between 0 and 1/);
  });

  it('each carries the over-time run and its findings; the check alone says open', () => {
    const over = listScenarios().filter((s) => s.overTime);
    expect(over.map((s) => [s.id, s.overTime!.command, s.overTime!.findings])).toEqual([
      ['syn-loss', 'watch', ['syn-retransmit-intermittent']],
      ['dead-address', 'watch', ['one-address-bad']],
      ['idle-firewall', 'hold', ['idle-timeout', 'dead-peer-detection-slow']],
      ['idle-reset', 'hold', ['idle-timeout']],
    ]);
    for (const s of over) expect([s.id, s.expect, s.kind]).toEqual([s.id, 'open', 'namespace']);
  });

  it('lab up offers the over-time command to try, inside the client namespace', () => {
    const target = { host: 'service.test', port: 8080, tls: false, namespace: 'tsl-lab-dead-address-c' };
    // Behind sudo only when this process was started through sudo (a root shell may have none).
    const sudo = process.env.SUDO_USER ? 'sudo ' : '';
    expect(tryCommandFor(target, scenarioInfo('dead-address')!.overTime)).toBe(`${sudo}ip netns exec tsl-lab-dead-address-c tcpsleuth watch service.test:8080 --rate 10 --count 20`);
    expect(tryCommandFor({ ...target, host: 'fd00:19::2', port: 5432 }, scenarioInfo('idle-reset')!.overTime)).toBe(`${sudo}ip netns exec tsl-lab-dead-address-c tcpsleuth check '[fd00:19::2]:5432' --hold 30s`);
    expect(overTimeArgs('198.19.0.2', 8080, scenarioInfo('syn-loss')!.overTime!)).toEqual(['watch', '198.19.0.2:8080', '--rate', '10', '--count', '24']);
  });

  it('lab list tells the over-time ground truth', () => {
    expect(scenarioLines(scenarioInfo('idle-firewall')!)).toContain('  over time: tcpsleuth check --hold finds idle-timeout, dead-peer-detection-slow');
    const row = listRows(listScenarios()).find((r) => (r as { id: string }).id === 'syn-loss') as { expect: string; overTime: unknown };
    expect(row.expect).toBe('open');
    expect(row.overTime).toEqual({ command: 'watch', args: ['--rate', '10', '--count', '24'], findings: ['syn-retransmit-intermittent'] });
  });
});
