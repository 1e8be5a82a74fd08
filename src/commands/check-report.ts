/**
 * `check TARGET --report FILE.md|FILE.html`: the check as usual (plain lines, or --json), then
 * the report written beside it, with the capture saved as FILE.pcap under --capture. The file
 * name is vetted before any packet is sent, so a typo costs nothing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { exitCodeFor, type Target } from '../evidence.js';
import { runCheck } from '../check.js';
import { printJson } from '../output/json.js';
import { colorEnabled, painter } from '../output/colors.js';
import { formatHeader, formatProgress, formatStep, formatVerdict } from '../output/plain.js';
import { kernelCollector, reportFormat, ReportFileError, writeReport } from '../report/index.js';
import { pcapBeside } from '../report/write.js';

export interface CheckReportOptions {
  report: string;
  force: boolean;
  json: boolean;
  ping: boolean;
  capture: boolean;
  progress: boolean;
  budgetMs?: number;
  signal: AbortSignal;
}

/** Throws UsageError when FILE cannot be a report (extension, folder, exists without --force). */
export function vetReportFile(file: string, force: boolean, capture: boolean): void {
  try {
    reportFormat(file);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const abs = resolve(file);
  if (!force && existsSync(abs)) throw new UsageError(`${file} already exists (add --force to overwrite it)`);
  if (!force && capture && existsSync(pcapBeside(abs))) throw new UsageError(`${pcapBeside(file)} already exists (add --force to overwrite it)`);
}

export async function checkWithReport(target: Target, opts: CheckReportOptions): Promise<number> {
  vetReportFile(opts.report, opts.force, opts.capture);
  const kernel = kernelCollector();
  const paint = painter(colorEnabled(process.stdout));
  const errPaint = painter(colorEnabled(process.stderr));
  if (!opts.json) process.stdout.write(`${formatHeader(target.host, target.port, paint)}\n`);
  const report = await runCheck(target, {
    signal: opts.signal,
    ping: opts.ping,
    capture: opts.capture,
    budgetMs: opts.budgetMs,
    onStep: opts.json ? undefined : (s) => process.stdout.write(`${formatStep(s, paint)}\n`),
    onProgress: (p) => {
      kernel.onProgress(p);
      if (opts.progress) process.stderr.write(`${formatProgress(p, errPaint)}\n`);
    },
  });
  if (opts.json) printJson(report);
  else process.stdout.write(`${formatVerdict(report, paint)}\n`);
  try {
    const { written, notes } = await writeReport({ report, file: opts.report, force: opts.force, kernel: kernel.points, signal: opts.signal });
    // With --json, stdout holds only the JSON: the file names go to stderr.
    const out = opts.json ? process.stderr : process.stdout;
    out.write(`report written: ${written.join(', ')}\n`);
    for (const n of notes) process.stderr.write(`tcpsleuth: ${n}\n`);
  } catch (err) {
    if (err instanceof ReportFileError) throw new UsageError(err.message);
    throw err;
  }
  return exitCodeFor(report.verdict);
}
