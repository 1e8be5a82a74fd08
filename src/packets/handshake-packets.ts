/**
 * The TCP packets of one port in a capture, each with its addresses, ports, flags and sequence
 * numbers: what joining two captures of the same connection (client's and server's) needs. NAT
 * may change addresses and ports on the way, but never the SYN's initial sequence number.
 */
import { readCaptureBuffer } from './capture-file.js';
import { decodeFrameInto, emptyPacket, emptyTcpHeader, TCP_FLAGS, type TcpHeader } from './decode.js';

export interface TcpPacket {
  tsUs: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  flags: number;
  seq: number;
  ack: number;
  ttl: number;
}

/** Every TCP packet to or from `port` in a pcap/pcapng held in memory (a cut-off file gives what it holds). */
export async function tcpPacketsOnPort(bytes: Buffer, port: number): Promise<TcpPacket[]> {
  const out: TcpPacket[] = [];
  const p = emptyPacket();
  const tcp: TcpHeader = emptyTcpHeader();
  try {
    await readCaptureBuffer(bytes, (raw) => {
      if (!decodeFrameInto(p, raw.linkType, raw.buf, raw.offset, raw.offset + raw.length, tcp) || !p.tcp) return;
      if (tcp.srcPort !== port && tcp.dstPort !== port) return;
      out.push({ tsUs: raw.tsUs, src: p.src, dst: p.dst, srcPort: tcp.srcPort, dstPort: tcp.dstPort, flags: tcp.flags, seq: tcp.seq >>> 0, ack: tcp.ack >>> 0, ttl: p.ttl });
    });
  } catch {
    // An empty or damaged stream (ssh cut off before the pcap header) holds no packets.
  }
  return out;
}

export const isSyn = (t: TcpPacket) => (t.flags & TCP_FLAGS.SYN) !== 0 && (t.flags & TCP_FLAGS.ACK) === 0;
export const isSynAck = (t: TcpPacket) => (t.flags & TCP_FLAGS.SYN) !== 0 && (t.flags & TCP_FLAGS.ACK) !== 0;
export const isRst = (t: TcpPacket) => (t.flags & TCP_FLAGS.RST) !== 0;
