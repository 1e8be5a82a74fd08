/**
 * As root: `tcpsleuth server PORT` inside a namespace this test builds (its own loopback, its own
 * counters), against tiny servers that misbehave for real: nothing listening, bound to 127.0.0.1,
 * a CLOSE_WAIT leak, a full accept queue, an INPUT DROP rule that counts.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nsRun, nsStart } from '../../src/lab/netns.js';
import { runTool } from '../../src/tools.js';
import { runCliInNamespace } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import type { ServerReport } from '../../src/server/report.js';
import { CLIENT_SCRIPT, startTiny } from './tiny-servers.js';

noteSkip('the server checklist tests (test/server/checklist.test.ts)');

const NS = `srvck-${process.pid}`;
const ids = (r: ServerReport) => r.findings.map((f) => f.id);

async function server(port: number, sample = '300ms'): Promise<{ code: number; report: ServerReport }> {
  const r = await runCliInNamespace(NS, ['server', String(port), '--json', '--sample', sample]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as ServerReport };
}

function client(host: string, port: number, n: number, mode: 'close' | 'hold'): Promise<ChildProcess> {
  const child = nsStart(NS, process.execPath, ['-e', CLIENT_SCRIPT, host, String(port), String(n), mode, NS]);
  return new Promise((resolve) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('done') && resolve(child));
    child.once('exit', () => resolve(child));
  });
}

describe.skipIf(!canUseNamespaces)('tcpsleuth server in a namespace', () => {
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await runTool('ip', ['netns', 'add', NS]);
    await runTool('ip', ['-n', NS, 'link', 'set', 'lo', 'up']);
    // One non-loopback address, on a veth pair that exists only in this namespace.
    await runTool('ip', ['-n', NS, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    await runTool('ip', ['-n', NS, 'addr', 'add', '198.18.77.1/32', 'dev', 'v0']);
    for (const dev of ['v0', 'v1']) await runTool('ip', ['-n', NS, 'link', 'set', dev, 'up']);
    children.push(await startTiny(NS, 'plain', '0.0.0.0', 8000));
    children.push(await startTiny(NS, 'plain', '127.0.0.1', 8001));
    children.push(await startTiny(NS, 'plain', '198.18.77.1', 8002));
    children.push(await startTiny(NS, 'never-close', '0.0.0.0', 8003));
    children.push(await startTiny(NS, 'no-accept', '0.0.0.0', 8004));
    children.push(await startTiny(NS, 'plain', '0.0.0.0', 8005));
    await nsRun(NS, 'iptables', ['-w', '-A', 'INPUT', '-p', 'tcp', '--dport', '8005', '-j', 'DROP']);
    // 8006: the clients' final ACKs never arrive, so the handshakes stay half-open (SYN_RECV).
    children.push(await startTiny(NS, 'plain', '0.0.0.0', 8006));
    await nsRun(NS, 'iptables', ['-w', '-A', 'INPUT', '-p', 'tcp', '--dport', '8006', '--tcp-flags', 'SYN,ACK,RST,FIN', 'ACK', '-j', 'DROP']);
    children.push(await startTiny(NS, 'plain', '0.0.0.0', 8007));
  }, 30_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await runTool('ip', ['netns', 'del', NS]);
  });

  it('a healthy listener on 0.0.0.0: no findings, exit 0, the process named', async () => {
    const { code, report } = await server(8000);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    expect(report.facts.listeners.map((l) => l.address)).toEqual(['0.0.0.0']);
    expect(report.facts.listeners[0].process).toBe('node');
    expect(report.facts.counters?.intervalMs).toBeGreaterThanOrEqual(250);
  });

  it('not-listening on a port nobody holds, exit 1', async () => {
    const { code, report } = await server(8099);
    expect(ids(report)).toEqual(['not-listening']);
    expect(code).toBe(1);
  });

  it('listening-localhost-only for a service bound to 127.0.0.1', async () => {
    const { report } = await server(8001);
    expect(ids(report)).toContain('listening-localhost-only');
    expect(report.findings[0].text).toContain('127.0.0.1:8001');
  });

  it('listening-other-address (a note, exit 0) for one address only', async () => {
    const { code, report } = await server(8002);
    expect(ids(report)).toEqual(['listening-other-address']);
    expect(code).toBe(0);
  });

  it('close-wait-leak when clients closed and the server never did, naming the process', async () => {
    const c = await client('127.0.0.1', 8003, 8, 'close');
    children.push(c);
    const { code, report } = await server(8003);
    expect(report.facts.states.CLOSE_WAIT).toBe(8);
    expect(ids(report)).toEqual(['close-wait-leak']);
    expect(report.findings[0].text).toMatch(/8 CLOSE_WAIT .*node \(pid \d+\)/);
    expect(code).toBe(1);
  });

  it('accept-queue-full for a server that never calls accept(), with the overflow counter rising', async () => {
    const holder = await client('127.0.0.1', 8004, 6, 'hold');
    children.push(holder);
    // New SYNs keep arriving while the checklist samples: the overflow counter rises between readings.
    const knocker = nsStart(NS, process.execPath, ['-e', CLIENT_SCRIPT, '127.0.0.1', '8004', '3', 'hold', NS]);
    children.push(knocker);
    const { code, report } = await server(8004);
    const l = report.facts.listeners[0];
    expect(l.full).toBe(true);
    expect(l.queued).toBeGreaterThan(l.backlog!);
    expect(ids(report)).toContain('accept-queue-full');
    expect(report.facts.counters!.after.ListenOverflows).toBeGreaterThan(0);
    expect(code).toBe(1);
  });

  it('local-firewall-drops: the INPUT DROP rule for the port, counting now', async () => {
    const knocker = nsStart(NS, process.execPath, ['-e', CLIENT_SCRIPT, '127.0.0.1', '8005', '2', 'hold', NS]);
    children.push(knocker);
    // The knocker's SYNs are retransmitted 1 s after it starts: inside the 1.5 s between readings.
    const { code, report } = await server(8005, '1500ms');
    expect(ids(report)).toEqual(['local-firewall-drops']);
    const rule = report.facts.firewall.rules.find((r) => r.action === 'DROP')!;
    expect(rule.text).toContain('dpt:8005');
    expect(rule.delta).toBeGreaterThan(0);
    expect(rule.packets).toBeGreaterThan(0);
    expect(report.findings[0].text).toMatch(/has counted \d+ packets/);
    expect(code).toBe(1);
  });

  it('syn-flood-suspected: 80 handshakes left half-open (SYN_RECV) on the port', async () => {
    const c = await client('127.0.0.1', 8006, 80, 'hold');
    children.push(c);
    const { code, report } = await server(8006);
    expect(report.facts.states.SYN_RECV).toBeGreaterThanOrEqual(64);
    expect(ids(report)).toContain('syn-flood-suspected');
    expect(code).toBe(1);
    c.kill('SIGKILL');
  });

  // Last: SYN cookies always on (tcp_syncookies=2, this namespace only) while clients connect.
  it('syncookies-active: SyncookiesSent rises while the checklist watches', async () => {
    await nsRun(NS, 'sysctl', ['-q', '-w', 'net.ipv4.tcp_syncookies=2']);
    const knocker = nsStart(NS, process.execPath, ['-e', `
      const net = require('node:net');
      let n = 0;
      const t = setInterval(() => { net.connect(8007, '127.0.0.1').on('connect', function () { this.destroy(); }).on('error', () => {}); if (++n === 40) clearInterval(t); }, 50);
      setTimeout(() => process.exit(0), 5000);
    `, NS]);
    children.push(knocker);
    const { code, report } = await server(8007, '1000ms');
    expect(report.facts.syncookies).toBe(2);
    expect(report.facts.counters!.after.SyncookiesSent).toBeGreaterThan(report.facts.counters!.before.SyncookiesSent);
    expect(ids(report), JSON.stringify(report.findings)).toEqual(['syncookies-active']);
    expect(report.findings[0].text).toMatch(/tcp_syncookies=2 sends them for every SYN/);
    // Cookies for every SYN is a setting, not an overflow: a note, exit 0.
    expect(code).toBe(0);
  });
});
