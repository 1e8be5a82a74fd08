/**
 * `check T1 T2 …` / `check -f FILE`: every target checked at once (bounded), shown as a live table
 * in a terminal, plain lines in a pipe (one per target as it finishes, then a summary), or JSON
 * lines with --json (one `check --json` report per line, in finishing order). Exit 0 only when all are open.
 */
import { toJson } from '../sinks/json.js';
import type { CheckReport, Target } from '../evidence.js';
import { rootSignal } from '../lifecycle.js';
import { runCheck, type RunCheckOptions } from '../guide/run-check.js';
import { colorEnabled, painter } from '../output/colors.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { startLiveTable } from './live.js';
import { manyExitCode, runMany } from './run.js';
import { formatHeaderRow, formatManySummary, formatRow, widthsFor, type ManyRow } from './table.js';

/** How many checks run at once unless --parallel says otherwise. */
const DEFAULT_PARALLEL = 16;

export interface ManyCommandOptions {
  json: boolean;
  plain: boolean;
  parallel?: number;
  /** What every check gets (ping, capture, budget, TLS CA and SNI), as for one target. */
  check: Omit<RunCheckOptions, 'signal'>;
}

/** Runs the checks and prints them in the mode the output calls for; returns the exit code. */
export async function runManyChecks(targets: Target[], opts: ManyCommandOptions): Promise<number> {
  exitQuietlyOnEpipe();
  const t0 = performance.now();
  const check = (t: Target) => runCheck(t, { ...opts.check, signal: rootSignal });
  const parallel = opts.parallel ?? DEFAULT_PARALLEL;
  const rows: ManyRow[] = targets.map((target) => ({ target, state: 'waiting' }));
  const paint = painter(colorEnabled(process.stdout) && !opts.json);
  const widths = widthsFor(rows);
  const onStart = (i: number) => {
    rows[i].state = 'running';
    rows[i].startedAt = performance.now();
  };
  let reports: CheckReport[];

  if (opts.json) {
    reports = await runMany(targets, check, { parallel, signal: rootSignal, onDone: (_i, r) => process.stdout.write(`${toJson(r)}\n`) });
    return manyExitCode(reports);
  }
  if (process.stdout.isTTY && !opts.plain) {
    const live = startLiveTable(rows, paint);
    reports = await runMany(targets, check, {
      parallel,
      signal: rootSignal,
      onStart: (i) => (onStart(i), live.update()),
      onDone: (i, r) => {
        rows[i].state = 'done';
        rows[i].report = r;
        live.update();
      },
    });
    live.finish(formatManySummary(reports, performance.now() - t0, paint));
    return manyExitCode(reports);
  }
  process.stdout.write(`${formatHeaderRow(widths, paint)}\n`);
  reports = await runMany(targets, check, {
    parallel,
    signal: rootSignal,
    onStart,
    onDone: (i, r) => {
      rows[i].state = 'done';
      rows[i].report = r;
      process.stdout.write(`${formatRow(rows[i], widths, paint)}\n`);
    },
  });
  process.stdout.write(`\n${formatManySummary(reports, performance.now() - t0, paint)}\n`);
  return manyExitCode(reports);
}
