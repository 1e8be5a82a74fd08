/**
 * How fast the chat answers a message that needs no network (issue 11: under 50 ms), measured in
 * the pipe mode of the built CLI: one `tcpsleuth chat --json` process, one message written at a
 * time, the time from writing the line to reading its reply line. Printed beside the process's
 * own start (spawn → first reply) and a bare `node -e 0`, so the numbers read against a real peer.
 * Run after `npm run build`: npx tsx bench/chat.ts [rounds]
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROUNDS = Number(process.argv[2] ?? 10);

/** Messages of each non-check kind. */
const MESSAGES: Array<[string, string]> = [
  ['answer', 'why does my socket sit in SYN_SENT?'],
  ['explain', 'curl: (7) Failed to connect to db.internal port 5432 after 3 ms: Connection refused'],
  ['explain (multi-line)', JSON.stringify('java.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n\tat org.postgresql.Driver.connect(Driver.java:285)')],
  ['smalltalk (greeting)', 'hello there'],
  ['smalltalk (off-topic)', "what's the weather in Berlin?"],
  ['unknown (below the threshold)', 'zqx vvb'],
  ['explain (above TCP)', 'psql: error: connection to server at "db.internal", port 5432 failed: FATAL:  password authentication failed for user "app"'],
  ['prompt (target in prose)', 'since last week the nightly job that talks to reports.internal:5432 fails and nobody knows why, any thoughts?'],
  ['answer (no lesson)', 'how does QUIC multiplex streams over UDP?'],
  ['help', '/help'],
  ['lesson', 'teach me about ECN'],
  ['quiz', 'quiz me'],
  ['prompt', 'ping db.internal'],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

function bareNode(): number {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'chat', '--json'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  const lines = createInterface({ input: child.stdout });
  const queue: Array<(line: string) => void> = [];
  lines.on('line', (line) => queue.shift()?.(line));
  const ask = (message: string) =>
    new Promise<{ ms: number; kind: string }>((resolve) => {
      const s = performance.now();
      queue.push((line) => resolve({ ms: performance.now() - s, kind: (JSON.parse(line) as { kind: string }).kind }));
      child.stdin.write(`${message}\n`);
    });
  const first = await ask('/help');
  const startToFirst = performance.now() - t0;
  const times = new Map<string, number[]>(MESSAGES.map(([k]) => [k, []]));
  const firstOfKind = new Map<string, number>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, message] of MESSAGES) {
      const { ms, kind } = await ask(message);
      if (r === 0) firstOfKind.set(label, ms);
      times.get(label)!.push(ms);
      if (r === 0) process.stdout.write(`  ${label.padEnd(22)} → ${kind}\n`);
    }
  }
  child.stdin.end();
  await new Promise((r) => child.on('close', r));
  const bare = median([bareNode(), bareNode(), bareNode(), bareNode(), bareNode()]);
  console.log(`chat process start → first reply (/help): ${startToFirst.toFixed(1)} ms (first reply itself ${first.ms.toFixed(1)} ms); bare node -e 0: ${bare.toFixed(1)} ms`);
  const all: number[] = [];
  for (const [label, xs] of times) {
    all.push(...xs.slice(1));
    console.log(`${label.padEnd(22)} first ${firstOfKind.get(label)!.toFixed(1).padStart(6)} ms · then median ${median(xs.slice(1)).toFixed(2).padStart(6)} ms, p95 ${p95(xs.slice(1)).toFixed(2).padStart(6)} ms over ${xs.length - 1}`);
  }
  const worstFirst = Math.max(...firstOfKind.values());
  console.log(`non-check reply: median ${median(all).toFixed(2)} ms, p95 ${p95(all).toFixed(2)} ms, slowest first-of-kind ${worstFirst.toFixed(1)} ms (limit 50 ms) ${p95(all) < 50 && worstFirst < 50 ? 'OK' : 'TOO SLOW'}`);
}

void main();
