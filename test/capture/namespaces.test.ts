/**
 * Captures in a client ── router ── server lab (root): the router drops, rejects, strips or
 * resets, tcpdump runs in the client's namespace, and the analysis must name what happened.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createTopology, destroyTopology, iptables, nsListen, nsSysctl, LAB_ADDR, type Topology } from '../../src/lab/netns.js';
import { startCapture, type CaptureEvidence } from '../../src/checks/capture.js';
import { runTool } from '../../src/tools.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { captureFindings } from '../../src/diagnosis/capture-findings.js';
import { exitOf, processesMentioning, waitGone } from './helpers.js';
import { CLI, runCliInNamespace } from '../helpers/cli.js';

noteSkip('the namespace capture tests');

const NAME = 'cap-lab';
const HELLO = '1603010005010000010300';

/** A connection from the client namespace: connect, send `hex`, close; bounded by `waitMs`. */
async function connectFrom(ns: string, addr: string, port: number, hex = '', waitMs = 3000): Promise<string> {
  const code = `const net=require('net');const [a,p,h,w]=process.argv.slice(1);const s=net.connect({host:a,port:+p});
    const done=(r)=>{console.log(r);process.exit(0)};
    s.on('connect',()=>{if(h)s.write(Buffer.from(h,'hex'));setTimeout(()=>{s.end();setTimeout(()=>done('open'),200)},300)});
    s.on('error',(e)=>done(e.code));setTimeout(()=>done('timeout'),+w);`;
  const r = await runTool('ip', ['netns', 'exec', ns, process.execPath, '-e', code, addr, String(port), hex, String(waitMs)], { timeoutMs: waitMs + 5000 });
  return r.stdout.trim();
}

describe.skipIf(!canUseNamespaces)('capture in a namespace lab', () => {
  let t: Topology;
  const listeners: ChildProcess[] = [];
  const dirs: string[] = [];

  /** Captures in the client namespace while `during` runs; returns the evidence. */
  async function capture(addr: string, port: number, during: () => Promise<string>): Promise<{ ev: CaptureEvidence; result: string }> {
    const s = await startCapture({ address: addr, port, netns: t.ns.client });
    expect(s.running).toBe(true);
    const result = await during();
    const ev = await s.stop();
    dirs.push(dirname(ev.evidence.file!));
    expect(await waitGone(ev.evidence.file!)).toEqual([]);
    return { ev, result };
  }

  beforeAll(async () => {
    await destroyTopology(NAME);
    t = await createTopology(NAME);
    for (const port of [8080, 8081, 8082, 8083]) listeners.push(await nsListen(t.ns.server, port));
    const r = t.ns.router;
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9100', '-j', 'DROP']);
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9177', '-j', 'DROP']);
    // iptables names no ECE/CWR flags: the ecn match does (the SYN with both set asks for ECN).
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '8081', '--syn', '-m', 'ecn', '--ecn-tcp-ece', '--ecn-tcp-cwr', '-j', 'DROP']);
    await iptables(r, ['-t', 'mangle', '-A', 'FORWARD', '-p', 'tcp', '--dport', '8083', '--syn', '-j', 'ECN', '--ecn-tcp-remove']);
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '8082', '--tcp-flags', 'PSH', 'PSH', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9103', '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited']);
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9103', '-j', 'REJECT', '--reject-with', 'icmp6-adm-prohibited'], 6);
    await nsSysctl(t.ns.client, 'net.ipv4.tcp_ecn=1');
  });

  afterAll(async () => {
    for (const l of listeners) l.kill('SIGKILL');
    await destroyTopology(NAME);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('SYN dropped by the router: filtered, with the kernel backoff in synRetransmits', async () => {
    const { ev, result } = await capture(LAB_ADDR.server, 9100, () => connectFrom(t.ns.client, LAB_ADDR.server, 9100, '', 3500));
    expect(result).toBe('timeout');
    const [c] = ev.evidence.conversations;
    expect(c.outcome).toBe('filtered');
    expect(c.synRetransmits.length).toBeGreaterThanOrEqual(2);
    // The kernel's backoff: about 1 s to the first retry, then 1 s (tcp_syn_linear_timeouts,
    // Linux 6.5+) or doubling (older kernels): never sooner than the timeout before.
    const [r1, r2] = c.synRetransmits.map((r) => r.atMs);
    expect(r1).toBeGreaterThan(900);
    expect(r2 - r1).toBeGreaterThan(r1 * 0.9);
    expect(captureFindings(ev.evidence.conversations).map((f) => f.id)).toContain('syn-retransmitted');
  });

  it('ECN asked and granted: negotiated ([SEW] answered by [S.E])', async () => {
    await nsSysctl(t.ns.server, 'net.ipv4.tcp_ecn=1');
    const { ev, result } = await capture(LAB_ADDR.server, 8080, () => connectFrom(t.ns.client, LAB_ADDR.server, 8080, 'abcdef'));
    expect(result).toBe('open');
    const [c] = ev.evidence.conversations;
    expect(c).toMatchObject({ outcome: 'open', ecn: { state: 'negotiated' }, synRetransmits: [] });
    expect(captureFindings(ev.evidence.conversations)).toEqual([]);
  });

  it('ECN asked, server without it: not-negotiated', async () => {
    await nsSysctl(t.ns.server, 'net.ipv4.tcp_ecn=0');
    try {
      const { ev } = await capture(LAB_ADDR.server, 8080, () => connectFrom(t.ns.client, LAB_ADDR.server, 8080, 'abcdef'));
      expect(ev.evidence.conversations[0].ecn.state).toBe('not-negotiated');
      expect(captureFindings(ev.evidence.conversations).map((f) => f.id)).toEqual(['ecn-not-negotiated']);
    } finally {
      await nsSysctl(t.ns.server, 'net.ipv4.tcp_ecn=1');
    }
  });

  it('the router strips ECN from the SYN: the client sees it not negotiated', async () => {
    const { ev } = await capture(LAB_ADDR.server, 8083, () => connectFrom(t.ns.client, LAB_ADDR.server, 8083, 'abcdef'));
    const [c] = ev.evidence.conversations;
    expect(c).toMatchObject({ outcome: 'open', ecn: { state: 'not-negotiated' }, synRetransmits: [] });
  });

  it('the router drops ECN-setup SYNs: blackhole, the plain retry got through', async () => {
    const { ev, result } = await capture(LAB_ADDR.server, 8081, () => connectFrom(t.ns.client, LAB_ADDR.server, 8081, 'abcdef', 5000));
    expect(result).toBe('open');
    const [c] = ev.evidence.conversations;
    expect(c.outcome).toBe('open');
    expect(c.ecn.state).toBe('blackhole');
    expect(c.synRetransmits[0].ecn).toBe(false);
    expect(captureFindings(ev.evidence.conversations).map((f) => f.id)).toEqual(expect.arrayContaining(['ecn-blackhole', 'syn-retransmitted']));
  });

  it('ICMP admin-prohibited from the router: unreachable, and the sender is the router', async () => {
    const { ev, result } = await capture(LAB_ADDR.server, 9103, () => connectFrom(t.ns.client, LAB_ADDR.server, 9103));
    expect(result).toBe('EHOSTUNREACH');
    const [c] = ev.evidence.conversations;
    expect(c.outcome).toBe('unreachable');
    expect(c.icmp).toMatchObject({ from: LAB_ADDR.routerClientSide, role: 'router', meaning: 'communication administratively prohibited' });
    expect(captureFindings(ev.evidence.conversations).map((f) => f.id)).toContain('icmp-from-router');
  });

  it('ICMPv6 admin-prohibited from the router over IPv6', async () => {
    const { ev } = await capture(LAB_ADDR.server6, 9103, () => connectFrom(t.ns.client, LAB_ADDR.server6, 9103));
    const [c] = ev.evidence.conversations;
    expect(c.server).toBe(`[${LAB_ADDR.server6}]:9103`);
    expect(c.outcome).toBe('unreachable');
    expect(c.icmp).toMatchObject({ from: LAB_ADDR.routerClientSide6, role: 'router' });
  });

  it('a RST forged by the router after the ClientHello: reset, TTL mismatch, reset during TLS; MAC roles', async () => {
    const { ev, result } = await capture(LAB_ADDR.server, 8082, () => connectFrom(t.ns.client, LAB_ADDR.server, 8082, HELLO));
    expect(result).toBe('ECONNRESET');
    const [c] = ev.evidence.conversations;
    expect(c.outcome).toBe('reset');
    // The server is one hop away (TTL 63); the router's own RST left it with 64.
    expect(c.rst).toMatchObject({ from: 'server', synAckTtl: 63, ttl: 64, ttlMismatch: true, duringTls: true });
    expect(captureFindings(ev.evidence.conversations).map((f) => f.id)).toEqual(expect.arrayContaining(['rst-ttl-mismatch', 'reset-during-tls']));
    const mac = async (ns: string, dev: string) => JSON.parse((await runTool('ip', ['-n', ns, '-j', 'link', 'show', dev])).stdout)[0].address as string;
    const clientMac = await mac(t.ns.client, 'c0');
    const routerMac = await mac(t.ns.router, 'r0');
    expect(ev.evidence.macs).toEqual(
      expect.arrayContaining([
        { mac: clientMac, vendor: 'locally administered (no vendor)', role: 'client' },
        { mac: routerMac, vendor: 'locally administered (no vendor)', role: 'gateway' },
      ]),
    );
  });

  it('check --capture (the built CLI): the capture step and its findings join the verdict', async () => {
    const r = await runCliInNamespace(t.ns.client, ['check', `${LAB_ADDR.server}:9100`, '--capture', '--json', '--no-ping', '--timeout', '2500'], { timeoutMs: 30_000 });
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe('filtered');
    expect(report.findings).toContain('syn-retransmitted');
    const cap = report.steps.find((s: { id: string }) => s.id === 'capture');
    expect(cap.outcome).toBe('pass');
    expect(cap.evidence.conversations[0]).toMatchObject({ outcome: 'filtered', server: `${LAB_ADDR.server}:9100` });
    dirs.push(dirname(cap.evidence.file));
    expect(await waitGone(cap.evidence.file)).toEqual([]);
  });

  for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`check --capture interrupted by ${sig} mid-connect: exit ${code}, no tcpdump left`, async () => {
      const needle = `tcpsleuth-${LAB_ADDR.server}-9177-`;
      const child = spawn('ip', ['netns', 'exec', t.ns.client, process.execPath, CLI, 'check', `${LAB_ADDR.server}:9177`, '--capture', '--no-ping', '--timeout', '20s'], { stdio: 'ignore' });
      const until = Date.now() + 10_000;
      while (!processesMentioning(needle).length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(processesMentioning(needle).length).toBeGreaterThan(0);
      // Let the SYN go out, then interrupt while connect waits.
      await new Promise((r) => setTimeout(r, 300));
      child.kill(sig);
      expect(await exitOf(child)).toBe(code);
      expect(await waitGone(needle)).toEqual([]);
    });
  }
});
