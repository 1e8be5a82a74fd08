/**
 * As root: the verdict table in our own namespaces (client ── router ── server), with the built CLI
 * running inside the client namespace. Only LAB_ADDR addresses are contacted.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopology, destroyTopology, iptables, LAB_ADDR, nsListen, nsRun, nsStart, type Topology } from '../../src/lab/netns.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { runCliInNamespace } from '../helpers/cli.js';
import type { CheckReport } from '../../src/evidence.js';

noteSkip('the namespace verdict tests (test/check/namespaces.test.ts)');

const LAB = 'chk-ns';
const A = LAB_ADDR;

/** A DNS server that answers every question with NXDOMAIN (RCODE 3), inside the server namespace. */
const NXDOMAIN_SERVER = `
  const dgram = require('node:dgram');
  const s = dgram.createSocket('udp4');
  s.on('message', (q, from) => {
    let i = 12;
    while (i < q.length && q[i] !== 0) i += q[i] + 1;
    const question = q.subarray(12, i + 5);
    const head = Buffer.from([q[0], q[1], 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0]);
    s.send(Buffer.concat([head, question]), from.port, from.address);
  });
  s.bind(53, '${A.server}', () => process.stdout.write('listening\\n'));
  setTimeout(() => process.exit(0), 600e3).unref();
`;

describe.skipIf(!canUseNamespaces)('check in network namespaces', () => {
  let t: Topology;
  const children: ChildProcess[] = [];
  let resolvDir = '';

  beforeAll(async () => {
    t = await createTopology(LAB);
    resolvDir = `/etc/netns/${t.ns.client}`;
    children.push(await nsListen(t.ns.server, 8080));
    for (const p of [9001, 9002, 9003, 9004, 9005]) children.push(await nsListen(t.ns.server, p));
    children.push(await nsListen(t.ns.server, 7070, 'accept', A.server));
    children.push(await nsListen(t.ns.server, 7071, 'accept', '127.0.0.1'));
    const r = t.ns.router;
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9001', '-j', 'DROP']);
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9002', '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited']);
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9003', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
    await iptables(r, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9004', '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable']);
    await iptables(t.ns.client, ['-A', 'OUTPUT', '-p', 'tcp', '--dport', '9005', '-j', 'DROP']);
    const dns = nsStart(t.ns.server, process.execPath, ['-e', NXDOMAIN_SERVER]);
    children.push(dns);
    await new Promise<void>((resolve, reject) => {
      dns.stdout?.once('data', () => resolve());
      dns.once('exit', (code) => reject(new Error(`dns server exited ${code}`)));
    });
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    // Only our namespace's folder: /etc/netns itself may be in use by another lab right now.
    if (resolvDir) rmSync(resolvDir, { recursive: true, force: true });
    await destroyTopology(LAB);
  });

  async function check(target: string, ...extra: string[]): Promise<{ code: number; report: CheckReport }> {
    const r = await runCliInNamespace(t.ns.client, ['check', target, '--json', ...extra]);
    expect(r.stderr).toBe('');
    return { code: r.code, report: JSON.parse(r.stdout) as CheckReport };
  }
  const connectEvidence = (r: CheckReport) => r.steps.filter((s) => s.id === 'connect').at(-1)!.evidence as Record<string, unknown>;

  it('open, over IPv4 and IPv6', async () => {
    const v4 = await check(`${A.server}:8080`);
    expect(v4.report.verdict).toBe('open');
    expect(v4.code).toBe(0);
    expect(v4.report.steps.find((s) => s.id === 'ping')?.outcome).toBe('pass');
    const v6 = await check(`[${A.server6}]:8080`);
    expect(v6.report.verdict).toBe('open');
    expect(connectEvidence(v6.report)).toMatchObject({ family: 6, result: 'connected' });
  });

  it('refused: nothing listens (RST from the host), over IPv4 and IPv6', async () => {
    const r = await check(`${A.server}:8081`);
    expect(r.report.verdict).toBe('refused');
    expect(connectEvidence(r.report)).toMatchObject({ code: 'ECONNREFUSED' });
    const v6 = await check(`[${A.server6}]:8081`, '--no-ping');
    expect(v6.report.verdict).toBe('refused');
  });

  it('refused: REJECT --reject-with tcp-reset and icmp-port-unreachable', async () => {
    for (const port of [9003, 9004]) {
      const r = await check(`${A.server}:${port}`);
      expect(r.report.verdict).toBe('refused');
      expect(r.code).toBe(1);
    }
  });

  it('filtered: the router DROPs the SYN; the kernel view shows the SYN retransmitted', async () => {
    const r = await check(`${A.server}:9001`);
    expect(r.report.verdict).toBe('filtered');
    expect(r.report.findings).toContain('syn-retransmitted');
    const c = connectEvidence(r.report);
    expect(c).toMatchObject({ result: 'timeout', kernel: { state: 'SYN_SENT' } });
    expect(c.kernelGivesUpMs as number).toBeGreaterThan(c.budgetMs as number);
  });

  it('filtered: our own OUTPUT rule drops the SYN → local-firewall', async () => {
    const r = await check(`${A.server}:9005`);
    expect(r.report.verdict).toBe('filtered');
    expect(r.report.findings).toContain('local-firewall');
  });

  it('unreachable: REJECT --reject-with icmp-admin-prohibited', async () => {
    const r = await check(`${A.server}:9002`);
    expect(r.report.verdict).toBe('unreachable');
    expect(connectEvidence(r.report).code).toBe('EHOSTUNREACH');
  });

  it('unreachable, not filtered: an absent host whose ARP fails ~3 s later (the budget waits for the late ICMP)', async () => {
    const r = await check(`${A.absent}:8080`);
    expect(r.report.verdict).toBe('unreachable');
    expect(connectEvidence(r.report).code).toBe('EHOSTUNREACH');
    expect(r.report.steps.find((s) => s.id === 'ping')?.outcome).toBe('fail');
  });

  it('unreachable: no route from here', async () => {
    await nsRun(t.ns.client, 'ip', ['route', 'del', 'default']);
    try {
      const r = await check(`${A.unrouted}:80`, '--no-ping');
      expect(r.report.verdict).toBe('unreachable');
      expect(r.report.findings).toContain('no-route');
      expect(connectEvidence(r.report).code).toBe('ENETUNREACH');
    } finally {
      await nsRun(t.ns.client, 'ip', ['route', 'add', 'default', 'via', A.routerClientSide]);
    }
  });

  it('dns-error: NXDOMAIN from a resolver is told apart from a resolver that does not answer', async () => {
    mkdirSync(resolvDir, { recursive: true });
    writeFileSync(`${resolvDir}/resolv.conf`, `nameserver ${A.server}\noptions timeout:1 attempts:1\n`);
    const nx = await check('nosuch.tsl-lab.test:80');
    expect(nx.report.verdict).toBe('dns-error');
    expect(nx.report.findings).toEqual(['nxdomain']);
    expect(nx.report.steps).toHaveLength(1);
    writeFileSync(`${resolvDir}/resolv.conf`, `nameserver ${A.absent}\noptions timeout:1 attempts:1\n`);
    const down = await check('nosuch.tsl-lab.test:80');
    expect(down.report.verdict).toBe('dns-error');
    expect(down.report.findings).toEqual(['resolver-unreachable']);
  });

  it('tries the addresses in order and falls back to the next one (hosts file)', async () => {
    mkdirSync(resolvDir, { recursive: true });
    // The router's address refuses port 8080 at once; the server's accepts.
    writeFileSync(`${resolvDir}/hosts`, `127.0.0.1 localhost\n${A.routerServerSide} dual.tsl-lab.test\n${A.server} dual.tsl-lab.test\n`);
    try {
      const r = await check('dual.tsl-lab.test:8080', '--no-ping');
      expect(r.report.target.addresses).toEqual([A.routerServerSide, A.server]);
      expect(r.report.target.addressUsed).toBe(A.server);
      expect(r.report.steps.filter((s) => s.id === 'connect').map((s) => (s.evidence as { result: string }).result)).toEqual(['refused', 'connected']);
      expect(r.report.verdict).toBe('open');
      expect(r.report.findings).toContain('fell-back-to-next-address');
      // Every address was tried, each with its own outcome, and the disagreement is named.
      expect(r.report.target.results).toEqual([
        { address: A.routerServerSide, family: 4, verdict: 'refused', result: 'refused', error: 'ECONNREFUSED', durationMs: expect.any(Number) },
        { address: A.server, family: 4, verdict: 'open', result: 'connected', durationMs: expect.any(Number) },
      ]);
      expect(r.report.findings).toContain('addresses-disagree');
      expect(r.report.details.find((d) => d.id === 'addresses-disagree')?.text).toMatch(new RegExp(`${A.routerServerSide.replace(/\./g, '\\.')} refused \\(ECONNREFUSED; connect\\(\\) failed after`));
    } finally {
      rmSync(`${resolvDir}/hosts`, { force: true });
    }
  });

  it('plain output in the namespace names the verdict and the retransmitted SYN', async () => {
    const r = await runCliInNamespace(t.ns.client, ['check', `${A.server}:9001`, '--no-ping', '--timeout', '1500']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL connect .*no answer to the SYN within 1\.5 s/);
    expect(r.stdout).toMatch(/verdict: filtered/);
  });

  it('on the server itself: bound to 127.0.0.1 only, or to another address, is named', async () => {
    const r = await runCliInNamespace(t.ns.server, ['check', `${A.server}:7071`, '--json', '--no-ping']);
    const localOnly = JSON.parse(r.stdout) as CheckReport;
    expect(localOnly.verdict).toBe('refused');
    expect(localOnly.findings).toContain('listening-localhost-only');
    const other = JSON.parse((await runCliInNamespace(t.ns.server, ['check', '127.0.0.1:7070', '--json', '--no-ping'])).stdout) as CheckReport;
    expect(other.verdict).toBe('refused');
    expect(other.findings).toContain('listening-other-address');
    const s = await runCliInNamespace(t.ns.server, ['sockets', '7071']);
    expect(s.stdout).toMatch(/loopback only/);
  });

  it('sockets shows the server listening on the wildcard address', async () => {
    const r = await runCliInNamespace(t.ns.server, ['sockets', '--port', '8080', '--json']);
    const step = JSON.parse(r.stdout);
    expect(step.evidence.listening).toEqual(['::']);
    expect(step.evidence.localhostOnly).toBe(false);
  });
});
