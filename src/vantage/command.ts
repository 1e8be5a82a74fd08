/**
 * `check TARGET --from …`: the check from every vantage point, printed for where the output goes.
 * `--json`: one line per vantage point as it finishes (the `check --json` shape plus `from` and
 * `vantage`), then one summary line. A terminal: a live table. A pipe: a row per vantage point as
 * it finishes. One vantage point alone: its steps and verdict, as a local check prints them.
 * Exit 0 only when every vantage point says `open`.
 */
import type { StepEvidence, Target } from '../evidence.js';
import { rootSignal } from '../lifecycle.js';
import { colorEnabled, painter, type Paint } from '../output/colors.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { formatHeader, formatStep, formatVerdict } from '../output/plain.js';
import { startLiveTable } from '../many/live.js';
import { selfCommandLine } from '../self-command.js';
import { termLine } from '../sinks/terminal.js';
import { fromExitCode, runFromVantages, type FromOptions, type FromResult } from './run.js';
import { formatFleetSummary, formatNoVerdicts, formatVantageHeader, formatVantageRow, vantageWidths, type VantageRow } from './table.js';
import type { Vantage, VantageReport } from './types.js';

export interface FromCommandOptions extends Omit<FromOptions, 'signal' | 'onStart' | 'onDone' | 'control'> {
  json: boolean;
  plain: boolean;
  /** Called with every report and the summary once they are printed (`--report FILE` writes them). */
  after?: (result: FromResult) => Promise<void>;
}

/** One JSON line: numbers named `…Ms` rounded to 0.1 ms, as `check --json` does. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (typeof v === 'number' && /Ms$/.test(key) ? Math.round(v * 10) / 10 : v));
}

const learn = (lesson: string) => selfCommandLine(['learn', lesson]);

/** A step with its words made inert for a terminal (they may quote a remote banner or error). */
function inertStep(s: StepEvidence): StepEvidence {
  return { ...s, summary: termLine(s.summary), reason: s.reason && termLine(s.reason), fix: s.fix && termLine(s.fix), command: s.command && termLine(s.command) };
}

/** One vantage point alone: its steps and verdict, as a local check prints them. */
function printOne(r: VantageReport, paint: Paint): void {
  for (const s of r.steps) process.stdout.write(`${formatStep(inertStep(s), paint)}\n`);
  if (r.verdict === null) {
    process.stdout.write(`\n${formatNoVerdicts([r], paint).join('\n')}\n`);
    return;
  }
  const safe = { ...r, verdict: r.verdict, meaning: termLine(r.meaning), details: r.details.map((d) => ({ ...d, text: termLine(d.text) })), lessons: [] };
  // formatVerdict ends with the story's own "learn more" line.
  process.stdout.write(`${formatVerdict(safe, paint)}\n`);
}

/** Runs the check from every vantage point and prints it; returns the exit code. */
export async function runFromCommand(target: Target, vantages: Vantage[], opts: FromCommandOptions): Promise<number> {
  exitQuietlyOnEpipe();
  const { json, plain, after, ...run } = opts;
  const done = async (result: FromResult) => {
    await after?.(result);
    return fromExitCode(result.reports);
  };
  const paint = painter(colorEnabled(process.stdout) && !json);
  const rows: VantageRow[] = vantages.map((v) => ({ from: v.label, state: 'waiting' }));
  const started = (i: number) => {
    rows[i].state = 'running';
    rows[i].startedAt = performance.now();
  };

  if (json) {
    const result = await runFromVantages(target, vantages, { ...run, signal: rootSignal, onDone: (_i, r) => process.stdout.write(`${jsonLine(r)}\n`) });
    process.stdout.write(`${jsonLine(result.summary)}\n`);
    return done(result);
  }

  const where = vantages.length === 1 ? termLine(vantages[0].label) : `${vantages.length} vantage points`;
  process.stdout.write(`${formatHeader(target.host, target.port, paint)} ${paint('strong', `from ${where}`)}\n`);
  if (vantages.length === 1) {
    const result = await runFromVantages(target, vantages, { ...run, signal: rootSignal });
    printOne(result.reports[0], paint);
    if (result.summary.details.length) process.stdout.write(`${formatFleetSummary(result.summary, paint, learn)}\n`);
    return done(result);
  }

  const widths = vantageWidths(rows);
  const live = process.stdout.isTTY && !plain ? startLiveTable(rows, paint, process.stdout, { header: () => formatVantageHeader(widths, paint), row: (r) => formatVantageRow(r, widths, paint) }) : undefined;
  if (!live) process.stdout.write(`${formatVantageHeader(widths, paint)}\n`);
  const result = await runFromVantages(target, vantages, {
    ...run,
    signal: rootSignal,
    onStart: (i) => {
      started(i);
      live?.update();
    },
    onDone: (i, r) => {
      rows[i].state = 'done';
      rows[i].report = r;
      if (live) live.update();
      else process.stdout.write(`${formatVantageRow(rows[i], widths, paint)}\n`);
    },
  });
  const tail = [...formatNoVerdicts(result.reports, paint), formatFleetSummary(result.summary, paint, learn)].join('\n');
  if (live) live.finish(tail);
  else process.stdout.write(`\n${tail}\n`);
  return done(result);
}
