/** The plain-text report of `tcpsleuth analyze FILE`: one line per conversation, then the MACs. */
import type { CaptureAnalysis } from './analyze-capture.js';
import type { ConversationSummary } from './conversations.js';
import { linkTypeName } from './decode.js';

const secs = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** One sentence that says what happened to a conversation and why we think so. */
export function conversationDetail(c: ConversationSummary): string {
  const parts: string[] = [];
  switch (c.outcome) {
    case 'open':
      parts.push(c.handshakeSeen ? 'handshake completed' : 'capture started mid-conversation');
      if (c.bytes.client || c.bytes.server) parts.push(`${c.bytes.client} B sent, ${c.bytes.server} B received`);
      break;
    case 'refused':
      parts.push(c.rst ? `the SYN was answered with RST by ${c.rst.address}` : `ICMP ${c.icmp?.meaning} from ${c.icmp?.from}`);
      break;
    case 'filtered':
      parts.push(`no answer to ${c.synRetransmits.length + 1} SYN${c.synRetransmits.length ? 's' : ''}`);
      break;
    case 'unreachable':
      if (c.icmp) parts.push(`ICMP ${c.icmp.meaning} from ${c.icmp.from} (${c.icmp.role === 'router' ? 'a router on the way' : 'the target'})`);
      break;
    case 'reset':
      if (c.rst) {
        const when = c.rst.afterHandshakeMs !== undefined ? ` ${secs(c.rst.afterHandshakeMs)} after the handshake` : '';
        parts.push(`RST from the ${c.rst.from}${when}, after ${c.rst.afterBytes.client} B sent and ${c.rst.afterBytes.server} B received`);
        if (c.rst.duringTls) parts.push('during the TLS handshake');
        if (c.rst.ttlMismatch) parts.push(`RST TTL ${c.rst.ttl} ≠ SYN-ACK TTL ${c.rst.synAckTtl}: another box may have sent it`);
      }
      break;
    case 'closed':
      parts.push(`the server closed (FIN) before any data`);
      break;
  }
  if (c.synRetransmits.length) {
    const at = c.synRetransmits.map((r) => secs(r.atMs)).join(', ');
    parts.push(c.outcome === 'filtered' ? `retries at ${at}` : `SYN retransmitted ${c.synRetransmits.length}× (at ${at})`);
  }
  if (c.stall?.holeAtByte !== undefined) {
    parts.push(`server data stalled: a segment after ${c.stall.holeAtByte} B never arrived (largest that did: ${c.largestServerSegment ?? 0} B${c.mss ? `, MSS ${c.mss}` : ''})`);
  }
  if (c.ecn.state !== 'not-requested') parts.push(`ECN ${c.ecn.state}`);
  if (c.ecn.ceMarks || c.ecn.ece || c.ecn.cwr) parts.push(`CE ${c.ecn.ceMarks}, ECE ${c.ecn.ece}, CWR ${c.ecn.cwr}`);
  return parts.join('; ');
}

/** The first `n` conversations (by index) of an analysis that kept them all. */
export function firstConversations(a: CaptureAnalysis, n = MAX_SHOWN): ConversationSummary[] {
  const shown: ConversationSummary[] = [];
  for (const c of a.eachConversation()) {
    if (shown.length >= n) break;
    shown.push(c);
  }
  return shown;
}

/** Conversations listed one per line; the rest are counted. */
export const MAX_SHOWN = 200;

/** The whole report as text; `shown` are the conversations to list, in index order. */
export function analysisText(file: string, a: CaptureAnalysis, shown = firstConversations(a)): string {
  const lines: string[] = [];
  const links = a.linkTypes.map(linkTypeName).join(', ') || 'no interfaces';
  const n = a.conversationCount;
  lines.push(`${file}: ${a.packets} packets, ${n} TCP conversation${n === 1 ? '' : 's'} (${a.format}, ${links})`);
  if (a.truncated) lines.push(`warning: partial result, the file is truncated or damaged: ${a.truncatedReason}`);
  if (n) {
    lines.push('');
    const w = Math.max(6, ...shown.map((c) => c.client.length));
    const ws = Math.max(6, ...shown.map((c) => c.server.length));
    lines.push(`${'#'.padStart(4)}  ${'client'.padEnd(w)}    ${'server'.padEnd(ws)}  ${'outcome'.padEnd(11)}  what happened`);
    for (const c of shown) {
      lines.push(`${String(c.index).padStart(4)}  ${c.client.padEnd(w)} →  ${c.server.padEnd(ws)}  ${c.outcome.padEnd(11)}  ${conversationDetail(c)}`);
    }
    if (n > shown.length) lines.push(`   … ${n - shown.length} more (use --json for all)`);
  }
  if (a.macs.length) {
    lines.push('', 'MAC addresses');
    for (const m of a.macs.slice(0, 50)) lines.push(`  ${m.mac}  ${m.role.padEnd(8)}  ${m.vendor ?? 'vendor not in the IEEE registry'}`);
  }
  if (n) lines.push('', 'Draw one conversation: tcpsleuth analyze FILE --conversation N');
  return `${lines.join('\n')}\n`;
}
