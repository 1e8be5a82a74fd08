/**
 * The plain-text report of `tcpsleuth analyze FILE`: one line per conversation, what slowed the
 * transfers (the findings, with their packets), then the MACs. The file name is foreign text: it
 * reaches the terminal only through termLine.
 */
import type { CaptureAnalysis } from './analyze-capture.js';
import type { ConversationSummary } from './conversations.js';
import { linkTypeName } from './decode.js';
import type { TransferFinding, TransferFindingId } from './transfer-findings.js';
import { transferFindingText, transferFindingWhere } from './transfer-text.js';
import { termLine } from '../sinks/terminal.js';
import { selfCommandLine } from '../self-command.js';

const secs = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** One sentence that says what happened to a conversation and why we think so. */
export function conversationDetail(c: ConversationSummary): string {
  const parts: string[] = [];
  switch (c.outcome) {
    case 'open':
      parts.push(c.handshakeSeen ? `handshake completed${c.rttMs !== undefined ? ` (RTT ${secs(c.rttMs)})` : ''}` : 'capture started mid-conversation');
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
  if (c.findings.length) parts.push(`slowed: ${c.findings.map((f) => f.id).join(', ')}`);
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
/** Conversations whose findings are spelled out; the rest are counted by finding. */
export const MAX_FINDINGS_SHOWN = 20;

/**
 * The findings of a whole capture, gathered while it streams by: how many conversations had
 * each finding, and the first MAX_FINDINGS_SHOWN conversations (by index) that had any.
 */
export class FindingDigest {
  readonly counts = new Map<TransferFindingId, number>();
  /** Conversations with any finding. */
  conversations = 0;
  private kept: Array<{ index: number; client: string; server: string; findings: readonly TransferFinding[] }> = [];

  add(c: ConversationSummary): void {
    if (!c.findings.length) return;
    this.conversations++;
    for (const f of c.findings) this.counts.set(f.id, (this.counts.get(f.id) ?? 0) + 1);
    this.kept.push({ index: c.index, client: c.client, server: c.server, findings: c.findings });
    // Conversations arrive in the order they end: keep the lowest indexes, bounded.
    if (this.kept.length > 2 * MAX_FINDINGS_SHOWN) this.trim();
  }

  /** The conversations with findings to spell out, by index. */
  shown(): ReadonlyArray<{ index: number; client: string; server: string; findings: readonly TransferFinding[] }> {
    this.trim();
    return this.kept;
  }

  private trim(): void {
    this.kept.sort((a, b) => a.index - b.index);
    this.kept.length = Math.min(this.kept.length, MAX_FINDINGS_SHOWN);
  }
}

/** The whole report as text; `shown` are the conversations to list, in index order. */
export function analysisText(file: string, a: CaptureAnalysis, shown = firstConversations(a), digest?: FindingDigest): string {
  const lines: string[] = [];
  const links = a.linkTypes.map(linkTypeName).join(', ') || 'no interfaces';
  const n = a.conversationCount;
  lines.push(`${termLine(file)}: ${a.packets} packets, ${n} TCP conversation${n === 1 ? '' : 's'} (${a.format}, ${links})`);
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
  const d = digest ?? digestOf(shown);
  const withFindings = d.shown();
  if (withFindings.length) {
    lines.push('', 'What slowed the transfers');
    for (const c of withFindings) {
      lines.push(`  #${c.index} ${c.client} → ${c.server}`);
      for (const f of c.findings) lines.push(`    ${f.id}: ${transferFindingText(f)} (${transferFindingWhere(f)})`);
    }
    if (d.conversations > withFindings.length) {
      const counts = [...d.counts].map(([id, k]) => `${id} ${k}`).join(', ');
      lines.push(`  … ${d.conversations - withFindings.length} more conversations with findings (all: ${counts}; use --json)`);
    }
    const lessons = [...new Set(withFindings.flatMap((c) => c.findings.map((f) => f.lesson)))];
    lines.push(`  Why and what to do: ${lessons.map((l) => termLine(selfCommandLine(['learn', l]))).join('   ')}`);
  }
  if (a.macs.length) {
    lines.push('', 'MAC addresses');
    for (const m of a.macs.slice(0, 50)) lines.push(`  ${m.mac}  ${m.role.padEnd(8)}  ${m.vendor ?? 'vendor not in the IEEE registry'}`);
  }
  if (n && shown.length) {
    const draw = withFindings[0]?.index ?? shown[0].index;
    lines.push('', `Draw one conversation: ${termLine(selfCommandLine(['analyze', file, '--conversation', String(draw)]))}`);
  }
  return `${lines.join('\n')}\n`;
}

function digestOf(list: ConversationSummary[]): FindingDigest {
  const d = new FindingDigest();
  for (const c of list) d.add(c);
  return d;
}
