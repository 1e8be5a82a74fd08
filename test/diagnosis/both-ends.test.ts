/** Joining the client's and the server's packets by the SYN's sequence number (made-up packets). */
import { describe, expect, it } from 'vitest';
import { joinBothEnds } from '../../src/diagnosis/both-ends.js';
import { TCP_FLAGS } from '../../src/packets/decode.js';
import type { TcpPacket } from '../../src/packets/handshake-packets.js';

const { SYN, ACK, RST } = TCP_FLAGS;
const pkt = (src: string, srcPort: number, dst: string, dstPort: number, flags: number, seq: number, ack = 0, ttl = 64): TcpPacket => ({ tsUs: 0, src, dst, srcPort, dstPort, flags, seq, ack, ttl });
const C = '10.0.0.2';
const S = '10.9.0.2';
const NAT = '192.0.2.7';
const syn = pkt(C, 40000, S, 443, SYN, 1000);
const synAck = pkt(S, 443, C, 40000, SYN | ACK, 5000, 1001);
const ids = (j: ReturnType<typeof joinBothEnds>) => j.findings.map((f) => f.id);
const base = { port: 443, addresses: [S] };

describe('joinBothEnds', () => {
  it('syn-not-at-server when the server saw no SYN with our ISN (a SYN from another client does not count)', () => {
    const other = pkt(C, 40001, S, 443, SYN, 777);
    expect(ids(joinBothEnds({ ...base, client: [syn, syn], server: [other] }))).toEqual(['syn-not-at-server']);
  });

  it('joins through NAT by the ISN, and reports the tuple the server saw', () => {
    const natSyn = pkt(NAT, 61000, S, 443, SYN, 1000);
    const j = joinBothEnds({ ...base, client: [syn], server: [natSyn, pkt(S, 443, NAT, 61000, SYN | ACK, 5000, 1001)] });
    expect(j.serverTuple).toBe(`${NAT}:61000 → ${S}:443`);
    expect(ids(j)).toEqual(['synack-lost']);
  });

  it('syn-at-server-unanswered names the firewall when the checklist found it', () => {
    const j = joinBothEnds({ ...base, client: [syn], server: [syn], serverFindings: [{ id: 'local-firewall-drops', text: 'iptables rule "DROP tcp dpt:443" has counted 3 packets', rule: 'DROP tcp dpt:443' }] });
    expect(ids(j)).toEqual(['syn-at-server-unanswered']);
    expect(j.findings[0].text).toMatch(/its own firewall drops it \(DROP tcp dpt:443\)/);
    // The rule comes from the finding's data, never read back out of its sentence.
    const words = joinBothEnds({ ...base, client: [syn], server: [syn], serverFindings: [{ id: 'local-firewall-drops', text: 'iptables rule "DROP tcp dpt:443" has counted 3 packets' }] });
    expect(words.findings[0].text).toMatch(/its own firewall drops it\. See local-firewall-drops/);
  });

  it('no finding when the handshake went through both ways', () => {
    expect(ids(joinBothEnds({ ...base, client: [syn, synAck], server: [syn, synAck] }))).toEqual([]);
  });

  it('rst-not-from-server for an RST the server never sent; rst-from-server when it did', () => {
    const rst = pkt(S, 443, C, 40000, RST, 5001, 0, 61);
    expect(ids(joinBothEnds({ ...base, client: [syn, synAck, rst], server: [syn, synAck] }))).toEqual(['rst-not-from-server']);
    expect(ids(joinBothEnds({ ...base, client: [syn, synAck, rst], server: [syn, synAck, rst] }))).toEqual(['rst-from-server']);
  });

  it('without a client capture: joins by the client port, and uses the verdict for the RST', () => {
    const j = joinBothEnds({ ...base, clientPort: 40000, clientSawRst: true, server: [syn, synAck] });
    expect(j.joinedBy).toBe('client-port');
    expect(ids(j)).toEqual(['rst-not-from-server']);
  });

  it('joins nothing (and claims nothing) with neither a client capture nor a client port', () => {
    const j = joinBothEnds({ ...base, server: [syn] });
    expect(j.joinedBy).toBe('none');
    expect(j.findings).toEqual([]);
  });
});
