/** `tcpsleuth analyze FILE [--json] [--conversation N]`: read a pcap/pcapng capture and name the fault. */
import { parseArgs } from 'node:util';
import { UsageError, usageFromParseArgs } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { analyzeCapture } from '../packets/analyze-capture.js';
import { CaptureFileError } from '../packets/capture-file.js';
import { analysisText } from '../packets/report-text.js';
import { sequenceDiagram } from '../packets/sequence-diagram.js';

/** Exit 0 when the file was read whole, 1 when the result is partial (truncated), 2 for bad usage. */
export default async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, conversation: { type: 'string', short: 'c' } },
    });
  } catch (err) {
    throw usageFromParseArgs(err);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('analyze needs a capture file: tcpsleuth analyze FILE.pcap');
  if (positionals.length > 1) throw new UsageError(`analyze reads one file at a time (got ${positionals.length})`);
  const file = positionals[0];
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
  if (values.json) {
    const out = {
      file,
      packets: analysis.packets,
      truncated: analysis.truncated,
      truncatedReason: analysis.truncatedReason,
      format: analysis.format,
      conversations: analysis.conversations.map(({ clientAddr: _c, serverAddr: _s, ...rest }) => rest),
      macs: analysis.macs,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return status;
  }
  if (conversation !== undefined) {
    const c = analysis.conversations[conversation - 1];
    if (!c) throw new UsageError(`${file} has ${analysis.conversations.length} TCP conversation${analysis.conversations.length === 1 ? '' : 's'}, no number ${conversation}`);
    process.stdout.write(sequenceDiagram(c, analysis.events ?? []));
    return status;
  }
  process.stdout.write(analysisText(file, analysis));
  return status;
}
