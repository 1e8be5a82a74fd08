/**
 * The data flow of every conversation, packet by packet: per direction the highest sequence sent
 * and acknowledged, retransmissions (after a timeout, or fast), duplicate ACKs, zero windows, a
 * sender that filled the receiver's window, the Nagle/delayed-ACK stall; per conversation the
 * handshake RTT and the last idle gap. Typed arrays, one slot per direction (2 × conversation
 * slot + 0 for the client, + 1 for the server), like ConvStore: nothing for the garbage collector.
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

const F64 = ['retransBytes', 'lastSend', 'since', 'zeroAt', 'zeroUs', 'zeroFirstT', 'retransFirstT', 'tailFirstT', 'wfFirstT', 'nagleT1', 'nagleAckT', 'nagleUs', 'nagleFirstT', 'winB', 'maxWin'] as const;
const U32 = ['hi', 'ackHi', 'win', 'segs', 'retrans', 'rto', 'dup', 'dupRun', 'zeroN', 'zeroFrame', 'retransFrame', 'tail', 'tailFrame', 'wfN', 'wfFrame', 'nagleEnd', 'nagleN', 'nagleF1', 'nagleFAck', 'nagleEv1', 'nagleEvAck', 'nagleEv2', 'lastSeq', 'lastLen', 'base', 'mss'] as const;
const U8 = ['fl', 'ws', 'sh'] as const;
const CF64 = ['lastSynT', 'rttUs', 'gapUs', 'gapEndT', 'idleRstT'] as const;
const CU32 = ['lastFrame', 'gapFrom', 'gapTo', 'gapPkts', 'idleRstFrame', 'rstFrame'] as const;

type Arrays<K extends readonly string[], A> = { [P in K[number]]: A };
export interface FlowStore extends Arrays<typeof F64, Float64Array>, Arrays<typeof U32, Uint32Array>, Arrays<typeof U8, Uint8Array>, Arrays<typeof CF64, Float64Array>, Arrays<typeof CU32, Uint32Array> {}

/** Every conversation's flow state, by conversation slot (see ConvStore). */
export class FlowStore {
  private kind: Payload = Payload.none;

  constructor() {
    for (const k of [...F64, ...CF64]) this[k] = new Float64Array(0);
    for (const k of [...U32, ...CU32]) this[k] = new Uint32Array(0);
    for (const k of U8) this[k] = new Uint8Array(0);
  }

  /** Room for `cap` conversations, keeping what is there. */
  grow(cap: number): void {
    const g = <T extends Float64Array | Uint32Array | Uint8Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    for (const k of F64) this[k] = g(this[k], 2 * cap);
    for (const k of U32) this[k] = g(this[k], 2 * cap);
    for (const k of U8) this[k] = g(this[k], 2 * cap);
    for (const k of CF64) this[k] = g(this[k], cap);
    for (const k of CU32) this[k] = g(this[k], cap);
  }

  /** Slot `i` as new (a reused slot must look like a freshly grown one). */
  clear(i: number): void {
    for (const k of F64) this[k][2 * i] = this[k][2 * i + 1] = 0;
    for (const k of U32) this[k][2 * i] = this[k][2 * i + 1] = 0;
    for (const k of U8) this[k][2 * i] = this[k][2 * i + 1] = 0;
    for (const k of CF64) this[k][i] = 0;
    for (const k of CU32) this[k][i] = 0;
  }

  /** A new conversation in slot `i` (after clear or growth): the markers that mean "none yet". */
  start(i: number): void {
    this.zeroAt[2 * i] = this.zeroAt[2 * i + 1] = -1;
    this.lastSynT[i] = -1;
    this.rttUs[i] = -1;
  }

  /** A SYN from the client (the RTT is measured from the last one). */
  syn(i: number, t: number): void {
    this.lastSynT[i] = t;
  }

  /** The ACK that completed the handshake, from the client, after the SYN-ACK. */
  handshakeAck(i: number, t: number): void {
    if (this.rttUs[i] < 0 && this.lastSynT[i] >= 0) this.rttUs[i] = t - this.lastSynT[i];
  }

  /**
   * Before a packet of conversation `i` is counted: an idle gap since its last packet (`lastT`)
   * is remembered when the connection was quiet (nothing waited for an ACK either way), so a RST
   * or a dead path right after it can be told apart from a retransmission backoff.
   */
  gap(i: number, t: number, lastT: number, frame: number, established: boolean): void {
    const idle = t - lastT;
    if (idle >= IDLE_MIN_US && established && this.quiet(i)) {
      this.gapUs[i] = idle;
      this.gapEndT[i] = t;
      this.gapFrom[i] = this.lastFrame[i];
      this.gapTo[i] = frame;
      this.gapPkts[i] = 0;
    } else if (this.gapUs[i] > 0) this.gapPkts[i]++;
    this.lastFrame[i] = frame;
  }

  /** The first RST of conversation `i`: remembered when it came right after an idle gap. */
  reset(i: number, t: number, frame: number): void {
    this.rstFrame[i] = frame;
    if (this.gapUs[i] > 0 && this.gapPkts[i] <= 4 && t - this.gapEndT[i] <= 2 * IDLE_MIN_US && this.idleRstFrame[i] === 0) {
      this.idleRstFrame[i] = frame;
      this.idleRstT[i] = t;
    }
  }

  /** Direction `j` (2 × slot + 0 client, + 1 server) has sent something, so `base[j]` holds. */
  hasSent(j: number): boolean {
    return (this.fl[j] & SEEN) !== 0;
  }

  /** Nothing sent either way is waiting for its ACK. */
  private quiet(i: number): boolean {
    for (let d = 0; d < 2; d++) {
      const j = 2 * i + d;
      if (this.fl[j] & SEEN && this.fl[j ^ 1] & ACKED && ((this.hi[j] - this.ackHi[j ^ 1]) | 0) > 0) return false;
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
    let fl = this.fl[j];
    const ofl = this.fl[o];
    // The other side's pending first write: this packet is its delayed ACK, or ends the pattern.
    if (ofl & SMALL) this.peerAnswer(o, f, ack, len, t, frame, i);
    if (f & SYN) {
      if (wscale >= 0) {
        this.ws[j] = wscale;
        fl |= WS_OPT;
      }
      if (mss) this.mss[j] = mss;
      if (!(fl & SEEN)) {
        this.hi[j] = (seq + 1) >>> 0;
        this.base[j] = (seq + 1) >>> 0;
        fl |= SEEN;
      }
      // The SYN-ACK settles window scaling: both SYNs must carry the option (RFC 7323).
      if (f & ACK) {
        const both = fl & WS_OPT && ofl & WS_OPT;
        this.sh[j] = both ? this.ws[j] : 0;
        this.sh[o] = both ? this.ws[o] : 0;
        fl |= SCALE_KNOWN;
        this.fl[o] |= SCALE_KNOWN;
      }
    }
    if (f & ACK) fl = this.ackOf(j, o, fl, f, ack, len, win, t);
    if (win >= 0 && !(f & (RST | SYN))) {
      if (win === 0) {
        if (this.zeroAt[j] < 0) {
          this.zeroAt[j] = t;
          if (this.zeroN[j]++ === 0) {
            this.zeroFrame[j] = frame;
            this.zeroFirstT[j] = t;
          }
        }
      } else if (this.zeroAt[j] >= 0) {
        this.zeroUs[j] += t - this.zeroAt[j];
        this.zeroAt[j] = -1;
      }
      if (fl & SCALE_KNOWN) {
        const bytes = win * (1 << this.sh[j]);
        this.winB[j] = bytes;
        if (bytes > this.maxWin[j]) this.maxWin[j] = bytes;
      }
    }
    if (win >= 0) this.win[j] = win;
    this.kind = Payload.none;
    if (len > 0) fl = this.data(i, j, o, fl, f, seq, len, t, frame);
    this.fl[j] = fl;
    this.fl[o] |= PEER_SPOKE;
    return this.kind;
  }

  /** The ACK field of a segment from `j` (flags `fl`, returned updated): progress, or a duplicate. */
  private ackOf(j: number, o: number, fl: number, f: number, ack: number, len: number, win: number, t: number): number {
    if (!(fl & ACKED)) {
      this.ackHi[j] = ack;
      return fl | ACKED;
    }
    const moved = (ack - this.ackHi[j]) | 0;
    if (moved > 0) {
      this.ackHi[j] = ack;
      this.dupRun[j] = 0;
      // The peer's data up to here arrived: its run of retransmissions is over, its window moved.
      this.tail[o] = 0;
      this.fl[o] &= ~WIN_FULL;
      this.since[o] = ((this.hi[o] - ack) | 0) > 0 ? t : 0;
    } else if (moved === 0 && len === 0 && !(f & (SYN | FIN | RST)) && win === this.win[j] && this.fl[o] & SEEN && ((this.hi[o] - ack) | 0) > 0) {
      this.dup[j]++;
      this.dupRun[j]++;
    }
    return fl;
  }

  /** A segment with payload from direction `j`: new data, a retransmission, or the capture's duplicate. */
  private data(i: number, j: number, o: number, fl: number, f: number, seq: number, len: number, t: number, frame: number): number {
    this.segs[j]++;
    const end = (seq + len + (f & SYN ? 1 : 0)) >>> 0;
    const start = f & SYN ? (seq + 1) >>> 0 : seq;
    const peerAcked = (this.fl[o] & ACKED) !== 0;
    const outstanding = fl & SEEN && peerAcked && ((this.hi[j] - this.ackHi[o]) | 0) > 0;
    this.kind = Payload.fresh;
    if (!(fl & SEEN)) {
      this.hi[j] = end;
      this.base[j] = start;
      fl |= SEEN;
      if (!outstanding) this.since[j] = t;
    } else {
      const behind = (start - this.hi[j]) | 0;
      if (behind >= 0) {
        if (fl & DELACK && start === this.nagleEnd[j]) this.nagleStall(i, j, t, frame);
        fl &= ~(SMALL | DELACK);
        // A small first write with nothing outstanding: the write-write-read pattern may follow.
        const small = len < (this.mss[o] || 1460);
        if (small && !outstanding) {
          fl |= SMALL;
          this.nagleT1[j] = t;
          this.nagleEnd[j] = end;
          this.nagleF1[j] = frame;
        }
        if (!outstanding) this.since[j] = t;
        this.hi[j] = end;
      } else if (!(len <= 1 && behind === -1)) {
        // (A one-byte segment just behind the highest sequence is a keepalive probe.)
        const seenTwice = seq === this.lastSeq[j] && len === this.lastLen[j] && !(fl & PEER_SPOKE) && t - this.lastSend[j] < CAPTURE_DUP_US;
        this.kind = seenTwice ? Payload.repeat : Payload.retransmission;
        if (!seenTwice) {
          if (this.retrans[j]++ === 0) {
            this.retransFrame[j] = frame;
            this.retransFirstT[j] = t;
          }
          this.retransBytes[j] += len;
          if (t - this.lastSend[j] >= RTO_MIN_US) this.rto[j]++;
          if (this.tail[j]++ === 0) {
            this.tailFrame[j] = frame;
            this.tailFirstT[j] = t;
          }
        }
        if (((end - this.hi[j]) | 0) > 0) this.hi[j] = end;
        fl &= ~(SMALL | DELACK);
      } else this.kind = Payload.repeat;
    }
    this.lastSeq[j] = seq;
    this.lastLen[j] = len;
    this.lastSend[j] = t;
    fl &= ~PEER_SPOKE;
    // The sender has as much in flight as the receiver's last window allows: the receiver limits it.
    if (peerAcked && fl & SCALE_KNOWN && !(fl & WIN_FULL) && this.winB[o] > 0 && ((this.hi[j] - this.ackHi[o]) >>> 0) >= this.winB[o]) {
      fl |= WIN_FULL;
      if (this.wfN[j]++ === 0) {
        this.wfFrame[j] = frame;
        this.wfFirstT[j] = t;
      }
    }
    return fl;
  }

  /**
   * A packet from the peer while direction `w` has a small first write pending: a bare ACK of
   * exactly that write, late enough to have been delayed, arms the stall; anything else ends it.
   */
  private peerAnswer(w: number, f: number, ack: number, len: number, t: number, frame: number, i: number): void {
    const fl = this.fl[w];
    const late = t - this.nagleT1[w];
    const rtt = this.rttUs[i];
    const delayed = late >= DELACK_MIN_US && late <= DELACK_MAX_US && (rtt < 0 || late >= 4 * rtt);
    if (!(fl & DELACK) && len === 0 && f & ACK && !(f & (SYN | FIN | RST)) && ack === this.nagleEnd[w] && delayed) {
      this.fl[w] = fl | DELACK;
      this.nagleAckT[w] = t;
      this.nagleFAck[w] = frame;
    } else this.fl[w] = fl & ~(SMALL | DELACK);
  }

  /** The second write went out right after the delayed ACK: Nagle held it until then. */
  private nagleStall(i: number, j: number, t: number, frame: number): void {
    const rtt = this.rttUs[i];
    const soon = t - this.nagleAckT[j] <= (rtt > 0 ? 1.5 * rtt : 0) + 1e3;
    if (!soon) return;
    // The first stall's three packets are the evidence.
    if (this.nagleN[j]++ === 0) {
      this.nagleFirstT[j] = this.nagleT1[j];
      this.nagleEv1[j] = this.nagleF1[j];
      this.nagleEvAck[j] = this.nagleFAck[j];
      this.nagleEv2[j] = frame;
    }
    this.nagleUs[j] += this.nagleAckT[j] - this.nagleT1[j];
  }

  /** Conversation `i`'s numbers (written into `into`, reused by the caller). */
  facts(i: number, into: FlowFacts): FlowFacts {
    into.rttUs = this.rttUs[i];
    into.gapUs = this.gapUs[i];
    into.gapEndT = this.gapEndT[i];
    into.gapFrom = this.gapFrom[i];
    into.gapTo = this.gapTo[i];
    into.idleRstFrame = this.idleRstFrame[i];
    into.idleRstT = this.idleRstT[i];
    into.rstFrame = this.rstFrame[i];
    this.direction(2 * i, into.client);
    this.direction(2 * i + 1, into.server);
    return into;
  }

  private direction(j: number, d: DirectionFacts): void {
    const o = j ^ 1;
    d.segments = this.segs[j];
    d.retransmitted = this.retrans[j];
    d.retransBytes = this.retransBytes[j];
    d.rto = this.rto[j];
    d.retransFrame = this.retransFrame[j];
    d.retransFirstT = this.retransFirstT[j];
    d.dupAcks = this.dup[j];
    d.zeroWindows = this.zeroN[j];
    d.zeroFrame = this.zeroFrame[j];
    d.zeroFirstT = this.zeroFirstT[j];
    d.zeroUs = this.zeroUs[j];
    d.zeroOpenAt = this.zeroAt[j];
    d.windowFull = this.wfN[j];
    d.wfFrame = this.wfFrame[j];
    d.wfFirstT = this.wfFirstT[j];
    d.maxWindow = this.maxWin[j];
    d.nagle = this.nagleN[j];
    d.nagleUs = this.nagleUs[j];
    d.nagleFrames[0] = this.nagleEv1[j];
    d.nagleFrames[1] = this.nagleEvAck[j];
    d.nagleFrames[2] = this.nagleEv2[j];
    d.nagleFirstT = this.nagleFirstT[j];
    d.tail = this.tail[j];
    d.tailFrame = this.tailFrame[j];
    d.tailFirstT = this.tailFirstT[j];
    d.lastSend = this.lastSend[j];
    d.since = this.since[j];
    d.unacked = this.fl[j] & SEEN ? (this.fl[o] & ACKED ? Math.max(0, (this.hi[j] - this.ackHi[o]) | 0) : 1) : 0;
  }
}
