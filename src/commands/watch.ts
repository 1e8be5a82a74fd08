/**
 * `tcpsleuth watch HOST:PORT`: reads the command line, picks the mode once (live screen in a
 * terminal, plain lines in a pipe, --json, --jsonl), runs the series (src/watch/run.ts) and picks
 * the exit code. Ctrl-C ends the series and still prints its summary, then exits 130.
 */
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { EXIT } from '../evidence.js';
import { onCleanup, rootSignal } from '../lifecycle.js';
import { colorEnabled, painter } from '../output/colors.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { parseDuration } from '../duration.js';
import { parsePort, parseTarget } from '../target.js';
import { runWatch, WatchError, type WatchInput } from '../watch/run.js';
import { watchExitCode } from '../watch/summary.js';
import { attemptLine, summaryLines } from '../watch/text.js';
import type { Attempt, WatchSummary } from '../series/types.js';
import { summaryJson, attemptJsonLine } from '../watch/json.js';

/** The command line's options (test/docs checks `watch --help` lists the same). */
export const OPTIONS = {
  port: { type: 'string', short: 'p' },
  rate: { type: 'string' },
  count: { type: 'string', short: 'c' },
  duration: { type: 'string' },
  timeout: { type: 'string', short: 't' },
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  plain: { type: 'boolean' },
} as const;

export interface WatchOptions {
  input: WatchInput;
  mode: 'json' | 'jsonl' | 'plain' | 'live';
}

/** Reads the command line; throws UsageError naming what is wrong. */
export function parseWatchArgs(argv: string[], isTTY = Boolean(process.stdout.isTTY)): WatchOptions {
  const { values: v, positionals } = parseArgsOrUsage({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if ([v.json, v.jsonl, v.plain].filter(Boolean).length > 1) throw new UsageError('--json, --jsonl and --plain contradict each other: pick one');
  const target = parseTarget(positionals, { port: v.port !== undefined ? String(parsePort(v.port)) : undefined });
  const rate = v.rate !== undefined ? parseRate(v.rate) : 1;
  if (v.count !== undefined && v.duration !== undefined) throw new UsageError('--count and --duration both say when to stop: pick one');
  const input: WatchInput = {
    host: target.host,
    port: target.port,
    ratePerSecond: rate,
    ...(v.count !== undefined ? { count: parseCount(v.count) } : {}),
    ...(v.duration !== undefined ? { durationMs: parseDuration(v.duration, { minMs: 1000, maxMs: 7 * 24 * 3_600_000, option: '--duration' }) } : {}),
    ...(v.timeout !== undefined ? { budgetMs: parseDuration(v.timeout, { minMs: 100, maxMs: 600_000 }) } : {}),
  };
  const mode = v.json ? 'json' : v.jsonl ? 'jsonl' : v.plain || !isTTY ? 'plain' : 'live';
  return { input, mode };
}

function parseRate(text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n >= 0.01 && n <= 100)) throw new UsageError(`bad --rate "${text}": expected attempts per second, 0.01 to 100 (e.g. 5, or 0.2 for one every 5 s)`);
  return n;
}

function parseCount(text: string): number {
  if (!/^\d{1,6}$/.test(text.trim()) || Number(text) < 1 || Number(text) > 100_000) throw new UsageError(`bad --count "${text}": expected a number of attempts, 1 to 100000`);
  return Number(text);
}

export default async function run(argv: string[]): Promise<number> {
  const { input, mode } = parseWatchArgs(argv);
  exitQuietlyOnEpipe();
  // Ctrl-C aborts rootSignal; the series then ends and its summary is printed before the exit.
  let printed: () => void = () => undefined;
  const unregister = onCleanup(() => new Promise<void>((resolve) => (printed = resolve)));
  try {
    const code = mode === 'live' ? await (await import('../ui/watch/run-live.js')).runLiveWatch(input, rootSignal) : await runPrinted(input, mode);
    return rootSignal.aborted ? EXIT.interrupted : code;
  } catch (err) {
    if (!(err instanceof WatchError)) throw err;
    process.stderr.write(`tcpsleuth watch: ${err.message}\n`);
    return EXIT.verdict;
  } finally {
    unregister();
    printed();
  }
}

/** --json, --jsonl and plain lines: the same series, three printers. */
async function runPrinted(input: WatchInput, mode: 'json' | 'jsonl' | 'plain'): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const paint = painter(colorEnabled(process.stdout));
  let width = 15;
  const onAttempt = (a: Attempt) => {
    if (mode === 'jsonl') out(attemptJsonLine(a));
    else if (mode === 'plain') out(attemptLine(a, paint, width));
  };
  const onStart = (addresses: string[]) => {
    width = Math.max(15, ...addresses.map((a) => a.length));
    if (mode === 'plain') out(paint('muted', `watching ${addresses.length > 1 ? `${addresses.length} addresses in turn` : addresses[0]} port ${input.port}, ${input.ratePerSecond ?? 1} a second (Ctrl-C ends with the summary)`));
  };
  let attempts: readonly Attempt[] = [];
  const summary: WatchSummary = await runWatch(input, { signal: rootSignal, onStart, onAttempt: (a, sofar) => ((attempts = sofar), onAttempt(a)) });
  if (mode === 'json') out(summaryJson(summary));
  else if (mode === 'jsonl') out(summaryJson(summary, true));
  else for (const line of ['', ...summaryLines(summary, paint, { attempts })]) out(line);
  return watchExitCode(summary);
}
