/**
 * TCP conversation analysis: one small state record per conversation, fed packet by packet,
 * finished into the verdict vocabulary (open, refused, filtered, reset, closed, unreachable).
 * The client is whoever sent the SYN; a SYN with the same ISN again is a retransmission.
 */
import { TCP_FLAGS, type DecodedPacket, type TcpHeader } from './decode.js';
import { flagNotation } from './tcp-notation.js';
import { icmpIsFatal, icmpMeaning } from './icmp-meaning.js';
import { ConvStore, F, type Conv } from './conversation-state.js';
import { ConvIndex, pairHash } from './conversation-index.js';
import { summarize, type ConversationSummary } from './conversation-summary.js';
import type { TcpTimings } from '../kernel-timing.js';
import { SampleRecorder, type TimeSequence } from './time-sequence-samples.js';

/** Who sent a packet of a conversation, by its source address. */
export type SenderEnd = 'client' | 'server' | 'other';

export type { ConversationOutcome, ConversationSummary, EcnState } from './conversation-summary.js';

/** One arrow of the sequence diagram. */
export interface ConversationEvent {
  atMs: number;
  dir: 'to-server' | 'to-client' | 'icmp';
  label: string;
  /** The ICMP sender, for `icmp` events. */
  from?: string;
  /** The first payload byte, when the segment carries data (0x16 starts a TLS handshake record). */
  firstByte?: number;
}

const MAX_EVENTS = 400;

/**
 * When a streaming tracker hands a conversation over and forgets it (capture time since its last
 * packet). Closed for good (a RST, or FINs both ways): three quiet seconds cover the last ACK and
 * a retransmitted FIN. Ended otherwise (one FIN, a fatal ICMP error): ten quiet seconds (a
 * half-closed connection still sending is not quiet). Holding fewer conversations is also what
 * keeps a big capture fast: their state stays in the processor's cache. Only SYNs, never
 * answered: once the kernel would have given up (see synOnlyOverUs). Anything else silent for five
 * minutes: a capture rarely shows such a connection come back (it would then count as a second
 * conversation), and holding every one would make memory grow with the file.
 */
const CLOSED_IDLE_US = 3e6;
const DONE_IDLE_US = 10e6;
const ANY_IDLE_US = 300e6;
/**
 * More conversations held than this (a capture full of connections left open): the quiet ones
 * are handed over after a minute instead of five, so memory stays bounded whatever the capture.
 * One that comes back after that is counted as a second conversation (seen mid-way).
 */
const HELD_SOFT_LIMIT = 32_768;
const CROWDED_IDLE_US = 60e6;
/** Sweep for finished conversations at most once per this much capture time. */
const SWEEP_EVERY_US = 1e6;

export interface TrackerOptions {
  /** Record the arrows and the time-sequence samples of conversation N (1-based). */
  recordIndex?: number;
  /**
   * Makes the tracker streaming: a conversation that is over (see DONE_IDLE_US) is summarised,
   * handed over and forgotten, so memory stays flat however long the capture; `rest()` gives the
   * others at the end. Without it every conversation is kept for summaries().
   */
  onFinished?: (summary: ConversationSummary) => void;
  /**
   * Streaming as with onFinished, but the conversation is handed over as its slot in the store,
   * before any summary is made (json-lines.ts writes its line from there); `restSlots` then.
   */
  onFinishedSlot?: (store: ConvStore, slot: number) => void;
  /** This kernel's TCP timings (kernel-timing.ts readTcpTimings()): data, never a fixed figure. */
  timings: Pick<TcpTimings, 'syn' | 'retries2'>;
}

const { SYN, ACK, FIN, RST, ECE, CWR } = TCP_FLAGS;

/**
 * Feeds decoded packets, keeps one slot of state per conversation, and answers with summaries.
 * `recordIndex` keeps the arrows of that one conversation for the sequence diagram.
 */
export class ConversationTracker {
  private readonly store = new ConvStore();
  private readonly index = new ConvIndex();
  /** The arrows of conversation `recordIndex`, once it exists. */
  private recorded: ConversationEvent[] | undefined;
  /** Refilled for every summary (see ConvStore.conv). */
  private scratch: Conv | undefined;

  private lastSweep = 0;
  private sinceSweep = 0;
  private readonly recordIndex?: number;
  private readonly onFinished?: (summary: ConversationSummary) => void;
  private readonly onFinishedSlot?: (store: ConvStore, slot: number) => void;
  private readonly streaming: boolean;
  private readonly timings: TrackerOptions['timings'];
  /** The time-sequence samples of conversation `recordIndex`, once it exists. */
  private samples: SampleRecorder | undefined;

  constructor(opts: TrackerOptions) {
    this.recordIndex = opts.recordIndex;
    this.onFinished = opts.onFinished;
    this.onFinishedSlot = opts.onFinishedSlot;
    this.streaming = opts.onFinished !== undefined || opts.onFinishedSlot !== undefined;
    this.timings = opts.timings;
  }

  /**
   * Hands a packet over; `tsUs` in microseconds, `frame` its number in the file (1-based).
   * Returns the slot of the conversation it belongs to (see sentBy), or -1.
   */
  add(p: DecodedPacket, tsUs: number, frame: number): number {
    if (this.streaming && ++this.sinceSweep >= 4096 && tsUs - this.lastSweep >= SWEEP_EVERY_US && this.sinceSweep >= this.store.live) {
      this.sweep(tsUs);
    }
    if (p.tcp) return this.addTcp(p, p.tcp, tsUs, frame);
    if (p.icmp?.quoted && p.icmp.quoted.proto === 6 && p.icmp.quoted.srcPort !== undefined) {
      const q = p.icmp.quoted;
      const pos = this.find(q.ipVersion === 6, q.src, q.srcN, q.srcPort!, q.dst, q.dstN, q.dstPort ?? 0);
      if (pos < 0 || !icmpIsFatal(p.icmp.v6, p.icmp.type)) return -1;
      const s = this.store;
      const i = this.index.slotAt(pos);
      s.packets[i]++;
      s.flows.gap(i, tsUs, s.last[i], frame, false);
      s.last[i] = tsUs;
      if (!(s.flags[i] & F.icmp)) {
        s.flags[i] |= F.icmp | (p.icmp.v6 ? F.icmpV6 : 0);
        s.icmpT[i] = tsUs;
        s.icmpType[i] = p.icmp.type;
        s.icmpCode[i] = p.icmp.code;
        s.icmpFrom.set(i, p.src);
      }
      this.record(i, tsUs, 'icmp', `ICMP ${icmpMeaning(p.icmp.v6, p.icmp.type, p.icmp.code)}`, p.src);
      return i;
    }
    return -1;
  }

  /** Whether `p` (of the conversation in `slot`) was sent from its client's address, its server's, or another's (an ICMP error's router). */
  sentBy(slot: number, p: DecodedPacket): SenderEnd {
    const v6 = p.ipVersion === 6;
    if (this.store.isClient(slot, v6, p.src6, p.srcN)) return 'client';
    return this.store.isServer(slot, v6, p.src6, p.srcN) ? 'server' : 'other';
  }

  private addTcp(p: DecodedPacket, tcp: TcpHeader, t: number, frame: number): number {
    const s = this.store;
    const isSyn = (tcp.flags & (SYN | ACK)) === SYN;
    const v6 = p.ipVersion === 6;
    let pos = this.find(v6, p.src6, p.srcN, tcp.srcPort, p.dst6, p.dstN, tcp.dstPort);
    let i = pos < 0 ? -1 : this.index.slotAt(pos);
    if (i >= 0 && isSyn && (s.done(i) || s.isn[i] !== tcp.seq || !(s.flags[i] & F.handshakeSeen) || !s.isClient(i, v6, p.src6, p.srcN))) {
      this.index.removeAt(pos);
      i = -1;
    }
    let fromClient: boolean;
    if (i >= 0) {
      fromClient = s.clientPort[i] === tcp.srcPort && s.isClient(i, v6, p.src6, p.srcN);
    } else {
      // Without a SYN, guess the client: the side with the higher (ephemeral) port.
      fromClient = isSyn || tcp.srcPort > tcp.dstPort;
      i = fromClient
        ? s.add(p.src6, p.srcN, tcp.srcPort, p.dst6, p.dstN, tcp.dstPort, t)
        : s.add(p.dst6, p.dstN, tcp.dstPort, p.src6, p.srcN, tcp.srcPort, t);
      s.flags[i] |= (isSyn ? F.handshakeSeen : 0) | (v6 ? F.v6 : 0);
      s.isn[i] = tcp.seq;
      if (this.recordIndex === s.num[i]) {
        this.recorded = [];
        this.samples = new SampleRecorder(t);
      }
      this.index.add(pairHash(p.srcN, tcp.srcPort, p.dstN, tcp.dstPort), i);
    }
    s.packets[i]++;
    const f = tcp.flags;
    const flows = s.flows;
    flows.gap(i, t, s.last[i], frame, s.synAckT[i] >= 0 || !(s.flags[i] & F.handshakeSeen));
    s.last[i] = t;
    if (isSyn && fromClient) {
      s.addSyn(i, t, (f & (ECE | CWR)) === (ECE | CWR));
      flows.syn(i, t);
      if (tcp.mss) s.clientMss[i] = tcp.mss;
    } else if (f & SYN && f & ACK && !fromClient && s.synAckT[i] < 0) {
      const n = s.synCount[i];
      const synEcn = s.synEcn[i];
      const afterPlainSyn = n > 1 && (synEcn & 1) === 1 && (synEcn & (1 << (n - 1))) === 0;
      s.synAckT[i] = t;
      s.synAckTtl[i] = p.ttl;
      s.isnS[i] = tcp.seq;
      s.nextS[i] = 1;
      s.flags[i] |= (f & ECE ? F.synAckEce : 0) | (afterPlainSyn ? F.synAckAfterPlainSyn : 0);
    } else if (!(f & SYN)) {
      if (p.ecn === 3) s.ce[i]++;
      if (f & ECE) s.ece[i]++;
      if (f & CWR) s.cwr[i]++;
      if (fromClient && f & ACK && !(f & RST) && s.synAckT[i] >= 0) flows.handshakeAck(i, t);
    }
    const kind = flows.segment(i, fromClient ? 0 : 1, f, tcp.seq, tcp.ack, tcp.payloadLen, tcp.window, tcp.wscale, tcp.mss, t, frame);
    if (tcp.payloadLen > 0) {
      if (fromClient) {
        if (s.bytesC[i] === 0 && tcp.firstByte === 0x16) s.flags[i] |= F.tlsHello;
        s.bytesC[i] += tcp.payloadLen;
      } else {
        s.bytesS[i] += tcp.payloadLen;
        if (s.synAckT[i] >= 0) s.serverData(i, tcp.seq, tcp.payloadLen);
      }
    }
    if (f & FIN) {
      if (s.finT[i] < 0) {
        s.finT[i] = t;
        if (fromClient) s.flags[i] |= F.finFromClient;
      } else if (fromClient !== ((s.flags[i] & F.finFromClient) !== 0)) s.flags[i] |= F.finBoth;
    }
    if (f & RST && !(s.flags[i] & F.rst)) {
      const duringTls = (s.flags[i] & F.tlsHello) !== 0 && s.bytesS[i] === 0;
      s.flags[i] |= F.rst | (fromClient ? F.rstFromClient : 0) | (duringTls ? F.rstDuringTls : 0);
      s.rstT[i] = t;
      s.rstTtl[i] = p.ttl;
      s.rstBytesC[i] = s.bytesC[i];
      s.rstBytesS[i] = s.bytesS[i];
      flows.reset(i, t, frame);
    }
    if (this.recorded && this.recordIndex === s.num[i]) {
      this.samples!.add(flows, i, fromClient ? 0 : 1, f, tcp.seq, tcp.ack, tcp.payloadLen, tcp.window, kind, t);
      const len = tcp.payloadLen > 0 ? ` ${tcp.payloadLen} B` : '';
      // The TTL of what answers (SYN-ACK, RST) is the clue to who sent it.
      const ttl = !fromClient && f & (SYN | RST) ? ` ttl ${p.ttl}` : '';
      this.record(i, t, fromClient ? 'to-server' : 'to-client', `${flagNotation(f)}${len}${ttl}`, undefined, tcp.payloadLen > 0 ? tcp.firstByte : undefined);
    }
    return i;
  }

  /** The index position of the conversation of this tuple (either direction), or -1 (addresses as in ConvStore.matches). */
  private find(v6: boolean, src6: string, srcN: number, sp: number, dst6: string, dstN: number, dp: number): number {
    const h = pairHash(srcN, sp, dstN, dp);
    for (let pos = this.index.next(h, -1); pos >= 0; pos = this.index.next(h, pos)) {
      if (this.store.matches(this.index.slotAt(pos), v6, src6, srcN, sp, dst6, dstN, dp)) return pos;
    }
    return -1;
  }

  private record(i: number, t: number, dir: ConversationEvent['dir'], label: string, from?: string, firstByte?: number): void {
    const events = this.recorded;
    if (!events || this.recordIndex !== this.store.num[i] || events.length >= MAX_EVENTS) return;
    events.push({ atMs: (t - this.store.start[i]) / 1000, dir, label, from, ...(firstByte !== undefined ? { firstByte } : {}) });
  }

  /** Hands over and forgets every conversation that is over by capture time `now`. */
  private sweep(now: number): void {
    this.lastSweep = now;
    this.sinceSweep = 0;
    const s = this.store;
    const anyIdle = s.live > HELD_SOFT_LIMIT ? CROWDED_IDLE_US : ANY_IDLE_US;
    for (let i = 0, n = s.slots; i < n; i++) {
      if (s.num[i] === 0) continue;
      const idle = now - s.last[i];
      const over =
        idle > anyIdle ||
        (idle > CLOSED_IDLE_US && s.closed(i)) ||
        (idle > DONE_IDLE_US && s.done(i)) ||
        (idle > this.timings.syn.giveUpMs * 1000 && s.synAckT[i] < 0 && (s.flags[i] & F.handshakeSeen) !== 0 && idle > this.synOnlyOverUs(i));
      if (over) this.evict(i);
    }
  }

  /**
   * How long a conversation of unanswered SYNs may stay quiet before its client surely gave up:
   * this kernel's give-up time, or, for a capture made elsewhere, twice its own last gap between
   * SYNs and a second more (the next retransmission would have come by then), whichever is longer.
   */
  private synOnlyOverUs(i: number): number {
    const s = this.store;
    const more = s.synCount[i] > 1 ? s.moreSyns.get(i) : undefined;
    const lastGap = more ? more[more.length - 1] - (more.length > 1 ? more[more.length - 2] : s.syn0[i]) : 1e6;
    return Math.max(this.timings.syn.giveUpMs * 1000, 2 * lastGap + 1e6);
  }

  private evict(i: number): void {
    if (this.onFinishedSlot) this.onFinishedSlot(this.store, i);
    else this.onFinished!(this.summaryOf(i));
    this.forget(i);
  }

  private forget(i: number): void {
    const s = this.store;
    // A SYN that started a new connection on this tuple already took the index entry over.
    const h = pairHash(s.clientN[i], s.clientPort[i], s.serverN[i], s.serverPort[i]);
    for (let pos = this.index.next(h, -1); pos >= 0; pos = this.index.next(h, pos)) {
      if (this.index.slotAt(pos) === i) {
        this.index.removeAt(pos);
        break;
      }
    }
    s.release(i);
  }

  /**
   * Streaming trackers, at the end of the capture: the conversations still held, in index order,
   * one at a time (each forgotten as it is given), so they need not all exist at once.
   */
  *rest(): Generator<ConversationSummary> {
    for (const i of this.held()) {
      const summary = this.summaryOf(i);
      this.forget(i);
      yield summary;
    }
  }

  /**
   * The same for onFinishedSlot: each held slot, in index order, forgotten once the caller asks
   * for the next (one object, refilled).
   */
  *restSlots(): Generator<{ store: ConvStore; slot: number }> {
    const item = { store: this.store, slot: -1 };
    for (const i of this.held()) {
      item.slot = i;
      yield item;
      this.forget(i);
    }
  }

  /** The slots held, in index order. */
  private held(): number[] {
    const s = this.store;
    const held: number[] = [];
    for (let i = 0, n = s.slots; i < n; i++) if (s.num[i] > 0) held.push(i);
    return held.sort((a, b) => s.num[a] - s.num[b]);
  }

  /** The most conversations held at once. */
  get peakHeld(): number {
    return this.store.slots;
  }

  /** How many conversations so far. */
  get count(): number {
    return this.store.count;
  }

  /** The arrows recorded for `recordIndex` (empty when there is no such conversation). */
  events(): ConversationEvent[] {
    return this.recorded ?? [];
  }

  /** The time-sequence samples recorded for `recordIndex` (undefined when there is no such conversation). */
  timeSequence(): TimeSequence | undefined {
    return this.samples?.result();
  }

  /** Every conversation, finished into the verdict vocabulary. */
  summaries(): ConversationSummary[] {
    const out: ConversationSummary[] = [];
    for (let i = 0; i < this.store.count; i++) out.push(this.summaryOf(i));
    return out;
  }

  /** The same, one at a time: a big capture's summaries need not all exist at once. */
  *eachSummary(): Generator<ConversationSummary> {
    for (let i = 0; i < this.store.count; i++) yield this.summaryOf(i);
  }

  summary(index: number): ConversationSummary | undefined {
    return Number.isInteger(index) && index >= 1 && index <= this.store.count ? this.summaryOf(index - 1) : undefined;
  }

  private summaryOf(i: number): ConversationSummary {
    this.scratch = this.store.conv(i, this.recordIndex === this.store.num[i] ? this.recorded : undefined, this.scratch);
    return summarize(this.scratch, this.timings.retries2);
  }
}
