/**
 * The data flow of every conversation, packet by packet: per direction the highest sequence sent
 * and acknowledged, retransmissions (after a timeout, or fast), duplicate ACKs, zero windows, a
 * sender that filled the receiver's window, the Nagle/delayed-ACK stall; per conversation the
 * handshake RTT and the last idle gap. Typed arrays, one slot per direction (2 × conversation
 * slot + 0 for the client, + 1 for the server), like ConvStore: nothing for the garbage collector,
 * except a small record for the few conversations where something rare happened (see RD).
 * `facts(i)` gives one conversation's numbers to the pure rules of transfer-findings.ts.
 *
 * Sequence numbers stay raw uint32 and are compared by their signed 32-bit difference, so a
 * transfer that wraps around 2^32 is still in order.
 */
import { TCP_FLAGS } from './decode.js';
import type { FlowFacts, DirectionFacts } from './flow-facts.js';

const { SYN, ACK, FIN, RST } = TCP_FLAGS;

/** Per-direction flags. */
const SEEN = 1;
const ACKED = 2;
const WS_OPT = 4;
const SCALE_KNOWN = 8;
/** This side sent a small segment with nothing else outstanding: a possible first write of a write-write-read. */
const SMALL = 16;
/** … and the peer answered it with a late, bare ACK (a delayed ACK). */
const DELACK = 32;
/** The peer sent something since this side's last data segment. */
const PEER_SPOKE = 64;
/** This side's data filled the peer's window (cleared when the peer's ACK moves). */
const WIN_FULL = 128;

/** A retransmission after this much silence from its sender waited for a timeout (Linux's minimum RTO is 200 ms). */
export const RTO_MIN_US = 200e3;
/** A bare ACK this much later than the data it acknowledges was delayed (Linux delays at least 40 ms, others 100–200 ms). */
const DELACK_MIN_US = 30e3;
const DELACK_MAX_US = 500e3;
/** A repeat of the last segment this soon, with nothing from the peer between, is the capture seeing it twice. */
const CAPTURE_DUP_US = 2e3;
/** A quiet spell at least this long counts as an idle gap. */
export const IDLE_MIN_US = 1e6;

/** What a segment's payload was (segment()'s answer). */
export const Payload = {
  none: 0,
  fresh: 1,
  retransmission: 2,
  /** A keepalive probe, or the capture seeing one segment twice. */
  repeat: 3,
} as const;
export type Payload = (typeof Payload)[keyof typeof Payload];

/** Per-direction numbers (index: direction × stride + field), then per-conversation ones (slot × stride + field). */
const LAST_SEND = 0;
const SINCE = 1;
const ZERO_AT = 2;
const NAGLE_T1 = 3;
const NAGLE_ACK_T = 4;
const WIN_B = 5;
const MAX_WIN = 6;
const DF = 7;
const HI = 0;
const ACK_HI = 1;
const WIN = 2;
const SEGS = 3;
const TAIL = 4;
const NAGLE_END = 5;
const NAGLE_F1 = 6;
const NAGLE_FACK = 7;
const LAST_SEQ = 8;
const LAST_LEN = 9;
const BASE = 10;
const MSS = 11;
const FL = 12;
const WS = 13;
const SH = 14;
const DU = 15;
const LAST_SYN_T = 0;
const RTT_US = 1;
const GAP_US = 2;
const GAP_END_T = 3;
const CF = 4;
const LAST_FRAME = 0;
const GAP_FROM = 1;
const GAP_TO = 2;
const GAP_PKTS = 3;
const RST_FRAME = 4;
const CU = 5;
/**
 * What most conversations never need (retransmissions, zero windows, window-full, Nagle stalls,
 * an idle reset, and their evidence): per direction (direction & 1) × RD + field, then the
 * conversation's, in a record made on the first such event. A held conversation costs a third.
 */
const RETRANS = 0;
const RTO = 1;
const RETRANS_BYTES = 2;
const RETRANS_FRAME = 3;
const RETRANS_FIRST_T = 4;
const DUP = 5;
const ZERO_N = 6;
const ZERO_FRAME = 7;
const ZERO_FIRST_T = 8;
const ZERO_US = 9;
const TAIL_FRAME = 10;
const TAIL_FIRST_T = 11;
const WF_N = 12;
const WF_FRAME = 13;
const WF_FIRST_T = 14;
const NAGLE_N = 15;
const NAGLE_US = 16;
const NAGLE_FIRST_T = 17;
const NAGLE_EV1 = 18;
const NAGLE_EV_ACK = 19;
const NAGLE_EV2 = 20;
const RD = 21;
const IDLE_RST_FRAME = 0;
const IDLE_RST_T = 1;
const RARE_LENGTH = 2 * RD + 2;
/** What a conversation without rare numbers reads: all zero. */
const NO_RARE = new Float64Array(RARE_LENGTH);

/** Every conversation's flow state, by conversation slot (see ConvStore). */
export class FlowStore {
  private kind: Payload = Payload.none;
  /**
   * A direction's fields side by side (and a conversation's), one array per type: a new slot is a
   * few fill()s, and a packet touches a few cache lines. Direction j of slot i is 2i or 2i + 1.
   */
  private df = new Float64Array(0);
  private du = new Uint32Array(0);
  private cf = new Float64Array(0);
  private cu = new Uint32Array(0);
  /** The rare numbers, by slot, for the conversations that have any (an array, not a Map: a slot is a small integer). */
  private readonly rare: Array<Float64Array | undefined> = [];
  /** Records of released slots, zeroed, for the next conversation that needs one. */
  private readonly spareRare: Float64Array[] = [];

  /** Room for `cap` conversations, keeping what is there. */
  grow(cap: number): void {
    const g = <T extends Float64Array | Uint32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.df = g(this.df, 2 * cap * DF);
    this.du = g(this.du, 2 * cap * DU);
    this.cf = g(this.cf, cap * CF);
    this.cu = g(this.cu, cap * CU);
    while (this.rare.length < cap) this.rare.push(undefined);
  }

  /** Slot `i` as new (a reused slot must look like a freshly grown one). */
  clear(i: number): void {
    // Loops, not fill(): a call into fill() costs more than zeroing a slot's few dozen numbers.
    for (let k = 2 * i * DF, end = k + 2 * DF; k < end; k++) this.df[k] = 0;
    for (let k = 2 * i * DU, end = k + 2 * DU; k < end; k++) this.du[k] = 0;
    for (let k = i * CF, end = k + CF; k < end; k++) this.cf[k] = 0;
    for (let k = i * CU, end = k + CU; k < end; k++) this.cu[k] = 0;
    const r = this.rare[i];
    if (r) {
      r.fill(0);
      this.spareRare.push(r);
      this.rare[i] = undefined;
    }
  }

  /** Direction `j`'s slot's record of rare numbers, made now if it has none yet. */
  private rareOf(j: number): Float64Array {
    const i = j >> 1;
    let r = this.rare[i];
    if (!r) this.rare[i] = r = this.spareRare.pop() ?? new Float64Array(RARE_LENGTH);
    return r;
  }

  /** A new conversation in slot `i` (after clear or growth): the markers that mean "none yet". */
  start(i: number): void {
    this.df[(2 * i) * DF + ZERO_AT] = this.df[(2 * i + 1) * DF + ZERO_AT] = -1;
    this.cf[i * CF + LAST_SYN_T] = -1;
    this.cf[i * CF + RTT_US] = -1;
  }

  /** A SYN from the client (the RTT is measured from the last one). */
  syn(i: number, t: number): void {
    this.cf[i * CF + LAST_SYN_T] = t;
  }

  /** The ACK that completed the handshake, from the client, after the SYN-ACK. */
  handshakeAck(i: number, t: number): void {
    if (this.cf[i * CF + RTT_US] < 0 && this.cf[i * CF + LAST_SYN_T] >= 0) this.cf[i * CF + RTT_US] = t - this.cf[i * CF + LAST_SYN_T];
  }

  /**
   * Before a packet of conversation `i` is counted: an idle gap since its last packet (`lastT`)
   * is remembered when the connection was quiet (nothing waited for an ACK either way), so a RST
   * or a dead path right after it can be told apart from a retransmission backoff.
   */
  gap(i: number, t: number, lastT: number, frame: number, established: boolean): void {
    const idle = t - lastT;
    if (idle >= IDLE_MIN_US && established && this.quiet(i)) {
      this.cf[i * CF + GAP_US] = idle;
      this.cf[i * CF + GAP_END_T] = t;
      this.cu[i * CU + GAP_FROM] = this.cu[i * CU + LAST_FRAME];
      this.cu[i * CU + GAP_TO] = frame;
      this.cu[i * CU + GAP_PKTS] = 0;
    } else if (this.cf[i * CF + GAP_US] > 0) this.cu[i * CU + GAP_PKTS]++;
    this.cu[i * CU + LAST_FRAME] = frame;
  }

  /** The first RST of conversation `i`: remembered when it came right after an idle gap. */
  reset(i: number, t: number, frame: number): void {
    this.cu[i * CU + RST_FRAME] = frame;
    if (this.cf[i * CF + GAP_US] > 0 && this.cu[i * CU + GAP_PKTS] <= 4 && t - this.cf[i * CF + GAP_END_T] <= 2 * IDLE_MIN_US && !this.rare[i]?.[2 * RD + IDLE_RST_FRAME]) {
      const r = this.rareOf(2 * i);
      r[2 * RD + IDLE_RST_FRAME] = frame;
      r[2 * RD + IDLE_RST_T] = t;
    }
  }

  /** The sequence number of direction `j`'s first byte (valid once hasSent). */
  baseOf(j: number): number {
    return this.du[j * DU + BASE];
  }

  /** The window direction `j` last advertised, in bytes (0: closed, or the scale is unknown). */
  windowOf(j: number): number {
    return this.df[j * DF + WIN_B];
  }

  /** Direction `j` (2 × slot + 0 client, + 1 server) has sent something, so baseOf(j) holds. */
  hasSent(j: number): boolean {
    return (this.du[j * DU + FL] & SEEN) !== 0;
  }

  /** Nothing sent either way is waiting for its ACK. */
  private quiet(i: number): boolean {
    for (let d = 0; d < 2; d++) {
      const j = 2 * i + d;
      if (this.du[j * DU + FL] & SEEN && this.du[(j ^ 1) * DU + FL] & ACKED && ((this.du[j * DU + HI] - this.du[(j ^ 1) * DU + ACK_HI]) | 0) > 0) return false;
    }
    return true;
  }

  /**
   * One TCP segment of conversation `i` from the client (`d` 0) or the server (`d` 1).
   * `win` is the raw window field (-1: cut off), `wscale` the SYN's option (-1: none).
   * Returns what the payload was.
   */
  segment(i: number, d: number, f: number, seq: number, ack: number, len: number, win: number, wscale: number, mss: number | undefined, t: number, frame: number): Payload {
    const j = 2 * i + d;
    const o = j ^ 1;
    let fl = this.du[j * DU + FL];
    const ofl = this.du[o * DU + FL];
    // The other side's pending first write: this packet is its delayed ACK, or ends the pattern.
    if (ofl & SMALL) this.peerAnswer(o, f, ack, len, t, frame, i);
    if (f & SYN) {
      if (wscale >= 0) {
        this.du[j * DU + WS] = wscale;
        fl |= WS_OPT;
      }
      if (mss) this.du[j * DU + MSS] = mss;
      if (!(fl & SEEN)) {
        this.du[j * DU + HI] = (seq + 1) >>> 0;
        this.du[j * DU + BASE] = (seq + 1) >>> 0;
        fl |= SEEN;
      }
      // The SYN-ACK settles window scaling: both SYNs must carry the option (RFC 7323).
      if (f & ACK) {
        const both = fl & WS_OPT && ofl & WS_OPT;
        this.du[j * DU + SH] = both ? this.du[j * DU + WS] : 0;
        this.du[o * DU + SH] = both ? this.du[o * DU + WS] : 0;
        fl |= SCALE_KNOWN;
        this.du[o * DU + FL] |= SCALE_KNOWN;
      }
    }
    if (f & ACK) fl = this.ackOf(j, o, fl, f, ack, len, win, t);
    if (win >= 0 && !(f & (RST | SYN))) {
      if (win === 0) {
        if (this.df[j * DF + ZERO_AT] < 0) {
          this.df[j * DF + ZERO_AT] = t;
          const r = this.rareOf(j);
          const k = (j & 1) * RD;
          if (r[k + ZERO_N]++ === 0) {
            r[k + ZERO_FRAME] = frame;
            r[k + ZERO_FIRST_T] = t;
          }
        }
      } else if (this.df[j * DF + ZERO_AT] >= 0) {
        this.rareOf(j)[(j & 1) * RD + ZERO_US] += t - this.df[j * DF + ZERO_AT];
        this.df[j * DF + ZERO_AT] = -1;
      }
      if (fl & SCALE_KNOWN) {
        const bytes = win * (1 << this.du[j * DU + SH]);
        this.df[j * DF + WIN_B] = bytes;
        if (bytes > this.df[j * DF + MAX_WIN]) this.df[j * DF + MAX_WIN] = bytes;
      }
    }
    if (win >= 0) this.du[j * DU + WIN] = win;
    this.kind = Payload.none;
    if (len > 0) fl = this.data(i, j, o, fl, f, seq, len, t, frame);
    this.du[j * DU + FL] = fl;
    this.du[o * DU + FL] |= PEER_SPOKE;
    return this.kind;
  }

  /** The ACK field of a segment from `j` (flags `fl`, returned updated): progress, or a duplicate. */
  private ackOf(j: number, o: number, fl: number, f: number, ack: number, len: number, win: number, t: number): number {
    if (!(fl & ACKED)) {
      this.du[j * DU + ACK_HI] = ack;
      return fl | ACKED;
    }
    const moved = (ack - this.du[j * DU + ACK_HI]) | 0;
    if (moved > 0) {
      this.du[j * DU + ACK_HI] = ack;
      // The peer's data up to here arrived: its run of retransmissions is over, its window moved.
      this.du[o * DU + TAIL] = 0;
      this.du[o * DU + FL] &= ~WIN_FULL;
      this.df[o * DF + SINCE] = ((this.du[o * DU + HI] - ack) | 0) > 0 ? t : 0;
    } else if (moved === 0 && len === 0 && !(f & (SYN | FIN | RST)) && win === this.du[j * DU + WIN] && this.du[o * DU + FL] & SEEN && ((this.du[o * DU + HI] - ack) | 0) > 0) {
      this.rareOf(j)[(j & 1) * RD + DUP]++;
    }
    return fl;
  }

  /** A segment with payload from direction `j`: new data, a retransmission, or the capture's duplicate. */
  private data(i: number, j: number, o: number, fl: number, f: number, seq: number, len: number, t: number, frame: number): number {
    this.du[j * DU + SEGS]++;
    const end = (seq + len + (f & SYN ? 1 : 0)) >>> 0;
    const start = f & SYN ? (seq + 1) >>> 0 : seq;
    const peerAcked = (this.du[o * DU + FL] & ACKED) !== 0;
    const outstanding = fl & SEEN && peerAcked && ((this.du[j * DU + HI] - this.du[o * DU + ACK_HI]) | 0) > 0;
    this.kind = Payload.fresh;
    if (!(fl & SEEN)) {
      this.du[j * DU + HI] = end;
      this.du[j * DU + BASE] = start;
      fl |= SEEN;
      if (!outstanding) this.df[j * DF + SINCE] = t;
    } else {
      const behind = (start - this.du[j * DU + HI]) | 0;
      if (behind >= 0) {
        if (fl & DELACK && start === this.du[j * DU + NAGLE_END]) this.nagleStall(i, j, t, frame);
        fl &= ~(SMALL | DELACK);
        // A small first write with nothing outstanding: the write-write-read pattern may follow.
        const small = len < (this.du[o * DU + MSS] || 1460);
        if (small && !outstanding) {
          fl |= SMALL;
          this.df[j * DF + NAGLE_T1] = t;
          this.du[j * DU + NAGLE_END] = end;
          this.du[j * DU + NAGLE_F1] = frame;
        }
        if (!outstanding) this.df[j * DF + SINCE] = t;
        this.du[j * DU + HI] = end;
      } else if (!(len <= 1 && behind === -1)) {
        // (A one-byte segment just behind the highest sequence is a keepalive probe.)
        const seenTwice = seq === this.du[j * DU + LAST_SEQ] && len === this.du[j * DU + LAST_LEN] && !(fl & PEER_SPOKE) && t - this.df[j * DF + LAST_SEND] < CAPTURE_DUP_US;
        this.kind = seenTwice ? Payload.repeat : Payload.retransmission;
        if (!seenTwice) {
          const r = this.rareOf(j);
          const k = (j & 1) * RD;
          if (r[k + RETRANS]++ === 0) {
            r[k + RETRANS_FRAME] = frame;
            r[k + RETRANS_FIRST_T] = t;
          }
          r[k + RETRANS_BYTES] += len;
          if (t - this.df[j * DF + LAST_SEND] >= RTO_MIN_US) r[k + RTO]++;
          if (this.du[j * DU + TAIL]++ === 0) {
            r[k + TAIL_FRAME] = frame;
            r[k + TAIL_FIRST_T] = t;
          }
        }
        if (((end - this.du[j * DU + HI]) | 0) > 0) this.du[j * DU + HI] = end;
        fl &= ~(SMALL | DELACK);
      } else this.kind = Payload.repeat;
    }
    this.du[j * DU + LAST_SEQ] = seq;
    this.du[j * DU + LAST_LEN] = len;
    this.df[j * DF + LAST_SEND] = t;
    fl &= ~PEER_SPOKE;
    // The sender has as much in flight as the receiver's last window allows: the receiver limits it.
    if (peerAcked && fl & SCALE_KNOWN && !(fl & WIN_FULL) && this.df[o * DF + WIN_B] > 0 && ((this.du[j * DU + HI] - this.du[o * DU + ACK_HI]) >>> 0) >= this.df[o * DF + WIN_B]) {
      fl |= WIN_FULL;
      const r = this.rareOf(j);
      const k = (j & 1) * RD;
      if (r[k + WF_N]++ === 0) {
        r[k + WF_FRAME] = frame;
        r[k + WF_FIRST_T] = t;
      }
    }
    return fl;
  }

  /**
   * A packet from the peer while direction `w` has a small first write pending: a bare ACK of
   * exactly that write, late enough to have been delayed, arms the stall; anything else ends it.
   */
  private peerAnswer(w: number, f: number, ack: number, len: number, t: number, frame: number, i: number): void {
    const fl = this.du[w * DU + FL];
    const late = t - this.df[w * DF + NAGLE_T1];
    const rtt = this.cf[i * CF + RTT_US];
    const delayed = late >= DELACK_MIN_US && late <= DELACK_MAX_US && (rtt < 0 || late >= 4 * rtt);
    if (!(fl & DELACK) && len === 0 && f & ACK && !(f & (SYN | FIN | RST)) && ack === this.du[w * DU + NAGLE_END] && delayed) {
      this.du[w * DU + FL] = fl | DELACK;
      this.df[w * DF + NAGLE_ACK_T] = t;
      this.du[w * DU + NAGLE_FACK] = frame;
    } else this.du[w * DU + FL] = fl & ~(SMALL | DELACK);
  }

  /** The second write went out right after the delayed ACK: Nagle held it until then. */
  private nagleStall(i: number, j: number, t: number, frame: number): void {
    const rtt = this.cf[i * CF + RTT_US];
    const soon = t - this.df[j * DF + NAGLE_ACK_T] <= (rtt > 0 ? 1.5 * rtt : 0) + 1e3;
    if (!soon) return;
    // The first stall's three packets are the evidence.
    const r = this.rareOf(j);
    const k = (j & 1) * RD;
    if (r[k + NAGLE_N]++ === 0) {
      r[k + NAGLE_FIRST_T] = this.df[j * DF + NAGLE_T1];
      r[k + NAGLE_EV1] = this.du[j * DU + NAGLE_F1];
      r[k + NAGLE_EV_ACK] = this.du[j * DU + NAGLE_FACK];
      r[k + NAGLE_EV2] = frame;
    }
    r[k + NAGLE_US] += this.df[j * DF + NAGLE_ACK_T] - this.df[j * DF + NAGLE_T1];
  }

  /** The handshake's round trip of conversation `i` in µs (-1: not seen). */
  rttUs(i: number): number {
    return this.cf[i * CF + RTT_US];
  }

  /** Segments with payload direction `j` sent. */
  segments(j: number): number {
    return this.du[j * DU + SEGS];
  }

  /**
   * Whether conversation `i` holds anything a finding could be made of (most hold nothing:
   * their facts need not be read out in full): only those with a record of rare numbers can.
   */
  notable(i: number): boolean {
    return this.rare[i] !== undefined;
  }

  /**
   * Conversation `i`'s numbers, written into `into` (reused by the caller): the RTT and each
   * side's counts always, the rest only when `full` (see notable()).
   */
  facts(i: number, into: FlowFacts, full: boolean): FlowFacts {
    const r = this.rare[i] ?? NO_RARE;
    into.rttUs = this.cf[i * CF + RTT_US];
    this.counts(2 * i, r, into.client);
    this.counts(2 * i + 1, r, into.server);
    if (!full) return into;
    into.gapUs = this.cf[i * CF + GAP_US];
    into.gapEndT = this.cf[i * CF + GAP_END_T];
    into.gapFrom = this.cu[i * CU + GAP_FROM];
    into.gapTo = this.cu[i * CU + GAP_TO];
    into.idleRstFrame = r[2 * RD + IDLE_RST_FRAME];
    into.idleRstT = r[2 * RD + IDLE_RST_T];
    into.rstFrame = this.cu[i * CU + RST_FRAME];
    this.direction(2 * i, r, into.client);
    this.direction(2 * i + 1, r, into.server);
    return into;
  }

  private counts(j: number, r: Float64Array, d: DirectionFacts): void {
    const k = (j & 1) * RD;
    d.segments = this.du[j * DU + SEGS];
    d.retransmitted = r[k + RETRANS];
    d.rto = r[k + RTO];
    d.dupAcks = r[k + DUP];
    d.zeroWindows = r[k + ZERO_N];
    d.windowFull = r[k + WF_N];
  }

  private direction(j: number, r: Float64Array, d: DirectionFacts): void {
    const o = j ^ 1;
    const u = j * DU;
    const f = j * DF;
    const k = (j & 1) * RD;
    d.retransBytes = r[k + RETRANS_BYTES];
    d.retransFrame = r[k + RETRANS_FRAME];
    d.retransFirstT = r[k + RETRANS_FIRST_T];
    d.zeroFrame = r[k + ZERO_FRAME];
    d.zeroFirstT = r[k + ZERO_FIRST_T];
    d.zeroUs = r[k + ZERO_US];
    d.zeroOpenAt = this.df[f + ZERO_AT];
    d.wfFrame = r[k + WF_FRAME];
    d.wfFirstT = r[k + WF_FIRST_T];
    d.maxWindow = this.df[f + MAX_WIN];
    d.nagle = r[k + NAGLE_N];
    d.nagleUs = r[k + NAGLE_US];
    d.nagleFrames[0] = r[k + NAGLE_EV1];
    d.nagleFrames[1] = r[k + NAGLE_EV_ACK];
    d.nagleFrames[2] = r[k + NAGLE_EV2];
    d.nagleFirstT = r[k + NAGLE_FIRST_T];
    d.tail = this.du[u + TAIL];
    d.tailFrame = r[k + TAIL_FRAME];
    d.tailFirstT = r[k + TAIL_FIRST_T];
    d.lastSend = this.df[f + LAST_SEND];
    d.since = this.df[f + SINCE];
    d.unacked = this.du[u + FL] & SEEN ? (this.du[o * DU + FL] & ACKED ? Math.max(0, (this.du[u + HI] - this.du[o * DU + ACK_HI]) | 0) : 1) : 0;
  }
}
