/**
 * `tcpsleuth check TARGET`: runs the checks and prints them. `--json` prints one CheckReport; a
 * TTY gets the interactive guide (loaded lazily, so --json never loads Ink or React); anything
 * else gets plain lines. Exit 0 for `open`, 1 for any other verdict, 2 for bad usage.
 */
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { exitCodeFor, type Target } from '../evidence.js';
import { rootSignal } from '../lifecycle.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { parsePort, parseTarget } from '../target.js';
import { parseDuration } from '../duration.js';
import { runCheck } from '../guide/run-check.js';
import { printJson } from '../output/json.js';
import { plainCheckPrinter } from '../output/plain.js';
import { checkSshConfig, parseSshDestination } from '../remote/ssh.js';
import { readTargetFile } from '../many/targets.js';
import { checkServername, readCaFile } from '../checks/tls-options.js';
import { argEcho } from '../sinks/terminal.js';

/** The command line's options (test/docs checks `check --help` lists the same). */
export const OPTIONS = {
  port: { type: 'string', short: 'p' },
  json: { type: 'boolean' },
  plain: { type: 'boolean' },
  tls: { type: 'boolean' },
  'no-tls': { type: 'boolean' },
  'no-ping': { type: 'boolean' },
  capture: { type: 'boolean' },
  timeout: { type: 'string', short: 't' },
  progress: { type: 'boolean' },
  report: { type: 'string' },
  force: { type: 'boolean' },
  server: { type: 'string' },
  file: { type: 'string', short: 'f' },
  parallel: { type: 'string' },
  'ssh-config': { type: 'string' },
  ca: { type: 'string' },
  servername: { type: 'string' },
  hold: { type: 'string' },
  from: { type: 'string', multiple: true },
} as const;

/** Reads the command line into a target and options; throws UsageError. */
export async function parseCheckArgs(argv: string[]) {
  const parsed = parseArgsOrUsage({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const v = parsed.values;
  if (v.tls && v['no-tls']) throw new UsageError('--tls and --no-tls contradict each other');
  if (v.json && v.plain) throw new UsageError('--json and --plain contradict each other');
  if (v.force && v.report === undefined) throw new UsageError('--force goes with --report FILE (it allows overwriting FILE)');
  const port = v.port !== undefined ? parsePort(v.port) : undefined;
  // Many targets: `check T1 T2 …` and/or `check -f FILE` (`-` for stdin), all validated up front.
  const many = v.file !== undefined || parsed.positionals.length > 1;
  const targets: Target[] = many
    ? [...parsed.positionals.map((p) => parseTarget(p, { port, tls: v.tls })), ...(v.file !== undefined ? await readTargetFile(v.file, { port: v.port, tls: v.tls, signal: rootSignal }) : [])]
    : [parseTarget(parsed.positionals, { port, tls: v.tls })];
  if (v['no-tls']) for (const t of targets) t.tls = false;
  // --ca and --servername are about TLS: they turn the TLS step on.
  if ((v.ca !== undefined || v.servername !== undefined) && v['no-tls']) throw new UsageError('--ca/--servername need the TLS step; drop --no-tls');
  const servername = v.servername !== undefined ? checkServername(v.servername) : undefined;
  const ca = v.ca !== undefined ? readCaFile(v.ca) : undefined;
  if (ca || servername) for (const t of targets) t.tls = true;
  const target = targets[0];
  if (many && v.server !== undefined) throw new UsageError('--server checks one target at a time');
  if (!many && v.parallel !== undefined && !v.from) throw new UsageError('--parallel goes with several targets (check T1 T2 … or -f FILE)');
  if (v['ssh-config'] !== undefined && v.server === undefined && !v.from) throw new UsageError('--ssh-config goes with --server ssh://HOST');
  const sshConfig = v['ssh-config'] !== undefined ? checkSshConfig(v['ssh-config']) : undefined;
  const server = v.server !== undefined ? { ...parseSshDestination(v.server), configFile: sshConfig } : undefined;
  return {
    targets: many ? targets : undefined,
    parallel: v.parallel !== undefined ? parseParallel(v.parallel) : undefined,
    server,
    ca,
    caFile: v.ca,
    servername,
    target,
    json: Boolean(v.json),
    plain: Boolean(v.plain),
    ping: !v['no-ping'],
    capture: Boolean(v.capture),
    progress: Boolean(v.progress),
    // --timeout: milliseconds, or with a unit (`3s`, `1500ms`), 100 ms to 600 s.
    budgetMs: v.timeout !== undefined ? parseDuration(v.timeout, { minMs: 100, maxMs: 600_000 }) : undefined,
    report: v.report,
    force: Boolean(v.force),
    // --hold: connections held idle up to this long after the check (src/commands/check-hold.ts).
    holdMs: v.hold !== undefined ? parseDuration(v.hold, { minMs: 2000, maxMs: 86_400_000, option: '--hold' }) : undefined,
    from: v.from,
    sshConfig,
  };
}

function parseParallel(text: string): number {
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 256) throw new UsageError(`--parallel wants a number of checks at once, 1 to 256, not "${argEcho(text)}"`);
  return Number(text);
}

/** The TLS switches as the checks take them (only those given, so they never overwrite defaults). */
function tlsOptions(opts: { ca?: string; caFile?: string; servername?: string }) {
  return { ...(opts.ca ? { ca: opts.ca, caFile: opts.caFile } : {}), ...(opts.servername ? { servername: opts.servername } : {}) };
}

export default async function run(argv: string[]): Promise<number> {
  const opts = await parseCheckArgs(argv);
  // Vantage points (--from): the same check from other machines, over ssh (src/vantage/).
  if (opts.from) return (await import('./check-from.js')).runCheckFrom(opts);
  if (opts.targets) {
    if (opts.holdMs !== undefined) throw new UsageError('--hold checks one target at a time');
    const check = { ping: opts.ping, capture: opts.capture, budgetMs: opts.budgetMs, ...tlsOptions(opts) };
    return (await import('../many/command.js')).runManyChecks(opts.targets, { json: opts.json, plain: opts.plain, parallel: opts.parallel, check });
  }
  const { target } = opts;
  exitQuietlyOnEpipe();
  const signal = rootSignal;
  if (opts.holdMs !== undefined) {
    const conflicts = [opts.server && '--server', opts.capture && '--capture'].filter((c): c is string => Boolean(c));
    const checkOptions = { ping: opts.ping, budgetMs: opts.budgetMs, ...tlsOptions(opts) };
    const report = opts.report !== undefined ? { file: opts.report, force: opts.force } : undefined;
    return (await import('./check-hold.js')).checkAndHold(target, { holdMs: opts.holdMs, json: opts.json, signal, checkOptions, conflicts, report }, runCheck);
  }
  // Both ends: the server's capture and checklist over ssh, beside the usual check.
  const check: typeof runCheck = opts.server
    ? async (t, o) => (await import('../server/two-sided.js')).runTwoSidedCheck(t, opts.server!, { ...o, capture: o?.capture || undefined })
    : runCheck;
  if (opts.report !== undefined) {
    const { checkWithReport } = await import('./check-report.js');
    return checkWithReport(target, { ...opts, report: opts.report, signal, tls: tlsOptions(opts), run: check });
  }

  if (opts.json) {
    const report = await check(target, { signal, ping: opts.ping, capture: opts.capture, budgetMs: opts.budgetMs, ...tlsOptions(opts) });
    printJson(report);
    return exitCodeFor(report.verdict);
  }

  if (process.stdout.isTTY && !opts.plain && !opts.server) {
    const { runGuide } = await import('../ui/run-guide.js');
    const code = await runGuide(target, { signal, capture: opts.capture, check: { ping: opts.ping, budgetMs: opts.budgetMs, ...tlsOptions(opts) } });
    if (code !== undefined) return code;
  }

  const out = plainCheckPrinter({ progress: opts.progress });
  out.header(target.host, target.port);
  const report = await check(target, { signal, ping: opts.ping, capture: opts.capture, budgetMs: opts.budgetMs, ...tlsOptions(opts), onStep: out.onStep, onProgress: out.onProgress });
  out.verdict(report);
  return exitCodeFor(report.verdict);
}
