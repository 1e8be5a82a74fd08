/**
 * The ladder: one connection's packets on a time axis, decided once from the evidence so every
 * surface draws the same arrows. From a capture it is the real packets (flags, TTLs, microsecond
 * times, TLS records named by their first byte); without one it is what the check's steps prove
 * happened, in order, with the few times they measured. What never came is an arrow of its own
 * (`expected`), and the check's own teardown is marked `ours`, never mistaken for the server's.
 * Pure: no I/O.
 */
import type { CheckReport, StepEvidence } from '../evidence.js';
import type { ConversationEvent, ConversationSummary } from '../packets/conversations.js';
import { neverArrived } from '../packets/sequence-diagram.js';
import { formatKernelMs } from '../kernel-timing.js';
import { formatHostPort } from '../target.js';
import { chosenConnect, connectSteps } from './addresses.js';

export type LadderSide = 'client' | 'server' | 'middlebox';

export interface LadderEvent {
  /** Microseconds after the first SYN (the first packet, when the capture missed the SYN); unknown without a capture unless a step timed it. */
  atUs?: number;
  from: LadderSide;
  /** What it is in words: `SYN`, `SYN-ACK`, `ACK`, `RST`, `FIN`, `ClientHello`, `ServerHello`, `Alert`, `data 512 B`… */
  label: string;
  /** tcpdump's flags with size and TTL, as captured: `[S.] ttl 64`, `[P.] 517 B`. */
  packet?: string;
  /** Foreign text the packet carried (a banner, a plain-text answer): renderers pass it through their sink. */
  quote?: string;
  /** The check's own teardown (its FIN or RST), not something the other side did. */
  ours?: true;
  /** An answer that never came, e.g. `SYN-ACK expected within 1 s`: drawn dashed. */
  expected?: string;
  /** Nothing on the wire for this long before this packet (an idle gap, drawn as a gap). */
  gapBeforeUs?: number;
  /** The middlebox's address, for `from: 'middlebox'` (the router an ICMP error came from). */
  via?: string;
}

export interface Ladder {
  /** `capture`: the real packets; `steps`: what the socket calls prove (no TTLs, few times); `textbook`: a lesson's picture of a working connection. */
  source: 'capture' | 'steps' | 'textbook';
  /** When the first SYN went out (ISO, absolute), when known. */
  firstSynAt?: string;
  /** The capture missed the SYN: times count from the first packet seen. */
  fromFirstPacket?: true;
  /** The client's address (and port), or '' when unknown. */
  client: string;
  /** The server's address and port, or `DNS resolver`; '' for a textbook picture. */
  server: string;
  /** The capture's conversation number. */
  conversation?: number;
  events: LadderEvent[];
  /** What the conversation waited for and never saw, in plain words. */
  missing: string[];
  /** Only the first 400 packets were kept. */
  truncated?: true;
}

/** An idle gap worth drawing: nothing on the wire for at least this long. */
export const IDLE_GAP_US = 100_000;
const MAX_EVENTS = 400;

const TLS_RECORD: Record<number, string> = { 0x14: 'ChangeCipherSpec', 0x15: 'Alert', 0x16: 'TLS handshake', 0x17: 'TLS data (encrypted)' };

interface Parsed {
  flags: string;
  bytes: number;
}

function parse(label: string): Parsed {
  const m = /^\[([^\]]*)\](?: (\d+) B)?/.exec(label);
  return { flags: m?.[1] ?? '', bytes: Number(m?.[2] ?? 0) };
}

/** The TCP control part of a segment in words: SYN, SYN-ACK, RST, FIN, ACK. */
function controlWord(flags: string): string {
  if (flags.includes('S')) return flags.includes('.') ? `SYN-ACK${flags.includes('E') ? ' (ECN on)' : ''}` : `SYN${flags.includes('E') && flags.includes('W') ? ' (asks for ECN)' : ''}`;
  if (flags.includes('R')) return 'RST';
  if (flags.includes('F')) return 'FIN';
  return 'ACK';
}

/**
 * The ladder of one captured conversation. `clientIsUs`: the client is this check (then its FIN
 * and RST are our teardown); `synRtoMs`: how long the kernel waits for a SYN-ACK before it sends
 * the SYN again (this kernel's first SYN timeout).
 */
export function ladderFromCapture(c: ConversationSummary, events: ConversationEvent[], opts: { clientIsUs: boolean; synRtoMs?: number }): Ladder {
  const out: LadderEvent[] = [];
  const rto = opts.synRtoMs ?? 1000;
  let clientHello = false;
  let serverHello = false;
  let serverSpoke = false;
  let clientHelloAt: number | undefined;
  let prevUs: number | undefined;
  let firstSyn = true;
  let syns = 0;
  const synUnanswered = c.synRetransmits.length > 0 || c.outcome === 'filtered' || c.outcome === 'unreachable';
  for (const e of events) {
    const atUs = Math.round(e.atMs * 1000);
    const { flags, bytes } = parse(e.label);
    const from: LadderSide = e.dir === 'to-server' ? 'client' : e.dir === 'to-client' ? 'server' : e.from && e.from !== c.serverAddr ? 'middlebox' : 'server';
    const ev: LadderEvent = { atUs, from, label: '', packet: e.label };
    if (e.dir === 'icmp') {
      ev.label = e.label;
      delete ev.packet;
      if (from === 'middlebox') ev.via = e.from;
    } else if (bytes > 0) {
      const record = e.firstByte !== undefined ? TLS_RECORD[e.firstByte] : undefined;
      if (from === 'client' && e.firstByte === 0x16 && !clientHello) {
        ev.label = 'ClientHello';
        clientHello = true;
        clientHelloAt = atUs;
      } else if (from === 'server' && e.firstByte === 0x16 && clientHello && !serverHello) {
        ev.label = 'ServerHello';
        serverHello = true;
      } else if (record && clientHello) ev.label = record;
      else ev.label = `data ${bytes} B${from === 'server' && clientHello && !serverSpoke ? ' (not TLS)' : ''}`;
      if (from === 'server') serverSpoke = true;
      const control = controlWord(flags);
      if (control === 'FIN' || control === 'RST') ev.label += ` + ${control}`;
    } else {
      ev.label = controlWord(flags);
      if (from === 'client' && flags.includes('S') && !flags.includes('.') && syns++ > 0) ev.label += ` again (retransmission ${syns - 1})`;
    }
    if (opts.clientIsUs && from === 'client' && /\b(FIN|RST)\b/.test(ev.label)) ev.ours = true;
    if (prevUs !== undefined && atUs - prevUs >= IDLE_GAP_US) ev.gapBeforeUs = atUs - prevUs;
    prevUs = atUs;
    out.push(ev);
    if (from === 'client' && flags.includes('S') && !flags.includes('.') && firstSyn) {
      firstSyn = false;
      // The first SYN went unanswered: the kernel waited its first timeout, then sent it again.
      if (synUnanswered) out.push({ atUs, from: 'server', label: 'SYN-ACK', expected: `SYN-ACK expected within ${formatKernelMs(rto)}` });
    }
  }
  if (c.rst?.duringTls && clientHelloAt !== undefined) insertAfter(out, clientHelloAt, { atUs: clientHelloAt, from: 'server', label: 'ServerHello', expected: 'ServerHello expected after the ClientHello' });
  else if (clientHello && !serverSpoke && !c.rst) out.push({ atUs: clientHelloAt, from: 'server', label: 'ServerHello', expected: 'ServerHello expected after the ClientHello' });
  else if (c.stall && !clientHello) out.push({ from: 'server', label: 'answer', expected: 'an answer to the data sent' });
  return {
    source: 'capture',
    firstSynAt: c.startedAt,
    ...(c.handshakeSeen ? {} : { fromFirstPacket: true as const }),
    client: c.client,
    server: c.server,
    conversation: c.index,
    events: out,
    missing: neverArrived(c),
    ...(events.length >= MAX_EVENTS ? { truncated: true as const } : {}),
  };
}

function insertAfter(events: LadderEvent[], atUs: number, ev: LadderEvent): void {
  const i = events.findIndex((e) => e.label === 'ClientHello' && e.atUs === atUs);
  events.splice(i + 1, 0, ev);
}

/** `11 µs`, `5.701 ms`, `1.000011 s`: microsecond precision, the unit that reads best. */
export function formatUs(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(3)} ms`;
  return `${(us / 1_000_000).toFixed(6)} s`;
}

/**
 * Which captured conversation tells the check's story, for every surface (the Story's packet
 * sentences, the report's ladder): among the conversations with the address the verdict is about,
 * the TLS step's (the one whose client spoke first) when TLS ran, else the chosen connect step's
 * own (its local port), else the last one. Another address's conversation never stands in for
 * it; without a report (a capture alone) every conversation is a candidate.
 */
export function storyConversation(report: { target: CheckReport['target']; steps?: readonly StepEvidence[] } | undefined, conversations: readonly ConversationSummary[]): ConversationSummary | undefined {
  const connect = report ? chosenConnect(connectSteps(report.steps ?? [])) : undefined;
  const address = report?.target.addressUsed ?? connect?.evidence.address;
  const port = report?.target.port;
  const pool = address === undefined ? conversations : conversations.filter((c) => c.serverAddr === address && (port === undefined || c.server === formatHostPort(address, port)));
  if (!pool.length) return undefined;
  const tls = report?.steps?.find((s) => s.id === 'tls' && s.outcome !== 'skipped' && s.outcome !== 'unavailable');
  if (tls) {
    const spoke = pool.filter((c) => c.bytes.client > 0);
    if (spoke.length) return spoke[spoke.length - 1];
  }
  const localPort = connect?.evidence.localPort;
  const mine = localPort ? pool.find((c) => c.client.endsWith(`:${localPort}`)) : undefined;
  return mine ?? pool[pool.length - 1];
}

/**
 * A captured conversation's outcome in a report's table: a RST the client sent is the check's
 * own teardown when the client is us, not the server resetting (it stays `reset` otherwise).
 */
export function conversationOutcome(c: ConversationSummary, clientIsUs: boolean): string {
  if (c.outcome === 'reset' && c.rst?.from === 'client') return clientIsUs ? 'closed by us (our RST: the check\u2019s teardown)' : 'reset by the client';
  return c.outcome;
}

export { ladderFromSteps } from './ladder-steps.js';
