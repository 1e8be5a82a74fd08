/**
 * The story's facts: what was seen, one sentence per step that ran and per thing the packets
 * show, each citing the evidence it came from. Pure.
 */
import type { StepEvidence, StepId } from '../evidence.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { formatMs } from '../duration.js';
import { captureFindings } from './capture-findings.js';
import type { Citation, StorySentence } from './story.js';

/** The steps whose summaries are facts of the story, in the order a person reads them. */
const FACT_STEPS: readonly StepId[] = ['dns', 'connect', 'observe', 'tls', 'ping', 'scan', 'traceroute', 'sockets', 'server-capture', 'server-sockets'];

/** One fact per step that ran (every address's connect), in reading order; skipped and unavailable steps say nothing. */
export function stepFacts(steps: readonly StepEvidence[]): StorySentence[] {
  const out: StorySentence[] = [];
  for (const id of FACT_STEPS) {
    for (const s of steps) {
      if (s.id !== id || (s.outcome !== 'pass' && s.outcome !== 'fail')) continue;
      const address = (s.evidence as { address?: unknown } | undefined)?.address;
      const cite: Citation = typeof address === 'string' && id === 'connect' ? { step: id, address } : { step: id };
      out.push({ text: `${id}: ${s.summary}`, cites: [cite] });
    }
  }
  return out;
}

/**
 * What the packets of one conversation say, in sentences: who sent the RST (and from how far), the
 * FIN, the ICMP, the SYNs. The client is the check itself, so a FIN or RST from it is the check's
 * own teardown, said as such. With `findingsOf`, what the capture findings of those conversations add.
 */
export function captureSentences(c: ConversationSummary | undefined, findingsOf?: readonly ConversationSummary[]): StorySentence[] {
  const out: StorySentence[] = [];
  if (c) {
    const at = (packet: string, atMs?: number): Citation => ({ conversation: c.index, packet, ...(atMs !== undefined ? { atMs } : {}) });
    const rst = c.rst?.from === 'server' ? c.rst : undefined;
    const fin = c.fin?.from === 'server' ? c.fin : undefined;
    // Our own teardown: the first FIN or RST the client sent, when the server had not ended it first.
    const ours = !rst && !fin ? (c.fin?.from === 'client' ? { packet: 'FIN', atMs: c.fin.atMs } : c.rst?.from === 'client' ? { packet: 'RST', atMs: c.rst.atMs } : undefined) : undefined;
    if (rst) {
      const r = rst;
      // A capture that began after the handshake holds no SYN: the RST answered nothing it saw.
      const when = r.afterHandshakeMs !== undefined ? ` ${formatMs(r.afterHandshakeMs)} after the handshake${r.duringTls ? ', during TLS' : ''}` : c.handshakeSeen ? ' in answer to the SYN' : '';
      const ttl =
        r.synAckTtl === undefined
          ? c.handshakeSeen
            ? `TTL ${r.ttl}`
            : `TTL ${r.ttl}, but the capture began after the handshake, so there is no SYN-ACK to compare it with`
          : r.ttlMismatch
            ? `TTL ${r.ttl}, not the SYN-ACK's ${r.synAckTtl}: a box in between likely forged it`
            : `TTL ${r.ttl}, the same as the SYN-ACK: it came from as far away as the server (most likely the server itself)`;
      const cites = [at('RST', r.atMs), ...(r.synAckTtl !== undefined ? [at('SYN-ACK')] : [])];
      out.push({ text: `The capture shows the RST came from the server (${r.address})${when}; ${ttl}.`, cites });
    } else if (fin) {
      out.push({ text: `The capture shows the server closed first (FIN) ${formatMs(fin.atMs)} after the first SYN.`, cites: [at('FIN', fin.atMs)] });
    }
    if (c.icmp) out.push({ text: `The capture shows ICMP "${c.icmp.meaning}" from ${c.icmp.from} (the ${c.icmp.role}).`, cites: [at('ICMP', c.icmp.atMs)] });
    // (handshakeSeen means the capture saw the SYN; an unanswered one is `filtered`.)
    if (c.outcome === 'filtered' && c.handshakeSeen) {
      const n = c.synRetransmits.length + 1;
      out.push({ text: `The capture shows the SYN left ${n === 1 ? 'once' : `${n} times`} and nothing came back.`, cites: [at('SYN', 0), ...c.synRetransmits.map((r) => at('SYN', r.atMs))] });
    } else if (c.handshakeSeen && !rst && !fin && !c.icmp && c.outcome !== 'refused' && c.outcome !== 'filtered' && c.outcome !== 'unreachable') {
      const until = ours ? ` before the check closed it (its own ${ours.packet}, ${formatMs(ours.atMs)} after the first SYN)` : '';
      out.push({ text: `The capture shows the handshake (SYN, SYN-ACK, ACK) and no RST or FIN from the server${until}.`, cites: [at('SYN-ACK'), ...(ours ? [at(ours.packet, ours.atMs)] : [])] });
    }
  }
  // What the findings add that the lines above did not say already (ECN, retransmit times, PMTU).
  const saidIds = new Set([...(c?.rst?.from === 'server' ? ['rst-ttl-mismatch', 'reset-during-tls'] : []), ...(c?.icmp ? ['icmp-from-router'] : []), ...(c?.outcome === 'filtered' && c.handshakeSeen ? ['syn-retransmitted'] : [])]);
  for (const f of findingsOf ? captureFindings([...findingsOf]) : []) if (!saidIds.has(f.id)) out.push({ text: f.text, cites: [{ finding: f.id }] });
  return out;
}
