import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLASSIC_SYN, readTcpTimings, retries2GiveUpMs, synSchedule, type TcpTimings } from '../../src/kernel-timing.js';
import { describeKeepalive, expandKernelFacts, formatSeconds, kernelFacts } from '../../src/notebook/kernel-facts.js';
import { loadLessons } from '../../src/notebook/lessons.js';
import { LessonError } from '../../src/notebook/parse.js';
import { selfCommandLine } from '../../src/self-command.js';

const lessonsDir = fileURLToPath(new URL('../../lessons', import.meta.url));

/** A made-up kernel, so the numbers in the text can only have come from it. */
const ODD: TcpTimings = {
  syn: synSchedule({ synRetries: 3, linearTimeouts: 1 }),
  retries2: { value: 5, giveUpMs: retries2GiveUpMs(5), source: 'this-kernel' },
  keepalive: { timeS: 600, intervalS: 30, probes: 4, source: 'this-kernel' },
};

describe('kernel facts in lessons', () => {
  it('fills placeholders from the kernel it is given', () => {
    const text = expandKernelFacts('gives up after {{syn-give-up-here}}; data after {{retries2-give-up-here}}; keepalive {{keepalive-time}}', 'x.md', kernelFacts(ODD));
    // SYNs at 0, 1, 2, then 4 s; given up at 8 s. retries2=5: 63 × 200 ms.
    expect(text).toBe('gives up after 8 s on this machine (tcp_syn_retries=3, tcp_syn_linear_timeouts=1); data after 13 s on this machine (tcp_retries2=5); keepalive 10 min');
    expect(expandKernelFacts('{{syn-times}}', 'x.md', kernelFacts(ODD))).toBe('0, 1, 2 and 4 s');
  });

  it('says "classic" instead of "on this machine" when the sysctls could not be read', () => {
    const classic: TcpTimings = { ...ODD, syn: synSchedule(CLASSIC_SYN, 'classic'), keepalive: { timeS: 7200, intervalS: 75, probes: 9, source: 'classic' } };
    expect(kernelFacts(classic)['syn-give-up-here']).toMatch(/^2 min 7 s \(the classic Linux default, tcp_syn_retries=6\)/);
    expect(describeKeepalive(classic.keepalive)).toMatch(/2 h idle.*9 unanswered.*2 h 11 min 15 s \(the classic Linux default/);
  });

  it('rejects an unknown placeholder with the file and line', () => {
    expect(() => expandKernelFacts('a\nb {{syn-nonsense}}', 'x.md')).toThrowError(LessonError);
    expect(() => expandKernelFacts('a\nb {{syn-nonsense}}', 'x.md')).toThrowError(/^x\.md:2: unknown placeholder \{\{syn-nonsense\}\}/);
  });

  it('fills {{tcpsleuth}} with the command that started this program, so commands in lessons run as printed', () => {
    expect(expandKernelFacts('run `sudo {{tcpsleuth}} learn pmtu --run`', 'x.md', kernelFacts(ODD, 'node dist/cli.js'))).toBe('run `sudo node dist/cli.js learn pmtu --run`');
    const pmtu = loadLessons().find((l) => l.id === 'pmtu')!;
    expect(JSON.stringify(pmtu.cells)).toContain(`sudo ${selfCommandLine([])} learn pmtu --run`);
  });

  it('formats seconds as hours when whole', () => {
    expect(formatSeconds(7200)).toBe('2 h');
    expect(formatSeconds(7875)).toBe('2 h 11 min 15 s');
    expect(formatSeconds(75)).toBe('1 min 15 s');
  });

  it('every shipped lesson loads with no placeholder left, and states this machine’s own numbers', () => {
    const all = loadLessons().flatMap((l) => l.cells.map((c) => JSON.stringify(c))).join('\n');
    expect(all).not.toMatch(/\{\{/);
    const t = readTcpTimings();
    const facts = kernelFacts(t);
    for (const id of ['timeouts', 'intermittent', 'retransmission', 'keepalive']) {
      const text = loadLessons().find((l) => l.id === id)!.cells.map((c) => JSON.stringify(c)).join('\n');
      expect(text, id).toMatch(/on this machine|classic Linux default/);
    }
    expect(all).toContain(facts['syn-give-up-here']);
    expect(all).toContain(facts['retries2-give-up-here']);
  });

  it('a lesson folder where one file uses an unknown placeholder fails to load, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsl-facts-'));
    try {
      for (const f of readdirSync(lessonsDir)) writeFileSync(join(dir, f), readFileSync(join(lessonsDir, f)));
      writeFileSync(join(dir, 'timeouts.md'), readFileSync(join(lessonsDir, 'timeouts.md'), 'utf8').replace('{{syn-times}}', '{{syn-timez}}'));
      expect(() => loadLessons(dir)).toThrowError(/timeouts\.md:\d+: unknown placeholder \{\{syn-timez\}\}/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
