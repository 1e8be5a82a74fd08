/**
 * What a capture says about transfers to the target: the transfer findings of every conversation
 * that carried data (retransmissions, zero windows, Nagle stalls …), or, when none carried any,
 * that the capture cannot judge a transfer it did not see. Pure: it decides; replies lay it out.
 */
import type { FindingId } from '../evidence.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { formatBytes, transferFindingText } from '../packets/transfer-text.js';

export interface CaptureTransfers {
  findings: { id: FindingId; text: string }[];
  /** One sentence on what the transfers show, or why there is nothing to judge. */
  summary: string;
}

/** The transfers of a capture of `target` (host:port as written) that ran for `listenedMs`. */
export function captureTransfers(conversations: readonly ConversationSummary[], target: string, listenedMs: number): CaptureTransfers {
  const carried = conversations.filter((c) => c.bytes.client + c.bytes.server > 0);
  const bytes = carried.reduce((n, c) => n + c.bytes.client + c.bytes.server, 0);
  const findings = carried.flatMap((c) => c.findings.map((f) => ({ id: f.id as FindingId, text: `${c.client} → ${c.server}: ${transferFindingText(f)}` })));
  const secs = `${Math.round(listenedMs / 1000)} s`;
  const summary = !carried.length
    ? `No data to or from ${target} passed in the ${secs} the capture ran, only handshakes: a slow transfer shows in a capture of that transfer. Start it, then say "capture it" again, or capture it yourself and read the file with analyze.`
    : findings.length
      ? `${carried.length} conversation${carried.length === 1 ? '' : 's'} carried ${formatBytes(bytes)} in the ${secs} the capture ran; what slowed ${carried.length === 1 ? 'it' : 'them'} is below.`
      : `${carried.length} conversation${carried.length === 1 ? '' : 's'} carried ${formatBytes(bytes)} in the ${secs} the capture ran with no retransmission, zero window, full window or delayed-ACK stall: TCP did not slow ${carried.length === 1 ? 'it' : 'them'} down there. A slow server or application would look like this.`;
  return { findings, summary };
}
