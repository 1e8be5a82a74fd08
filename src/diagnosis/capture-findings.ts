/**
 * Findings a capture adds to the verdict, from the conversations with the target. Pure: the same
 * conversations always give the same findings, in the same order. The capture check only records
 * the conversations; judging them is diagnosis's job.
 */
import type { FindingId } from '../evidence.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { formatMs } from '../duration.js';

export interface CaptureFinding {
  id: FindingId;
  text: string;
}

/** syn-retransmitted, icmp-from-router, rst-ttl-mismatch, reset-during-tls, ecn-blackhole, ecn-not-negotiated, pmtu-blackhole. */
export function captureFindings(conversations: ConversationSummary[]): CaptureFinding[] {
  const out: CaptureFinding[] = [];
  const add = (id: FindingId, text: string) => {
    if (!out.some((f) => f.id === id)) out.push({ id, text });
  };
  for (const c of conversations) {
    if (c.synRetransmits?.length) {
      const times = c.synRetransmits.map((r) => formatMs(r.atMs)).join(', ');
      add('syn-retransmitted', `The capture shows the SYN to ${c.server} sent ${c.synRetransmits.length + 1} times (retries at ${times}): the kernel's backoff when a SYN or its answer is lost.`);
    }
    if (c.icmp?.role === 'router') {
      add('icmp-from-router', `The ICMP error (${c.icmp.meaning}) came from ${c.icmp.from}, a router on the way, not from the target ${c.serverAddr}.`);
    }
    if (c.rst?.ttlMismatch) {
      add('rst-ttl-mismatch', `The RST arrived with TTL ${c.rst.ttl} but the SYN-ACK with TTL ${c.rst.synAckTtl}: the RST probably came from another box (a firewall or load balancer), not the server.`);
    }
    if (c.rst?.duringTls) {
      add('reset-during-tls', `The server reset the connection ${c.rst.afterHandshakeMs !== undefined ? `${formatMs(c.rst.afterHandshakeMs)} after the handshake, ` : ''}after the TLS ClientHello and before any answer.`);
    }
    if (c.ecn?.state === 'blackhole') {
      add('ecn-blackhole', 'The SYN asking for ECN ([SEW]) got no answer and the plain SYN retry did: something on the path drops ECN-setup SYNs.');
    } else if (c.ecn?.state === 'not-negotiated') {
      add('ecn-not-negotiated', 'The client asked for ECN and the server answered without it ([S.] instead of [S.E]): the server or a middlebox does not do ECN.');
    }
  }
  const pmtu = pmtuFromPackets(conversations);
  if (pmtu) add('pmtu-blackhole', pmtu);
  return out;
}

/**
 * A PMTU blackhole as the packets show it: a conversation whose server data never arrived whole
 * (nothing after the client's data was ACKed, or only small segments past a hole), and, when the
 * check retried with a clamped MSS, a conversation to the same server where bigger segments did.
 */
function pmtuFromPackets(conversations: ConversationSummary[]): string | undefined {
  for (const c of conversations) {
    if (!c.stall || !c.mss) continue;
    const largest = c.largestServerSegment ?? 0;
    const what =
      c.stall.holeAtByte !== undefined
        ? `${c.stall.holeAtByte === 0 ? "the server's first segment" : `the segment after ${c.stall.holeAtByte} bytes of server data`} never arrived, while a later, smaller one (${largest} bytes) did`
        : 'the client\'s data was ACKed, then no server data arrived at all';
    // (Segment sizes of the clamped conversation say little: the receiving NIC may coalesce them.)
    const clamped = conversations.find((o) => o !== c && o.serverAddr === c.serverAddr && o.server === c.server && !o.stall && o.mss && o.mss < c.mss! && o.bytes.server > c.bytes.server);
    if (clamped) {
      return `The capture shows it: with MSS ${c.mss} (conversation ${c.index}) ${what}; with MSS ${clamped.mss} (conversation ${clamped.index}) all ${clamped.bytes.server} bytes of the server's answer arrived. Full-size segments vanish on the way.`;
    }
    if (c.stall.holeAtByte !== undefined && largest > 0 && largest < c.mss - 100) {
      return `The capture suggests it: with MSS ${c.mss} ${what}, and no ICMP "fragmentation needed" / Packet Too Big came back.`;
    }
  }
  return undefined;
}
