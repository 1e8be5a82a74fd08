/**
 * The samples of one conversation's time-sequence plot (bytes over time, in the spirit of
 * tcptrace): every data segment with its relative sequence range, every ACK of that data with the
 * window's right edge, and the zero windows. Recorded only for the one conversation a report
 * draws, and capped, so a long transfer costs a bounded amount of memory.
 */
import { Payload, type FlowStore } from './flow-state.js';
import { TCP_FLAGS } from './decode.js';

/** One direction's data and the other side's answers to it. */
export interface SequenceSeries {
  /** Data segments: time (ms after the conversation's first packet), byte range relative to the first byte. */
  data: Array<{ atMs: number; from: number; to: number; retransmit: boolean }>;
  /** The receiver's ACKs of this data: how far it acknowledged, and the right edge of its window (-1: unknown scale). */
  acks: Array<{ atMs: number; ack: number; edge: number }>;
  /** When the receiver advertised a zero window (ms). */
  zeroWindows: number[];
}

export interface TimeSequence {
  /** What the client sent, and what the server sent. */
  client: SequenceSeries;
  server: SequenceSeries;
  /** More samples than MAX_SAMPLES came: only the first ones are here. */
  truncated: boolean;
}

/** Samples kept per conversation (data, ACKs and zero windows together). */
export const MAX_SAMPLES = 20_000;

const empty = (): SequenceSeries => ({ data: [], acks: [], zeroWindows: [] });

export class SampleRecorder {
  private readonly seq: TimeSequence = { client: empty(), server: empty(), truncated: false };
  private count = 0;

  constructor(private readonly startUs: number) {}

  /** A packet of the recorded conversation (slot `i`, direction `d`), after FlowStore.segment saw it. */
  add(flows: FlowStore, i: number, d: number, f: number, seq: number, ack: number, len: number, win: number, kind: Payload, t: number): void {
    if (this.count >= MAX_SAMPLES) {
      this.seq.truncated = true;
      return;
    }
    const atMs = Math.round((t - this.startUs) / 10) / 100;
    const j = 2 * i + d;
    const o = j ^ 1;
    if (len > 0 && (kind === Payload.fresh || kind === Payload.retransmission)) {
      const from = ((f & TCP_FLAGS.SYN ? seq + 1 : seq) - flows.baseOf(j)) | 0;
      if (from >= 0) {
        (d === 0 ? this.seq.client : this.seq.server).data.push({ atMs, from, to: from + len, retransmit: kind === Payload.retransmission });
        this.count++;
      }
    }
    // This packet's ACK and window speak about the other direction's data.
    if (f & TCP_FLAGS.ACK && !(f & TCP_FLAGS.RST)) {
      const series = d === 0 ? this.seq.server : this.seq.client;
      const rel = (ack - flows.baseOf(o)) | 0;
      if (rel >= 0 && flows.hasSent(o)) {
        // A SYN's window is never scaled; later ones are once the handshake settled the scale.
        const window = f & TCP_FLAGS.SYN ? win : flows.windowOf(j) > 0 || win === 0 ? flows.windowOf(j) : -1;
        series.acks.push({ atMs, ack: rel, edge: window >= 0 ? rel + window : -1 });
        this.count++;
      }
      if (win === 0 && !(f & TCP_FLAGS.SYN)) {
        series.zeroWindows.push(atMs);
        this.count++;
      }
    }
  }

  result(): TimeSequence {
    return this.seq;
  }
}
