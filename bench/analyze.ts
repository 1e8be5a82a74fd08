/**
 * `npx tsx bench/analyze.ts [PACKETS] [--pairs N] [--memory PACKETS] [--loaded]`: writes a
 * 1M-packet pcap of synthetic conversations (handshakes, data, resets, refused and filtered ports,
 * ECN, retransmits), then times `tcpsleuth analyze FILE --json` against `tshark -r FILE -q -z
 * expert` in N alternating pairs (default 5: this machine is shared, so one pair proves little)
 * and prints each pair, the medians, the median of the pairs' ratios and both peak RSS, with the
 * load average before and after, and how our CPU splits between the main thread and V8's
 * background threads (its optimizing compiler and GC: a quarter of it on this file). Goal: ≥ 6× faster than tshark. Then the same analysis alone on a
 * 10M-packet file (--memory 0 skips it): goal peak RSS < 200 MB, flat whatever the file's size.
 * `--loaded` keeps one core busy with another process (a spin loop) while both tools run. The
 * files are deleted.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureEncoder, CaptureFileWriter } from '../src/packets/capture-writer.js';
import { LINKTYPE } from '../src/packets/decode.js';
import { syntheticTraffic } from '../src/packets/synthetic.js';
import { which } from '../src/tools.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** Preloaded into our runs: the CPU of the main thread and of V8's background threads (see the file). */
const THREAD_CPU = fileURLToPath(new URL('./thread-cpu.cjs', import.meta.url));
/** Writes `count` packets of the benchmark's conversation mix. */
function generate(file: string, count: number): number {
  const enc = new CaptureEncoder({ format: 'pcap' });
  const out = new CaptureFileWriter(file);
  out.write(enc.header(LINKTYPE.ethernet));
  syntheticTraffic(count, (ts, frame) => out.write(enc.packet(ts, frame)));
  out.close();
  return count;
}

interface Timed {
  seconds: number;
  /** User + system CPU seconds (steadier than wall time on a busy machine). */
  cpu?: number;
  code: number | null;
  peakRssMb?: number;
  /** CPU seconds of the main thread and of all others (V8's compiler and GC), when measured. */
  threads?: { main: number; background: number };
}

/**
 * Runs a command under /usr/bin/time -v when present, for its CPU time and peak RSS. Its stdout
 * goes straight to `outFile` (the 60 MB of JSON must not wait on this process reading a pipe).
 */
function timed(file: string, args: string[], outFile: string, threadsFile?: string): Promise<Timed> {
  const gnuTime = statSync('/usr/bin/time', { throwIfNoEntry: false }) ? '/usr/bin/time' : undefined;
  const [bin, argv] = gnuTime ? [gnuTime, ['-v', file, ...args]] : [file, args];
  const out = openSync(outFile, 'w');
  const env = threadsFile ? { ...process.env, THREAD_CPU_FILE: threadsFile } : process.env;
  if (threadsFile) rmSync(threadsFile, { force: true });
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(bin, argv, { stdio: ['ignore', out, 'pipe'], env });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      closeSync(out);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpu = user && sys ? Number(user[1]) + Number(sys[1]) : undefined;
      resolve({ seconds, cpu, code, peakRssMb: rss ? Number(rss[1]) / 1024 : undefined, threads: threadsFile ? threadCpu(threadsFile) : undefined });
    });
  });
}

/** What bench/thread-cpu.cjs wrote (undefined when it could not: not Linux). */
function threadCpu(path: string): Timed['threads'] {
  const line = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
  const [main, background] = line.split(' ').map(Number);
  return line ? { main, background } : undefined;
}

/** Conversation lines in our JSON output, counted by streaming the file. */
async function countConversations(path: string): Promise<number> {
  let n = 0;
  let tail = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const text = tail + chunk;
    n += (text.match(/\n {4}\{"index":/g) ?? []).length;
    tail = text.slice(-16);
  }
  return n;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const m = args.indexOf('--memory');
  const bigPackets = m >= 0 ? Number(args.splice(m, 2)[1]) : 10_000_000;
  const l = args.indexOf('--loaded');
  const loaded = l >= 0 ? (args.splice(l, 1), spinner()) : undefined;
  const p = args.indexOf('--pairs');
  const pairs = p >= 0 ? Math.max(1, Number(args.splice(p, 2)[1])) : 5;
  const packets = Number(args[0] ?? 1_000_000);
  try {
    if (loaded) console.log('loaded: another process keeps one core busy during the runs');
    await compare(packets, pairs);
  } finally {
    loaded?.kill();
  }
  if (bigPackets > 0) await memory(bigPackets);
}

/** A process that spins on one core until killed (bounded: it stops by itself after 10 minutes). */
function spinner() {
  return spawn(process.execPath, ['-e', 'const end = Date.now() + 600e3; while (Date.now() < end);'], { stdio: 'ignore' });
}

/** Our peak RSS on a big file (tshark's grows with the file: it is not run here). */
async function memory(packets: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-bench-'));
  const file = join(dir, 'big.pcap');
  try {
    const g0 = Date.now();
    generate(file, packets);
    console.log(`generated ${packets} packets (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((Date.now() - g0) / 1000).toFixed(1)} s`);
    const ours = await timed(process.execPath, [CLI, 'analyze', file, '--json'], join(dir, 'ours.json'));
    const convs = await countConversations(join(dir, 'ours.json'));
    const rss = ours.peakRssMb ?? NaN;
    console.log(`tcpsleuth analyze --json on ${packets} packets: ${ours.seconds.toFixed(2)} s (exit ${ours.code}, ${convs} conversations), peak RSS ${rss.toFixed(0)} MB (goal < 200 MB): ${rss < 200 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function compare(packets: number, pairs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-bench-'));
  const file = join(dir, 'bench.pcap');
  try {
    const g0 = Date.now();
    const n = generate(file, packets);
    const mb = statSync(file).size / 1e6;
    console.log(`generated ${n} packets (${mb.toFixed(0)} MB) in ${((Date.now() - g0) / 1000).toFixed(1)} s: ${file}`);
    const tshark = which('tshark');
    if (!tshark) console.log('tshark not installed: no comparison (apt-get install tshark)');
    console.log(`load average before: ${load()} (${pairs} alternating pairs follow)`);
    const ours: Timed[] = [];
    const theirs: Timed[] = [];
    let convs = 0;
    for (let i = 0; i < pairs; i++) {
      const a = await timed(process.execPath, ['-r', THREAD_CPU, CLI, 'analyze', file, '--json'], join(dir, 'ours.json'), join(dir, 'threads.txt'));
      if (i === 0) convs = await countConversations(join(dir, 'ours.json'));
      ours.push(a);
      if (!tshark) continue;
      const b = await timed(tshark, ['-r', file, '-q', '-z', 'expert'], join(dir, 'tshark.txt'));
      theirs.push(b);
      const split = a.threads ? `: main thread ${a.threads.main.toFixed(2)}, V8 background ${a.threads.background.toFixed(2)}` : '';
      console.log(`  pair ${i + 1}: tcpsleuth ${a.seconds.toFixed(2)} s (CPU ${a.cpu?.toFixed(2) ?? '?'} s${split}), tshark ${b.seconds.toFixed(2)} s (CPU ${b.cpu?.toFixed(2) ?? '?'} s): ${(b.seconds / a.seconds).toFixed(1)}×`);
    }
    const rss = (t: Timed[]) => Math.max(...t.map((x) => x.peakRssMb ?? 0)).toFixed(0);
    const cpu = (t: Timed[]) => (t.every((x) => x.cpu !== undefined) ? `, CPU median ${median(t.map((x) => x.cpu!)).toFixed(2)} s` : '');
    console.log(`tcpsleuth analyze --json: median ${median(ours.map((x) => x.seconds)).toFixed(2)} s (exit ${ours[0].code}, ${convs} conversations${cpu(ours)}, peak RSS ${rss(ours)} MB)`);
    if (ours.every((x) => x.threads)) {
      const main = median(ours.map((x) => x.threads!.main));
      const background = median(ours.map((x) => x.threads!.background));
      console.log(`  of its CPU, median: main thread ${main.toFixed(2)} s, V8's background threads (optimizing compiler, GC) ${background.toFixed(2)} s`);
    }
    if (!tshark) return;
    console.log(`tshark -q -z expert:        median ${median(theirs.map((x) => x.seconds)).toFixed(2)} s (exit ${theirs[0].code}${cpu(theirs)}, peak RSS ${rss(theirs)} MB)`);
    const ratios = ours.map((a, i) => theirs[i].seconds / a.seconds);
    const ratio = median(ratios);
    if (ours.every((x) => x.cpu) && theirs.every((x) => x.cpu)) console.log(`CPU ratio (median of pairs): ${median(ours.map((a, i) => theirs[i].cpu! / a.cpu!)).toFixed(1)}× (less sensitive to other load on the machine)`);
    console.log(`ratio (median of ${pairs} pairs): tcpsleuth is ${ratio.toFixed(1)}× faster than tshark (goal ≥ 6×): ${ratio >= 6 ? 'met' : 'NOT met'}; load average after: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
