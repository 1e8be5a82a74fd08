import { describe, it, expect } from 'vitest';
import { decodeFrameInto, emptyPacket, ipv6, LINKTYPE, macText, TCP_FLAGS as F, type DecodedPacket } from '../../src/packets/decode.js';
import { frame, icmpErrorPacket, ipPacket, tcpPacket } from '../../src/packets/frame-builder.js';
import { flagNotation } from '../../src/packets/tcp-notation.js';
import { formatHostPort } from '../../src/target.js';
import { macVendor } from '../../src/packets/oui.js';

/** One frame into a fresh packet; undefined when it carries no IP we can read. */
function decodeFrame(linkType: number, b: Buffer): DecodedPacket | undefined {
  const p = emptyPacket();
  return decodeFrameInto(p, linkType, b, 0, b.length) ? p : undefined;
}

const syn = (src = '198.18.0.2', dst = '198.19.0.2') => tcpPacket({ src, dst, srcPort: 40000, dstPort: 443, flags: F.SYN | F.ECE | F.CWR, seq: 7, ttl: 61, ecn: 0 });

describe('decodeFrame', () => {
  it('reads each link type down to TCP', () => {
    for (const linkType of [LINKTYPE.ethernet, LINKTYPE.sll, LINKTYPE.sll2, LINKTYPE.raw, LINKTYPE.null]) {
      const p = decodeFrame(linkType, frame(syn(), { linkType, srcMac: '00:01:d7:aa:bb:cc', dstMac: '00:14:22:0a:0b:0c' }));
      expect(p, `link type ${linkType}`).toMatchObject({ ipVersion: 4, src: '198.18.0.2', dst: '198.19.0.2', ttl: 61, proto: 6 });
      expect(p?.tcp).toMatchObject({ srcPort: 40000, dstPort: 443, seq: 7, flags: F.SYN | F.ECE | F.CWR, payloadLen: 0 });
    }
  });

  it('Ethernet gives both MACs, SLL/SLL2 the sender and the direction', () => {
    const eth = decodeFrame(LINKTYPE.ethernet, frame(syn(), { linkType: LINKTYPE.ethernet, srcMac: '00:01:d7:aa:bb:cc', dstMac: '00:14:22:0a:0b:0c' }))!;
    expect([macText(eth.srcMac!), macText(eth.dstMac!)]).toEqual(['00:01:d7:aa:bb:cc', '00:14:22:0a:0b:0c']);
    const sll2 = decodeFrame(LINKTYPE.sll2, frame(syn(), { linkType: LINKTYPE.sll2, srcMac: 'fe:01:02:03:04:05', pktType: 4 }))!;
    expect(macText(sll2.srcMac!)).toBe('fe:01:02:03:04:05');
    expect(sll2.outgoing).toBe(true);
  });

  it('skips 802.1Q tags', () => {
    const plain = frame(syn(), { linkType: LINKTYPE.ethernet });
    const tagged = Buffer.concat([plain.subarray(0, 12), Buffer.from([0x81, 0x00, 0x00, 0x64]), plain.subarray(12)]);
    expect(decodeFrame(LINKTYPE.ethernet, tagged)?.tcp?.dstPort).toBe(443);
  });

  it('IPv6: addresses in RFC 5952 form, hop limit, traffic-class ECN, extension headers skipped', () => {
    const p = decodeFrame(LINKTYPE.raw, tcpPacket({ src: 'fd00:18::2', dst: 'fd00:19:0:0:1:0:0:2', srcPort: 1, dstPort: 2, flags: F.SYN, ttl: 63, ecn: 3 }))!;
    expect(p).toMatchObject({ ipVersion: 6, src: 'fd00:18::2', dst: 'fd00:19::1:0:0:2', ttl: 63, ecn: 3 });
    // A hop-by-hop header (8 bytes) between IPv6 and TCP.
    const ip = tcpPacket({ src: 'fd00:18::2', dst: 'fd00:19::2', srcPort: 1, dstPort: 2, flags: F.RST, ttl: 64 });
    const hbh = Buffer.from([6, 0, 1, 4, 0, 0, 0, 0]);
    const withExt = Buffer.concat([ip.subarray(0, 40), hbh, ip.subarray(40)]);
    withExt[6] = 0;
    withExt.writeUInt16BE(ip.length - 40 + 8, 4);
    expect(decodeFrame(LINKTYPE.raw, withExt)?.tcp).toMatchObject({ srcPort: 1, dstPort: 2, flags: F.RST });
    expect(ipv6(Buffer.from('20010db8000000000001000000000001', 'hex'), 0)).toBe('2001:db8::1:0:0:1');
    expect(ipv6(Buffer.alloc(16), 0)).toBe('::');
  });

  it('an ICMP error quotes our SYN: ports and sequence number', () => {
    const s = syn();
    const p = decodeFrame(LINKTYPE.raw, icmpErrorPacket('198.18.0.1', '198.18.0.2', 3, 13, s))!;
    expect(p.icmp).toMatchObject({ v6: false, type: 3, code: 13, quoted: { src: '198.18.0.2', dst: '198.19.0.2', proto: 6, srcPort: 40000, dstPort: 443, seq: 7 } });
    const s6 = syn('fd00:18::2', 'fd00:19::2');
    const p6 = decodeFrame(LINKTYPE.raw, icmpErrorPacket('fd00:18::1', 'fd00:18::2', 1, 1, s6))!;
    expect(p6.icmp).toMatchObject({ v6: true, type: 1, code: 1, quoted: { dst: 'fd00:19::2', dstPort: 443 } });
  });

  it('a later IPv4 fragment has no TCP header; cut-off frames decode as far as they go', () => {
    const ip = syn();
    ip.writeUInt16BE(0x0010, 6);
    expect(decodeFrame(LINKTYPE.raw, ip)?.tcp).toBeUndefined();
    const full = frame(syn(), { linkType: LINKTYPE.ethernet });
    for (let cut = 0; cut < full.length; cut++) expect(() => decodeFrame(LINKTYPE.ethernet, full.subarray(0, cut))).not.toThrow();
    expect(decodeFrame(LINKTYPE.ethernet, full.subarray(0, 30))).toBeUndefined();
    expect(decodeFrame(LINKTYPE.ethernet, full.subarray(0, 40))?.tcp).toBeUndefined();
    expect(decodeFrame(147, full)).toBeUndefined();
    expect(decodeFrame(LINKTYPE.ethernet, ipPacket('1.2.3.4', '5.6.7.8', 17, Buffer.alloc(8)))).toBeUndefined();
  });
});

describe('notation and vendors', () => {
  it('writes flags like tcpdump', () => {
    expect(flagNotation(F.SYN)).toBe('[S]');
    expect(flagNotation(F.SYN | F.ACK)).toBe('[S.]');
    expect(flagNotation(F.SYN | F.ECE | F.CWR)).toBe('[SEW]');
    expect(flagNotation(F.SYN | F.ACK | F.ECE)).toBe('[S.E]');
    expect(flagNotation(F.RST | F.ACK)).toBe('[R.]');
    expect(flagNotation(F.FIN | F.ACK)).toBe('[F.]');
    expect(flagNotation(F.PSH | F.ACK)).toBe('[P.]');
    expect(flagNotation(0)).toBe('[none]');
    expect(formatHostPort('fd00::1', 443)).toBe('[fd00::1]:443');
    expect(formatHostPort('10.0.0.1', 22)).toBe('10.0.0.1:22');
  });

  it('names vendors from the IEEE registry, longest prefix first', () => {
    expect(macVendor('00:01:d7:12:34:56')).toBe('F5 Inc.');
    expect(macVendor('00:14:22:01:02:03')).toBe('Dell Inc.');
    // MA-M and MA-S blocks inside an "IEEE Registration Authority" MA-L block.
    expect(macVendor('10:06:48:01:02:03')).toBe('FLEXTRONICS TECHNOLOGIES (INDIA) PVT LTD');
    expect(macVendor('00:1b:c5:00:00:12')).toBe('Converging Systems Inc.');
    expect(macVendor('02:42:ac:11:00:02')).toBe('locally administered (no vendor)');
    expect(macVendor('ff:ff:ff:ff:ff:ff')).toBe('broadcast');
    expect(macVendor('not a mac')).toBeUndefined();
  });
});
