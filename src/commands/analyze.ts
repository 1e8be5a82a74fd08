/** `tcpsleuth analyze FILE [--json] [--conversation N]`: read a pcap/pcapng capture and name the fault. */
import { parseArgs } from 'node:util';
import { UsageError, usageFromParseArgs } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { analyzeCapture, type CaptureAnalysis } from '../packets/analyze-capture.js';
import { CaptureFileError } from '../packets/capture-file.js';
import { analysisText } from '../packets/report-text.js';
import { sequenceDiagram } from '../packets/sequence-diagram.js';
import { conversationJson } from '../packets/conversation-json.js';
import { ChunkedOutput } from '../packets/chunked-output.js';

/** Exit 0 when the file was read whole, 1 when the result is partial (truncated), 2 for bad usage. */
export default async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, conversation: { type: 'string', short: 'c' }, report: { type: 'string' }, force: { type: 'boolean' } },
    });
  } catch (err) {
    throw usageFromParseArgs(err);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('analyze needs a capture file: tcpsleuth analyze FILE.pcap');
  if (positionals.length > 1) throw new UsageError(`analyze reads one file at a time (got ${positionals.length})`);
  const file = positionals[0];
  if (values.force && values.report === undefined) throw new UsageError('--force goes with --report FILE (it allows overwriting FILE)');
  if (values.report !== undefined) {
    const { vetReportArg } = await import('./check-report.js');
    vetReportArg(values.report, Boolean(values.force), false);
  }
  let conversation: number | undefined;
  if (values.conversation !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(values.conversation)) throw new UsageError(`--conversation wants a conversation number (1, 2, ...), not "${values.conversation}"`);
    conversation = Number(values.conversation);
  }
  let analysis;
  try {
    analysis = await analyzeCapture(file, { conversation, signal: rootSignal });
  } catch (err) {
    if (err instanceof CaptureFileError) throw new UsageError(err.message);
    throw err;
  }
  const status = analysis.truncated ? 1 : 0;
  if (values.report !== undefined) await writeAnalyzeReport(file, values.report, Boolean(values.force), conversation, values.json ? process.stderr : process.stdout);
  if (values.json) {
    await writeJson(file, analysis);
    return status;
  }
  if (conversation !== undefined) {
    const n = analysis.conversationCount;
    const c = analysis.conversation(conversation);
    if (!c) throw new UsageError(`${file} has ${n} TCP conversation${n === 1 ? '' : 's'}, no number ${conversation}`);
    process.stdout.write(sequenceDiagram(c, analysis.events ?? []));
    return status;
  }
  process.stdout.write(analysisText(file, analysis));
  return status;
}

/**
 * One JSON object, written in pieces: a million-packet capture has a hundred thousand
 * conversations, and one giant string would double the memory. One conversation per line.
 */
async function writeJson(file: string, a: CaptureAnalysis): Promise<void> {
  const out = new ChunkedOutput(write);
  const head = { file, packets: a.packets, truncated: a.truncated, truncatedReason: a.truncatedReason, format: a.format };
  await out.write(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "conversations": [`);
  let i = 0;
  for (const c of a.eachConversation()) {
    const line = conversationJson(c);
    out.add(i++ ? ',\n    ' : '\n    ');
    if (!out.add(line)) await out.write(line);
    if (out.full) await out.flush();
  }
  await out.write(`${i ? '\n  ' : ''}],\n  "macs": ${JSON.stringify(a.macs)}\n}\n`);
  await out.flush();
}

function write(chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

/** `analyze FILE --report R`: the capture's report, written before the usual output. */
async function writeAnalyzeReport(capture: string, report: string, force: boolean, conversation: number | undefined, out: NodeJS.WriteStream): Promise<void> {
  const { writeCaptureReport, ReportFileError } = await import('../report/index.js');
  try {
    const { written, notes } = await writeCaptureReport({ capturePath: capture, file: report, force, conversation, signal: rootSignal });
    out.write(`report written: ${written.join(', ')}\n`);
    for (const n of notes) process.stderr.write(`tcpsleuth: ${n}\n`);
  } catch (err) {
    if (err instanceof ReportFileError) throw new UsageError(err.message);
    if (rootSignal.aborted) return;
    throw err;
  }
}
