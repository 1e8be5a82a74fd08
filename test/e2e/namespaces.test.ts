/**
 * As root: the branches only a routed network can show (filtered by a router, unreachable by
 * ICMP), through the interactive guide in tmux, running inside our own client namespace.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTopology, destroyTopology, iptables, LAB_ADDR, nsListen, type Topology } from '../../src/lab/netns.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { hasTmux, startTerminal, type Terminal } from './tmux.js';

noteSkip('the guide in namespaces (test/e2e/namespaces.test.ts)');

const LAB = 'gd-e2e';

/** The screen as one line of words: the verdict box wraps long sentences. */
const flat = (s: string) => s.replace(/[│╭╮╰╯]/g, ' ').replace(/\s+/g, ' ');

describe.skipIf(!canUseNamespaces || !hasTmux)('the guide in namespaces (tmux, root)', () => {
  let t: Topology;
  const children: ChildProcess[] = [];
  const terms: Terminal[] = [];

  beforeAll(async () => {
    await destroyTopology(LAB).catch(() => undefined);
    t = await createTopology(LAB);
    children.push(await nsListen(t.ns.server, 9001), await nsListen(t.ns.server, 9002));
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9001', '-j', 'DROP']);
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9002', '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited']);
  });
  afterEach(() => {
    for (const term of terms.splice(0)) term.kill();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await destroyTopology(LAB);
  });

  const guide = (target: string) => {
    const term = startTerminal(['check', target], ['ip', 'netns', 'exec', t.ns.client]);
    terms.push(term);
    return term;
  };

  it('filtered: the SYN goes unanswered; the traceroute follow-up shows where packets stop', async () => {
    const term = guide(`${LAB_ADDR.server}:9001`);
    const screen = await term.waitFor((s) => s.includes('What next?'), 30_000);
    expect(screen).toMatch(/✘ Connect .*\n.*no answer to the SYN/);
    expect(screen).toContain('Verdict: FILTERED');
    expect(screen).toMatch(/✗ SYN-ACK .*never came back/);
    expect(flat(screen)).toContain('the SYN leaves, no SYN-ACK returns');
    const row = /(\d)\. Traceroute/.exec(screen)![1];
    term.keys(row);
    const after = await term.waitFor((s) => /Traceroute\s+\$ traceroute/.test(s) && s.lastIndexOf('What next?') > s.indexOf('Traceroute  $'), 40_000);
    expect(flat(after)).toContain(`did not reach ${LAB_ADDR.server}: the last hop that answered is ${LAB_ADDR.routerClientSide} (hop 1)`);
    expect(flat(after)).toContain(`Packets stop after ${LAB_ADDR.routerClientSide}`);
    term.keys('q');
    expect(await term.exitCode()).toBe(1);
  });

  it('unreachable: an ICMP admin-prohibited from the router', async () => {
    const term = guide(`${LAB_ADDR.server}:9002`);
    const screen = await term.waitFor((s) => s.includes('What next?'), 30_000);
    expect(screen).toContain('EHOSTUNREACH');
    expect(screen).toContain('Verdict: UNREACHABLE');
    expect(screen).toMatch(/◀─+ ICMP unreachable ─+│/);
    term.keys('q');
    expect(await term.exitCode()).toBe(1);
  });
});
