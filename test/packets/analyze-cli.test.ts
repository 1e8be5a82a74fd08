/** `tcpsleuth analyze` through the built CLI (dist/cli.js), the way users and scripts run it. */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { which } from '../../src/tools.js';

const fx = (name: string) => fileURLToPath(new URL(`../fixtures/pcap/${name}`, import.meta.url));

describe('tcpsleuth analyze', () => {
  it('--json: packets, truncated, conversations with client/server as addr:port, macs', async () => {
    const r = await runCli(['analyze', fx('synthetic-ethernet-be-usec.pcap'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ packets: 60, truncated: false });
    expect(out.conversations).toHaveLength(10);
    for (const c of out.conversations) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['client', 'server', 'outcome', 'synRetransmits', 'ecn', 'startedAt', 'durationMs']));
      expect(c.client).toMatch(/^198\.18\.0\.2:\d+$/);
    }
    expect(out.conversations[3].rst).toMatchObject({ from: 'server', ttlMismatch: true, duringTls: true });
    expect(out.conversations[4].icmp).toMatchObject({ from: '198.18.0.1', role: 'router' });
    expect(out.macs).toContainEqual({ mac: '00:01:d7:aa:bb:cc', vendor: 'F5 Inc.', role: 'gateway' });
  });

  it('IPv6 endpoints are written [addr]:port', async () => {
    const out = JSON.parse((await runCli(['analyze', fx('synthetic-raw-ipv6-be-nsec.pcap'), '--json'])).stdout);
    expect(out.conversations[0]).toMatchObject({ client: '[fd00:18::2]:40000', server: '[fd00:19::2]:8000' });
  });

  it('plain text: one line per conversation and the MAC vendors', async () => {
    const r = await runCli(['analyze', fx('synthetic-ethernet-be-usec.pcap')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/60 packets, 10 TCP conversations \(pcap, Ethernet\)/);
    expect(r.stdout).toMatch(/198\.19\.0\.2:8002\s+filtered\s+no answer to 4 SYNs; retries at 1\.0 s, 3\.0 s, 7\.0 s/);
    expect(r.stdout).toMatch(/00:01:d7:aa:bb:cc\s+gateway\s+F5 Inc\./);
  });

  it('--conversation N draws the sequence diagram in tcpdump notation, and what never arrived', async () => {
    const hole = await runCli(['analyze', fx('synthetic-ethernet-be-usec.pcap'), '--conversation', '9']);
    expect(hole.code).toBe(0);
    const lines = hole.stdout.split('\n');
    expect(lines[0]).toBe('conversation 9: 198.18.0.2:40008 → 198.19.0.2:8008   open');
    const arrows = lines.filter((l) => /[▶◀]/.test(l));
    expect(arrows[0]).toMatch(/^\s+0\.000000 s\s+│─+ \[SEW\] ─+▶│$/);
    expect(arrows[1]).toMatch(/^\s+1\.020000 s\s+│─+ \[S\] ─+▶│$/);
    expect(arrows[2]).toMatch(/^\s+1\.020800 s\s+│◀─+ \[S\.\] ttl 63 ─+│$/);
    expect(hole.stdout).toMatch(/✗ the SYN asking for ECN \(\[SEW\]\) got no answer/);
    const neg = await runCli(['analyze', fx('synthetic-ethernet-be-usec.pcap'), '-c', '7']);
    expect(neg.stdout).toMatch(/◀─+ \[S\.E\] ttl 63 ─+│/);
    expect(neg.stdout).toMatch(/─+ \[F\.\] ─+▶│/);
    const filtered = await runCli(['analyze', fx('synthetic-ethernet-be-usec.pcap'), '-c', '3']);
    expect(filtered.stdout).toMatch(/✗ no SYN-ACK: 4 SYNs went out and nothing came back/);
    const reset = await runCli(['analyze', fx('synthetic-ethernet-be-usec.pcap'), '-c', '4']);
    expect(reset.stdout).toMatch(/◀─+ \[R\.\] ttl 255 ─+│/);
    expect(reset.stdout).toMatch(/─+ \[P\.\] 43 B ─+▶│/);
    const icmp = await runCli(['analyze', fx('synthetic-ethernet-be-usec.pcap'), '-c', '5']);
    expect(icmp.stdout).toMatch(/ICMP communication administratively prohibited from 198\.18\.0\.1 \(a router\)/);
  });

  it.skipIf(!which('tcpdump'))('flags match tcpdump -r for every packet of a real capture', async () => {
    const file = fx('lo-ethernet-usec.pcap');
    const theirs = execFileSync('tcpdump', ['-r', file, '-n', 'tcp'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean)
      .map((l) => /Flags (\[[^\]]+\])/.exec(l)?.[1]);
    const ours: string[] = [];
    const count = JSON.parse((await runCli(['analyze', file, '--json'])).stdout).conversations.length;
    for (let i = 1; i <= count; i++) {
      const d = (await runCli(['analyze', file, '-c', String(i)])).stdout;
      ours.push(...d.split('\n').filter((l) => /[▶◀]/.test(l)).map((l) => /(\[[^\]]+\])/.exec(l)![1]));
    }
    // Same multiset of flags (our diagrams group by conversation, tcpdump lists by time).
    expect([...ours].sort()).toEqual([...theirs].sort());
    expect(ours).toContain('[R.]');
    expect(ours).toContain('[S.]');
  });

  it('bad usage and foreign files: one line, exit 2; a truncated file: partial result, exit 1', async () => {
    const none = await runCli(['analyze']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('tcpsleuth: analyze needs a capture file: tcpsleuth analyze FILE.pcap (or - to read it from stdin)\n');
    const missing = await runCli(['analyze', '/nonexistent/x.pcap']);
    expect(missing).toMatchObject({ code: 2, stderr: 'tcpsleuth: cannot read /nonexistent/x.pcap: no such file\n' });
    const text = await runCli(['analyze', fx('not-a-capture.txt')]);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^tcpsleuth: .* is not a pcap or pcapng file \(magic number 0x73696874\)\n$/);
    const badN = await runCli(['analyze', fx('any-sll2.pcap'), '--conversation', 'two']);
    expect(badN.code).toBe(2);
    expect(badN.stderr).toMatch(/--conversation wants a conversation number/);
    const tooBig = await runCli(['analyze', fx('any-sll2.pcap'), '-c', '99']);
    expect(tooBig).toMatchObject({ code: 2, stderr: expect.stringMatching(/has 4 TCP conversations, no number 99/) });
    const opt = await runCli(['analyze', fx('any-sll2.pcap'), '--bogus']);
    expect(opt.code).toBe(2);
    const cut = await runCli(['analyze', fx('truncated.pcap'), '--json']);
    expect(cut.code).toBe(1);
    expect(JSON.parse(cut.stdout)).toMatchObject({ truncated: true, packets: 17 });
    for (const r of [none, missing, text, badN, tooBig, opt]) expect(r.stderr).not.toMatch(/\n.+/);
  });
});

describe('analyze in a pipe that closes early', () => {
  it('`analyze --json | head -1` exits 0 without a stack trace (EPIPE is not an error)', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { CaptureEncoder } = await import('../../src/packets/capture-writer.js');
    const { syntheticTraffic } = await import('../../src/packets/synthetic.js');
    const dir = mkdtempSync(join(tmpdir(), 'tsl-epipe-'));
    try {
      // Enough conversations that the JSON is still being written when the reader goes away.
      const enc = new CaptureEncoder({ format: 'pcap' });
      const parts = [enc.header(1)];
      syntheticTraffic(60_000, (ts, frame) => parts.push(enc.packet(ts, frame)));
      const file = join(dir, 'big.pcap');
      writeFileSync(file, Buffer.concat(parts));
      const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
      const child = spawn(process.execPath, [cli, 'analyze', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).not.toMatch(/EPIPE|at .*\(/);
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
