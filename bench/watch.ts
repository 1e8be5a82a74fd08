/**
 * `tcpsleuth watch` against its real peer, `nping --tcp-connect` (nmap's packet generator), in the
 * same run: the same number of connects at the same rate to one loopback listener. Both hold the
 * rate (wall time ≈ count / rate); the line to read is the CPU each spends per attempt (user + sys,
 * measured by bash's `time` around the process) and the ratio. tcpsleuth does more per attempt:
 * it watches the socket in /proc/net/tcp while the SYN is out and keeps every attempt for the
 * summary.
 *
 * Run after `npm run build`: npx tsx bench/watch.ts   (BENCH_COUNT=N, default 500; BENCH_RATE=R, default 100)
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { shellLine } from '../src/shell-words.js';
import { which } from '../src/tools.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const COUNT = Math.max(10, Math.min(10_000, Number(process.env.BENCH_COUNT ?? 500)));
const RATE = Math.max(1, Math.min(100, Number(process.env.BENCH_RATE ?? 100)));
const RUNS = 3;

/** Runs argv under bash's `time`: wall, user and sys seconds of the whole process tree. */
function timed(argv: string[]): Promise<{ wall: number; cpu: number; stdout: string }> {
  const script = `TIMEFORMAT='%R %U %S'; { time ${shellLine(argv)} > /tmp/tsl-bench-watch.$$ 2>/dev/null ; } 2>&1; cat /tmp/tsl-bench-watch.$$ >&2; rm -f /tmp/tsl-bench-watch.$$`;
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(err);
      const [wall, user, sys] = String(stdout).trim().split(/\s+/).map(Number);
      resolve({ wall, cpu: user + sys, stdout: String(stderr) });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!which('nping')) {
    console.log('skipped: nping is missing (apt install nmap, or the nping package)');
    return;
  }
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    console.log(`${COUNT} connects at ${RATE}/s to 127.0.0.1:${port}, ${RUNS} paired runs, medians`);
    const ours: { wall: number; cpu: number }[] = [];
    const peer: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const w = await timed([process.execPath, CLI, 'watch', `127.0.0.1:${port}`, '--rate', String(RATE), '--count', String(COUNT), '--json']);
      const s = JSON.parse(w.stdout) as { attempts: number; byVerdict: { open?: number } };
      if (s.byVerdict.open !== COUNT) throw new Error(`watch: ${JSON.stringify(s.byVerdict)}`);
      ours.push(w);
      const n = await timed(['nping', '--tcp-connect', '-p', String(port), '--rate', String(RATE), '-c', String(COUNT), '-q', '127.0.0.1']);
      if (!new RegExp(`Successful connections: ${COUNT}\\b`).test(n.stdout)) throw new Error(`nping: ${n.stdout.slice(-300)}`);
      peer.push(n);
    }
    const line = (name: string, r: { wall: number; cpu: number }[]) =>
      `${name.padEnd(28)} wall ${median(r.map((x) => x.wall)).toFixed(2)} s   CPU ${median(r.map((x) => x.cpu)).toFixed(2)} s   ${((median(r.map((x) => x.cpu)) / COUNT) * 1e3).toFixed(2)} ms CPU per attempt`;
    console.log(line('tcpsleuth watch --json', ours));
    console.log(line('nping --tcp-connect', peer));
    console.log(`CPU ratio watch / nping: ${(median(ours.map((x) => x.cpu)) / median(peer.map((x) => x.cpu))).toFixed(2)}×; wall ratio: ${(median(ours.map((x) => x.wall)) / median(peer.map((x) => x.wall))).toFixed(2)}×`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

void main();
