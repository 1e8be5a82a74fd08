/**
 * Decodes one captured frame: link layer (Ethernet, Linux cooked SLL/SLL2, raw IP, BSD null and
 * loop), IPv4/IPv6, then TCP or ICMP/ICMPv6 (with the packet an ICMP error quotes). Every read is
 * bounds-checked: a frame cut short decodes as far as it goes and never throws.
 */
import { fold6, ipv4Text, ipv6, mac } from './addresses.js';
import { i32be, u16be, u32be, u32le } from './bytes.js';

export { ipv6, macText } from './addresses.js';

export const LINKTYPE = {
  null: 0,
  ethernet: 1,
  rawAlt: 12,
  rawOpenBsd: 14,
  raw: 101,
  loop: 108,
  sll: 113,
  ipv4: 228,
  ipv6: 229,
  sll2: 276,
} as const;

/** Names for the link types we read (for the summary line). */
export function linkTypeName(t: number): string {
  switch (t) {
    case LINKTYPE.ethernet: return 'Ethernet';
    case LINKTYPE.sll: return 'Linux cooked (SLL)';
    case LINKTYPE.sll2: return 'Linux cooked v2 (SLL2)';
    case LINKTYPE.raw: case LINKTYPE.rawAlt: case LINKTYPE.rawOpenBsd: case LINKTYPE.ipv4: case LINKTYPE.ipv6: return 'raw IP';
    case LINKTYPE.null: return 'BSD loopback (null)';
    case LINKTYPE.loop: return 'OpenBSD loopback';
    default: return `link type ${t} (not decoded)`;
  }
}

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  /** Bytes of payload, from the IP length (not what the snap length kept). */
  payloadLen: number;
  /** The first payload byte when captured (0x16 starts a TLS handshake record). */
  firstByte?: number;
  /** The MSS option of a SYN or SYN-ACK (what that side asks the other to send at most). */
  mss?: number;
  /** The window field as sent (unscaled: times 2^wscale of the sender after the handshake); -1 when cut off. */
  window: number;
  /** The window-scale option of a SYN or SYN-ACK (-1: absent, or not a SYN). */
  wscale: number;
}

/** What an ICMP error quotes of the packet that caused it. */
export interface QuotedPacket {
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  srcN: number;
  dstN: number;
  proto: number;
  srcPort?: number;
  dstPort?: number;
  seq?: number;
}

export interface IcmpMessage {
  v6: boolean;
  type: number;
  code: number;
  quoted?: QuotedPacket;
}

/**
 * One decoded frame. IPv4 addresses are kept as their 32-bit numbers only: `src`/`dst` make the
 * text when asked for (a new conversation, a report), so the per-packet path makes no strings.
 * IPv6 addresses are kept as text as well (their numbers are folds, not the address).
 */
export class DecodedPacket {
  /** MAC addresses as 48-bit numbers (cheap to key on; `macText` formats one). */
  srcMac: number | undefined = 0;
  dstMac: number | undefined = 0;
  /** SLL/SLL2 packet type: 4 means we sent it (outgoing). */
  outgoing: boolean | undefined = undefined;
  ipVersion: 4 | 6 = 4;
  /** The addresses as int32: IPv4's is the address itself, IPv6's a fold for hashing. */
  srcN = 0;
  dstN = 0;
  /** The IPv6 addresses as text ('' for IPv4). */
  src6 = '';
  dst6 = '';
  /** TTL (IPv4) or hop limit (IPv6). */
  ttl = 0;
  /** The two ECN bits of the IP header: 0 not-ECT, 1 ECT(1), 2 ECT(0), 3 CE. */
  ecn = 0;
  proto = 0;
  tcp: TcpHeader | undefined = undefined;
  icmp: IcmpMessage | undefined = undefined;

  get src(): string {
    return this.ipVersion === 4 ? ipv4Text(this.srcN) : this.src6;
  }

  get dst(): string {
    return this.ipVersion === 4 ? ipv4Text(this.dstN) : this.dst6;
  }
}

/** A TCP header with every field present, for decodeFrameInto to refill. */
export function emptyTcpHeader(): TcpHeader {
  return { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, payloadLen: 0, firstByte: undefined, mss: undefined, window: 0, wscale: -1 };
}

/**
 * A packet to refill (one object shape for all packets keeps the readers fast). The MACs start as
 * numbers so V8 keeps them as unboxed doubles, updated in place, rather than a new heap number per
 * frame; decodeFrameInto sets them (to undefined too) on every frame.
 */
export function emptyPacket(): DecodedPacket {
  return new DecodedPacket();
}

/**
 * Decodes the frame in `b[start, end)` into an object the caller reuses for every frame (a million
 * frames, no million objects or Buffer views); `tcp`, when given, is filled instead of a new TCP
 * header. False when the frame carries no IPv4/IPv6 we can read (`p` then holds nothing useful).
 * Everything in `p` is overwritten.
 */
export function decodeFrameInto(p: DecodedPacket, linkType: number, b: Buffer, start: number, end: number, tcp?: TcpHeader): boolean {
  const s = start;
  const len = end - start;
  let o = s;
  let etherType = -1;
  let srcMac: number | undefined;
  let dstMac: number | undefined;
  let outgoing: boolean | undefined;
  switch (linkType) {
    case LINKTYPE.ethernet: {
      if (len < 14) return false;
      dstMac = mac(b, s);
      srcMac = mac(b, s + 6);
      etherType = u16be(b, s + 12);
      o = s + 14;
      // 802.1Q / 802.1ad tags, at most two.
      for (let i = 0; i < 2 && (etherType === 0x8100 || etherType === 0x88a8) && end >= o + 4; i++) {
        etherType = u16be(b, o + 2);
        o += 4;
      }
      break;
    }
    case LINKTYPE.sll: {
      if (len < 16) return false;
      const pktType = u16be(b, s);
      const haType = u16be(b, s + 2);
      const haLen = u16be(b, s + 4);
      if (haType === 1 && haLen === 6) srcMac = mac(b, s + 6);
      outgoing = pktType === 4;
      etherType = u16be(b, s + 14);
      o = s + 16;
      break;
    }
    case LINKTYPE.sll2: {
      if (len < 20) return false;
      etherType = u16be(b, s);
      const haType = u16be(b, s + 8);
      outgoing = b[s + 10] === 4;
      if (haType === 1 && b[s + 11] === 6) srcMac = mac(b, s + 12);
      o = s + 20;
      break;
    }
    case LINKTYPE.null:
    case LINKTYPE.loop: {
      if (len < 4) return false;
      // DLT_NULL's family is in the capturing host's byte order; DLT_LOOP's is big-endian.
      let fam = linkType === LINKTYPE.loop ? u32be(b, s) : u32le(b, s);
      if (fam > 0xffff) fam = u32be(b, s);
      etherType = fam === 2 ? 0x0800 : [10, 24, 28, 30].includes(fam) ? 0x86dd : -1;
      o = s + 4;
      break;
    }
    case LINKTYPE.raw:
    case LINKTYPE.rawAlt:
    case LINKTYPE.rawOpenBsd:
    case LINKTYPE.ipv4:
    case LINKTYPE.ipv6: {
      if (len < 1) return false;
      const v = b[s] >> 4;
      etherType = v === 4 ? 0x0800 : v === 6 ? 0x86dd : -1;
      break;
    }
    default:
      return false;
  }
  p.tcp = undefined;
  p.icmp = undefined;
  let ok = false;
  if (etherType === 0x0800) ok = decodeIpv4(p, b, o, end, false, tcp);
  else if (etherType === 0x86dd) ok = decodeIpv6(p, b, o, end, false, tcp);
  if (!ok) return false;
  p.srcMac = srcMac;
  p.dstMac = dstMac;
  p.outgoing = outgoing;
  return true;
}

function decodeIpv4(p: DecodedPacket, b: Buffer, o: number, end: number, quoted: boolean, tcp?: TcpHeader): boolean {
  if (end < o + 20 || b[o] >> 4 !== 4) return false;
  const ihl = (b[o] & 0x0f) * 4;
  if (ihl < 20) return false;
  const total = u16be(b, o + 2);
  p.ipVersion = 4;
  p.srcN = i32be(b, o + 12);
  p.dstN = i32be(b, o + 16);
  p.src6 = '';
  p.dst6 = '';
  p.ttl = b[o + 8];
  p.ecn = b[o + 1] & 3;
  p.proto = b[o + 9];
  // A later fragment carries no transport header.
  if (quoted || (u16be(b, o + 6) & 0x1fff) !== 0) return true;
  decodeTransport(p, b, o + ihl, Math.max(0, total - ihl), end, tcp);
  return true;
}

function decodeIpv6(p: DecodedPacket, b: Buffer, o: number, end: number, quoted: boolean, tcp?: TcpHeader): boolean {
  if (end < o + 40 || b[o] >> 4 !== 6) return false;
  let next = b[o + 6];
  let payload = u16be(b, o + 4);
  p.ipVersion = 6;
  p.src6 = ipv6(b, o + 8);
  p.dst6 = ipv6(b, o + 24);
  p.srcN = fold6(b, o + 8);
  p.dstN = fold6(b, o + 24);
  p.ttl = b[o + 7];
  p.ecn = (u32be(b, o) >>> 20) & 3;
  p.proto = next;
  if (quoted) return true;
  let at = o + 40;
  // Extension headers: hop-by-hop, routing, destination options, fragment, AH. Bounded.
  for (let i = 0; i < 8; i++) {
    if (next === 0 || next === 43 || next === 60 || next === 51) {
      if (end < at + 2) return true;
      const len = next === 51 ? (b[at + 1] + 2) * 4 : (b[at + 1] + 1) * 8;
      next = b[at];
      at += len;
      payload -= len;
    } else if (next === 44) {
      if (end < at + 8) return true;
      if ((u16be(b, at + 2) & 0xfff8) !== 0) return true;
      next = b[at];
      at += 8;
      payload -= 8;
    } else break;
  }
  p.proto = next;
  decodeTransport(p, b, at, Math.max(0, payload), end, tcp);
  return true;
}

/** The MSS (kind 2) and window-scale (kind 3) options of a SYN, when present and captured, into `t`. */
function synOptions(t: TcpHeader, b: Buffer, from: number, to: number): void {
  for (let at = from; at < to; ) {
    const kind = b[at];
    if (kind === 0) return;
    if (kind === 1) {
      at++;
      continue;
    }
    const len = b[at + 1];
    if (!len || len < 2 || at + len > to) return;
    if (kind === 2 && len === 4) t.mss = u16be(b, at + 2);
    // RFC 7323: a shift above 14 is used as 14.
    else if (kind === 3 && len === 3) t.wscale = Math.min(14, b[at + 2]);
    at += len;
  }
}

function decodeTransport(p: DecodedPacket, b: Buffer, o: number, len: number, end: number, reuse?: TcpHeader): void {
  if (p.proto === 6) {
    if (end < o + 14) return;
    const off = (b[o + 12] >> 4) * 4;
    const payloadLen = Math.max(0, len - off);
    const t: TcpHeader = reuse ?? emptyTcpHeader();
    t.srcPort = u16be(b, o);
    t.dstPort = u16be(b, o + 2);
    t.seq = u32be(b, o + 4);
    t.ack = u32be(b, o + 8);
    t.flags = b[o + 13];
    t.payloadLen = payloadLen;
    t.firstByte = payloadLen > 0 && off >= 20 && end > o + off ? b[o + off] : undefined;
    t.window = end >= o + 16 ? u16be(b, o + 14) : -1;
    t.mss = undefined;
    t.wscale = -1;
    if (t.flags & 0x02) synOptions(t, b, o + 20, Math.min(o + off, end));
    p.tcp = t;
  } else if (p.proto === 1 || p.proto === 58) {
    if (end < o + 2) return;
    const v6 = p.proto === 58;
    const icmp: IcmpMessage = { v6, type: b[o], code: b[o + 1] };
    const isError = v6 ? icmp.type >= 1 && icmp.type <= 4 : [3, 4, 5, 11, 12].includes(icmp.type);
    if (isError) icmp.quoted = decodeQuoted(b, o + 8, end);
    p.icmp = icmp;
  }
}

/** The IP header + first 8 bytes an ICMP error quotes (enough for ports and the sequence number). */
function decodeQuoted(b: Buffer, o: number, end: number): QuotedPacket | undefined {
  const inner = emptyPacket();
  const ok = end > o && b[o] >> 4 === 6 ? decodeIpv6(inner, b, o, end, true) : decodeIpv4(inner, b, o, end, true);
  if (!ok) return undefined;
  const q: QuotedPacket = { ipVersion: inner.ipVersion, src: inner.src, dst: inner.dst, srcN: inner.srcN, dstN: inner.dstN, proto: inner.proto };
  // The quoted TCP header is only 8 bytes long: ports and seq, which decodeTransport wants 14 for.
  const hdr = inner.ipVersion === 4 ? o + (b[o] & 0x0f) * 4 : o + 40;
  if ((inner.proto === 6 || inner.proto === 17) && end >= hdr + 4) {
    q.srcPort = u16be(b, hdr);
    q.dstPort = u16be(b, hdr + 2);
    if (inner.proto === 6 && end >= hdr + 8) q.seq = u32be(b, hdr + 4);
  }
  return q;
}
