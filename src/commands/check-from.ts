/**
 * `check TARGET --from …`: the hook between `check`'s command line and the vantage points
 * (src/vantage/). It checks what combines with --from, reads the vantage points, and runs them;
 * with `--report FILE` it writes every vantage point side by side (src/report/fleet-*.ts).
 */
import { UsageError } from '../errors.js';
import type { Target } from '../evidence.js';
import { runFromCommand } from '../vantage/command.js';
import { parseVantages } from '../vantage/vantages.js';
import type { FromResult } from '../vantage/run.js';
import { rootSignal } from '../lifecycle.js';
import { termLine } from '../sinks/terminal.js';
import { vetReportArg } from './check-report.js';

/** What `check` parsed that --from uses. */
export interface CheckFromArgs {
  from?: string[];
  sshConfig?: string;
  target: Target;
  targets?: Target[];
  server?: unknown;
  report?: string;
  force?: boolean;
  holdMs?: number;
  json: boolean;
  plain: boolean;
  ping: boolean;
  capture: boolean;
  parallel?: number;
  budgetMs?: number;
  ca?: string;
  caFile?: string;
  servername?: string;
}

/** Runs `check TARGET --from …`; returns the exit code. */
export async function runCheckFrom(opts: CheckFromArgs): Promise<number> {
  if (opts.targets) throw new UsageError('--from checks one target from many places; for many targets, run it once per target');
  if (opts.server !== undefined) throw new UsageError('--from and --server do not combine yet: check from elsewhere, or with the server side, one at a time');
  if (opts.holdMs !== undefined) throw new UsageError('--from and --hold do not combine: hold a connection from one place (ssh there and run check --hold)');
  const vantages = parseVantages(opts.from ?? [], opts.sshConfig);
  if (!vantages.length) throw new UsageError('--from wants local, ssh://[user@]host[:port] or @FILE');
  // The report's name is vetted before any vantage point starts: a typo costs nothing.
  const report = opts.report;
  if (report !== undefined) vetReportArg(report, opts.force ?? false, false);
  return runFromCommand(opts.target, vantages, {
    json: opts.json,
    plain: opts.plain,
    parallel: opts.parallel,
    budgetMs: opts.budgetMs,
    ping: opts.ping,
    tls: opts.target.tls,
    servername: opts.servername,
    local: { capture: opts.capture, ca: opts.ca, caFile: opts.caFile },
    ...(report !== undefined ? { after: (result: FromResult) => writeFleet(report, opts, result) } : {}),
  });
}

/** Writes the side-by-side report; the file name goes where check --report puts it (stderr under --json). */
async function writeFleet(file: string, opts: CheckFromArgs, result: FromResult): Promise<void> {
  const { writeFleetReport, ReportFileError } = await import('../report/index.js');
  try {
    const { written } = await writeFleetReport({ reports: result.reports, summary: result.summary, file, force: opts.force, signal: rootSignal });
    (opts.json ? process.stderr : process.stdout).write(`report written: ${written.map((w) => termLine(w)).join(', ')}\n`);
  } catch (err) {
    if (err instanceof ReportFileError) throw new UsageError(err.message);
    throw err;
  }
}
