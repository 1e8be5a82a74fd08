/**
 * `tcpsleuth check TARGET`: runs the checks and prints them. `--json` prints one CheckReport; a
 * TTY gets the interactive guide (loaded lazily, so --json never loads Ink or React); anything
 * else gets plain lines. Exit 0 for `open`, 1 for any other verdict, 2 for bad usage.
 */
import { parseArgs } from 'node:util';
import { UsageError, usageFromParseArgs } from '../errors.js';
import { exitCodeFor, type Target } from '../evidence.js';
import { rootSignal } from '../lifecycle.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { parsePort, parseTarget } from '../target.js';
import { parseDuration } from '../duration.js';
import { runCheck } from '../guide/run-check.js';
import { printJson } from '../output/json.js';
import { colorEnabled, painter } from '../output/colors.js';
import { formatHeader, formatProgress, formatStep, formatVerdict } from '../output/plain.js';

const OPTIONS = {
  port: { type: 'string', short: 'p' },
  json: { type: 'boolean' },
  plain: { type: 'boolean' },
  tls: { type: 'boolean' },
  'no-tls': { type: 'boolean' },
  'no-ping': { type: 'boolean' },
  capture: { type: 'boolean' },
  timeout: { type: 'string', short: 't' },
  progress: { type: 'boolean' },
} as const;

/** Reads the command line into a target and options; throws UsageError. */
export function parseCheckArgs(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageFromParseArgs(err);
  }
  const v = parsed.values;
  if (v.tls && v['no-tls']) throw new UsageError('--tls and --no-tls contradict each other');
  if (v.json && v.plain) throw new UsageError('--json and --plain contradict each other');
  const port = v.port !== undefined ? parsePort(v.port) : undefined;
  const target: Target = parseTarget(parsed.positionals, { port, tls: v.tls });
  if (v['no-tls']) target.tls = false;
  return {
    target,
    json: Boolean(v.json),
    plain: Boolean(v.plain),
    ping: !v['no-ping'],
    capture: Boolean(v.capture),
    progress: Boolean(v.progress),
    // --timeout: milliseconds, or with a unit (`3s`, `1500ms`), 100 ms to 600 s.
    budgetMs: v.timeout !== undefined ? parseDuration(v.timeout, { minMs: 100, maxMs: 600_000 }) : undefined,
  };
}

export default async function run(argv: string[]): Promise<number> {
  const opts = parseCheckArgs(argv);
  const { target } = opts;
  exitQuietlyOnEpipe();
  const signal = rootSignal;

  if (opts.json) {
    const report = await runCheck(target, { signal, ping: opts.ping, capture: opts.capture, budgetMs: opts.budgetMs });
    printJson(report);
    return exitCodeFor(report.verdict);
  }

  if (process.stdout.isTTY && !opts.plain) {
    const { runGuide } = await import('../ui/run-guide.js');
    const code = await runGuide(target, { signal, capture: opts.capture, check: { ping: opts.ping, budgetMs: opts.budgetMs } });
    if (code !== undefined) return code;
  }

  const paint = painter(colorEnabled(process.stdout));
  const errPaint = painter(colorEnabled(process.stderr));
  process.stdout.write(`${formatHeader(target.host, target.port, paint)}\n`);
  const report = await runCheck(target, {
    signal,
    ping: opts.ping,
    capture: opts.capture,
    budgetMs: opts.budgetMs,
    onStep: (s) => process.stdout.write(`${formatStep(s, paint)}\n`),
    onProgress: opts.progress ? (p) => process.stderr.write(`${formatProgress(p, errPaint)}\n`) : undefined,
  });
  process.stdout.write(`${formatVerdict(report, paint)}\n`);
  return exitCodeFor(report.verdict);
}
