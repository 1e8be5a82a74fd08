/** The many-targets row renders the check's story: its verdict, each address that ended otherwise, its first finding. */
import { describe, expect, it } from 'vitest';
import type { CheckReport, StepEvidence } from '../../src/evidence.js';
import { diagnose } from '../../src/diagnosis/index.js';
import { buildStory } from '../../src/diagnosis/story.js';
import { readTcpTimings } from '../../src/kernel-timing.js';
import { painter } from '../../src/output/colors.js';
import { parseTarget } from '../../src/target.js';
import { formatRow, widthsFor, type ManyRow } from '../../src/many/table.js';

const conn = (address: string, family: 4 | 6, result: string, code?: string): StepEvidence => ({
  id: 'connect',
  outcome: result === 'connected' ? 'pass' : 'fail',
  durationMs: 1,
  summary: `${address}: ${result}`,
  evidence: { address, port: 8080, family, result, code, handshakeMs: 1, budgetMs: 3500 },
});
const observe = (result: string): StepEvidence => ({ id: 'observe', outcome: result === 'reset' ? 'fail' : 'pass', durationMs: 50, summary: result, evidence: { result, windowMs: 50, bytes: 0 } });

function row(steps: StepEvidence[]): ManyRow {
  const d = diagnose(steps);
  const report: CheckReport = { target: { host: 'api.test', port: 8080, addresses: ['::1', '127.0.0.1'], addressUsed: '127.0.0.1' }, verdict: d.verdict, meaning: d.meaning, steps, findings: d.findings, details: d.details, lessons: d.lessons, startedAt: '2026-05-03T12:00:00Z', durationMs: 12 };
  report.story = buildStory(report, { timings: readTcpTimings() });
  return { target: parseTarget('api.test:8080'), state: 'done', report };
}

describe('many-targets rows', () => {
  it('mark the address that ended otherwise, and say the verdict and first finding of the story', () => {
    const r = row([conn('::1', 6, 'refused', 'ECONNREFUSED'), conn('127.0.0.1', 4, 'connected'), observe('reset')]);
    const line = formatRow(r, widthsFor([r]), painter(false));
    expect(line).toMatch(/^api\.test:8080\s+::1=refused,127\.0\.0\.1\s+reset\s+12 ms\s+fell-back-to-next-address$/);
  });

  it('addresses that all agree are listed plainly', () => {
    const r = row([conn('::1', 6, 'connected'), conn('127.0.0.1', 4, 'connected'), observe('quiet')]);
    expect(formatRow(r, widthsFor([r]), painter(false))).toMatch(/\s::1,127\.0\.0\.1\s+open\s/);
  });
});
