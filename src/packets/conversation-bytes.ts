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
import { ascii, bool, hostPort, isoTime, num, put, scaled, text } from './json-bytes.js';

/** The most bytes one line written here takes (31 SYN retransmits, six findings). */
export const MAX_FAST_LINE = 16384;

/** The flow facts of the conversation being written (refilled). */
const facts = emptyFlowFacts();

const K = {
  index: ascii('{"index":'),
  client: ascii(',"client":"'),
  server: ascii('","server":"'),
  outcome: ascii('","outcome":"'),
  handshake: ascii('","handshakeSeen":'),
  syns: ascii(',"synRetransmits":['),
  atMs: ascii('{"atMs":'),
  synEcn: ascii(',"ecn":'),
  ecnState: ascii('],"ecn":{"state":"'),
  ceMarks: ascii('","ceMarks":'),
  ece: ascii(',"ece":'),
  cwr: ascii(',"cwr":'),
  bytes: ascii('},"bytes":{"client":'),
  bytesServer: ascii(',"server":'),
  packets: ascii('},"packets":'),
  startedAt: ascii(',"startedAt":"'),
  duration: ascii('","durationMs":'),
  rst: ascii(',"rst":{"from":"'),
  address: ascii('","address":"'),
  rstAt: ascii('","atMs":'),
  afterHandshake: ascii(',"afterHandshakeMs":'),
  ttl: ascii(',"ttl":'),
  synAckTtl: ascii(',"synAckTtl":'),
  ttlMismatch: ascii(',"ttlMismatch":'),
  afterBytes: ascii(',"afterBytes":{"client":'),
  duringTls: ascii('},"duringTls":'),
  fin: ascii(',"fin":{"from":"'),
  finAt: ascii('","atMs":'),
  mss: ascii(',"mss":'),
  largest: ascii(',"largestServerSegment":'),
  rtt: ascii(',"rttMs":'),
  transfer: ascii(',"transfer":{"client":{"segments":'),
  transferServer: ascii('},"server":{"segments":'),
  quietCounts: ascii(',"retransmitted":0,"rto":0,"dupAcks":0,"zeroWindows":0,"windowFull":0'),
  end: ascii(',"findings":[]}'),
  client_: ascii('client'),
  server_: ascii('server'),
};
/** Outcomes and ECN states by number, chosen with constants only (see writeLine). */
const OPEN = 0, RESET = 1, CLOSED = 2, REFUSED = 3, FILTERED = 4, UNREACHABLE = 5;
const OUTCOME_TEXT = ['open', 'reset', 'closed', 'refused', 'filtered', 'unreachable'].map(ascii);
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
const NOT_REQUESTED = 0, UNANSWERED = 1, NEGOTIATED = 2, BLACKHOLE = 3, NOT_NEGOTIATED = 4;
const ECN_TEXT = ['not-requested', 'unanswered', 'negotiated', 'blackhole', 'not-negotiated'].map(ascii);
/** No stall, a hole in the server's data (its byte follows), or a server that went quiet. */
const STALL_TEXT = ['', ',"stall":{"holeAtByte":', ',"stall":{}'].map(ascii);

/** A side's counts after its segments: those of the rare record, when it has one. */
function counts(b: Buffer, p: number, d: DirectionFacts | undefined): number {
  if (!d) return put(b, p, K.quietCounts);
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
 * it ends; `retries2` is this kernel's (kernel-timing.ts), for the findings.
 */
export function writeLine(s: ConvStore, i: number, b: Buffer, at: number, retries2: Retries2): number {
  let p = at;
  const f = s.flags[i];
  const n = s.synCount[i];
  const first = n > 0 ? s.syn0[i] : s.start[i];
  const synAckT = s.synAckT[i];
  const synAck = synAckT >= 0;
  const handshakeSeen = (f & F.handshakeSeen) !== 0;
  const rst = (f & F.rst) !== 0;
  const rstFromClient = (f & F.rstFromClient) !== 0;
  const finT = s.finT[i];
  const finFromClient = (f & F.finFromClient) !== 0;
  const bytesC = s.bytesC[i];
  const bytesS = s.bytesS[i];
  const clientAddr = s.clientAddr[i];
  const v6 = clientAddr.includes(':');
  p = put(b, p, K.index);
  p = num(b, p, s.num[i]);
  p = put(b, p, K.client);
  p = hostPort(b, p, clientAddr, s.clientN[i], s.clientPort[i], v6);
  p = put(b, p, K.server);
  p = hostPort(b, p, s.serverAddr[i], s.serverN[i], s.serverPort[i], v6);
  p = put(b, p, K.outcome);
  // Every value the choices below read is read on every line, and each choice only picks a
  // constant: a rare outcome met long after V8 optimized this function would otherwise be code
  // with no type feedback, which V8 compiles as "deoptimize" (then compiles the function again).
  const icmp = (f & F.icmp) !== 0;
  const icmpRefused = icmpMeansRefused((f & F.icmpV6) !== 0, s.icmpType[i], s.icmpCode[i]);
  const closed = finT >= 0 && !finFromClient && bytesC === 0 && bytesS === 0;
  let outcome = FILTERED;
  if (synAck || !handshakeSeen) outcome = rst ? RESET : closed ? CLOSED : OPEN;
  else if (rst && !rstFromClient) outcome = REFUSED;
  else if (icmp) outcome = icmpRefused ? REFUSED : UNREACHABLE;
  p = put(b, p, OUTCOME_TEXT[outcome]);
  p = put(b, p, K.handshake);
  p = bool(b, p, handshakeSeen);
  p = put(b, p, K.syns);
  const synEcn = s.synEcn[i] | 0;
  if (n > 1) {
    const more = s.moreSyns.get(i)!;
    for (let k = 0; k < more.length; k++) {
      if (k) b[p++] = 44;
      p = put(b, p, K.atMs);
      p = scaled(b, p, Math.round((more[k] - first) / 100), 10);
      p = put(b, p, K.synEcn);
      p = bool(b, p, (synEcn & (1 << (k + 1))) !== 0);
      b[p++] = 125;
    }
  }
  p = put(b, p, K.ecnState);
  const synAckEce = (f & F.synAckEce) !== 0;
  const afterPlainSyn = (f & F.synAckAfterPlainSyn) !== 0;
  let ecn = NOT_NEGOTIATED;
  if (!n || !(synEcn & 1)) ecn = NOT_REQUESTED;
  else if (!synAck) ecn = UNANSWERED;
  else if (synAckEce) ecn = NEGOTIATED;
  else if (afterPlainSyn) ecn = BLACKHOLE;
  p = put(b, p, ECN_TEXT[ecn]);
  p = put(b, p, K.ceMarks);
  p = num(b, p, s.ce[i]);
  p = put(b, p, K.ece);
  p = num(b, p, s.ece[i]);
  p = put(b, p, K.cwr);
  p = num(b, p, s.cwr[i]);
  p = put(b, p, K.bytes);
  p = num(b, p, bytesC);
  p = put(b, p, K.bytesServer);
  p = num(b, p, bytesS);
  p = put(b, p, K.packets);
  p = num(b, p, s.packets[i]);
  p = put(b, p, K.startedAt);
  p = isoTime(b, p, s.start[i]);
  p = put(b, p, K.duration);
  p = scaled(b, p, Math.round((s.last[i] - s.start[i]) / 100), 10);
  if (rst) {
    const rstT = s.rstT[i];
    const ttl = s.rstTtl[i];
    p = put(b, p, K.rst);
    p = put(b, p, rstFromClient ? K.client_ : K.server_);
    p = put(b, p, K.address);
    p = text(b, p, rstFromClient ? clientAddr : s.serverAddr[i]);
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
    p = put(b, p, K.ttlMismatch);
    p = bool(b, p, !rstFromClient && synAck && s.synAckTtl[i] !== ttl);
    p = put(b, p, K.afterBytes);
    p = num(b, p, s.rstBytesC[i]);
    p = put(b, p, K.bytesServer);
    p = num(b, p, s.rstBytesS[i]);
    p = put(b, p, K.duringTls);
    p = bool(b, p, (f & F.rstDuringTls) !== 0 && !rstFromClient);
    b[p++] = 125;
  }
  if (f & F.icmp) {
    const from = s.icmpFrom.get(i)!;
    p = put(b, p, ICMP.from);
    p = text(b, p, from);
    p = put(b, p, from === s.serverAddr[i] ? ICMP.target : ICMP.router);
    p = num(b, p, s.icmpType[i]);
    p = put(b, p, ICMP.code);
    p = num(b, p, s.icmpCode[i]);
    p = put(b, p, ICMP.meaning);
    p = text(b, p, icmpMeaning((f & F.icmpV6) !== 0, s.icmpType[i], s.icmpCode[i]));
    p = put(b, p, ICMP.atMs);
    p = scaled(b, p, Math.round((s.icmpT[i] - first) / 100), 10);
    b[p++] = 125;
  }
  if (finT >= 0) {
    p = put(b, p, K.fin);
    p = put(b, p, finFromClient ? K.client_ : K.server_);
    p = put(b, p, K.finAt);
    p = scaled(b, p, Math.round((finT - first) / 100), 10);
    b[p++] = 125;
  }
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
  const holeAt = s.holeAt[i] - 1;
  const serverEnded = (rst && !rstFromClient) || (finT >= 0 && !finFromClient);
  const serverQuiet = bytesS === 0 && !serverEnded;
  const stall = synAck && bytesC > 0 ? (hole ? 1 : serverQuiet ? 2 : 0) : 0;
  p = put(b, p, STALL_TEXT[stall]);
  // The hole's byte and brace are written on every line and kept only after a hole's text (a
  // rare branch that wrote them would cost a deoptimization, as above); the buffer has room.
  const holeEnd = num(b, p, holeAt);
  b[holeEnd] = 125;
  if (stall === 1) p = holeEnd + 1;
  const rttUs = s.flows.rttUs(i);
  if (rttUs >= 0) {
    p = put(b, p, K.rtt);
    p = scaled(b, p, Math.round(rttUs), 1000);
  }
  const data = bytesC > 0 || bytesS > 0;
  // Only a conversation with a record of rare numbers has counts other than 0, or findings.
  const notable = s.flows.notable(i);
  if (data) {
    if (notable) s.flows.facts(i, facts, false);
    p = put(b, p, K.transfer);
    p = num(b, p, s.flows.segments(2 * i));
    p = counts(b, p, notable ? facts.client : undefined);
    p = put(b, p, K.transferServer);
    p = num(b, p, s.flows.segments(2 * i + 1));
    p = counts(b, p, notable ? facts.server : undefined);
    b[p++] = 125;
    b[p++] = 125;
  }
  if (!(data && notable)) return put(b, p, K.end);
  s.flows.facts(i, facts, true);
  facts.client.bytes = bytesC;
  facts.server.bytes = bytesS;
  const rstInfo = rst ? { fromClient: rstFromClient, t: s.rstT[i], ttlMismatch: !rstFromClient && synAck && s.synAckTtl[i] !== s.rstTtl[i] } : undefined;
  const found = transferFindings(facts, { startUs: first, endUs: s.last[i], rst: rstInfo, finT, retries2 });
  if (!found.length) return put(b, p, K.end);
  p = put(b, p, COUNTS.findings);
  p = text(b, p, JSON.stringify(found));
  b[p++] = 125;
  return p;
}
