/**
 * The observe step under load (issue 18): 200 checks against a loopback server that accepts and
 * resets (`resetAndDestroy()`), and 200 against one that accepts and closes, run in-process in
 * concurrent batches. Every check must reach the same verdict, the chosen address must say it
 * too, and no step may show a runtime's internal code (ERR_SOCKET_CLOSED and the like).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { CheckReport } from '../../src/evidence.js';
import { runCheck } from '../../src/guide/run-check.js';
import { parseTarget } from '../../src/target.js';
import { formatStep, formatVerdict } from '../../src/output/plain.js';
import { painter } from '../../src/output/colors.js';

const RUNS = 200;
const BATCH = 20;
const RUNTIME_CODE = /\bERR_[A-Z_]{4,}\b/;

type Behaviour = 'reset' | 'close';
const servers = new Map<Behaviour, net.Server>();

function serve(b: Behaviour): Promise<net.Server> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    if (b === 'reset') s.resetAndDestroy();
    else s.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  for (const b of ['reset', 'close'] as const) servers.set(b, await serve(b));
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => new Promise((r) => s.close(r))));
});

async function runMany(b: Behaviour): Promise<CheckReport[]> {
  const port = (servers.get(b)!.address() as net.AddressInfo).port;
  const target = parseTarget(`127.0.0.1:${port}`);
  const all: CheckReport[] = [];
  for (let i = 0; i < RUNS; i += BATCH) all.push(...(await Promise.all(Array.from({ length: BATCH }, () => runCheck(target, { ping: false })))));
  return all;
}

const plain = (r: CheckReport) => [...r.steps.map((s) => formatStep(s, painter(false))), formatVerdict(r, painter(false))].join('\n');

describe('observe: the same verdict 200 times out of 200', () => {
  it.each<[Behaviour, string]>([
    ['reset', 'reset'],
    ['close', 'closed'],
  ])('accept-then-%s: every check says %s, the chosen address too, no runtime code anywhere', async (b, verdict) => {
    const reports = await runMany(b);
    expect(reports).toHaveLength(RUNS);
    const verdicts = new Map<string, number>();
    for (const r of reports) verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
    expect(Object.fromEntries(verdicts)).toEqual({ [verdict]: RUNS });
    for (const r of reports) {
      expect(r.target.results?.map((a) => a.verdict)).toEqual([verdict]);
      const text = plain(r);
      expect(text).not.toMatch(RUNTIME_CODE);
      const observe = r.steps.find((s) => s.id === 'observe');
      // The RST may arrive before observe starts (connect then already says reset); when observe
      // ran, it names what it saw, with when it came for a reset (by this process's clock, named).
      if (observe) {
        expect(observe.summary).not.toMatch(RUNTIME_CODE);
        expect((observe.evidence as { result: string }).result).toBe(b === 'reset' ? 'reset' : 'fin');
        if (b === 'reset') expect(observe.summary).toMatch(/reset the connection \(RST\) (right after|[\d.]+ m?s after) connect\(\) returned/);
      }
    }
  }, 60_000);
});
