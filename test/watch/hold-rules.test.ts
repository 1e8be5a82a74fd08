/**
 * The hold's pure parts as tables: which idle times the ladder tries (planRungs), how the answer is
 * read off it (judge), and the findings with their advice (diagnoseHold). The real ladder against a
 * firewall that forgets idle flows is in test/watch/hold-namespaces.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { judge, planRungs, precisionTargetMs, type HoldProbe, type RungOutcome } from '../../src/checks/hold-ladder.js';
import { diagnoseHold } from '../../src/diagnosis/hold.js';
import type { HoldEvidence } from '../../src/checks/hold.js';
import { parseProcNetTcp } from '../../src/checks/kernel.js';
import { retries2GiveUpMs, synSchedule, type TcpTimings } from '../../src/kernel-timing.js';

describe('the keepalive columns of /proc/net/tcp', () => {
  it('reads the timer (kind, time left) and the unanswered probes', () => {
    // A held connection one unanswered keepalive probe in, its next probe due in 0.58 s.
    const line = '   3: 020012C6:90F6 020013C6:1F90 01 00000000:00000000 02:0000003A 00000000     0        1 1444064 1 0000000000000000 20 4 30 10 -1';
    const [row] = parseProcNetTcp(`header\n${line}`, 4);
    expect(row).toMatchObject({ state: 'ESTABLISHED', localPort: 0x90f6, remoteAddress: '198.19.0.2', timer: { kind: 2, remainingMs: 580 }, probesOut: 1 });
  });
});

describe('planRungs', () => {
  it.each([
    ['40 s in 20 rungs: every 2 s, 40 s last', 0, 40_000, 20, true, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40]],
    ['7 s: every second', 0, 7_000, 20, true, [1, 2, 3, 4, 5, 6, 7]],
    ['45 s: every 3 s', 0, 45_000, 20, true, [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45]],
    ['44 s: the duration itself is the last rung', 0, 44_000, 20, true, [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 44]],
    ['bisecting (18, 20): 19 only', 18_000, 20_000, 20, false, [19]],
    ['bisecting (0, 360 s): 18 s apart, 360 s itself is known dead', 0, 360_000, 20, false, Array.from({ length: 19 }, (_, i) => 18 * (i + 1))],
  ])('%s', (_name, lo, hi, max, includeHi, seconds) => {
    expect(planRungs(lo, hi, max, includeHi)).toEqual(seconds.map((s) => s * 1000));
  });

  it('2 h in 20 rungs of 6 minutes', () => {
    const rungs = planRungs(0, 7_200_000, 20, true);
    expect(rungs).toHaveLength(20);
    expect(rungs[0]).toBe(360_000);
    expect(rungs.at(-1)).toBe(7_200_000);
  });
});

const ladder = (outcomes: string, stepS = 2): HoldProbe[] =>
  [...outcomes].map((c, i) => ({
    idleMs: (i + 1) * stepS * 1000,
    round: 1,
    outcome: ({ a: 'alive', s: 'silent', r: 'reset', c: 'closed', '?': undefined, n: 'not-connected' } as Record<string, RungOutcome | undefined>)[c],
  }));

describe('judge', () => {
  it.each([
    ['alive up to 18 s, silent from 20 s', 'aaaaaaaaass??', { state: 'dead', loMs: 18_000, hiMs: 20_000, outcome: 'silent' }],
    ['a dead rung still needs its successor decided', 'aaaaas??', { state: 'pending' }],
    ['a lower rung undecided: pending', 'aa?ass', { state: 'pending' }],
    ['a lost probe (dead, then alive above it) is passed over', 'aasaaaarr', { state: 'dead', loMs: 14_000, hiMs: 16_000, outcome: 'reset' }],
    ['the last rung dead is enough', 'aaaas', { state: 'dead', loMs: 8_000, hiMs: 10_000, outcome: 'silent' }],
    ['none survived', 'ss??', { state: 'dead', loMs: 0, hiMs: 2_000, outcome: 'silent' }],
    ['all alive', 'aaaa', { state: 'alive', aliveUpToMs: 8_000 }],
    ['closed by the server', 'aacc', { state: 'dead', loMs: 4_000, hiMs: 6_000, outcome: 'closed' }],
    ['rungs that never connected say nothing', 'nnnn', { state: 'unknown' }],
  ])('%s', (_name, outcomes, expected) => {
    expect(judge(ladder(outcomes))).toEqual(expected);
  });

  it('uses the idle time the probe really went out at', () => {
    const probes = ladder('aass');
    probes[1].probedIdleMs = 4_300;
    probes[2].probedIdleMs = 6_100;
    expect(judge(probes)).toEqual({ state: 'dead', loMs: 4_300, hiMs: 6_100, outcome: 'silent' });
  });

  it('stops bisecting at 5 s, or a tenth of the timeout', () => {
    expect(precisionTargetMs(20_000)).toBe(5_000);
    expect(precisionTargetMs(3_600_000)).toBe(360_000);
  });
});

const TIMINGS: TcpTimings = {
  syn: synSchedule({ synRetries: 6, linearTimeouts: 4 }),
  retries2: { value: 15, giveUpMs: retries2GiveUpMs(15), source: 'this-kernel' },
  keepalive: { timeS: 7200, intervalS: 75, probes: 9, source: 'this-kernel' },
};

const hold = (over: Partial<HoldEvidence>): HoldEvidence => ({
  address: '198.19.0.2',
  port: 5432,
  family: 4,
  maxIdleMs: 40_000,
  outcome: 'silent',
  aliveUpToMs: 18_000,
  deadAfterMs: 20_000,
  idleTimeoutMs: 19_000,
  precisionMs: 1_000,
  rounds: 1,
  probes: [],
  method: 'keepalive',
  elapsedMs: 22_000,
  ...over,
});

describe('diagnoseHold', () => {
  it('silence: idle-timeout with the time and what to set, and dead-peer-detection-slow from tcp_retries2', () => {
    const [idle, slow, ...rest] = diagnoseHold(hold({}), TIMINGS);
    expect(rest).toEqual([]);
    if (idle.id !== 'idle-timeout' || slow.id !== 'dead-peer-detection-slow') throw new Error('order');
    expect(idle).toMatchObject({ idleTimeoutMs: 19_000, precisionMs: 1_000, by: 'silent', keepaliveS: 9, lesson: 'keepalive' });
    expect(idle.text).toMatch(/forgotten after about 19\.0 s \(±1\.00 s\)/);
    expect(idle.text).toMatch(/silently drops/);
    const advice = idle.advice.join('\n');
    expect(advice).toMatch(/net\.ipv4\.tcp_keepalive_time=9 \(now 7200 s here/);
    expect(advice).toMatch(/ServerAliveInterval 9/);
    expect(advice).toMatch(/keepalives_idle=9/);
    expect(advice).toMatch(/tcpKeepAlive=true/);
    expect(advice).toMatch(/HTTP client pools/);
    expect(slow).toMatchObject({ retries2: 15, giveUpMs: 924_600, lesson: 'retransmission' });
    expect(slow.text).toMatch(/tcp_retries2=15 times, 15 min 25 s on this machine/);
  });

  it('an RST: idle-timeout only (the application hears of it at once)', () => {
    const found = diagnoseHold(hold({ outcome: 'reset' }), TIMINGS);
    expect(found.map((f) => f.id)).toEqual(['idle-timeout']);
    expect(found[0].text).toMatch(/answered with an RST/);
  });

  it("the server's FIN: its own idle timeout, with server-side advice", () => {
    const [f] = diagnoseHold(hold({ outcome: 'closed' }), TIMINGS);
    if (f.id !== 'idle-timeout') throw new Error(f.id);
    expect(f.text).toMatch(/^The server closes idle connections to 198\.19\.0\.2:5432 after about/);
    expect(f.text).toMatch(/server closed it with a FIN/);
    expect(f.advice.join(' ')).toMatch(/drop pooled connections idle longer than/);
  });

  it('alive, or nothing measured: no finding', () => {
    expect(diagnoseHold(hold({ outcome: 'alive', idleTimeoutMs: undefined, deadAfterMs: undefined, aliveUpToMs: 40_000 }), TIMINGS)).toEqual([]);
    expect(diagnoseHold(hold({ outcome: 'not-connected', idleTimeoutMs: undefined, deadAfterMs: undefined, aliveUpToMs: undefined }), TIMINGS)).toEqual([]);
  });
});
