/**
 * `check TARGET --report FILE.md|FILE.html`: the check as usual (plain lines, or --json), then
 * the report written beside it, with the capture saved as FILE.pcap under --capture. The file
 * name is vetted before any packet is sent, so a typo costs nothing.
 */
import { UsageError } from '../errors.js';
import { EXIT, exitCodeFor, type Target } from '../evidence.js';
import { runCheck, type RunCheckOptions } from '../guide/run-check.js';
import { printJson } from '../output/json.js';
import { plainCheckPrinter } from '../output/plain.js';
import { termLine } from '../sinks/terminal.js';
import { kernelCollector, ReportFileError, validateReportPath, writeReport, type KernelPoint } from '../report/index.js';

export interface CheckReportOptions {
  report: string;
  force: boolean;
  json: boolean;
  ping: boolean;
  capture: boolean;
  progress: boolean;
  budgetMs?: number;
  signal: AbortSignal;
  /** The TLS switches (`--ca`, `--servername`), as the check without a report gets them. */
  tls?: Pick<RunCheckOptions, 'ca' | 'caFile' | 'servername'>;
  /** The check to run: `runCheck`, or the two-sided one with `--server`. */
  run?: typeof runCheck;
}

/** Throws UsageError when FILE cannot be a report (extension, folder, exists without --force). */
export function vetReportArg(file: string, force: boolean, capture: boolean): void {
  try {
    validateReportPath(file, { force, withPcap: capture });
  } catch (err) {
    if (err instanceof ReportFileError) throw new UsageError(err.message);
    throw err;
  }
}

export async function checkWithReport(target: Target, opts: CheckReportOptions): Promise<number> {
  vetReportArg(opts.report, opts.force, opts.capture);
  const kernel = kernelCollector();
  // The same plain printer as `check` without --report; with --json, stdout holds only the JSON.
  const out = plainCheckPrinter({ progress: opts.progress });
  if (!opts.json) out.header(target.host, target.port);
  const report = await (opts.run ?? runCheck)(target, {
    ...opts.tls,
    signal: opts.signal,
    ping: opts.ping,
    capture: opts.capture,
    budgetMs: opts.budgetMs,
    onStep: opts.json ? undefined : out.onStep,
    onProgress: (p) => {
      kernel.onProgress(p);
      out.onProgress?.(p);
    },
  });
  if (opts.json) printJson(report);
  else out.verdict(report);
  return (await writeReportFile(report, { ...opts, kernel: kernel.points })) ?? exitCodeFor(report.verdict);
}

/**
 * Writes the check's report to `opts.report` (vetted before the check) and says where; returns an
 * exit code only when the run ends here (Ctrl-C while writing).
 */
export async function writeReportFile(
  report: Parameters<typeof writeReport>[0]['report'],
  opts: { report: string; force: boolean; json: boolean; signal: AbortSignal; kernel: KernelPoint[] },
): Promise<number | undefined> {
  try {
    const { written, notes } = await writeReport({ report, file: opts.report, force: opts.force, kernel: opts.kernel, signal: opts.signal });
    // With --json, stdout holds only the JSON: the file names go to stderr.
    const out = opts.json ? process.stderr : process.stdout;
    out.write(`report written: ${written.map((w) => termLine(w)).join(', ')}\n`);
    for (const n of notes) process.stderr.write(`tcpsleuth: ${termLine(n)}\n`);
  } catch (err) {
    if (err instanceof ReportFileError) throw new UsageError(err.message);
    // Ctrl-C: the process is already ending with 130; nothing to add.
    if (opts.signal.aborted) return EXIT.interrupted;
    throw err;
  }
  return undefined;
}
