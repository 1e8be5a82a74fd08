/**
 * Writing a report: pick the format from the file name, refuse to overwrite without `force`,
 * build the model, render (diagrams via mermaid-cli when it can), copy the capture beside the
 * report as FILE.pcap, and write every file atomically (a temp file, then link or rename).
 */
import { existsSync } from 'node:fs';
import { copyFile, link, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { CheckReport } from '../evidence.js';
import { analyzeCapture } from '../packets/analyze-capture.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { buildCaptureReportModel, buildReportModel, type ReportCapture, type ReportModel, type ReportOrigin } from './model.js';
import { collectOrigin } from './origin.js';
import type { KernelPoint } from './kernel-timeline.js';
import { renderMarkdown } from './markdown.js';
import { renderHtml } from './html.js';
import { renderMermaidSvgs } from './render.js';
import { committedLessonSvg } from './lesson-html.js';
import { loadLessons } from '../notebook/lessons.js';
import { onCleanup } from '../lifecycle.js';

/** A report file name that cannot be used (wrong extension, exists, no folder); the CLI shows it as a usage error. */
export class ReportFileError extends Error {}

export type ReportFormat = 'md' | 'html';

/** `md` or `html` from the file name; throws ReportFileError for anything else. */
export function reportFormat(file: string): ReportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new ReportFileError(`--report wants a file ending in .md or .html (got "${basename(file)}")`);
}

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

/** `r.html` → `r.pcap`. */
export function pcapBeside(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.pcap`);
}

/** Before any work: throws ReportFileError when FILE cannot take a report (or FILE.pcap, with `withPcap`). */
export function vetReportFile(file: string, opts: { force?: boolean; withPcap?: boolean } = {}): void {
  reportFormat(file);
  const abs = resolve(file);
  if (!existsSync(dirname(abs))) throw new ReportFileError(`no folder ${dirname(abs)} for the report`);
  if (!opts.force && existsSync(abs)) throw new ReportFileError(`${file} already exists (add --force to overwrite it)`);
  if (!opts.force && opts.withPcap && existsSync(pcapBeside(abs))) throw new ReportFileError(`${pcapBeside(file)} already exists (add --force to overwrite it)`);
}

async function checkDestination(file: string, force: boolean | undefined): Promise<void> {
  const dir = dirname(file);
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new ReportFileError(`no folder ${dir} for the report`);
  if (!force && existsSync(file)) throw new ReportFileError(`${file} already exists (add --force to overwrite it)`);
}

/** Writes `data` (or copies `from`) to `dest` atomically; without force, never over an existing file. */
async function place(dest: string, force: boolean | undefined, content: { data: string } | { from: string }): Promise<void> {
  const tmp = join(dirname(dest), `.${basename(dest)}.${process.pid}.${Date.now()}.tmp`);
  const unregister = onCleanup(() => unlink(tmp).catch(() => undefined));
  try {
    if ('data' in content) await writeFile(tmp, content.data, { mode: 0o644 });
    else await copyFile(content.from, tmp);
    if (force) await rename(tmp, dest);
    else {
      // link() fails with EEXIST instead of replacing: no race with a file made meanwhile.
      await link(tmp, dest).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST' ? new ReportFileError(`${dest} already exists (add --force to overwrite it)`) : err;
      });
    }
  } finally {
    unregister();
    await unlink(tmp).catch(() => undefined);
  }
}

/** Reads a capture for a report: every conversation, and the arrows of the one to draw. */
export async function loadCapture(path: string, pick: (c: ConversationSummary) => boolean = () => true, signal?: AbortSignal): Promise<ReportCapture> {
  const a = await analyzeCapture(path, { signal });
  const conversations = a.conversations;
  const matching = conversations.filter(pick);
  const drawn = matching[matching.length - 1];
  const again = drawn ? await analyzeCapture(path, { conversation: drawn.index, signal }) : undefined;
  return { path, packets: a.packets, truncated: a.truncated, conversations, drawn, events: again?.events ?? [], timeSequence: again?.timeSequence };
}

async function render(model: ReportModel, format: ReportFormat, opts: { signal?: AbortSignal; render?: boolean }, notes: string[]): Promise<string> {
  if (format === 'md') return renderMarkdown(model);
  let handshakeSvg: string | undefined;
  let missingNote: string | undefined;
  if (model.handshake && opts.render !== false) {
    const r = await renderMermaidSvgs([model.handshake.mermaid], { signal: opts.signal, idPrefix: 'tsl-handshake-' });
    if (r.ok) handshakeSvg = r.svgs[0];
    else missingNote = `Not drawn here: ${r.reason}. To get the picture: ${r.fix}; or paste the block above into a wiki or GitHub that renders Mermaid.`;
  }
  if (missingNote) notes.push(missingNote);
  return renderHtml(model, { handshakeSvg, missingNote, lessonSvgs: lessonFigures(model.lessons) });
}

/** The first diagram of each lesson, from the committed SVGs that match today's lessons. */
function lessonFigures(ids: string[]): Array<{ lesson: string; svg: string }> {
  const lessons = (() => {
    try {
      return loadLessons();
    } catch {
      return [];
    }
  })();
  const out: Array<{ lesson: string; svg: string }> = [];
  for (const id of ids) {
    const source = lessons.find((l) => l.id === id)?.cells.find((c) => c.kind === 'diagram');
    const svg = source?.kind === 'diagram' ? committedLessonSvg(id, 1, source.source) : undefined;
    if (svg) out.push({ lesson: id, svg });
  }
  return out;
}

function captureStepFile(report: CheckReport): string | undefined {
  const cap = report.steps.find((s) => s.id === 'capture');
  const file = (cap?.evidence as { file?: string } | undefined)?.file;
  return cap?.outcome === 'pass' && file && existsSync(file) ? file : undefined;
}

/** Writes the report of a check (and its capture as FILE.pcap). */
export async function writeReport(opts: WriteReportOptions): Promise<WrittenReport> {
  const file = resolve(opts.file);
  const format = reportFormat(file);
  await checkDestination(file, opts.force);
  const capturePath = opts.capturePath ?? captureStepFile(opts.report);
  const pcap = capturePath ? pcapBeside(file) : undefined;
  if (pcap && !opts.force && existsSync(pcap)) throw new ReportFileError(`${pcap} already exists (add --force to overwrite it)`);
  const { host, port, addresses } = opts.report.target;
  const targets = new Set([host, ...addresses, opts.report.target.addressUsed].filter(Boolean));
  const capture = capturePath ? await loadCapture(capturePath, (c) => targets.has(c.serverAddr) && c.server.endsWith(`:${port}`), opts.signal) : undefined;
  const model = buildReportModel(opts.report, { origin: opts.origin ?? (await collectOrigin(opts.report, opts.signal)), capture, kernel: opts.kernel, pcapRelative: pcap ? basename(pcap) : undefined });
  const notes: string[] = [];
  const text = await render(model, format, opts, notes);
  // Interrupted while rendering: the process is on its way out; start no file it could cut short.
  throwIfAborted(opts.signal);
  const written: string[] = [];
  if (pcap && capturePath) {
    await place(pcap, opts.force, { from: capturePath });
    written.push(pcap);
  }
  try {
    await place(file, opts.force, { data: text });
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
  await checkDestination(file, opts.force);
  const capture = await loadCapture(opts.capturePath, opts.conversation !== undefined ? (c) => c.index === opts.conversation : undefined, opts.signal);
  if (opts.conversation !== undefined && !capture.drawn) throw new ReportFileError(`${opts.capturePath} has no conversation number ${opts.conversation}`);
  const rel = relativeTo(dirname(file), resolve(opts.capturePath));
  const model = buildCaptureReportModel(capture, { origin: await collectOrigin(), startedAt: new Date().toISOString(), pcapRelative: rel });
  const notes: string[] = [];
  const text = await render(model, format, opts, notes);
  throwIfAborted(opts.signal);
  await place(file, opts.force, { data: text });
  return { written: [file], notes };
}

function relativeTo(from: string, to: string): string {
  return relative(from, to) || basename(to);
}
