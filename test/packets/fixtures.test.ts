import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { analyzeCapture, analyzeCaptureBuffer } from '../../src/packets/analyze-capture.js';
import { readCapture, CaptureFileError } from '../../src/packets/capture-file.js';
import { LINKTYPE } from '../../src/packets/decode.js';
import { conversationJson } from '../../src/packets/conversation-json.js';

const fx = (name: string) => fileURLToPath(new URL(`../fixtures/pcap/${name}`, import.meta.url));

describe('tcpdump-captured fixtures (loopback: reset during TLS, refused, refused ::1, open)', () => {
  const cases: Array<[string, 'pcap' | 'pcapng', number[]]> = [
    ['lo-ethernet-usec.pcap', 'pcap', [LINKTYPE.ethernet]],
    ['lo-ethernet-nsec.pcap', 'pcap', [LINKTYPE.ethernet]],
    ['any-sll2.pcap', 'pcap', [LINKTYPE.sll2]],
    ['any-sll.pcap', 'pcap', [LINKTYPE.sll]],
    ['lo-ethernet-nsec.pcapng', 'pcapng', [LINKTYPE.ethernet]],
  ];
  for (const [file, format, links] of cases) {
    it(`${file}: reads the link type and names each outcome`, async () => {
      const a = await analyzeCapture(fx(file));
      expect(a.format).toBe(format);
      expect(a.linkTypes).toEqual(links);
      expect(a.truncated).toBe(false);
      expect(a.undecoded).toBe(0);
      expect(a.conversations.map((c) => [c.server, c.outcome])).toEqual([
        ['127.0.0.1:45010', 'reset'],
        ['127.0.0.1:45011', 'refused'],
        ['[::1]:45012', 'refused'],
        ['127.0.0.1:45012', 'open'],
      ]);
      const reset = a.conversations[0];
      expect(reset.rst).toMatchObject({ from: 'server', duringTls: true, ttl: 64, synAckTtl: 64, ttlMismatch: false, afterBytes: { client: 6, server: 0 } });
      // Loopback frames carry all-zero MACs: nothing to name.
      expect(a.macs).toEqual([]);
    });
  }

  it('µs and ns captures of the same traffic give timestamps in microseconds', async () => {
    const ts: number[] = [];
    await readCapture(fx('lo-ethernet-nsec.pcap'), (p) => ts.push(p.tsUs));
    const ng: number[] = [];
    await readCapture(fx('lo-ethernet-nsec.pcapng'), (p) => ng.push(p.tsUs));
    expect(ng).toHaveLength(ts.length);
    for (let i = 0; i < ts.length; i++) expect(Math.abs(ng[i] - ts[i])).toBeLessThan(1);
    // 2026 in microseconds since the epoch.
    expect(ts[0]).toBeGreaterThan(1.7e15);
    expect(ts[0]).toBeLessThan(2.0e15);
  });

  it('a pcapng with two interfaces (Ethernet and SLL) reads both', async () => {
    const a = await analyzeCapture(fx('lo-and-any-multi-iface.pcapng'));
    expect(a.linkTypes).toEqual([LINKTYPE.ethernet, LINKTYPE.sll]);
    expect(a.packets).toBe(18 + 12);
    expect(a.conversations.filter((c) => c.outcome === 'reset')).toHaveLength(2);
  });
});

describe('synthetic fixtures: byte orders, raw/null/SLL, pcapng block order', () => {
  const files = [
    'synthetic-ethernet-be-usec.pcap',
    'synthetic-raw-ipv6-be-nsec.pcap',
    'synthetic-null-le-usec.pcap',
    'synthetic-sll-ipv6.pcap',
    'synthetic-ethernet-le.pcapng',
    'synthetic-two-ifaces-be-nsec.pcapng',
  ];
  for (const file of files) {
    it(`${file}: ten conversations, each in the verdict vocabulary`, async () => {
      const a = await analyzeCapture(fx(file));
      expect(a.truncated).toBe(false);
      expect(a.packets).toBe(60);
      expect(a.conversations.map((c) => c.outcome)).toEqual(['open', 'refused', 'filtered', 'reset', 'unreachable', 'closed', 'open', 'open', 'open', 'reset']);
      const [, , filtered, tls, unreach, , neg, notNeg, hole] = a.conversations;
      expect(filtered.synRetransmits.map((r) => Math.round(r.atMs))).toEqual([1000, 3000, 7000]);
      expect(tls.rst).toMatchObject({ ttl: 255, synAckTtl: 63, ttlMismatch: true, duringTls: true, afterHandshakeMs: 2500.2 });
      expect(unreach.icmp).toMatchObject({ role: 'router', meaning: 'communication administratively prohibited' });
      expect(unreach.icmp?.from).toMatch(/^(198\.18\.0\.1|fd00:18::1)$/);
      expect(neg.ecn).toEqual({ state: 'negotiated', ceMarks: 1, ece: 1, cwr: 0 });
      expect(notNeg.ecn.state).toBe('not-negotiated');
      expect(hole.ecn.state).toBe('blackhole');
      expect(hole.synRetransmits).toEqual([{ atMs: 1020, ecn: false }]);
    });
  }

  it('pcapng with two sections of opposite byte order: each section its own interfaces', async () => {
    const both = Buffer.concat([readFileSync(fx('synthetic-two-ifaces-be-nsec.pcapng')), readFileSync(fx('synthetic-ethernet-le.pcapng'))]);
    const a = await analyzeCaptureBuffer(both);
    expect(a).toMatchObject({ format: 'pcapng', packets: 120, truncated: false, undecoded: 0 });
    // The same ten 4-tuples and ISNs again: a new conversation after each one that ended (RST,
    // FIN, ICMP); the filtered and ECN-blackhole ones never ended, so their second run of SYNs
    // (same ISN) counts as retransmissions.
    expect(a.conversations).toHaveLength(18);
    expect(a.conversations.filter((c) => c.outcome === 'filtered').map((c) => c.synRetransmits.length)).toEqual([7]);
  });

  it('names the MAC vendors from the IEEE registry and their roles (the F5 story)', async () => {
    const a = await analyzeCapture(fx('synthetic-ethernet-be-usec.pcap'));
    expect(a.macs).toEqual([
      { mac: '00:14:22:0a:0b:0c', vendor: 'Dell Inc.', role: 'client' },
      { mac: '00:01:d7:aa:bb:cc', vendor: 'F5 Inc.', role: 'gateway' },
    ]);
  });
});

describe('the hand-written conversation JSON', () => {
  it('is exactly JSON.stringify of the summary without clientAddr/serverAddr, for every fixture', async () => {
    let n = 0;
    for (const f of ['synthetic-ethernet-be-usec.pcap', 'synthetic-raw-ipv6-be-nsec.pcap', 'lo-ethernet-usec.pcap', 'any-sll2.pcap', 'truncated.pcap']) {
      for (const c of (await analyzeCapture(fx(f))).conversations) {
        const { clientAddr: _c, serverAddr: _s, ...rest } = c;
        expect(conversationJson(c)).toBe(JSON.stringify(rest));
        n++;
      }
    }
    expect(n).toBeGreaterThan(30);
  });
});

describe('damaged and foreign files', () => {
  it('a truncated capture gives the packets before the damage, marked truncated', async () => {
    const a = await analyzeCapture(fx('truncated.pcap'));
    expect(a.truncated).toBe(true);
    expect(a.truncatedReason).toMatch(/ends in the middle of a record/);
    expect(a.packets).toBe(17);
  });

  it('a text file or a missing file is a CaptureFileError with one line', async () => {
    await expect(analyzeCapture(fx('not-a-capture.txt'))).rejects.toThrow(CaptureFileError);
    await expect(analyzeCapture(fx('not-a-capture.txt'))).rejects.toThrow(/not a pcap or pcapng file/);
    await expect(analyzeCapture(fx('missing.pcap'))).rejects.toThrow(/no such file/);
    await expect(analyzeCapture(fileURLToPath(new URL('../fixtures/pcap', import.meta.url)))).rejects.toThrow(/is a directory/);
  });
});
