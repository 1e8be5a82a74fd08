/**
 * As root: `check TARGET --server ssh://…` against a real sshd in the server namespace of a
 * client ── router ── server lab this test builds. Each fault is made for real (INPUT DROP, a full
 * accept queue, a router dropping the SYN or the SYN-ACK, a forged RST, a server RST, a CLOSE_WAIT
 * leak, a service on 127.0.0.1) and each finding is asserted from what both captures saw.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopology, destroyTopology, iptables, LAB_ADDR, nsStart, type Topology } from '../../src/lab/netns.js';
import { runTool } from '../../src/tools.js';
import type { CheckReport } from '../../src/evidence.js';
import { CLI, runCliInNamespace } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { hasSshd, startSshd, type TestSshd } from './sshd.js';
import { CLIENT_SCRIPT, startTiny } from './tiny-servers.js';

noteSkip('the two-sided check tests (test/server/two-sided.test.ts)');
if (canUseNamespaces && !hasSshd) process.stderr.write('skipped: the two-sided check tests need sshd and ssh (openssh-server, openssh-client)\n');

const LAB = `srv2-${process.pid % 100000}`;
const S = LAB_ADDR.server;
const SSH_PORT = 2222;

describe.skipIf(!canUseNamespaces || !hasSshd)('check --server over ssh', () => {
  let t: Topology;
  let sshd: TestSshd;
  const children: ChildProcess[] = [];

  async function check(port: number, extra: string[] = [], config = sshd.config, sshPort = SSH_PORT): Promise<{ code: number; report: CheckReport }> {
    const r = await runCliInNamespace(t.ns.client, ['check', `${S}:${port}`, '--json', '--no-ping', '--timeout', '1500', '--server', `ssh://root@${S}:${sshPort}`, '--ssh-config', config, ...extra], { timeoutMs: 40_000 });
    expect(r.stdout, r.stderr).toMatch(/^\{/);
    if (process.env.DEBUG_TWO_SIDED) process.stderr.write(`${JSON.stringify(JSON.parse(r.stdout).steps.filter((s: { id: string }) => s.id.startsWith('server-capture') || s.id === 'capture').map((s: { evidence: unknown; summary: string }) => [s.summary, (s.evidence as { join?: unknown }).join]))}\n`);
    return { code: r.code, report: JSON.parse(r.stdout) as CheckReport };
  }
  const step = (r: CheckReport, id: string) => r.steps.find((s) => s.id === id)!;

  /** Processes left in the server namespace besides sshd itself and the tiny servers. */
  async function leftovers(): Promise<string[]> {
    const pids = (await runTool('ip', ['netns', 'pids', t.ns.server])).stdout.split('\n').filter(Boolean);
    const comms = await Promise.all(pids.map(async (p) => (await runTool('cat', [`/proc/${p}/cmdline`])).stdout.replace(/\0/g, ' ').trim()));
    return comms.filter((c) => /tcpdump|sshd: root|sh -c|cat$/.test(c));
  }

  beforeAll(async () => {
    t = await createTopology(LAB);
    sshd = await startSshd(t.ns.server, S, SSH_PORT);
    children.push(await startTiny(t.ns.server, 'plain', '0.0.0.0', 9101));
    await iptables(t.ns.server, ['-A', 'INPUT', '-p', 'tcp', '--dport', '9101', '-j', 'DROP']);
    children.push(await startTiny(t.ns.server, 'no-accept', '0.0.0.0', 9102));
    children.push(await startTiny(t.ns.server, 'plain', '0.0.0.0', 9103));
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--sport', '9103', '--tcp-flags', 'SYN,ACK', 'SYN,ACK', '-j', 'DROP']);
    children.push(await startTiny(t.ns.server, 'plain', '0.0.0.0', 9104));
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9104', '--syn', '-j', 'DROP']);
    // The lab's dpi-reset: a segment with payload gets an RST towards the client from the router.
    children.push(await startTiny(t.ns.server, 'plain', '0.0.0.0', 9105));
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9105', '-m', 'conntrack', '--ctstate', 'ESTABLISHED', '-m', 'length', '--length', '53:65535', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
    children.push(await startTiny(t.ns.server, 'rst', '0.0.0.0', 9106));
    children.push(await startTiny(t.ns.server, 'never-close', '0.0.0.0', 9107));
    children.push(await startTiny(t.ns.server, 'plain', '127.0.0.1', 9108));
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    sshd?.stop();
    if (t) await destroyTopology(LAB);
  });

  it('INPUT DROP on the server: the SYN arrived unanswered, and its firewall is named', async () => {
    const { code, report } = await check(9101);
    expect(report.verdict).toBe('filtered');
    expect(code).toBe(1);
    expect(step(report, 'server-capture').outcome).toBe('pass');
    expect(report.findings).toContain('syn-at-server-unanswered');
    expect(report.findings).toContain('local-firewall-drops');
    expect(report.details.find((d) => d.id === 'syn-at-server-unanswered')!.text).toMatch(/its own firewall drops it.*dpt:9101/);
    const join = (step(report, 'server-capture').evidence as { join: { joinedBy: string; synAtServer: boolean } }).join;
    expect(join).toMatchObject({ joinedBy: 'syn-sequence', synAtServer: true });
    expect(await leftovers()).toEqual([]);
  });

  it('a full accept queue: the SYN arrived unanswered, and the queue is named', async () => {
    const holder = nsStart(t.ns.client, process.execPath, ['-e', CLIENT_SCRIPT, S, '9102', '6', 'hold', LAB]);
    children.push(holder);
    await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
    const { report } = await check(9102);
    expect(report.verdict).toBe('filtered');
    expect(report.findings).toEqual(expect.arrayContaining(['syn-at-server-unanswered', 'accept-queue-full']));
    expect(report.details.find((d) => d.id === 'syn-at-server-unanswered')!.text).toMatch(/accept queue is full/);
    holder.kill('SIGKILL');
  });

  it('a router that drops the SYN-ACK: synack-lost', async () => {
    const { report } = await check(9103);
    expect(report.verdict).toBe('filtered');
    expect(report.findings).toContain('synack-lost');
    expect(report.findings).not.toContain('syn-at-server-unanswered');
    const join = (step(report, 'server-capture').evidence as { join: { synAcksSent: number; synAckAtClient: boolean } }).join;
    expect(join.synAcksSent).toBeGreaterThan(0);
    expect(join.synAckAtClient).toBe(false);
  });

  it('a router that drops the SYN: syn-not-at-server', async () => {
    const { report } = await check(9104);
    expect(report.verdict).toBe('filtered');
    expect(report.findings).toContain('syn-not-at-server');
    expect(report.findings).not.toContain('syn-at-server-unanswered');
  });

  it('a forged RST (the router resets the TLS ClientHello): rst-not-from-server', async () => {
    const { report } = await check(9105, ['--tls']);
    expect(report.verdict).toBe('reset');
    expect(report.findings).toContain('rst-not-from-server');
    expect(report.findings).not.toContain('rst-from-server');
  });

  it('the server resets: rst-from-server', async () => {
    const { report } = await check(9106);
    expect(report.verdict).toBe('reset');
    expect(report.findings).toContain('rst-from-server');
    expect(report.findings).not.toContain('rst-not-from-server');
  });

  it('a CLOSE_WAIT leak shows in the server checklist of an open port', async () => {
    const c = nsStart(t.ns.client, process.execPath, ['-e', CLIENT_SCRIPT, S, '9107', '6', 'close', LAB]);
    await new Promise<void>((resolve) => c.once('exit', () => resolve()));
    const { code, report } = await check(9107);
    expect(report.verdict).toBe('open');
    expect(code).toBe(0);
    expect(report.findings).toContain('close-wait-leak');
    expect(report.details.find((d) => d.id === 'close-wait-leak')!.text).toMatch(/CLOSE_WAIT .*node/);
  });

  it('a service bound to 127.0.0.1: refused by the server itself, listening-localhost-only', async () => {
    const { report } = await check(9108);
    expect(report.verdict).toBe('refused');
    expect(report.findings).toEqual(expect.arrayContaining(['rst-from-server', 'listening-localhost-only']));
  });

  it.each([
    ['host key unknown', () => sshd.unknownHostConfig, SSH_PORT, /host key is not known/],
    ['auth failure', () => sshd.wrongKeyConfig, SSH_PORT, /could not log in/],
    ['no sshd there', () => sshd.config, SSH_PORT + 1, /could not connect/],
  ])('%s: the server steps are unavailable with the fix, the client check completes', async (_name, config, sshPort, reason) => {
    const { report } = await check(9106, [], config(), sshPort);
    expect(report.verdict).toBe('reset');
    for (const id of ['server-capture', 'server-sockets']) {
      expect(step(report, id).outcome).toBe('unavailable');
      expect(step(report, id).reason).toMatch(reason);
      expect(step(report, id).fix).toBeTruthy();
    }
    expect(report.findings).toContain('server-side-unavailable');
  });

  it('Ctrl-C during a two-sided check leaves no ssh here and no tcpdump there', async () => {
    const child = spawn('ip', ['netns', 'exec', t.ns.client, process.execPath, CLI, 'check', `${S}:9104`, '--no-ping', '--timeout', '8000', '--server', `ssh://root@${S}:${SSH_PORT}`, '--ssh-config', sshd.config], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Wait (bounded) until tcpdump runs on the server for this check.
    for (let i = 0; i < 100 && !(await leftovers()).some((c) => c.includes('tcpdump')); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await leftovers()).some((c) => c.includes('tcpdump'))).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    // sshd closes the session's stdin once our ssh is gone; the script then stops tcpdump (more than 10 s once, in a CI run).
    for (let i = 0; i < 250 && (await leftovers()).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await leftovers()).toEqual([]);
    const ssh = (await runTool('ip', ['netns', 'pids', t.ns.client])).stdout.split('\n').filter(Boolean);
    const sshLeft = await Promise.all(ssh.map(async (p) => (await runTool('cat', [`/proc/${p}/comm`])).stdout.trim()));
    expect(sshLeft.filter((c) => c === 'ssh')).toEqual([]);
  }, 60_000);
});
