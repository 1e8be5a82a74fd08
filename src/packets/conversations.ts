/**
 * TCP conversation analysis: one small state record per conversation, fed packet by packet,
 * finished into the verdict vocabulary (open, refused, filtered, reset, closed, unreachable).
 * The client is whoever sent the SYN; a SYN with the same ISN again is a retransmission.
 */
import { TCP_FLAGS, type DecodedPacket } from './decode.js';
import { flagNotation } from './tcp-notation.js';
import { icmpIsFatal, icmpMeaning } from './icmp-meaning.js';
import { Conv, MAX_SYNS, tupleHash } from './conversation-state.js';
import { summarize, type ConversationSummary } from './conversation-summary.js';

export type { ConversationOutcome, ConversationSummary, EcnState } from './conversation-summary.js';

/** One arrow of the sequence diagram. */
export interface ConversationEvent {
  atMs: number;
  dir: 'to-server' | 'to-client' | 'icmp';
  label: string;
  /** The ICMP sender, for `icmp` events. */
  from?: string;
}

const MAX_EVENTS = 400;

/**
 * Feeds decoded packets, keeps one Conv per conversation, and answers with summaries.
 * `recordIndex` keeps the arrows of that one conversation for the sequence diagram.
 */
export class ConversationTracker {
  /** Conversations by the hash of either direction of their 4-tuple; a bucket may hold several. */
  private readonly byHash = new Map<number, Conv | Conv[]>();
  private readonly all: Conv[] = [];

  constructor(private readonly recordIndex?: number) {}

  /** Hands a packet over; `tsUs` in microseconds. Returns the conversation it belongs to, if any. */
  add(p: DecodedPacket, tsUs: number): { clientAddr: string; serverAddr: string } | undefined {
    if (p.tcp) return this.addTcp(p, tsUs);
    if (p.icmp?.quoted && p.icmp.quoted.proto === 6 && p.icmp.quoted.srcPort !== undefined) {
      const q = p.icmp.quoted;
      const c = this.find(q.src, q.srcN, q.srcPort!, q.dst, q.dstN, q.dstPort ?? 0);
      if (!c || !icmpIsFatal(p.icmp.v6, p.icmp.type)) return undefined;
      c.packets++;
      c.last = tsUs;
      if (!c.icmp) c.icmp = { t: tsUs, from: p.src, v6: p.icmp.v6, type: p.icmp.type, code: p.icmp.code };
      this.record(c, tsUs, 'icmp', `ICMP ${icmpMeaning(p.icmp.v6, p.icmp.type, p.icmp.code)}`, p.src);
      return c;
    }
    return undefined;
  }

  private addTcp(p: DecodedPacket, t: number): Conv {
    const tcp = p.tcp!;
    // Each conversation is filed under both directions: one lookup per packet, no key strings.
    const isSyn = (tcp.flags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) === TCP_FLAGS.SYN;
    let c = this.find(p.src, p.srcN, tcp.srcPort, p.dst, p.dstN, tcp.dstPort);
    if (c && isSyn && (c.done || c.isn !== tcp.seq || !c.handshakeSeen || c.clientAddr !== p.src)) {
      this.unfile(c);
      c = undefined;
    }
    let fromClient: boolean;
    if (c) {
      fromClient = c.clientPort === tcp.srcPort && c.clientAddr === p.src;
    } else {
      // Without a SYN, guess the client: the side with the higher (ephemeral) port.
      fromClient = isSyn || tcp.srcPort > tcp.dstPort;
      c = fromClient
        ? new Conv(this.all.length + 1, p.src, p.srcN, tcp.srcPort, p.dst, p.dstN, tcp.dstPort, t)
        : new Conv(this.all.length + 1, p.dst, p.dstN, tcp.dstPort, p.src, p.srcN, tcp.srcPort, t);
      c.handshakeSeen = isSyn;
      c.isn = tcp.seq;
      if (this.recordIndex === c.index) c.events = [];
      this.all.push(c);
      this.file(c);
    }
    c.packets++;
    c.last = t;
    const f = tcp.flags;
    const ecnFlags = (f & (TCP_FLAGS.ECE | TCP_FLAGS.CWR)) === (TCP_FLAGS.ECE | TCP_FLAGS.CWR);
    if (isSyn && fromClient) {
      if (c.syns.length < MAX_SYNS) {
        if (ecnFlags) c.synEcn |= 1 << c.syns.length;
        c.syns.push(t);
      }
    } else if (f & TCP_FLAGS.SYN && f & TCP_FLAGS.ACK && !fromClient && c.synAckT < 0) {
      const n = c.syns.length;
      const afterPlainSyn = n > 1 && (c.synEcn & 1) === 1 && (c.synEcn & (1 << (n - 1))) === 0;
      c.synAckT = t;
      c.synAckTtl = p.ttl;
      c.synAckEce = (f & TCP_FLAGS.ECE) !== 0;
      c.synAckAfterPlainSyn = afterPlainSyn;
    } else if (!(f & TCP_FLAGS.SYN)) {
      if (p.ecn === 3) c.ce++;
      if (f & TCP_FLAGS.ECE) c.ece++;
      if (f & TCP_FLAGS.CWR) c.cwr++;
    }
    if (tcp.payloadLen > 0) {
      if (fromClient) {
        if (c.bytesC === 0 && tcp.firstByte === 0x16) c.tlsHello = true;
        c.bytesC += tcp.payloadLen;
      } else {
        c.bytesS += tcp.payloadLen;
      }
    }
    if (f & TCP_FLAGS.FIN && c.finT < 0) {
      c.finT = t;
      c.finFromClient = fromClient;
    }
    if (f & TCP_FLAGS.RST && !c.rst) {
      c.rst = { t, fromClient, ttl: p.ttl, address: p.src, bytesC: c.bytesC, bytesS: c.bytesS, duringTls: c.tlsHello && c.bytesS === 0 };
    }
    if (c.events) {
      const len = tcp.payloadLen > 0 ? ` ${tcp.payloadLen} B` : '';
      // The TTL of what answers (SYN-ACK, RST) is the clue to who sent it.
      const ttl = !fromClient && f & (TCP_FLAGS.SYN | TCP_FLAGS.RST) ? ` ttl ${p.ttl}` : '';
      this.record(c, t, fromClient ? 'to-server' : 'to-client', `${flagNotation(f)}${len}${ttl}`);
    }
    return c;
  }

  private find(src: string, srcN: number, sp: number, dst: string, dstN: number, dp: number): Conv | undefined {
    const slot = this.byHash.get(tupleHash(srcN, sp, dstN, dp));
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return slot.matches(src, sp, dst, dp) ? slot : undefined;
    return slot.find((c) => c.matches(src, sp, dst, dp));
  }

  private file(c: Conv): void {
    for (const h of c.hashes()) {
      const slot = this.byHash.get(h);
      if (slot === undefined) this.byHash.set(h, c);
      else if (Array.isArray(slot)) slot.push(c);
      else if (slot !== c) this.byHash.set(h, [slot, c]);
    }
  }

  private unfile(c: Conv): void {
    for (const h of c.hashes()) {
      const slot = this.byHash.get(h);
      if (slot === c) this.byHash.delete(h);
      else if (Array.isArray(slot)) {
        const rest = slot.filter((x) => x !== c);
        if (rest.length === 0) this.byHash.delete(h);
        else this.byHash.set(h, rest.length === 1 ? rest[0] : rest);
      }
    }
  }

  private record(c: Conv, t: number, dir: ConversationEvent['dir'], label: string, from?: string): void {
    if (!c.events || c.events.length >= MAX_EVENTS) return;
    c.events.push({ atMs: (t - c.start) / 1000, dir, label, from });
  }

  /** How many conversations so far. */
  get count(): number {
    return this.all.length;
  }

  /** The arrows recorded for `recordIndex` (empty when there is no such conversation). */
  events(): ConversationEvent[] {
    return this.all[(this.recordIndex ?? 0) - 1]?.events ?? [];
  }

  /** Every conversation, finished into the verdict vocabulary. */
  summaries(): ConversationSummary[] {
    return this.all.map(summarize);
  }

  /** The same, one at a time: a big capture's summaries need not all exist at once. */
  *eachSummary(): Generator<ConversationSummary> {
    for (const c of this.all) yield summarize(c);
  }

  summary(index: number): ConversationSummary | undefined {
    const c = this.all[index - 1];
    return c ? summarize(c) : undefined;
  }
}
