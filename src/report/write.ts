/**
 * Writing a report: the file name was validated before the check (report-path.ts); here the
 * capture is read, the provenance collected, the model built and rendered (diagrams via
 * mermaid-cli when it can), and every file placed without following a planted symlink: the
 * capture as FILE.pcap beside the report, then the report.
 */
import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import type { CheckReport } from '../evidence.js';
import { analyzeCapture } from '../packets/analyze-capture.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { storyConversation } from '../diagnosis/ladder.js';
import { readTcpTimings } from '../kernel-timing.js';
import { selfArgv, selfCommand } from '../self-command.js';
import { shellLine } from '../shell-words.js';
import { buildCaptureReportModel, buildReportModel, type ReportCapture, type ReportModel, type ReportOrigin } from './model.js';
import { collectOrigin } from './origin.js';
import type { KernelPoint } from './kernel-timeline.js';
import { renderMarkdown } from './markdown.js';
import { renderHtml } from './html.js';
import { renderMermaidSvgs } from './render.js';
import { collectProvenance } from './provenance.js';
import { pcapBeside, placeFile, ReportFileError, reportFormat, validateReportPath, type ReportFormat } from './report-path.js';

export { pcapBeside, ReportFileError, reportFormat, validateReportPath, type ReportFormat } from './report-path.js';

export interface WriteReportOptions {
  /** What `check --json` printed. */
  report: CheckReport;
  /** FILE.md or FILE.html. */
  file: string;
  /** Overwrite FILE (and FILE.pcap) when they exist. */
  force?: boolean;
  /** The check's capture; default: the capture step's own file, if it ran. */
  capturePath?: string;
  signal?: AbortSignal;
  /** The kernel's view sampled during the check (kernelCollector). */
  kernel?: KernelPoint[];
  /** Where it ran from (default: collectOrigin(report)). */
  origin?: ReportOrigin;
  /** Render diagrams to SVG in HTML (default true; false keeps the Mermaid source). */
  render?: boolean;
  /** The command that made the report, for its provenance (default: this process's own). */
  commandLine?: string;
}

export interface WriteCaptureReportOptions {
  /** The pcap/pcapng the user gave `analyze`. */
  capturePath: string;
  file: string;
  force?: boolean;
  signal?: AbortSignal;
  render?: boolean;
  /** The conversation to draw (1-based); default the last one. */
  conversation?: number;
  commandLine?: string;
}

export interface WrittenReport {
  /** Absolute paths, the report first. */
  written: string[];
  /** Things the reader should know (diagrams left as source, and why). */
  notes: string[];
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw Object.assign(new Error('interrupted: no report written'), { name: 'AbortError' });
}

/** This process's command line, quoted so it runs as printed. */
function ownCommandLine(): string {
  return shellLine(selfArgv(process.argv.slice(2)));
}

/** Reads a capture for a report: every conversation, and the arrows of the one `pick` chooses. */
export async function loadCapture(path: string, pick: (all: ConversationSummary[]) => ConversationSummary | undefined, signal?: AbortSignal): Promise<ReportCapture> {
  const a = await analyzeCapture(path, { signal });
  const conversations = a.conversations;
  const drawn = pick(conversations);
  const again = drawn ? await analyzeCapture(path, { conversation: drawn.index, signal }) : undefined;
  return { path, packets: a.packets, truncated: a.truncated, conversations, drawn, events: again?.events ?? [], timeSequence: again?.timeSequence };
}

async function render(model: ReportModel, format: ReportFormat, opts: { signal?: AbortSignal; render?: boolean }, notes: string[]): Promise<string> {
  if (format === 'md') return renderMarkdown(model);
  const sources = [model.ladder?.mermaid, model.figure?.expectedMermaid];
  const wanted = sources.filter((s): s is string => Boolean(s));
  let svgs: Array<string | undefined> = [];
  let missingNote: string | undefined;
  if (wanted.length && opts.render !== false) {
    const r = await renderMermaidSvgs(wanted, { signal: opts.signal, idPrefix: 'tsl-ladder-' });
    if (r.ok) {
      let k = 0;
      svgs = sources.map((s) => (s ? r.svgs[k++] : undefined));
    } else missingNote = `Not drawn here: ${r.reason}. To get the picture: ${r.fix}; or paste the block above into a wiki or GitHub that renders Mermaid.`;
  }
  if (missingNote) notes.push(missingNote);
  return renderHtml(model, { ladderSvg: svgs[0], expectedSvg: svgs[1], missingNote });
}

function captureStep(report: CheckReport): { file?: string; filter?: string } {
  const cap = report.steps.find((s) => s.id === 'capture');
  const ev = (cap?.evidence ?? {}) as { file?: string; filter?: string };
  return { file: cap?.outcome === 'pass' && ev.file && existsSync(ev.file) ? ev.file : undefined, filter: ev.filter };
}

/** Writes the report of a check (and its capture as FILE.pcap). */
export async function writeReport(opts: WriteReportOptions): Promise<WrittenReport> {
  const file = resolve(opts.file);
  const format = reportFormat(file);
  const step = captureStep(opts.report);
  const capturePath = opts.capturePath ?? step.file;
  const pcap = capturePath ? pcapBeside(file) : undefined;
  // Checked again: time passed since the check started, and the folder may have changed.
  validateReportPath(file, { force: opts.force, withPcap: Boolean(pcap) });
  const capture = capturePath ? await loadCapture(capturePath, (all) => storyConversation(opts.report, all), opts.signal) : undefined;
  const timings = readTcpTimings();
  const provenance = await collectProvenance({
    timings,
    commandLine: opts.commandLine ?? ownCommandLine(),
    captureFilter: step.filter,
    pcap: capturePath && pcap ? { path: capturePath, shownAs: basename(pcap) } : undefined,
    signal: opts.signal,
  });
  const origin = opts.origin ?? (await collectOrigin(opts.report, opts.signal));
  const model = buildReportModel(opts.report, { origin, capture, kernel: opts.kernel, pcapRelative: pcap ? basename(pcap) : undefined, timings, provenance, self: selfCommand() });
  const notes: string[] = [];
  const text = await render(model, format, opts, notes);
  // Interrupted while rendering: the process is on its way out; start no file it could cut short.
  throwIfAborted(opts.signal);
  const written: string[] = [];
  if (pcap && capturePath) {
    await placeFile(pcap, opts.force, { from: capturePath });
    written.push(pcap);
  }
  try {
    await placeFile(file, opts.force, { data: text });
  } catch (err) {
    // The report is the point: do not leave its pcap behind alone.
    if (pcap) await unlink(pcap).catch(() => undefined);
    throw err;
  }
  return { written: [file, ...written], notes };
}

/** Writes the report of a capture file alone (`analyze FILE --report`); the pcap stays where it is. */
export async function writeCaptureReport(opts: WriteCaptureReportOptions): Promise<WrittenReport> {
  const file = resolve(opts.file);
  const format = reportFormat(file);
  validateReportPath(file, { force: opts.force });
  const capture = await loadCapture(opts.capturePath, (all) => (opts.conversation !== undefined ? all.find((c) => c.index === opts.conversation) : all[all.length - 1]), opts.signal);
  if (opts.conversation !== undefined && !capture.drawn) throw new ReportFileError(`the capture has no conversation number ${opts.conversation}`);
  const rel = relative(dirname(file), resolve(opts.capturePath)) || basename(opts.capturePath);
  const timings = readTcpTimings();
  const provenance = await collectProvenance({ timings, commandLine: opts.commandLine ?? ownCommandLine(), pcap: { path: opts.capturePath, shownAs: rel }, signal: opts.signal });
  const model = buildCaptureReportModel(capture, { origin: await collectOrigin(), startedAt: new Date().toISOString(), pcapRelative: rel, timings, provenance, self: selfCommand() });
  const notes: string[] = [];
  const text = await render(model, format, opts, notes);
  throwIfAborted(opts.signal);
  await placeFile(file, opts.force, { data: text });
  return { written: [file], notes };
}
