/**
 * `check T1 … TN` against running the same N checks one by one: the wall time of one many-target
 * run should be close to its slowest check's, not the sum. Real loopback listeners (open, banner,
 * refused, and a full accept queue that makes `filtered`), no root needed.
 *
 * Run after `npm run build`: npx tsx bench/many.ts   (BENCH_TARGETS=N, default 12)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer, type RunningServer } from '../src/lab/servers.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const N = Math.max(2, Math.min(64, Number(process.env.BENCH_TARGETS ?? 12)));
const COMMON = ['--json', '--no-ping', '--timeout', '1500'];

function timed(args: string[]): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (_err, stdout) => resolve({ ms: performance.now() - t0, stdout: String(stdout) }));
  });
}
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;

async function main(): Promise<void> {
  const servers: RunningServer[] = [];
  try {
    for (const b of ['open', 'banner', 'refused', 'accept-queue-full'] as const) servers.push(await startLoopbackServer(b));
    // One filtered target in every four: the slow ones that set the pace.
    const targets = Array.from({ length: N }, (_, i) => `127.0.0.1:${servers[i % servers.length].port}`);
    console.log(`tcpsleuth check with ${N} targets on loopback (${N / 4} filtered at --timeout 1500), wall time incl. node start-up`);

    const many = await timed(['check', ...targets, ...COMMON]);
    const verdicts = many.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { verdict: string }).verdict);
    const singles: number[] = [];
    for (const t of targets) singles.push((await timed(['check', t, ...COMMON])).ms);
    const sum = singles.reduce((a, b) => a + b, 0);
    const slowest = Math.max(...singles);

    console.log(`all at once (one process)        ${fmt(many.ms)}   verdicts: ${[...new Set(verdicts)].map((v) => `${verdicts.filter((x) => x === v).length} ${v}`).join(', ')}`);
    console.log(`one by one (${N} processes), sum   ${fmt(sum)}`);
    console.log(`slowest single check             ${fmt(slowest)}`);
    console.log(`ratio one-by-one / all-at-once: ${(sum / many.ms).toFixed(1)}×; all-at-once / slowest single: ${(many.ms / slowest).toFixed(2)}×`);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

void main();
