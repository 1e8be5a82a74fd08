/**
 * What slowed or broke a conversation's data transfer, decided once from its flow facts: the
 * network lost segments (`retransmissions`), the reader stopped reading (`zero-window`), the
 * receiver's window was smaller than the path needed (`receiver-limited`), Nagle held a second
 * small write until a delayed ACK (`nagle-delayed-ack`), a quiet connection was reset by the next
 * packet (`idle-then-reset`), or data went unanswered until the sender gave up (`rto-timeout`).
 * Pure and table-tested; every renderer (plain text, JSON, report, chat) shows these as they are.
 */
import type { DirectionFacts, FlowFacts } from './flow-facts.js';

export type TransferFindingId = 'retransmissions' | 'zero-window' | 'receiver-limited' | 'nagle-delayed-ack' | 'idle-then-reset' | 'rto-timeout';
/** Lessons (files in lessons/) that explain the findings. */
export type TransferLessonId = 'retransmission' | 'flow-control' | 'nagle' | 'slow-transfers' | 'keepalive';
export type Side = 'client' | 'server';

export const TRANSFER_LESSON: Record<TransferFindingId, TransferLessonId> = {
  retransmissions: 'slow-transfers',
  'zero-window': 'flow-control',
  'receiver-limited': 'flow-control',
  'nagle-delayed-ack': 'nagle',
  'idle-then-reset': 'keepalive',
  'rto-timeout': 'retransmission',
};

interface Evidence {
  lesson: TransferLessonId;
  /** Packet numbers in the file (1-based, as Wireshark numbers them) that show it. */
  packets: number[];
  /** When it started, in ms after the conversation's first packet. */
  atMs: number;
}

export type TransferFinding =
  | (Evidence & { id: 'retransmissions'; sender: Side; retransmitted: number; segments: number; bytes: number; share: number; rto: number; fast: number; dupAcks: number })
  | (Evidence & { id: 'zero-window'; reader: Side; stalls: number; stalledMs: number; stillClosed: boolean })
  | (Evidence & { id: 'receiver-limited'; reader: Side; windowFull: number; largestWindow: number })
  | (Evidence & { id: 'nagle-delayed-ack'; writer: Side; stalls: number; delayMs: number })
  | (Evidence & { id: 'idle-then-reset'; idleMs: number; resetBy: Side; ttlMismatch: boolean })
  | (Evidence & { id: 'rto-timeout'; sender: Side; retransmissions: number; waitedMs: number; idleBeforeMs?: number; endedBy: 'reset' | 'fin' | 'capture-end'; giveUpMs: number; retries2: number });

/** This kernel's patience with unacknowledged data (kernel-timing.ts `readTcpTimings().retries2`). */
export interface Retries2 {
  value: number;
  giveUpMs: number;
}

/** What else the rules need to know about the conversation. */
export interface FindingContext {
  /** The conversation's first packet (µs); `atMs` counts from here. */
  startUs: number;
  /** Its last packet (µs): a window still closed at the end was closed until here. */
  endUs: number;
  /** The first RST, when there was one. */
  rst?: { fromClient: boolean; t: number; ttlMismatch: boolean };
  /** The first FIN's time (-1: none). */
  finT: number;
  retries2: Retries2;
}

/** A run of retransmissions with no new ACK that lasted this long is the sender waiting to give up. */
export const TIMEOUT_MIN_WAIT_US = 1e6;
/** A share of retransmitted bytes worth saying (a lone fast retransmit on a long transfer is not). */
export const RETRANSMIT_SHARE = 0.01;

const ms = (us: number) => Math.round(us / 100) / 10;

/** The findings of one conversation, in a fixed order: timeout, reset, loss, reader, window, Nagle. */
export function transferFindings(f: FlowFacts, ctx: FindingContext): TransferFinding[] {
  const out: TransferFinding[] = [];
  const at = (t: number) => ms(t - ctx.startUs);
  const timedOut: Record<Side, boolean> = { client: false, server: false };
  for (const side of ['client', 'server'] as const) {
    const d = f[side];
    const waited = d.lastSend - d.since;
    if (d.tail >= 2 && d.unacked > 0 && d.since > 0 && waited >= TIMEOUT_MIN_WAIT_US) {
      timedOut[side] = true;
      const r = ctx.rst && ctx.rst.t >= d.tailFirstT ? ctx.rst : undefined;
      const endedBy = r ? 'reset' : ctx.finT >= d.tailFirstT ? 'fin' : 'capture-end';
      const idleBefore = f.gapUs > 0 && f.gapEndT === d.since;
      out.push({
        id: 'rto-timeout',
        lesson: TRANSFER_LESSON['rto-timeout'],
        packets: [d.tailFrame, ...(r && f.rstFrame ? [f.rstFrame] : [])],
        atMs: at(d.since),
        sender: side,
        retransmissions: d.tail,
        waitedMs: ms(waited),
        ...(idleBefore ? { idleBeforeMs: ms(f.gapUs) } : {}),
        endedBy,
        giveUpMs: ctx.retries2.giveUpMs,
        retries2: ctx.retries2.value,
      });
    }
  }
  if (f.idleRstFrame && ctx.rst) {
    out.push({
      id: 'idle-then-reset',
      lesson: TRANSFER_LESSON['idle-then-reset'],
      packets: [f.gapFrom, f.gapTo, f.idleRstFrame].filter((n, i, all) => n > 0 && all.indexOf(n) === i),
      atMs: at(f.gapEndT - f.gapUs),
      idleMs: ms(f.gapUs),
      resetBy: ctx.rst.fromClient ? 'client' : 'server',
      ttlMismatch: ctx.rst.ttlMismatch,
    });
  }
  for (const side of ['client', 'server'] as const) {
    const loss = retransmissions(f[side], side, f[side === 'client' ? 'server' : 'client'], timedOut[side], at);
    if (loss) out.push(loss);
  }
  for (const reader of ['client', 'server'] as const) {
    const d = f[reader];
    if (d.zeroWindows > 0) {
      out.push({
        id: 'zero-window',
        lesson: TRANSFER_LESSON['zero-window'],
        packets: [d.zeroFrame],
        atMs: at(d.zeroFirstT),
        reader,
        stalls: d.zeroWindows,
        stalledMs: ms(d.zeroUs + (d.zeroOpenAt >= 0 ? ctx.endUs - d.zeroOpenAt : 0)),
        stillClosed: d.zeroOpenAt >= 0,
      });
    }
  }
  for (const reader of ['client', 'server'] as const) {
    const sender = f[reader === 'client' ? 'server' : 'client'];
    // The window filled again and again, far more often than the reader let it close: its buffer,
    // not its reading, set the pace (a reader that stopped is the zero-window finding).
    if (sender.windowFull >= 2 && sender.windowFull > 3 * f[reader].zeroWindows) {
      out.push({
        id: 'receiver-limited',
        lesson: TRANSFER_LESSON['receiver-limited'],
        packets: [sender.wfFrame],
        atMs: at(sender.wfFirstT),
        reader,
        windowFull: sender.windowFull,
        largestWindow: f[reader].maxWindow,
      });
    }
  }
  for (const writer of ['client', 'server'] as const) {
    const d = f[writer];
    if (d.nagle > 0) {
      out.push({
        id: 'nagle-delayed-ack',
        lesson: TRANSFER_LESSON['nagle-delayed-ack'],
        packets: [...d.nagleFrames],
        atMs: at(d.nagleFirstT),
        writer,
        stalls: d.nagle,
        delayMs: ms(d.nagleUs),
      });
    }
  }
  return out;
}

/**
 * Loss the sender recovered from: any retransmission after a timeout (each one cost at least
 * 200 ms), or fast ones worth mentioning (three or more, and at least 1% of the bytes). The run
 * at the end of a connection that timed out is the `rto-timeout` finding, not counted again here.
 */
function retransmissions(d: DirectionFacts, sender: Side, receiver: DirectionFacts, timedOut: boolean, at: (t: number) => number): TransferFinding | undefined {
  const retransmitted = d.retransmitted - (timedOut ? d.tail : 0);
  const rto = Math.max(0, d.rto - (timedOut ? d.tail : 0));
  if (retransmitted <= 0 || d.bytes === 0) return undefined;
  // By bytes: a capture at the receiver sees coalesced segments (GRO) but single retransmissions.
  const share = Math.min(1, d.retransBytes / d.bytes);
  if (rto === 0 && (retransmitted < 3 || share < RETRANSMIT_SHARE)) return undefined;
  return {
    id: 'retransmissions',
    lesson: TRANSFER_LESSON.retransmissions,
    packets: [d.retransFrame],
    atMs: at(d.retransFirstT),
    sender,
    retransmitted,
    segments: d.segments,
    bytes: d.retransBytes,
    share: Math.round(share * 1000) / 1000,
    rto,
    fast: retransmitted - rto,
    dupAcks: receiver.dupAcks,
  };
}
