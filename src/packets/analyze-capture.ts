/**
 * One pass over a capture file: read, decode, track conversations and MACs. This is what
 * `tcpsleuth analyze` prints and what `check --capture` turns into findings.
 */
import { readCapture, readCaptureBuffer, readCaptureStream, type RawPacket, type ReadSummary } from './capture-file.js';
import { decodeFrameInto, emptyPacket, emptyTcpHeader, type TcpHeader } from './decode.js';
import { ConversationTracker, type ConversationEvent, type ConversationSummary } from './conversations.js';
import { MacTable, type MacEntry } from './mac-table.js';
import type { ConvStore } from './conversation-state.js';
import type { TimeSequence } from './time-sequence-samples.js';
import { readTcpTimings, type TcpTimings } from '../kernel-timing.js';

export interface CaptureAnalysis {
  packets: number;
  truncated: boolean;
  truncatedReason?: string;
  format: ReadSummary['format'];
  linkTypes: number[];
  /** Frames with no IPv4/IPv6 we could decode (ARP, unknown link types, cut-off frames). */
  undecoded: number;
  /** Every conversation (built on first use; for big captures prefer eachConversation). */
  readonly conversations: ConversationSummary[];
  conversationCount: number;
  /** The most conversations held in memory at once (streaming: those not over yet). */
  peakHeld: number;
  /**
   * The conversations one at a time, without holding them all. Streaming: those not handed over
   * yet (the ones still open at the end of the file), in index order, each once.
   */
  eachConversation(): Iterable<ConversationSummary>;
  /**
   * Streaming by slot (AnalyzeOptions.onFinishedSlot): the conversations still held, in index
   * order, each valid until the next is asked for.
   */
  restSlots(): Iterable<{ store: ConvStore; slot: number }>;
  /** Conversation `n` (1-based) alone. */
  conversation(n: number): ConversationSummary | undefined;
  macs: MacEntry[];
  /** The arrows of conversation `opts.conversation`, when asked for. */
  events?: ConversationEvent[];
  /** The time-sequence samples of conversation `opts.conversation`, when asked for and it exists. */
  timeSequence?: TimeSequence;
}

/**
 * Analyses a pcap/pcapng file. Throws CaptureFileError when it is not a capture; a damaged file
 * gives what could be read, with `truncated: true`.
 */
export async function analyzeCapture(path: string, opts: AnalyzeOptions = {}): Promise<CaptureAnalysis> {
  return analyzeWith((onPacket) => readCapture(path, onPacket, { signal: opts.signal, beforeRead: opts.beforeRead }), opts);
}

export interface AnalyzeOptions {
  /** Record the arrows of conversation N (1-based) for its sequence diagram. */
  conversation?: number;
  signal?: AbortSignal;
  /**
   * Streaming: each conversation is handed over once it is over (in the order they end) and then
   * forgotten, so memory stays flat on captures of any size; `eachConversation()` then gives the
   * rest, in index order. `conversations` is empty (`conversationCount` still counts them all).
   */
  onConversation?: (summary: ConversationSummary) => void;
  /** Streaming as with onConversation, the conversation handed over as its slot in the store (no summary made). */
  onFinishedSlot?: (store: ConvStore, slot: number) => void;
  /** Awaited before each read of the file: where a streaming consumer writes out what it got. */
  beforeRead?: () => Promise<void>;
  /** The kernel timings findings quote (default: this machine's, readTcpTimings()). */
  timings?: Pick<TcpTimings, 'syn' | 'retries2'>;
}

/** The same analysis over a stream (`analyze -`); `name` is how errors call it. */
export async function analyzeCaptureStream(stream: AsyncIterable<Buffer | string>, opts: AnalyzeOptions & { name?: string } = {}): Promise<CaptureAnalysis> {
  return analyzeWith((onPacket) => readCaptureStream(stream, onPacket, { signal: opts.signal, beforeRead: opts.beforeRead, name: opts.name }), opts);
}

/** The same analysis over a capture held in memory. */
export async function analyzeCaptureBuffer(bytes: Buffer, opts: Pick<AnalyzeOptions, 'conversation' | 'onConversation' | 'onFinishedSlot' | 'timings'> = {}): Promise<CaptureAnalysis> {
  return analyzeWith((onPacket) => readCaptureBuffer(bytes, onPacket), opts);
}

async function analyzeWith(
  read: (onPacket: (p: RawPacket) => void) => Promise<ReadSummary>,
  opts: Pick<AnalyzeOptions, 'conversation' | 'onConversation' | 'onFinishedSlot' | 'timings'>,
): Promise<CaptureAnalysis> {
  const { conversation, onConversation, onFinishedSlot } = opts;
  const tracker = new ConversationTracker({ recordIndex: conversation, onFinished: onConversation, onFinishedSlot, timings: opts.timings ?? readTcpTimings() });
  const streaming = onConversation !== undefined || onFinishedSlot !== undefined;
  const macs = new MacTable();
  let undecoded = 0;
  // The last timestamp, for a frame without one: in a Float64Array because a number stored in a
  // closure's variable is a new heap object each time it changes (a million frames, a million objects).
  const lastTs = new Float64Array(1);
  let frame = 0;
  // One packet object and one TCP header, refilled for every frame: nothing below keeps them.
  const p = emptyPacket();
  const tcp: TcpHeader = emptyTcpHeader();
  const summary = await read((raw) => {
    const ts = Number.isFinite(raw.tsUs) ? raw.tsUs : lastTs[0];
    lastTs[0] = ts;
    frame++;
    if (!decodeFrameInto(p, raw.linkType, raw.buf, raw.offset, raw.offset + raw.length, tcp)) {
      undecoded++;
      return;
    }
    const conv = tracker.add(p, ts, frame);
    if (p.srcMac || p.dstMac) {
      if (conv < 0) macs.add(p);
      else macs.add(p, tracker.sentBy(conv, p));
    }
  });
  let all: ConversationSummary[] | undefined;
  return {
    packets: summary.packets,
    truncated: summary.truncated,
    truncatedReason: summary.truncatedReason,
    format: summary.format,
    linkTypes: summary.linkTypes,
    undecoded,
    get conversations() {
      all ??= streaming ? [] : tracker.summaries();
      return all;
    },
    conversationCount: tracker.count,
    peakHeld: tracker.peakHeld,
    eachConversation: () => (streaming ? tracker.rest() : tracker.eachSummary()),
    restSlots: () => tracker.restSlots(),
    conversation: (n: number) => (streaming ? undefined : tracker.summary(n)),
    macs: macs.entries(),
    events: conversation !== undefined ? tracker.events() : undefined,
    timeSequence: conversation !== undefined ? tracker.timeSequence() : undefined,
  };
}
