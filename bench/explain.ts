/**
 * Start-up of `tcpsleuth explain` against a bare `node -e 0` (issue 8: within 3×), and the cost of
 * one classification over the whole corpus. Run after `npm run build`: npx tsx bench/explain.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explainError } from '../src/explain/index.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../test/fixtures/errors/', import.meta.url));
const RUNS = Number(process.argv[2] ?? 15);
const MESSAGE = 'psql: error: connection to server at "db.internal" (10.0.0.9), port 5432 failed: Connection refused';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeRun(args: string[]): number {
  const t0 = process.hrtime.bigint();
  try {
    execFileSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  } catch {
    // exit 1 (unknown) is not a failure of the timing
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// Interleave the two so that load from other processes hits both alike.
const bare: number[] = [];
const explain: number[] = [];
timeRun(['-e', '0']);
timeRun([CLI, 'explain', MESSAGE]);
for (let i = 0; i < RUNS; i++) {
  bare.push(timeRun(['-e', '0']));
  explain.push(timeRun([CLI, 'explain', MESSAGE]));
}
const ratio = median(explain) / median(bare);
console.log(`explain start-up: median ${median(explain).toFixed(1)} ms vs node -e 0 ${median(bare).toFixed(1)} ms over ${RUNS} runs: ratio ${ratio.toFixed(2)}x (limit 3x) ${ratio <= 3 ? 'OK' : 'TOO SLOW'}`);

const texts = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(readFileSync(FIXTURES + f, 'utf8')) as Array<{ text: string }>).map((x) => x.text));
for (const t of texts) explainError(t);
const t0 = performance.now();
const ROUNDS = 20;
for (let r = 0; r < ROUNDS; r++) for (const t of texts) explainError(t);
const perCall = (performance.now() - t0) / (ROUNDS * texts.length);
console.log(`explainError: ${texts.length} corpus messages x ${ROUNDS}: ${(perCall * 1000).toFixed(0)} µs per call`);
const huge = 'a/1.1.1.1 '.repeat(100_000);
const h0 = performance.now();
explainError(huge);
console.log(`explainError on a 1 MB paste: ${(performance.now() - h0).toFixed(1)} ms`);
