/**
 * `tcpsleuth analyze FILE [--json] [--conversation N]`: read a pcap/pcapng capture and name the
 * fault and what slowed the transfers. `-` reads the capture from stdin (a pipe from tcpdump).
 */
import { toJson } from '../sinks/json.js';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { analyzeCapture, analyzeCaptureStream, type AnalyzeOptions, type CaptureAnalysis } from '../packets/analyze-capture.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { CaptureFileError, captureFileSize } from '../packets/capture-file.js';
import { analysisText, FindingDigest, MAX_SHOWN } from '../packets/report-text.js';
import { sequenceDiagram } from '../packets/sequence-diagram.js';
import { JsonLines } from '../packets/json-lines.js';
import { readTcpTimings } from '../kernel-timing.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { argEcho, termLine } from '../sinks/terminal.js';

/**
 * A report holds every conversation of its capture in memory (the plain and JSON outputs stream,
 * whatever the size): beyond this the report is refused, and the message says how to cut the file.
 */
export const MAX_REPORT_CAPTURE_BYTES = 1 << 30;

/** The command line's options (test/docs checks `analyze --help` lists the same). */
export const OPTIONS = { json: { type: 'boolean' }, conversation: { type: 'string', short: 'c' }, report: { type: 'string' }, force: { type: 'boolean' } } as const;

/** Exit 0 when the file was read whole, 1 when the result is partial (truncated), 2 for bad usage. */
export default async function run(argv: string[]): Promise<number> {
  const parsed = parseArgsOrUsage({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const { values, positionals } = parsed;
  exitQuietlyOnEpipe();
  if (positionals.length === 0) throw new UsageError('analyze needs a capture file: tcpsleuth analyze FILE.pcap (or - to read it from stdin)');
  if (positionals.length > 1) throw new UsageError(`analyze reads one file at a time (got ${positionals.length})`);
  const file = positionals[0];
  const stdin = file === '-';
  if (values.force && values.report === undefined) throw new UsageError('--force goes with --report FILE (it allows overwriting FILE)');
  if (stdin && values.report !== undefined) throw new UsageError('--report reads the capture twice, so it needs a file, not - (save the stream with tcpdump -w FILE first)');
  if (stdin && process.stdin.isTTY) throw new UsageError('analyze - reads a capture from stdin, and stdin is a terminal: pipe one in (tcpdump -w - … | tcpsleuth analyze -)');
  let conversation: number | undefined;
  if (values.conversation !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(values.conversation)) throw new UsageError(`--conversation wants a conversation number (1, 2, ...), not "${argEcho(values.conversation)}"`);
    conversation = Number(values.conversation);
  }
  // Before any work: a FIFO, a device or a directory is refused here, never opened.
  const size = stdin ? 0 : await captureFileSize(file).catch(usage);
  if (values.report !== undefined) {
    if (size > MAX_REPORT_CAPTURE_BYTES) {
      throw new UsageError(`${argEcho(file)} is ${(size / 2 ** 30).toFixed(1)} GiB: too big for a report (at most 1 GiB); analyze it without --report, or cut it first: tcpdump -r FILE -w SMALLER.pcap -c 100000`);
    }
    const { vetReportArg } = await import('./check-report.js');
    vetReportArg(values.report, Boolean(values.force), false);
  }
  const status = (a: CaptureAnalysis) => (a.truncated ? 1 : 0);
  const analyze = async (opts: StreamOptions) => {
    try {
      if (stdin) return await analyzeCaptureStream(process.stdin, { conversation, signal: rootSignal, name: 'stdin', ...opts });
      return await analyzeCapture(file, { conversation, signal: rootSignal, ...opts });
    } catch (err) {
      return usage(err);
    }
  };
  const report = async (a: CaptureAnalysis): Promise<number> => {
    if (values.report !== undefined) await writeAnalyzeReport(file, values.report, Boolean(values.force), conversation, values.json ? process.stderr : process.stdout);
    return status(a);
  };
  if (values.json) return report(await writeJson(file, analyze));
  // Streaming: only the conversations shown are kept, whatever the size of the capture.
  const shown: ConversationSummary[] = [];
  const digest = new FindingDigest();
  const wanted = (c: ConversationSummary) => (conversation !== undefined ? c.index === conversation : c.index <= MAX_SHOWN);
  const take = (c: ConversationSummary) => {
    if (wanted(c)) shown.push(c);
    digest.add(c);
  };
  const analysis = await analyze({ onConversation: take });
  for (const c of analysis.eachConversation()) take(c);
  shown.sort((x, y) => x.index - y.index);
  if (conversation !== undefined) {
    const n = analysis.conversationCount;
    const c = shown[0];
    if (!c) throw new UsageError(`${argEcho(file)} has ${n} TCP conversation${n === 1 ? '' : 's'}, no number ${conversation}`);
    process.stdout.write(sequenceDiagram(c, analysis.events ?? []));
    return report(analysis);
  }
  process.stdout.write(analysisText(file, analysis, shown, digest));
  return report(analysis);
}

/** A capture the reader refuses (not a capture, not a regular file, unreadable) is a usage error, exit 2. */
function usage(err: unknown): never {
  if (err instanceof CaptureFileError) throw new UsageError(err.message);
  throw err;
}

type StreamOptions = Pick<AnalyzeOptions, 'onConversation' | 'onFinishedSlot' | 'beforeRead' | 'timings'>;

/**
 * One JSON object, written in pieces while the capture is read: a conversation is written once it
 * is over (see analyzeCapture's streaming), those still open at the end then follow in index
 * order. Neither all conversations nor one giant string are ever held. One conversation per line;
 * the counts are known only at the end of the file, so they come after the conversations.
 */
async function writeJson(file: string, analyze: (opts: StreamOptions) => Promise<CaptureAnalysis>): Promise<CaptureAnalysis> {
  const timings = readTcpTimings();
  // Each conversation's line goes into the output buffer at once (inside the read), written
  // straight from its slot: no summary or line outlives it, nothing piles up for the collector.
  const lines = new JsonLines(`{\n  "file": ${toJson(file)},\n  "conversations": [`, timings.retries2, write);
  const a = await analyze({ onFinishedSlot: (store, slot) => lines.add(store, slot), beforeRead: () => lines.drain(), timings });
  for (const { store, slot } of a.restSlots()) {
    lines.add(store, slot);
    if ((lines.count & 1023) === 0) await lines.drain();
  }
  await lines.flush();
  const tail = { packets: a.packets, truncated: a.truncated, truncatedReason: a.truncatedReason, format: a.format };
  await write(Buffer.from(`${lines.count ? '\n  ' : ''}],\n${JSON.stringify(tail, null, 2).slice(2, -2)},\n  "macs": ${JSON.stringify(a.macs)}\n}\n`));
  return a;
}

/** Resolves once `chunk` is written out (its buffer may then be reused: JsonLines does). */
function write(chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(chunk, () => resolve());
  });
}

/** `analyze FILE --report R`: the capture's report, written before the usual output. */
async function writeAnalyzeReport(capture: string, report: string, force: boolean, conversation: number | undefined, out: NodeJS.WriteStream): Promise<void> {
  const { writeCaptureReport, ReportFileError } = await import('../report/index.js');
  try {
    const { written, notes } = await writeCaptureReport({ capturePath: capture, file: report, force, conversation, signal: rootSignal });
    out.write(`report written: ${written.map((w) => termLine(w)).join(', ')}\n`);
    for (const n of notes) process.stderr.write(`tcpsleuth: ${n}\n`);
  } catch (err) {
    if (err instanceof ReportFileError) throw new UsageError(err.message);
    if (rootSignal.aborted) return;
    throw err;
  }
}
