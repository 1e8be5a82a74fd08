/**
 * What the one story costs: `tcpsleuth check --json` to a loopback listener (open, reset, closed)
 * against `nc -z` to the same port in the same run (both start a process; ours also waits for the
 * server's accept() and watches the connection), and building the story from a finished report
 * against serialising that report (`JSON.stringify`, what --json does anyway).
 *
 * After `npm run build`: npx tsx bench/story.ts   (BENCH_RUNS=N, default 9)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CheckReport } from '../src/evidence.js';
import { buildStory } from '../src/diagnosis/story.js';
import { readTcpTimings } from '../src/kernel-timing.js';
import { startLoopbackServer, type LoopbackBehaviour } from '../src/lab/servers.js';
import { which } from '../src/tools.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(file: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => execFile(file, args, { timeout: 30_000 }, (_e, stdout) => resolve({ ms: performance.now() - t0, stdout: String(stdout) })));
}

async function main(): Promise<void> {
  const nc = which('nc');
  const timings = readTcpTimings();
  for (const b of ['open', 'reset-after-connect', 'closed-after-connect'] as LoopbackBehaviour[]) {
    const server = await startLoopbackServer(b);
    try {
      const ours: number[] = [];
      const theirs: number[] = [];
      let report: CheckReport | undefined;
      for (let i = 0; i < RUNS; i++) {
        const r = await timed(process.execPath, [CLI, 'check', `127.0.0.1:${server.port}`, '--no-ping', '--json']);
        ours.push(r.ms);
        report = JSON.parse(r.stdout) as CheckReport;
        if (nc) theirs.push((await timed(nc, ['-z', '127.0.0.1', String(server.port)])).ms);
      }
      const story: number[] = [];
      const json: number[] = [];
      for (let i = 0; i < 200; i++) {
        let t0 = performance.now();
        buildStory(report!, { timings });
        story.push(performance.now() - t0);
        t0 = performance.now();
        JSON.stringify(report);
        json.push(performance.now() - t0);
      }
      const peer = nc ? `, nc -z ${median(theirs).toFixed(0)} ms (ratio ${(median(ours) / median(theirs)).toFixed(1)}×)` : ' (nc not installed: no peer)';
      process.stdout.write(
        `${b.padEnd(22)} verdict ${report!.verdict.padEnd(7)} check --json ${median(ours).toFixed(0)} ms${peer}; buildStory ${median(story).toFixed(3)} ms vs JSON.stringify ${median(json).toFixed(3)} ms (ratio ${(median(story) / median(json)).toFixed(1)}×)\n`,
      );
    } finally {
      await server.close();
    }
  }
}

await main();
