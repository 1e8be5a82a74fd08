/**
 * TCP conversation analysis: one small state record per conversation, fed packet by packet,
 * finished into the verdict vocabulary (open, refused, filtered, reset, closed, unreachable).
 * The client is whoever sent the SYN; a SYN with the same ISN again is a retransmission.
 */
import { TCP_FLAGS, type DecodedPacket } from './decode.js';
import { endpoint, flagNotation } from './tcp-notation.js';
import { icmpIsFatal, icmpMeaning, icmpMeansRefused } from './icmp-meaning.js';

export type ConversationOutcome = 'open' | 'refused' | 'filtered' | 'reset' | 'closed' | 'unreachable';
export type EcnState = 'negotiated' | 'not-negotiated' | 'blackhole' | 'not-requested' | 'unanswered';

export interface ConversationSummary {
  /** 1-based, in order of the first packet. */
  index: number;
  client: string;
  server: string;
  clientAddr: string;
  serverAddr: string;
  outcome: ConversationOutcome;
  /** False when the capture started mid-conversation (no SYN seen). */
  handshakeSeen: boolean;
  /** Each retransmitted SYN, in ms after the first, and whether it still asked for ECN. */
  synRetransmits: Array<{ atMs: number; ecn: boolean }>;
  ecn: { state: EcnState; ceMarks: number; ece: number; cwr: number };
  rst?: {
    from: 'client' | 'server';
    address: string;
    /** After the first SYN. */
    atMs: number;
    /** After the handshake completed (absent for a refused SYN). */
    afterHandshakeMs?: number;
    ttl: number;
    synAckTtl?: number;
    /** The RST came with a different TTL/hop limit than the SYN-ACK: likely another box sent it. */
    ttlMismatch: boolean;
    afterBytes: { client: number; server: number };
    /** The client had sent a TLS ClientHello and the server had sent nothing back. */
    duringTls: boolean;
  };
  icmp?: { from: string; role: 'target' | 'router'; type: number; code: number; meaning: string; atMs: number };
  fin?: { from: 'client' | 'server'; atMs: number };
  bytes: { client: number; server: number };
  packets: number;
  startedAt: string;
  durationMs: number;
}

/** One arrow of the sequence diagram. */
export interface ConversationEvent {
  atMs: number;
  dir: 'to-server' | 'to-client' | 'icmp';
  label: string;
  /** The ICMP sender, for `icmp` events. */
  from?: string;
}

const MAX_SYNS = 32;

/** An int32 hash of one direction of a 4-tuple (addresses already folded to int32). */
function tupleHash(srcN: number, sp: number, dstN: number, dp: number): number {
  return (Math.imul(srcN, 0x9e3779b1) ^ Math.imul(dstN ^ 0x7f4a7c15, 0x85ebca77) ^ Math.imul((sp << 16) | dp, 0xc2b2ae3d)) | 0;
}
const MAX_EVENTS = 400;

class Conv {
  handshakeSeen = true;
  isn = 0;
  /** Times of the client's SYNs; bit i of synEcn says SYN i asked for ECN. Kept small on purpose. */
  syns: number[] = [];
  synEcn = 0;
  /** The SYN-ACK, flattened (-1: none yet): a hundred thousand conversations, no sub-objects. */
  synAckT = -1;
  synAckTtl = 0;
  synAckEce = false;
  synAckAfterPlainSyn = false;
  rst?: { t: number; fromClient: boolean; ttl: number; address: string; bytesC: number; bytesS: number; duringTls: boolean };
  icmp?: { t: number; from: string; v6: boolean; type: number; code: number };
  finT = -1;
  finFromClient = false;
  bytesC = 0;
  bytesS = 0;
  firstDataFromServerAt = -1;
  tlsHello = false;
  ce = 0;
  ece = 0;
  cwr = 0;
  packets = 0;
  last: number;
  events?: ConversationEvent[];
  constructor(
    readonly index: number,
    readonly clientAddr: string,
    readonly clientN: number,
    readonly clientPort: number,
    readonly serverAddr: string,
    readonly serverN: number,
    readonly serverPort: number,
    readonly start: number,
  ) {
    this.last = start;
  }

  /** This conversation, in either direction. */
  matches(src: string, sp: number, dst: string, dp: number): boolean {
    if (sp === this.clientPort && dp === this.serverPort && src === this.clientAddr && dst === this.serverAddr) return true;
    return sp === this.serverPort && dp === this.clientPort && src === this.serverAddr && dst === this.clientAddr;
  }

  hashes(): [number, number] {
    return [tupleHash(this.clientN, this.clientPort, this.serverN, this.serverPort), tupleHash(this.serverN, this.serverPort, this.clientN, this.clientPort)];
  }
  get done(): boolean {
    return this.rst !== undefined || (this.icmp !== undefined && this.synAckT < 0);
  }
}

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
        if (c.bytesS === 0) c.firstDataFromServerAt = t;
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

function outcomeOf(c: Conv): ConversationOutcome {
  if (c.synAckT >= 0 || !c.handshakeSeen) {
    if (c.rst) return 'reset';
    if (c.finT >= 0 && !c.finFromClient && c.bytesC === 0 && c.bytesS === 0) return 'closed';
    return 'open';
  }
  if (c.rst && !c.rst.fromClient) return 'refused';
  if (c.icmp) return icmpMeansRefused(c.icmp.v6, c.icmp.type, c.icmp.code) ? 'refused' : 'unreachable';
  return 'filtered';
}

function ecnOf(c: Conv): EcnState {
  if (!c.syns.length || !(c.synEcn & 1)) return 'not-requested';
  if (c.synAckT < 0) return 'unanswered';
  if (c.synAckEce) return 'negotiated';
  return c.synAckAfterPlainSyn ? 'blackhole' : 'not-negotiated';
}

/** A timestamp a damaged file may have made absurd (beyond the year 275760) has no date. */
let isoSecond = NaN;
let isoPrefix = '';
function isoTime(us: number): string {
  const msTotal = Math.floor(us / 1000);
  const sec = Math.floor(msTotal / 1000);
  // Conversations come in bursts: format each second once, then add the milliseconds.
  if (sec !== isoSecond) {
    const d = new Date(sec * 1000);
    if (Number.isNaN(d.getTime())) return '';
    isoSecond = sec;
    isoPrefix = d.toISOString().slice(0, 19);
  }
  return `${isoPrefix}.${String(msTotal - sec * 1000).padStart(3, '0')}Z`;
}

const ms = (us: number) => Math.round(us / 100) / 10;

function summarize(c: Conv): ConversationSummary {
  const first = c.syns[0] ?? c.start;
  const s: ConversationSummary = {
    index: c.index,
    client: endpoint(c.clientAddr, c.clientPort),
    server: endpoint(c.serverAddr, c.serverPort),
    clientAddr: c.clientAddr,
    serverAddr: c.serverAddr,
    outcome: outcomeOf(c),
    handshakeSeen: c.handshakeSeen,
    synRetransmits: c.syns.slice(1).map((t, i) => ({ atMs: ms(t - first), ecn: (c.synEcn & (1 << (i + 1))) !== 0 })),
    ecn: { state: ecnOf(c), ceMarks: c.ce, ece: c.ece, cwr: c.cwr },
    bytes: { client: c.bytesC, server: c.bytesS },
    packets: c.packets,
    startedAt: isoTime(c.start),
    durationMs: ms(c.last - c.start),
  };
  if (c.rst) {
    const synAck = c.synAckT >= 0;
    const ttlMismatch = !c.rst.fromClient && synAck && c.synAckTtl !== c.rst.ttl;
    s.rst = {
      from: c.rst.fromClient ? 'client' : 'server',
      address: c.rst.address,
      atMs: ms(c.rst.t - first),
      afterHandshakeMs: synAck ? ms(c.rst.t - c.synAckT) : undefined,
      ttl: c.rst.ttl,
      synAckTtl: synAck ? c.synAckTtl : undefined,
      ttlMismatch,
      afterBytes: { client: c.rst.bytesC, server: c.rst.bytesS },
      duringTls: c.rst.duringTls && !c.rst.fromClient,
    };
  }
  if (c.icmp) {
    s.icmp = {
      from: c.icmp.from,
      role: c.icmp.from === c.serverAddr ? 'target' : 'router',
      type: c.icmp.type,
      code: c.icmp.code,
      meaning: icmpMeaning(c.icmp.v6, c.icmp.type, c.icmp.code),
      atMs: ms(c.icmp.t - first),
    };
  }
  if (c.finT >= 0) s.fin = { from: c.finFromClient ? 'client' : 'server', atMs: ms(c.finT - first) };
  return s;
}
