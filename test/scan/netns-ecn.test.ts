/**
 * As root: an ECN blackhole. The client asks for ECN (net.ipv4.tcp_ecn=1: its SYNs carry ECE+CWR)
 * and the router drops exactly those SYNs. Linux resends the SYN without ECN after 1 s; the
 * scan keeps a silent port's first probe waiting past that, so the listening port must come out open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopology, destroyTopology, iptables, LAB_ADDR, nsListen, nsRun, nsSysctl, type Topology } from '../../src/lab/netns.js';
import { runCliInNamespace } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';

noteSkip('scan: ECN blackhole in a namespace lab');

const LAB = 'scan-ecn';
let t: Topology;

describe.skipIf(!canUseNamespaces)('scan through an ECN blackhole (root)', () => {
  beforeAll(async () => {
    await destroyTopology(LAB);
    t = await createTopology(LAB);
    await nsListen(t.ns.server, 8080);
    await nsSysctl(t.ns.client, 'net.ipv4.tcp_ecn=1');
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--syn', '-m', 'ecn', '--ecn-tcp-ece', '--ecn-tcp-cwr', '-j', 'DROP']);
  });
  afterAll(async () => {
    await destroyTopology(LAB);
  });

  it('reports the listening port open and the free one closed, both answered after the retransmit', async () => {
    const r = await runCliInNamespace(t.ns.client, ['scan', LAB_ADDR.server, '-p', '8080,8081', '--json']);
    expect(r.code).toBe(0);
    const ports = JSON.parse(r.stdout).ports as Array<{ port: number; state: string; reason: string; rttMs: number }>;
    expect(ports[0]).toMatchObject({ port: 8080, state: 'open', reason: 'syn-ack' });
    expect(ports[1]).toMatchObject({ port: 8081, state: 'closed', reason: 'conn-refused' });
    // Only the SYN retransmitted without ECN got through, so the answer came after Linux's 1 s RTO.
    expect(ports[0].rttMs).toBeGreaterThanOrEqual(900);
    // And the blackhole really was in the way: the router dropped ECN SYNs.
    const counters = await nsRun(t.ns.router, 'iptables', ['-L', 'FORWARD', '-v', '-n', '-x']);
    const dropped = Number(/^\s*(\d+)\s+\d+\s+DROP/m.exec(counters.stdout)?.[1] ?? 0);
    expect(dropped).toBeGreaterThanOrEqual(2);
  });

  it('says in plain output that the ports answered only a retransmitted SYN', async () => {
    const r = await runCliInNamespace(t.ns.client, ['scan', LAB_ADDR.server, '-p', '8080']);
    expect(r.stdout).toMatch(/8080\/tcp\s+open\s+syn-ack.*answered a retransmitted SYN/);
    expect(r.stdout).toMatch(/answered only a retransmitted SYN: an ECN blackhole/);
  });

  it('with --timeout below the retransmit, the same port shows filtered (why the default waits longer)', async () => {
    const r = await runCliInNamespace(t.ns.client, ['scan', LAB_ADDR.server, '-p', '8080', '--timeout', '500', '--json']);
    expect(JSON.parse(r.stdout).ports[0]).toMatchObject({ port: 8080, state: 'filtered', reason: 'no-response' });
  });
});
