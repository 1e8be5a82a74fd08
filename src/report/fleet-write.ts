/**
 * Writing the fleet report (`check TARGET --from … --report FILE`): the name was vetted before any
 * vantage point started (report-path.ts); here the model is built from what runFromVantages gave
 * (the same reports and summary the table printed), rendered, and placed atomically.
 */
import { resolve } from 'node:path';
import { readTcpTimings } from '../kernel-timing.js';
import { selfArgv, selfCommand } from '../self-command.js';
import { shellLine } from '../shell-words.js';
import type { FleetSummary, VantageReport } from '../vantage/types.js';
import { buildFleetReportModel } from './fleet-model.js';
import { renderFleetMarkdown } from './fleet-markdown.js';
import { renderFleetHtml } from './fleet-html.js';
import { collectOrigin } from './origin.js';
import { collectProvenance } from './provenance.js';
import { placeFile, reportFormat, validateReportPath } from './report-path.js';
import type { WrittenReport } from './write.js';

export interface WriteFleetReportOptions {
  /** Every vantage point's report and the summary, as runFromVantages gave them. */
  reports: readonly VantageReport[];
  summary: FleetSummary;
  /** FILE.md or FILE.html. */
  file: string;
  force?: boolean;
  signal?: AbortSignal;
  /** The command that made the report, for its provenance (default: this process's own). */
  commandLine?: string;
}

/** Writes the report of one target checked from several vantage points. */
export async function writeFleetReport(opts: WriteFleetReportOptions): Promise<WrittenReport> {
  const file = resolve(opts.file);
  const format = reportFormat(file);
  // Checked again: the vantage points took a while, and the folder may have changed.
  validateReportPath(file, { force: opts.force });
  const timings = readTcpTimings();
  const provenance = await collectProvenance({ timings, commandLine: opts.commandLine ?? shellLine(selfArgv(process.argv.slice(2))), signal: opts.signal });
  const origin = await collectOrigin(undefined, opts.signal);
  const model = buildFleetReportModel(opts.reports, opts.summary, { origin, timings, provenance, self: selfCommand() });
  const text = format === 'md' ? renderFleetMarkdown(model) : renderFleetHtml(model);
  if (opts.signal?.aborted) throw Object.assign(new Error('interrupted: no report written'), { name: 'AbortError' });
  await placeFile(file, opts.force, { data: text });
  return { written: [file], notes: [] };
}
