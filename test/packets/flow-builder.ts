/**
 * Builds one TCP conversation packet by packet, sequence numbers kept as a real stack would, and
 * writes it as a pcap (raw IP): the unit tests' way to show the analyzer a retransmission, a
 * zero window or a Nagle stall exactly, without a network. The lab tests make the real ones.
 */
import { CaptureEncoder } from '../../src/packets/capture-writer.js';
import { LINKTYPE, TCP_FLAGS as F } from '../../src/packets/decode.js';
import { tcpPacket } from '../../src/packets/frame-builder.js';

export { F };

type Side = 'c' | 's';

interface Sent {
  atUs: number;
  ip: Buffer;
}

export class FlowBuilder {
  private readonly packets: Sent[] = [];
  /** Next sequence number each side sends, and what each side has received in order. */
  private next: Record<Side, number>;
  private readonly start: number;
  win: Record<Side, number> = { c: 64240, s: 64240 };

  constructor(
    readonly client = { addr: '198.18.0.2', port: 40000 },
    readonly server = { addr: '198.19.0.2', port: 8080 },
    isn: Record<Side, number> = { c: 1000, s: 5000 },
  ) {
    this.next = { c: isn.c, s: isn.s };
    this.start = isn.c;
  }

  private ends(from: Side) {
    const [src, dst] = from === 'c' ? [this.client, this.server] : [this.server, this.client];
    return { src: src.addr, dst: dst.addr, srcPort: src.port, dstPort: dst.port };
  }

  private other(from: Side): Side {
    return from === 'c' ? 's' : 'c';
  }

  /** SYN, SYN-ACK, ACK: the client's at `atUs`, the answer `rttUs` later, the ACK right after it. */
  handshake(atUs: number, rttUs: number, opts: { wscale?: [number, number]; mss?: [number, number] } = {}): this {
    this.raw('c', atUs, F.SYN, { seq: this.next.c, ack: 0, wscale: opts.wscale?.[0], mss: opts.mss?.[0] ?? 1460 });
    this.raw('s', atUs + rttUs, F.SYN | F.ACK, { seq: this.next.s, ack: this.next.c + 1, wscale: opts.wscale?.[1], mss: opts.mss?.[1] ?? 1460 });
    this.next.c++;
    this.next.s++;
    this.raw('c', atUs + rttUs + 20, F.ACK, { seq: this.next.c, ack: this.next.s });
    return this;
  }

  /** `len` bytes of new data from `from`; returns the segment's sequence number. */
  data(from: Side, atUs: number, len: number, opts: { win?: number; flags?: number } = {}): number {
    const seq = this.next[from];
    this.raw(from, atUs, (opts.flags ?? F.PSH) | F.ACK, { seq, ack: this.next[this.other(from)], payload: len, window: opts.win });
    this.next[from] = (seq + len) >>> 0;
    return seq;
  }

  /** Bytes `seq … seq+len` of `from` again (a retransmission, or anything at an old sequence). */
  again(from: Side, atUs: number, seq: number, len: number): void {
    this.raw(from, atUs, F.PSH | F.ACK, { seq, ack: this.next[this.other(from)], payload: len });
  }

  /** A bare ACK from `from` of everything the other side sent (or of `ack`), with a window. */
  ack(from: Side, atUs: number, opts: { ack?: number; win?: number } = {}): void {
    this.raw(from, atUs, F.ACK, { seq: this.next[from], ack: opts.ack ?? this.next[this.other(from)], window: opts.win });
  }

  /** A RST from `from`. */
  rst(from: Side, atUs: number): void {
    this.raw(from, atUs, F.RST | F.ACK, { seq: this.next[from], ack: this.next[this.other(from)] });
  }

  /** A FIN from `from`. */
  fin(from: Side, atUs: number): void {
    this.raw(from, atUs, F.FIN | F.ACK, { seq: this.next[from], ack: this.next[this.other(from)] });
    this.next[from] = (this.next[from] + 1) >>> 0;
  }

  raw(from: Side, atUs: number, flags: number, spec: { seq: number; ack: number; payload?: number; window?: number; wscale?: number; mss?: number }): void {
    const ip = tcpPacket({ ...this.ends(from), flags, seq: spec.seq, ack: spec.ack, payload: spec.payload, window: spec.window ?? this.win[from], wscale: spec.wscale, mss: spec.mss });
    this.packets.push({ atUs, ip });
  }

  /** The last packet again, `afterUs` later (a capture that sees one packet twice). */
  echoLast(afterUs: number): void {
    const last = this.packets[this.packets.length - 1];
    this.packets.push({ atUs: last.atUs + afterUs, ip: last.ip });
  }

  /** Packet numbers so far (1-based, as the file will number them). */
  get count(): number {
    return this.packets.length;
  }

  /** The pcap, packets in time order, timestamps from `baseUs`. */
  pcap(baseUs = Date.UTC(2026, 10, 21, 9) * 1000): Buffer {
    const enc = new CaptureEncoder({ format: 'pcap' });
    const sorted = [...this.packets].sort((a, b) => a.atUs - b.atUs);
    return Buffer.concat([enc.header(LINKTYPE.raw), ...sorted.map((p) => enc.packet(baseUs + p.atUs, p.ip))]);
  }

  /** The sequence number where the client's data starts (for again()). */
  get clientStart(): number {
    return this.start + 1;
  }
}
