/**
 * A conversation's JSON line written byte by byte from its slot, with no summary object and no
 * strings in between (only a conversation with findings has them made, by transfer-findings.ts):
 * exactly the text `conversationJson(summarize(...))` gives. test/packets/json-lines.test.ts holds
 * the two to the same text on every shape.
 */
import { F, type ConvStore } from './conversation-state.js';
import { emptyFlowFacts, type DirectionFacts } from './flow-facts.js';
import { icmpMeaning, icmpMeansRefused } from './icmp-meaning.js';
import { transferFindings, type Retries2 } from './transfer-findings.js';
import { address, ascii, flatObjects, hostPort, isoTime, num, put, scaled, text } from './json-bytes.js';

/** The most bytes one line written here takes (31 SYN retransmits, six findings). */
export const MAX_FAST_LINE = 16384;

/** The flow facts of the conversation being written (refilled). */
const facts = emptyFlowFacts();

const K = {
  index: ascii('{"index":'),
  client: ascii(',"client":"'),
  server: ascii('","server":"'),
  atMs: ascii('{"atMs":'),
  ece: ascii(',"ece":'),
  cwr: ascii(',"cwr":'),
  bytes: ascii('},"bytes":{"client":'),
  bytesServer: ascii(',"server":'),
  packets: ascii('},"packets":'),
  startedAt: ascii(',"startedAt":"'),
  duration: ascii('","durationMs":'),
  rstAt: ascii('","atMs":'),
  afterHandshake: ascii(',"afterHandshakeMs":'),
  ttl: ascii(',"ttl":'),
  synAckTtl: ascii(',"synAckTtl":'),
  mss: ascii(',"mss":'),
  largest: ascii(',"largestServerSegment":'),
  rtt: ascii(',"rttMs":'),
  transfer: ascii(',"transfer":{"client":{"segments":'),
  transferServer: ascii('},"server":{"segments":'),
  end: ascii(',"findings":[]}'),
};
/**
 * The constant text between two values, with the few words a choice picks between them written
 * in: one copy instead of three. Each table is indexed by the choice's number.
 */
const OPEN = 0, RESET = 1, CLOSED = 2, REFUSED = 3, FILTERED = 4, UNREACHABLE = 5;
const OUTCOMES = ['open', 'reset', 'closed', 'refused', 'filtered', 'unreachable'];
/** By outcome × 2 + handshakeSeen. */
const OUTCOME_TEXT = OUTCOMES.flatMap((o) => [false, true].map((h) => ascii(`","outcome":"${o}","handshakeSeen":${h},"synRetransmits":[`)));
const NOT_REQUESTED = 0, UNANSWERED = 1, NEGOTIATED = 2, BLACKHOLE = 3, NOT_NEGOTIATED = 4;
const ECN_TEXT = ['not-requested', 'unanswered', 'negotiated', 'blackhole', 'not-negotiated'].map((e) => ascii(`],"ecn":{"state":"${e}","ceMarks":`));
/** By fromClient (0 server, 1 client). */
const RST_FROM = ['server', 'client'].map((w) => ascii(`,"rst":{"from":"${w}","address":"`));
const FIN_FROM = ['server', 'client'].map((w) => ascii(`,"fin":{"from":"${w}","atMs":`));
/** By ttlMismatch. */
const TTL_MISMATCH = [false, true].map((v) => ascii(`,"ttlMismatch":${v},"afterBytes":{"client":`));
/** By duringTls. */
const DURING_TLS = [false, true].map((v) => ascii(`},"duringTls":${v}}`));
/** By SYN i's ECN bit. */
const SYN_ECN = [false, true].map((v) => ascii(`,"ecn":${v}}`));
const ICMP = {
  from: ascii(',"icmp":{"from":"'),
  target: ascii('","role":"target","type":'),
  router: ascii('","role":"router","type":'),
  code: ascii(',"code":'),
  meaning: ascii(',"meaning":"'),
  atMs: ascii('","atMs":'),
};
const COUNTS = {
  retransmitted: ascii(',"retransmitted":'),
  rto: ascii(',"rto":'),
  dupAcks: ascii(',"dupAcks":'),
  zeroWindows: ascii(',"zeroWindows":'),
  windowFull: ascii(',"windowFull":'),
  findings: ascii(',"findings":'),
};
/** A side with no rare numbers: its counts, and what follows them (the server's segments, or the end). */
const QUIET_CLIENT = ascii(',"retransmitted":0,"rto":0,"dupAcks":0,"zeroWindows":0,"windowFull":0},"server":{"segments":');
const QUIET_SERVER = ascii(',"retransmitted":0,"rto":0,"dupAcks":0,"zeroWindows":0,"windowFull":0}}');
/** No stall, a hole in the server's data (its byte follows), or a server that went quiet. */
const STALL_TEXT = ['', ',"stall":{"holeAtByte":', ',"stall":{}'].map(ascii);

/** A side's counts, from its record of rare numbers. */
function counts(b: Buffer, p: number, d: DirectionFacts): number {
  p = put(b, p, COUNTS.retransmitted);
  p = num(b, p, d.retransmitted);
  p = put(b, p, COUNTS.rto);
  p = num(b, p, d.rto);
  p = put(b, p, COUNTS.dupAcks);
  p = num(b, p, d.dupAcks);
  p = put(b, p, COUNTS.zeroWindows);
  p = num(b, p, d.zeroWindows);
  p = put(b, p, COUNTS.windowFull);
  return num(b, p, d.windowFull);
}

/**
 * Writes slot `i`'s line into `b` at `at` (room for MAX_FAST_LINE bytes needed) and returns where
 * it ends; `retries2` is this kernel's (kernel-timing.ts), for the findings. Each part of the line
 * has its own writer, small enough for V8 to inline the byte writers into it (one function for the
 * whole line was too big for that, and paid a call per constant and per number).
 */
export function writeLine(s: ConvStore, i: number, b: Buffer, at: number, retries2: Retries2): number {
  const f = s.flags[i];
  const first = s.synCount[i] > 0 ? s.syn0[i] : s.start[i];
  let p = writeHead(s, i, b, at, f, first);
  p = writeCounts(s, i, b, p, f);
  if (f & F.rst) p = writeRst(s, i, b, p, f, first);
  if (f & F.icmp) p = writeIcmp(s, i, b, p, f, first);
  if (s.finT[i] >= 0) p = writeFin(s, i, b, p, f, first);
  p = writeServerSide(s, i, b, p, f);
  return writeTransfer(s, i, b, p, f, first, retries2);
}

/** From `{"index":` to the SYN retransmissions. */
function writeHead(s: ConvStore, i: number, b: Buffer, p: number, f: number, first: number): number {
  const v6 = (f & F.v6) !== 0;
  p = put(b, p, K.index);
  p = num(b, p, s.num[i]);
  p = put(b, p, K.client);
  p = hostPort(b, p, s.client6[i], s.clientN[i], s.clientPort[i], v6);
  p = put(b, p, K.server);
  p = hostPort(b, p, s.server6[i], s.serverN[i], s.serverPort[i], v6);
  // Every value the choices below read is read on every line, and each choice only picks a
  // constant: a rare outcome met long after V8 optimized this function would otherwise be code
  // with no type feedback, which V8 compiles as "deoptimize" (then compiles the function again).
  const synAck = s.synAckT[i] >= 0;
  const handshakeSeen = (f & F.handshakeSeen) !== 0;
  const rst = (f & F.rst) !== 0;
  const rstFromClient = (f & F.rstFromClient) !== 0;
  const finT = s.finT[i];
  const icmp = (f & F.icmp) !== 0;
  const icmpRefused = icmpMeansRefused((f & F.icmpV6) !== 0, s.icmpType[i], s.icmpCode[i]);
  const closed = finT >= 0 && !(f & F.finFromClient) && s.bytesC[i] === 0 && s.bytesS[i] === 0;
  let outcome = FILTERED;
  if (synAck || !handshakeSeen) outcome = rst ? RESET : closed ? CLOSED : OPEN;
  else if (rst && !rstFromClient) outcome = REFUSED;
  else if (icmp) outcome = icmpRefused ? REFUSED : UNREACHABLE;
  p = put(b, p, OUTCOME_TEXT[2 * outcome + (handshakeSeen ? 1 : 0)]);
  if (s.synCount[i] > 1) p = writeMoreSyns(s, i, b, p, first);
  return p;
}

/** The SYNs after the first: `{"atMs":…,"ecn":…}`, comma-separated. */
function writeMoreSyns(s: ConvStore, i: number, b: Buffer, p: number, first: number): number {
  const more = s.moreSyns.get(i)!;
  const synEcn = s.synEcn[i] | 0;
  for (let k = 0; k < more.length; k++) {
    if (k) b[p++] = 44;
    p = put(b, p, K.atMs);
    p = scaled(b, p, Math.round((more[k] - first) / 100), 10);
    p = put(b, p, SYN_ECN[(synEcn >>> (k + 1)) & 1]);
  }
  return p;
}

/** ECN, bytes, packets, start and duration. */
function writeCounts(s: ConvStore, i: number, b: Buffer, p: number, f: number): number {
  const synEcn = s.synEcn[i] | 0;
  let ecn = NOT_NEGOTIATED;
  if (!s.synCount[i] || !(synEcn & 1)) ecn = NOT_REQUESTED;
  else if (s.synAckT[i] < 0) ecn = UNANSWERED;
  else if (f & F.synAckEce) ecn = NEGOTIATED;
  else if (f & F.synAckAfterPlainSyn) ecn = BLACKHOLE;
  p = put(b, p, ECN_TEXT[ecn]);
  p = num(b, p, s.ce[i]);
  p = put(b, p, K.ece);
  p = num(b, p, s.ece[i]);
  p = put(b, p, K.cwr);
  p = num(b, p, s.cwr[i]);
  p = put(b, p, K.bytes);
  p = num(b, p, s.bytesC[i]);
  p = put(b, p, K.bytesServer);
  p = num(b, p, s.bytesS[i]);
  p = put(b, p, K.packets);
  p = num(b, p, s.packets[i]);
  p = put(b, p, K.startedAt);
  p = isoTime(b, p, s.start[i]);
  p = put(b, p, K.duration);
  return scaled(b, p, Math.round((s.last[i] - s.start[i]) / 100), 10);
}

function writeRst(s: ConvStore, i: number, b: Buffer, p: number, f: number, first: number): number {
  const rstFromClient = (f & F.rstFromClient) !== 0;
  const synAckT = s.synAckT[i];
  const synAck = synAckT >= 0;
  const rstT = s.rstT[i];
  const ttl = s.rstTtl[i];
  p = put(b, p, RST_FROM[rstFromClient ? 1 : 0]);
  p = rstFromClient ? address(b, p, s.client6[i], s.clientN[i], (f & F.v6) !== 0) : address(b, p, s.server6[i], s.serverN[i], (f & F.v6) !== 0);
  p = put(b, p, K.rstAt);
  p = scaled(b, p, Math.round((rstT - first) / 100), 10);
  if (synAck) {
    p = put(b, p, K.afterHandshake);
    p = scaled(b, p, Math.round((rstT - synAckT) / 100), 10);
  }
  p = put(b, p, K.ttl);
  p = num(b, p, ttl);
  if (synAck) {
    p = put(b, p, K.synAckTtl);
    p = num(b, p, s.synAckTtl[i]);
  }
  p = put(b, p, TTL_MISMATCH[!rstFromClient && synAck && s.synAckTtl[i] !== ttl ? 1 : 0]);
  p = num(b, p, s.rstBytesC[i]);
  p = put(b, p, K.bytesServer);
  p = num(b, p, s.rstBytesS[i]);
  return put(b, p, DURING_TLS[(f & F.rstDuringTls) !== 0 && !rstFromClient ? 1 : 0]);
}

function writeIcmp(s: ConvStore, i: number, b: Buffer, p: number, f: number, first: number): number {
  const from = s.icmpFrom.get(i)!;
  p = put(b, p, ICMP.from);
  p = text(b, p, from);
  p = put(b, p, from === s.serverAddr(i) ? ICMP.target : ICMP.router);
  p = num(b, p, s.icmpType[i]);
  p = put(b, p, ICMP.code);
  p = num(b, p, s.icmpCode[i]);
  p = put(b, p, ICMP.meaning);
  p = text(b, p, icmpMeaning((f & F.icmpV6) !== 0, s.icmpType[i], s.icmpCode[i]));
  p = put(b, p, ICMP.atMs);
  p = scaled(b, p, Math.round((s.icmpT[i] - first) / 100), 10);
  b[p++] = 125;
  return p;
}

function writeFin(s: ConvStore, i: number, b: Buffer, p: number, f: number, first: number): number {
  p = put(b, p, FIN_FROM[f & F.finFromClient ? 1 : 0]);
  p = scaled(b, p, Math.round((s.finT[i] - first) / 100), 10);
  b[p++] = 125;
  return p;
}

/** The client's MSS, the server's largest segment, a stall, the handshake RTT. */
function writeServerSide(s: ConvStore, i: number, b: Buffer, p: number, f: number): number {
  const mss = s.clientMss[i];
  if (mss) {
    p = put(b, p, K.mss);
    p = num(b, p, mss);
  }
  const largest = s.maxSegS[i];
  if (largest) {
    p = put(b, p, K.largest);
    p = num(b, p, largest);
  }
  const hole = (f & (F.serverHole | F.serverHoleFilled)) === F.serverHole;
  const serverEnded = (f & (F.rst | F.rstFromClient)) === F.rst || (s.finT[i] >= 0 && !(f & F.finFromClient));
  const serverQuiet = s.bytesS[i] === 0 && !serverEnded;
  const stall = s.synAckT[i] >= 0 && s.bytesC[i] > 0 ? (hole ? 1 : serverQuiet ? 2 : 0) : 0;
  p = put(b, p, STALL_TEXT[stall]);
  // The hole's byte and brace are written on every line and kept only after a hole's text (a
  // rare branch that wrote them would cost a deoptimization, as above); the buffer has room.
  const holeEnd = num(b, p, s.holeAt[i] - 1);
  b[holeEnd] = 125;
  if (stall === 1) p = holeEnd + 1;
  const rttUs = s.flows.rttUs(i);
  if (rttUs >= 0) {
    p = put(b, p, K.rtt);
    p = scaled(b, p, Math.round(rttUs), 1000);
  }
  return p;
}

/** Each side's segments and counts, when there was data, then the findings and the line's end. */
function writeTransfer(s: ConvStore, i: number, b: Buffer, p: number, f: number, first: number, retries2: Retries2): number {
  const bytesC = s.bytesC[i];
  const bytesS = s.bytesS[i];
  if (bytesC === 0 && bytesS === 0) return put(b, p, K.end);
  // Only a conversation with a record of rare numbers has counts other than 0, or findings.
  const notable = s.flows.notable(i);
  p = put(b, p, K.transfer);
  p = num(b, p, s.flows.segments(2 * i));
  if (!notable) {
    p = put(b, p, QUIET_CLIENT);
    p = num(b, p, s.flows.segments(2 * i + 1));
    p = put(b, p, QUIET_SERVER);
    return put(b, p, K.end);
  }
  // Read out in full once: the counts now, the rest for the findings.
  s.flows.facts(i, facts, true);
  p = counts(b, p, facts.client);
  p = put(b, p, K.transferServer);
  p = num(b, p, s.flows.segments(2 * i + 1));
  p = counts(b, p, facts.server);
  b[p++] = 125;
  b[p++] = 125;
  return writeFindings(s, i, b, p, f, first, retries2);
}

/** A notable conversation's findings (transfer-findings.ts), or none, from its facts (read out in full). */
function writeFindings(s: ConvStore, i: number, b: Buffer, p: number, f: number, first: number, retries2: Retries2): number {
  facts.client.bytes = s.bytesC[i];
  facts.server.bytes = s.bytesS[i];
  const rst = (f & F.rst) !== 0;
  const rstFromClient = (f & F.rstFromClient) !== 0;
  const synAck = s.synAckT[i] >= 0;
  const rstInfo = rst ? { fromClient: rstFromClient, t: s.rstT[i], ttlMismatch: !rstFromClient && synAck && s.synAckTtl[i] !== s.rstTtl[i] } : undefined;
  const found = transferFindings(facts, { startUs: first, endUs: s.last[i], rst: rstInfo, finT: s.finT[i], retries2 });
  if (!found.length) return put(b, p, K.end);
  p = put(b, p, COUNTS.findings);
  p = flatObjects(b, p, found);
  b[p++] = 125;
  return p;
}
