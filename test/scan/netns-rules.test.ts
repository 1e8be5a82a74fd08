/**
 * As root: the built CLI in the client namespace scans the server through a router whose
 * firewall rules we set per port: DROP, REJECT tcp-reset, icmp-port-unreachable,
 * icmp-admin-prohibited (DROP and admin-prohibited over IPv6 too); no route; the permission note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopology, destroyTopology, iptables, LAB_ADDR, nsListen, nsSysctl, type Topology } from '../../src/lab/netns.js';
import { runCliInNamespace } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';

noteSkip('scan: firewall rules in a namespace lab');

const LAB = 'scan-rules';
let t: Topology;

interface JsonPort {
  port: number;
  state: string;
  reason: string;
  rttMs: number | null;
}

async function scanJson(args: string[]): Promise<{ ports: JsonPort[]; durationMs: number; code: number; stderr: string }> {
  const r = await runCliInNamespace(t.ns.client, ['scan', ...args, '--json']);
  expect(r.stdout, r.stderr).not.toBe('');
  return { ...JSON.parse(r.stdout), code: r.code, stderr: r.stderr };
}

describe.skipIf(!canUseNamespaces)('scan through a router with firewall rules (root)', () => {
  beforeAll(async () => {
    await destroyTopology(LAB);
    t = await createTopology(LAB);
    await nsListen(t.ns.server, 8080);
    // ICMP errors are rate-limited per destination (1/s after a burst of 6); this lab wants them all.
    await nsSysctl(t.ns.router, 'net.ipv4.icmp_ratelimit=0');
    await nsSysctl(t.ns.router, 'net.ipv6.icmp.ratelimit=0');
    const rule = (ports: string, ...target: string[]) => iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', ports, '-j', ...target]);
    await rule('9001', 'DROP');
    await rule('9002', 'REJECT', '--reject-with', 'tcp-reset');
    await rule('9003', 'REJECT', '--reject-with', 'icmp-port-unreachable');
    await rule('9004', 'REJECT', '--reject-with', 'icmp-admin-prohibited');
    await rule('9101:9200', 'DROP');
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9004', '-j', 'REJECT', '--reject-with', 'icmp6-adm-prohibited'], 6);
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9001', '-j', 'DROP'], 6);
  });
  afterAll(async () => {
    await destroyTopology(LAB);
  });

  it('gives each rule its state and reason', async () => {
    const r = await scanJson([LAB_ADDR.server, '-p', '8080,9001-9005']);
    expect(r.code).toBe(0);
    const by = new Map(r.ports.map((p) => [p.port, p]));
    expect(by.get(8080)).toMatchObject({ state: 'open', reason: 'syn-ack' });
    expect(by.get(9001)).toMatchObject({ state: 'filtered', reason: 'no-response', rttMs: null });
    expect(by.get(9002)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
    // Linux reports ICMP port-unreachable as ECONNREFUSED, like a RST: closed.
    expect(by.get(9003)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
    // The host answers other ports, so the EHOSTUNREACH for 9004 is a filter's ICMP.
    expect(by.get(9004)).toMatchObject({ state: 'filtered', reason: 'admin-prohibited' });
    expect(by.get(9005)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
  });

  it('calls the same ICMP error host-unreach when nothing else on the host answered', async () => {
    const r = await scanJson([LAB_ADDR.server, '-p', '9004']);
    expect(r.ports).toEqual([expect.objectContaining({ port: 9004, state: 'filtered', reason: 'host-unreach' })]);
  });

  it('reports 100 dropped ports filtered (no-response), all of them', async () => {
    const r = await scanJson([LAB_ADDR.server, '-p', '9101-9200']);
    expect(r.ports).toHaveLength(100);
    expect(r.ports.every((p) => p.state === 'filtered' && p.reason === 'no-response')).toBe(true);
  });

  it('scans over IPv6 too, where admin-prohibited is told by the error itself', async () => {
    const r = await scanJson([LAB_ADDR.server6, '-p', '8080,9001,9004,9005']);
    const by = new Map(r.ports.map((p) => [p.port, p]));
    expect(by.get(8080)).toMatchObject({ state: 'open', reason: 'syn-ack' });
    expect(by.get(9001)).toMatchObject({ state: 'filtered', reason: 'no-response' });
    expect(by.get(9005)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
    const alone = await scanJson([LAB_ADDR.server6, '-p', '9004']);
    expect(alone.ports[0]).toMatchObject({ port: 9004, state: 'filtered', reason: 'admin-prohibited' });
  });

  it('says net-unreach when the router has no route', async () => {
    const r = await scanJson([LAB_ADDR.unrouted, '-p', '80,443']);
    expect(r.ports.map((p) => [p.port, p.state, p.reason])).toEqual([
      [80, 'filtered', 'net-unreach'],
      [443, 'filtered', 'net-unreach'],
    ]);
  });

  it('reminds about permission before scanning >1000 ports of a host that is not this machine; --yes skips it', async () => {
    const noted = await runCliInNamespace(t.ns.client, ['scan', LAB_ADDR.server, '-p', '20001-21100', '--json']);
    expect(noted.code).toBe(0);
    expect(noted.stderr.trim().split('\n')).toHaveLength(1);
    expect(noted.stderr).toMatch(/scanning 1100 ports of 198\.19\.0\.2, which is not this machine.*--yes/);
    expect(JSON.parse(noted.stdout).ports).toHaveLength(1100);
    const quiet = await runCliInNamespace(t.ns.client, ['scan', LAB_ADDR.server, '-p', '20001-21100', '--json', '--yes']);
    expect(quiet.stderr).toBe('');
    const few = await runCliInNamespace(t.ns.client, ['scan', LAB_ADDR.server, '-p', '20001-21000', '--json']);
    expect(few.stderr).toBe('');
  });

  it('exits 1 with one line when the name does not resolve (no resolver reachable in the lab)', async () => {
    const r = await runCliInNamespace(t.ns.client, ['scan', 'nothing-here.invalid', '-p', '80'], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^tcpsleuth scan: cannot resolve nothing-here\.invalid: /);
    expect(r.stdout).toBe('');
  });
});
