/**
 * The state kept per TCP conversation while a capture is read. A big capture holds a hundred
 * thousand conversations or more, so the state lives in typed arrays (one slot per conversation)
 * rather than one object each: a few dozen bytes per conversation, nothing for the garbage
 * collector to trace. `conv(i)` builds the plain object that summarize() reads, one at a time.
 */
import type { ConversationEvent } from './conversations.js';
import { emptyFlowFacts, type FlowFacts } from './flow-facts.js';
import { FlowStore } from './flow-state.js';
import { ipv4Text } from './addresses.js';

/** SYNs remembered per conversation: a retry storm beyond this says nothing new. */
export const MAX_SYNS = 32;

/** An int32 hash of one direction of a 4-tuple (addresses already folded to int32). */
export function tupleHash(srcN: number, sp: number, dstN: number, dp: number): number {
  return (Math.imul(srcN, 0x9e3779b1) ^ Math.imul(dstN ^ 0x7f4a7c15, 0x85ebca77) ^ Math.imul((sp << 16) | dp, 0xc2b2ae3d)) | 0;
}

/** One conversation as summarize() reads it. */
export interface Conv {
  index: number;
  clientAddr: string;
  clientPort: number;
  serverAddr: string;
  serverPort: number;
  start: number;
  last: number;
  handshakeSeen: boolean;
  isn: number;
  /** Times of the client's SYNs; bit i of synEcn says SYN i asked for ECN. */
  syns: number[];
  synEcn: number;
  /** -1: no SYN-ACK seen. */
  synAckT: number;
  synAckTtl: number;
  synAckEce: boolean;
  synAckAfterPlainSyn: boolean;
  rst: { t: number; fromClient: boolean; ttl: number; address: string; bytesC: number; bytesS: number; duringTls: boolean } | undefined;
  icmp: { t: number; from: string; v6: boolean; type: number; code: number } | undefined;
  /** -1: no FIN seen. */
  finT: number;
  finFromClient: boolean;
  bytesC: number;
  bytesS: number;
  tlsHello: boolean;
  ce: number;
  ece: number;
  cwr: number;
  packets: number;
  events: ConversationEvent[] | undefined;
  /** The MSS the client's SYN asked for (0: not seen). */
  clientMss: number;
  /** The largest payload one server segment carried. */
  largestServerSegment: number;
  /** Server data arrived past a gap that was never filled: the gap's start, in bytes of server data (-1: none). */
  serverHoleAt: number;
  /** The data flow: retransmissions, windows, stalls, the handshake RTT (flow-state.ts). */
  flow: FlowFacts;
  /** Whether `flow` was read out in full: only then can it hold a finding (FlowStore.notable). */
  flowNotable: boolean;
}

function emptyConv(): Conv {
  return {
    index: 0, clientAddr: '', clientPort: 0, serverAddr: '', serverPort: 0, start: 0, last: 0, handshakeSeen: false, isn: 0,
    syns: [], synEcn: 0, synAckT: -1, synAckTtl: 0, synAckEce: false, synAckAfterPlainSyn: false, rst: undefined, icmp: undefined,
    finT: -1, finFromClient: false, bytesC: 0, bytesS: 0, tlsHello: false, ce: 0, ece: 0, cwr: 0, packets: 0, events: undefined,
    clientMss: 0, largestServerSegment: 0, serverHoleAt: -1, flow: emptyFlowFacts(), flowNotable: false,
  };
}

/** Bits of ConvStore.flags. */
export const F = {
  handshakeSeen: 1,
  synAckEce: 2,
  synAckAfterPlainSyn: 4,
  finFromClient: 8,
  tlsHello: 16,
  rst: 32,
  rstFromClient: 64,
  rstDuringTls: 128,
  icmp: 256,
  icmpV6: 512,
  /** Server data arrived beyond a gap (a lost segment) … */
  serverHole: 1024,
  /** … and the gap was filled later (a retransmission got through). */
  serverHoleFilled: 2048,
  /** Both sides sent a FIN: the connection is closed both ways. */
  finBoth: 4096,
  /** The conversation is over IPv6 (its addresses are text, not numbers). */
  v6: 8192,
} as const;

/**
 * Every conversation's state, by slot (0-based; the conversation's index is slot + 1).
 * Fields are public arrays on purpose: the tracker updates them in its per-packet loop.
 */
export class ConvStore {
  /** Conversations ever started (the last one's number). */
  count = 0;
  /** Slots in use (count minus those released). */
  live = 0;
  private cap = 0;
  /** Slots released by `release`, reused before the arrays grow. */
  private readonly free: number[] = [];
  /** Each slot's conversation number (1-based, in order of the first packet). */
  num = new Float64Array(0);
  start = new Float64Array(0);
  last = new Float64Array(0);
  syn0 = new Float64Array(0);
  synAckT = new Float64Array(0);
  finT = new Float64Array(0);
  rstT = new Float64Array(0);
  icmpT = new Float64Array(0);
  bytesC = new Float64Array(0);
  bytesS = new Float64Array(0);
  rstBytesC = new Float64Array(0);
  rstBytesS = new Float64Array(0);
  isn = new Uint32Array(0);
  synEcn = new Uint32Array(0);
  ce = new Uint32Array(0);
  ece = new Uint32Array(0);
  cwr = new Uint32Array(0);
  packets = new Uint32Array(0);
  clientN = new Int32Array(0);
  serverN = new Int32Array(0);
  clientPort = new Uint16Array(0);
  serverPort = new Uint16Array(0);
  flags = new Uint16Array(0);
  synCount = new Uint8Array(0);
  synAckTtl = new Uint8Array(0);
  rstTtl = new Uint8Array(0);
  icmpType = new Uint8Array(0);
  icmpCode = new Uint8Array(0);
  /** Server-side sequence tracking, relative to the server's ISN: the next byte expected, the gap's start. */
  isnS = new Uint32Array(0);
  nextS = new Uint32Array(0);
  holeAt = new Uint32Array(0);
  clientMss = new Uint16Array(0);
  maxSegS = new Uint16Array(0);
  /** IPv6 addresses as text, by slot ('' for IPv4: clientN/serverN are the address; see clientAddr). */
  client6: string[] = [];
  server6: string[] = [];
  /** The data flow of each conversation, by the same slots. */
  readonly flows = new FlowStore();
  /** SYNs after the first (rare: retransmissions), by slot. */
  readonly moreSyns = new Map<number, number[]>();
  /** Who sent the fatal ICMP error, by slot (rare). */
  readonly icmpFrom = new Map<number, string>();

  /** A new conversation; returns its slot. IPv4 addresses by their int32 alone (`client6`, `server6` ''), IPv6 by both. */
  add(client6: string, clientN: number, clientPort: number, server6: string, serverN: number, serverPort: number, t: number): number {
    let i = this.free.pop();
    if (i === undefined) {
      i = this.live;
      if (i === this.cap) this.grow();
    } else this.clear(i);
    this.count++;
    this.live++;
    this.num[i] = this.count;
    this.client6[i] = client6;
    this.server6[i] = server6;
    this.clientN[i] = clientN;
    this.serverN[i] = serverN;
    this.clientPort[i] = clientPort;
    this.serverPort[i] = serverPort;
    this.start[i] = t;
    this.last[i] = t;
    this.synAckT[i] = -1;
    this.finT[i] = -1;
    this.flows.start(i);
    return i;
  }

  /** Frees slot `i` for a later conversation (`add` clears it then). */
  release(i: number): void {
    // Only a conversation with SYNs after the first, or an ICMP error, has an entry (Map.delete is not free).
    if (this.synCount[i] > 1) this.moreSyns.delete(i);
    if (this.flags[i] & F.icmp) this.icmpFrom.delete(i);
    this.client6[i] = '';
    this.server6[i] = '';
    this.num[i] = 0;
    this.live--;
    this.free.push(i);
  }

  /** A reused slot, as a slot of freshly grown (zeroed) arrays would be: every per-slot array (test/packets/streaming.test.ts fails when one is left out). */
  private clear(i: number): void {
    this.syn0[i] = 0;
    this.rstT[i] = 0;
    this.icmpT[i] = 0;
    this.bytesC[i] = 0;
    this.bytesS[i] = 0;
    this.rstBytesC[i] = 0;
    this.rstBytesS[i] = 0;
    this.isn[i] = 0;
    this.synEcn[i] = 0;
    this.ce[i] = 0;
    this.ece[i] = 0;
    this.cwr[i] = 0;
    this.packets[i] = 0;
    this.flags[i] = 0;
    this.synCount[i] = 0;
    this.synAckTtl[i] = 0;
    this.rstTtl[i] = 0;
    this.icmpType[i] = 0;
    this.icmpCode[i] = 0;
    this.isnS[i] = 0;
    this.nextS[i] = 0;
    this.holeAt[i] = 0;
    this.clientMss[i] = 0;
    this.maxSegS[i] = 0;
    this.flows.clear(i);
  }

  /**
   * This conversation, in either direction. An address is its int32 (`srcN`, `dstN`) when IPv4,
   * its text (`src6`, `dst6`) when IPv6.
   */
  matches(i: number, v6: boolean, src6: string, srcN: number, sp: number, dst6: string, dstN: number, dp: number): boolean {
    const cp = this.clientPort[i];
    const serverPort = this.serverPort[i];
    if (sp === cp && dp === serverPort && this.isClient(i, v6, src6, srcN) && this.isServer(i, v6, dst6, dstN)) return true;
    return sp === serverPort && dp === cp && this.isServer(i, v6, src6, srcN) && this.isClient(i, v6, dst6, dstN);
  }

  /** Whether the address (int32 when IPv4, text when IPv6) is this conversation's client's. */
  isClient(i: number, v6: boolean, addr6: string, addrN: number): boolean {
    if (v6 !== ((this.flags[i] & F.v6) !== 0)) return false;
    return v6 ? addr6 === this.client6[i] : addrN === this.clientN[i];
  }

  /** Whether the address (int32 when IPv4, text when IPv6) is this conversation's server's. */
  isServer(i: number, v6: boolean, addr6: string, addrN: number): boolean {
    if (v6 !== ((this.flags[i] & F.v6) !== 0)) return false;
    return v6 ? addr6 === this.server6[i] : addrN === this.serverN[i];
  }

  /** The client's address as text (an IPv4 one made when asked for: most are only ever written as bytes). */
  clientAddr(i: number): string {
    return this.flags[i] & F.v6 ? this.client6[i] : ipv4Text(this.clientN[i]);
  }

  /** The server's address as text. */
  serverAddr(i: number): string {
    return this.flags[i] & F.v6 ? this.server6[i] : ipv4Text(this.serverN[i]);
  }

  /** Closed for good: a RST, or FINs both ways (nothing but a stray retransmission can follow). */
  closed(i: number): boolean {
    return (this.flags[i] & (F.rst | F.finBoth)) !== 0;
  }

  /** After a RST, a FIN or a fatal ICMP error, a SYN on the same 4-tuple starts a new connection. */
  done(i: number): boolean {
    const f = this.flags[i];
    return (f & F.rst) !== 0 || this.finT[i] >= 0 || ((f & F.icmp) !== 0 && this.synAckT[i] < 0);
  }

  /**
   * Notes server payload at `seq`: the largest segment, and whether data arrived past a gap that
   * never filled (the shape of a PMTU blackhole: the full-size segment lost, the small tail arrived).
   */
  serverData(i: number, seq: number, len: number): void {
    if (len > this.maxSegS[i]) this.maxSegS[i] = Math.min(len, 65535);
    const rel = (seq - this.isnS[i]) >>> 0;
    const end = rel + len;
    const next = this.nextS[i];
    const f = this.flags[i];
    if (rel <= next) {
      if (end > next) this.nextS[i] = end;
      if (f & F.serverHole && rel <= this.holeAt[i] && end > this.holeAt[i]) this.flags[i] |= F.serverHoleFilled;
    } else if (!(f & F.serverHole)) {
      this.flags[i] |= F.serverHole;
      this.holeAt[i] = next;
    }
  }

  /** Notes a client SYN (up to MAX_SYNS). */
  addSyn(i: number, t: number, ecn: boolean): void {
    const n = this.synCount[i];
    if (n >= MAX_SYNS) return;
    if (ecn) this.synEcn[i] |= 1 << n;
    if (n === 0) this.syn0[i] = t;
    else {
      let more = this.moreSyns.get(i);
      if (!more) this.moreSyns.set(i, (more = []));
      more.push(t);
    }
    this.synCount[i] = n + 1;
  }

  /**
   * Slot `i` as the object summarize() reads, written into `into` when given (summarize keeps
   * nothing of it, so one object can serve a hundred thousand summaries).
   */
  conv(i: number, events?: ConversationEvent[], into?: Conv): Conv {
    const c = into ?? emptyConv();
    const f = this.flags[i];
    const n = this.synCount[i];
    c.syns.length = 0;
    if (n > 0) c.syns.push(this.syn0[i]);
    if (n > 1) for (const t of this.moreSyns.get(i)!) c.syns.push(t);
    c.index = this.num[i];
    c.clientAddr = this.clientAddr(i);
    c.clientPort = this.clientPort[i];
    c.serverAddr = this.serverAddr(i);
    c.serverPort = this.serverPort[i];
    c.start = this.start[i];
    c.last = this.last[i];
    c.handshakeSeen = (f & F.handshakeSeen) !== 0;
    c.isn = this.isn[i];
    c.synEcn = this.synEcn[i] | 0;
    c.synAckT = this.synAckT[i];
    c.synAckTtl = this.synAckTtl[i];
    c.synAckEce = (f & F.synAckEce) !== 0;
    c.synAckAfterPlainSyn = (f & F.synAckAfterPlainSyn) !== 0;
    c.rst = f & F.rst
      ? {
          t: this.rstT[i],
          fromClient: (f & F.rstFromClient) !== 0,
          ttl: this.rstTtl[i],
          // The sender of a packet of this conversation is one of its two ends.
          address: f & F.rstFromClient ? this.clientAddr(i) : this.serverAddr(i),
          bytesC: this.rstBytesC[i],
          bytesS: this.rstBytesS[i],
          duringTls: (f & F.rstDuringTls) !== 0,
        }
      : undefined;
    c.icmp = f & F.icmp
      ? { t: this.icmpT[i], from: this.icmpFrom.get(i)!, v6: (f & F.icmpV6) !== 0, type: this.icmpType[i], code: this.icmpCode[i] }
      : undefined;
    c.finT = this.finT[i];
    c.finFromClient = (f & F.finFromClient) !== 0;
    c.bytesC = this.bytesC[i];
    c.bytesS = this.bytesS[i];
    c.tlsHello = (f & F.tlsHello) !== 0;
    c.ce = this.ce[i];
    c.ece = this.ece[i];
    c.cwr = this.cwr[i];
    c.packets = this.packets[i];
    c.events = events;
    c.clientMss = this.clientMss[i];
    c.largestServerSegment = this.maxSegS[i];
    c.serverHoleAt = f & F.serverHole && !(f & F.serverHoleFilled) ? this.holeAt[i] - 1 : -1;
    c.flowNotable = this.flows.notable(i);
    this.flows.facts(i, c.flow, c.flowNotable);
    c.flow.client.bytes = c.bytesC;
    c.flow.server.bytes = c.bytesS;
    return c;
  }

  /** Slots ever used: live ones have `num[i] > 0`. */
  get slots(): number {
    return this.live + this.free.length;
  }

  private grow(): void {
    // By half again, not double: a big capture's held conversations then leave less unused room.
    const cap = Math.max(1024, Math.ceil(this.cap * 1.5));
    const g = <T extends Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.num = g(this.num);
    this.start = g(this.start);
    this.last = g(this.last);
    this.syn0 = g(this.syn0);
    this.synAckT = g(this.synAckT);
    this.finT = g(this.finT);
    this.rstT = g(this.rstT);
    this.icmpT = g(this.icmpT);
    this.bytesC = g(this.bytesC);
    this.bytesS = g(this.bytesS);
    this.rstBytesC = g(this.rstBytesC);
    this.rstBytesS = g(this.rstBytesS);
    this.isn = g(this.isn);
    this.synEcn = g(this.synEcn);
    this.ce = g(this.ce);
    this.ece = g(this.ece);
    this.cwr = g(this.cwr);
    this.packets = g(this.packets);
    this.clientN = g(this.clientN);
    this.serverN = g(this.serverN);
    this.clientPort = g(this.clientPort);
    this.serverPort = g(this.serverPort);
    this.flags = g(this.flags);
    this.synCount = g(this.synCount);
    this.synAckTtl = g(this.synAckTtl);
    this.rstTtl = g(this.rstTtl);
    this.icmpType = g(this.icmpType);
    this.icmpCode = g(this.icmpCode);
    this.isnS = g(this.isnS);
    this.nextS = g(this.nextS);
    this.holeAt = g(this.holeAt);
    this.clientMss = g(this.clientMss);
    this.maxSegS = g(this.maxSegS);
    this.flows.grow(cap);
    this.cap = cap;
  }
}
