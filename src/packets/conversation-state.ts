/**
 * The state kept per TCP conversation while a capture is read: numbers and a few short arrays,
 * no sub-objects on the hot path, because a big capture holds a hundred thousand of them.
 */
import type { ConversationEvent } from './conversations.js';

/** SYNs remembered per conversation: a retry storm beyond this says nothing new. */
export const MAX_SYNS = 32;

/** An int32 hash of one direction of a 4-tuple (addresses already folded to int32). */
export function tupleHash(srcN: number, sp: number, dstN: number, dp: number): number {
  return (Math.imul(srcN, 0x9e3779b1) ^ Math.imul(dstN ^ 0x7f4a7c15, 0x85ebca77) ^ Math.imul((sp << 16) | dp, 0xc2b2ae3d)) | 0;
}

/** One conversation while the capture is read (see ConversationTracker). */
export class Conv {
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
  // Initialised (to undefined) so every Conv has one shape from birth.
  rst: { t: number; fromClient: boolean; ttl: number; address: string; bytesC: number; bytesS: number; duringTls: boolean } | undefined = undefined;
  icmp: { t: number; from: string; v6: boolean; type: number; code: number } | undefined = undefined;
  finT = -1;
  finFromClient = false;
  bytesC = 0;
  bytesS = 0;
  tlsHello = false;
  ce = 0;
  ece = 0;
  cwr = 0;
  packets = 0;
  last: number;
  events: ConversationEvent[] | undefined = undefined;
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
    // After a RST, a FIN or a fatal ICMP error, a SYN on the same 4-tuple starts a new connection.
    return this.rst !== undefined || this.finT >= 0 || (this.icmp !== undefined && this.synAckT < 0);
  }
}
