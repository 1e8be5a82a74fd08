/**
 * A conversation's state finished into the verdict vocabulary: outcome, SYN retransmits, ECN,
 * RST origin, ICMP sender. Pure: the same state always gives the same summary.
 */
import type { Conv } from './conversation-state.js';
import { formatHostPort } from '../target.js';
import { icmpMeaning, icmpMeansRefused } from './icmp-meaning.js';
import type { DirectionFacts } from './flow-facts.js';
import { transferFindings, type Retries2, type TransferFinding } from './transfer-findings.js';

export type { TransferFinding, TransferFindingId, TransferLessonId } from './transfer-findings.js';

/** What one side of a conversation sent, and said about the other side's data. */
export interface DirectionStats {
  /** Segments with payload. */
  segments: number;
  /** Of those, retransmissions, and how many of them came after a timeout (200 ms or more of silence). */
  retransmitted: number;
  rto: number;
  /** Duplicate ACKs this side sent (it was missing a segment of the other side's data). */
  dupAcks: number;
  /** Times this side's receive window closed (it advertised 0: its application was not reading). */
  zeroWindows: number;
  /** Times this side's data filled the other side's whole window. */
  windowFull: number;
}

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
  /** The MSS the client's SYN asked for, when seen. */
  mss?: number;
  /** The largest payload of one server segment, when the server sent data. */
  largestServerSegment?: number;
  /**
   * The client sent data, and the server's answer never arrived whole: nothing came back (no FIN,
   * no RST), or data arrived past a gap that never filled (`holeAtByte`, in bytes of server data).
   */
  stall?: { holeAtByte?: number };
  packets: number;
  startedAt: string;
  durationMs: number;
  /** The round trip the handshake took: from the (last) SYN to the ACK that completed it. */
  rttMs?: number;
  /** For conversations that carried data: what each side sent and acknowledged. */
  transfer?: { client: DirectionStats; server: DirectionStats };
  /** What slowed or broke the transfer, with its evidence (transfer-findings.ts); usually none. */
  findings: readonly TransferFinding[];
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

/** Most conversations have no finding: they share this one empty list. */
const NO_FINDINGS: readonly TransferFinding[] = Object.freeze([]);

function directionStats(d: DirectionFacts): DirectionStats {
  return { segments: d.segments, retransmitted: d.retransmitted, rto: d.rto, dupAcks: d.dupAcks, zeroWindows: d.zeroWindows, windowFull: d.windowFull };
}

/** The summary `analyze --json` prints for one conversation; `retries2` is this kernel's (kernel-timing.ts). */
export function summarize(c: Conv, retries2: Retries2): ConversationSummary {
  const first = c.syns[0] ?? c.start;
  const synAck = c.synAckT >= 0;
  const rstTtlMismatch = c.rst !== undefined && !c.rst.fromClient && synAck && c.synAckTtl !== c.rst.ttl;
  const serverEnded = (c.rst && !c.rst.fromClient) || (c.finT >= 0 && !c.finFromClient);
  const flow = c.flow;
  const data = c.bytesC > 0 || c.bytesS > 0;
  // Every key in its JSON order (JSON leaves out the undefined ones).
  return {
    index: c.index,
    client: formatHostPort(c.clientAddr, c.clientPort),
    server: formatHostPort(c.serverAddr, c.serverPort),
    clientAddr: c.clientAddr,
    serverAddr: c.serverAddr,
    outcome: outcomeOf(c),
    handshakeSeen: c.handshakeSeen,
    synRetransmits: c.syns.length > 1 ? c.syns.slice(1).map((t, i) => ({ atMs: ms(t - first), ecn: (c.synEcn & (1 << (i + 1))) !== 0 })) : [],
    ecn: { state: ecnOf(c), ceMarks: c.ce, ece: c.ece, cwr: c.cwr },
    bytes: { client: c.bytesC, server: c.bytesS },
    packets: c.packets,
    startedAt: isoTime(c.start),
    durationMs: ms(c.last - c.start),
    rst: c.rst
      ? {
          from: c.rst.fromClient ? 'client' : 'server',
          address: c.rst.address,
          atMs: ms(c.rst.t - first),
          afterHandshakeMs: synAck ? ms(c.rst.t - c.synAckT) : undefined,
          ttl: c.rst.ttl,
          synAckTtl: synAck ? c.synAckTtl : undefined,
          ttlMismatch: rstTtlMismatch,
          afterBytes: { client: c.rst.bytesC, server: c.rst.bytesS },
          duringTls: c.rst.duringTls && !c.rst.fromClient,
        }
      : undefined,
    icmp: c.icmp
      ? {
          from: c.icmp.from,
          role: c.icmp.from === c.serverAddr ? 'target' : 'router',
          type: c.icmp.type,
          code: c.icmp.code,
          meaning: icmpMeaning(c.icmp.v6, c.icmp.type, c.icmp.code),
          atMs: ms(c.icmp.t - first),
        }
      : undefined,
    fin: c.finT >= 0 ? { from: c.finFromClient ? 'client' : 'server', atMs: ms(c.finT - first) } : undefined,
    mss: c.clientMss || undefined,
    largestServerSegment: c.largestServerSegment || undefined,
    stall: synAck && c.bytesC > 0 && (c.serverHoleAt >= 0 || (c.bytesS === 0 && !serverEnded)) ? (c.serverHoleAt >= 0 ? { holeAtByte: c.serverHoleAt } : {}) : undefined,
    // In µs steps: on a LAN the handshake takes a few dozen of them.
    rttMs: flow.rttUs >= 0 ? Math.round(flow.rttUs) / 1000 : undefined,
    transfer: data ? { client: directionStats(flow.client), server: directionStats(flow.server) } : undefined,
    findings: data && c.flowNotable
      ? transferFindings(flow, { startUs: first, endUs: c.last, rst: c.rst ? { fromClient: c.rst.fromClient, t: c.rst.t, ttlMismatch: rstTtlMismatch } : undefined, finT: c.finT, retries2 })
      : NO_FINDINGS,
  };
}
