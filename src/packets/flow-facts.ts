/**
 * One conversation's data-flow numbers as flow-state.ts counted them: what the pure rules of
 * transfer-findings.ts read. Times are capture times in µs; packet numbers are 1-based frame
 * numbers of the file (as Wireshark and `tcpdump -r` number them); 0 means "none".
 */

/** What one side sent (its data) and said about the other side's data (its ACKs and window). */
export interface DirectionFacts {
  /** Segments with payload, and the payload bytes they carried (retransmissions too). */
  segments: number;
  bytes: number;
  /** Of those, segments that repeated bytes already sent (not the capture seeing one twice, not keepalives). */
  retransmitted: number;
  /** Retransmissions sent after at least 200 ms of silence from this side: after a timeout. */
  rto: number;
  /** Payload bytes the retransmissions carried. */
  retransBytes: number;
  retransFrame: number;
  retransFirstT: number;
  /** Duplicate ACKs this side sent (the same ACK again while the other side had data in flight). */
  dupAcks: number;
  /** Times this side's receive window closed (advertised 0), its first, and how long it stayed closed. */
  zeroWindows: number;
  zeroFrame: number;
  zeroFirstT: number;
  zeroUs: number;
  /** The window was still closed at the end of the capture since this time (-1: it was open). */
  zeroOpenAt: number;
  /** Times this side's data in flight reached the other side's whole window (reset by each new ACK). */
  windowFull: number;
  wfFrame: number;
  wfFirstT: number;
  /** The largest window this side advertised, in bytes (0: scaling unknown, the handshake was not seen). */
  maxWindow: number;
  /** Write-write-read stalls: a small write, the peer's delayed bare ACK, then at once the next write. */
  nagle: number;
  nagleUs: number;
  /** The first stall's three packets: the first write, the delayed ACK, the held second write. */
  nagleFrames: [number, number, number];
  nagleFirstT: number;
  /** Retransmissions since the other side last acknowledged new data from this side. */
  tail: number;
  tailFrame: number;
  tailFirstT: number;
  /** This side's last data segment. */
  lastSend: number;
  /** When this side's data still waiting for an ACK was first sent (0: none waits). */
  since: number;
  /** Bytes of this side's data never acknowledged by the end (1 when the other side never ACKed at all). */
  unacked: number;
}

export interface FlowFacts {
  /** SYN to the ACK that completed the handshake, wherever the capture was taken (-1: not seen). */
  rttUs: number;
  /** The last quiet spell of a second or more (0: none), where it ended, and its two packets. */
  gapUs: number;
  gapEndT: number;
  gapFrom: number;
  gapTo: number;
  /** The RST that came right after that gap (0: none). */
  idleRstFrame: number;
  idleRstT: number;
  /** The first RST's packet number (0: none). */
  rstFrame: number;
  client: DirectionFacts;
  server: DirectionFacts;
}

function emptyDirection(): DirectionFacts {
  return {
    segments: 0, bytes: 0, retransmitted: 0, rto: 0, retransBytes: 0, retransFrame: 0, retransFirstT: 0, dupAcks: 0, zeroWindows: 0, zeroFrame: 0, zeroFirstT: 0, zeroUs: 0, zeroOpenAt: -1,
    windowFull: 0, wfFrame: 0, wfFirstT: 0, maxWindow: 0, nagle: 0, nagleUs: 0, nagleFrames: [0, 0, 0], nagleFirstT: 0, tail: 0, tailFrame: 0, tailFirstT: 0, lastSend: 0,
    since: 0, unacked: 0,
  };
}

/** Facts with nothing in them (a conversation without data), to fill or to build test cases on. */
export function emptyFlowFacts(): FlowFacts {
  return { rttUs: -1, gapUs: 0, gapEndT: 0, gapFrom: 0, gapTo: 0, idleRstFrame: 0, idleRstT: 0, rstFrame: 0, client: emptyDirection(), server: emptyDirection() };
}
