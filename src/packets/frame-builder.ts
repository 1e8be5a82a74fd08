/**
 * Builds frames byte by byte (Ethernet/SLL/SLL2/raw/null + IPv4/IPv6 + TCP/ICMP): for the
 * committed fixtures, the fuzzer's seeds and the benchmark's million packets.
 */
import { isIPv6 } from 'node:net';
import { LINKTYPE } from './decode.js';

export interface TcpSpec {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  /** TCP_FLAGS bits. */
  flags: number;
  seq?: number;
  ack?: number;
  payload?: Buffer | number;
  ttl?: number;
  /** IP ECN bits (3 = CE). */
  ecn?: number;
  /** The window field (default 64240). */
  window?: number;
  /** Options of a SYN or SYN-ACK: MSS and window scale. */
  mss?: number;
  wscale?: number;
}

export interface LinkSpec {
  linkType: number;
  srcMac?: string;
  dstMac?: string;
  /** SLL/SLL2: 0 to us, 4 sent by us. */
  pktType?: number;
}

function macBytes(mac = '00:00:00:00:00:00'): Buffer {
  return Buffer.from(mac.split(':').map((x) => parseInt(x, 16)));
}

function addrBytes(addr: string): Buffer {
  if (!isIPv6(addr)) return Buffer.from(addr.split('.').map(Number));
  const [head, tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = addr.includes('::') ? (tail ? tail.split(':') : []) : [];
  const words = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const b = Buffer.alloc(16);
  words.forEach((w, i) => b.writeUInt16BE(parseInt(w, 16), i * 2));
  return b;
}

function ipChecksum(b: Buffer, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An IPv4 or IPv6 packet around `l4` (protocol `proto`). */
export function ipPacket(src: string, dst: string, proto: number, l4: Buffer, ttl = 64, ecn = 0): Buffer {
  if (isIPv6(src)) {
    const h = Buffer.alloc(40);
    h.writeUInt32BE(((6 << 28) | (ecn << 20)) >>> 0, 0);
    h.writeUInt16BE(l4.length, 4);
    h[6] = proto === 1 ? 58 : proto;
    h[7] = ttl;
    addrBytes(src).copy(h, 8);
    addrBytes(dst).copy(h, 24);
    return Buffer.concat([h, l4]);
  }
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h[1] = ecn & 3;
  h.writeUInt16BE(20 + l4.length, 2);
  h.writeUInt16BE(0x4000, 6);
  h[8] = ttl;
  h[9] = proto;
  addrBytes(src).copy(h, 12);
  addrBytes(dst).copy(h, 16);
  h.writeUInt16BE(ipChecksum(h, 0, 20), 10);
  return Buffer.concat([h, l4]);
}

/** A TCP segment inside its IP packet. */
export function tcpPacket(s: TcpSpec): Buffer {
  const payload = typeof s.payload === 'number' ? Buffer.alloc(s.payload, 0x61) : (s.payload ?? Buffer.alloc(0));
  const options: number[] = [];
  if (s.mss !== undefined) options.push(2, 4, s.mss >> 8, s.mss & 0xff);
  if (s.wscale !== undefined) options.push(1, 3, 3, s.wscale);
  while (options.length % 4) options.push(0);
  const hlen = 20 + options.length;
  const t = Buffer.alloc(hlen + payload.length);
  t.writeUInt16BE(s.srcPort, 0);
  t.writeUInt16BE(s.dstPort, 2);
  t.writeUInt32BE((s.seq ?? 0) >>> 0, 4);
  t.writeUInt32BE((s.ack ?? 0) >>> 0, 8);
  t[12] = (hlen / 4) << 4;
  t[13] = s.flags;
  t.writeUInt16BE(s.window ?? 64240, 14);
  Buffer.from(options).copy(t, 20);
  payload.copy(t, hlen);
  return ipPacket(s.src, s.dst, 6, t, s.ttl ?? 64, s.ecn ?? 0);
}

/** An ICMP (or ICMPv6) error from `from` to `to`, quoting the start of `quoted` (an IP packet). */
export function icmpErrorPacket(from: string, to: string, type: number, code: number, quoted: Buffer, ttl = 64): Buffer {
  const q = quoted.subarray(0, isIPv6(from) ? 48 : 28);
  const m = Buffer.alloc(8 + q.length);
  m[0] = type;
  m[1] = code;
  q.copy(m, 8);
  return ipPacket(from, to, 1, m, ttl);
}

/** Wraps an IP packet in the link layer of `link.linkType`. */
export function frame(ip: Buffer, link: LinkSpec): Buffer {
  const v6 = ip[0] >> 4 === 6;
  const etherType = v6 ? 0x86dd : 0x0800;
  switch (link.linkType) {
    case LINKTYPE.ethernet: {
      const h = Buffer.alloc(14);
      macBytes(link.dstMac).copy(h, 0);
      macBytes(link.srcMac).copy(h, 6);
      h.writeUInt16BE(etherType, 12);
      return Buffer.concat([h, ip]);
    }
    case LINKTYPE.sll: {
      const h = Buffer.alloc(16);
      h.writeUInt16BE(link.pktType ?? 0, 0);
      h.writeUInt16BE(1, 2);
      h.writeUInt16BE(6, 4);
      macBytes(link.srcMac).copy(h, 6);
      h.writeUInt16BE(etherType, 14);
      return Buffer.concat([h, ip]);
    }
    case LINKTYPE.sll2: {
      const h = Buffer.alloc(20);
      h.writeUInt16BE(etherType, 0);
      h.writeUInt32BE(2, 4);
      h.writeUInt16BE(1, 8);
      h[10] = link.pktType ?? 0;
      h[11] = 6;
      macBytes(link.srcMac).copy(h, 12);
      return Buffer.concat([h, ip]);
    }
    case LINKTYPE.null: {
      const h = Buffer.alloc(4);
      h.writeUInt32LE(v6 ? 30 : 2, 0);
      return Buffer.concat([h, ip]);
    }
    default:
      return ip;
  }
}
