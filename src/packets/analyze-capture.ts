/**
 * One pass over a capture file: read, decode, track conversations and MACs. This is what
 * `tcpsleuth analyze` prints and what `check --capture` turns into findings.
 */
import { readCapture, type ReadSummary } from './capture-file.js';
import { decodeFrame } from './decode.js';
import { ConversationTracker, type ConversationEvent, type ConversationSummary } from './conversations.js';
import { MacTable, type MacEntry } from './mac-table.js';

export interface CaptureAnalysis {
  packets: number;
  truncated: boolean;
  truncatedReason?: string;
  format: ReadSummary['format'];
  linkTypes: number[];
  /** Frames with no IPv4/IPv6 we could decode (ARP, unknown link types, cut-off frames). */
  undecoded: number;
  conversations: ConversationSummary[];
  macs: MacEntry[];
  /** The arrows of conversation `opts.conversation`, when asked for. */
  events?: ConversationEvent[];
}

/**
 * Analyses a pcap/pcapng file. Throws CaptureFileError when it is not a capture; a damaged file
 * gives what could be read, with `truncated: true`.
 */
export async function analyzeCapture(path: string, opts: { conversation?: number; signal?: AbortSignal } = {}): Promise<CaptureAnalysis> {
  const tracker = new ConversationTracker(opts.conversation);
  const macs = new MacTable();
  let undecoded = 0;
  let lastTs = 0;
  const summary = await readCapture(
    path,
    (raw) => {
      const ts = Number.isFinite(raw.tsUs) ? raw.tsUs : lastTs;
      lastTs = ts;
      const p = decodeFrame(raw.linkType, raw.data);
      if (!p) {
        undecoded++;
        return;
      }
      const conv = tracker.add(p, ts);
      if (p.srcMac || p.dstMac) macs.add(p, conv);
    },
    { signal: opts.signal },
  );
  return {
    packets: summary.packets,
    truncated: summary.truncated,
    truncatedReason: summary.truncatedReason,
    format: summary.format,
    linkTypes: summary.linkTypes,
    undecoded,
    conversations: tracker.summaries(),
    macs: macs.entries(),
    events: opts.conversation !== undefined ? tracker.events() : undefined,
  };
}
