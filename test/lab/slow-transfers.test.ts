/**
 * `analyze` on captures made in the lab (root): tcpdump in the client namespace while real
 * traffic runs, then the built CLI reads the file. The lab's own scenarios (lossy-path,
 * zero-window, nagle, whose client alternates IPv4 and IPv6), and captures this file builds in
 * one topology of its own: a clean download (no finding at all), a receiver with a small buffer,
 * and a firewall that forgets idle flows (conntrack with a 2 s timeout) and then resets them or
 * drops them. Every namespace here is `tsl-as<pid>-*`; nothing else is touched.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { upScenario, type ScenarioId } from '../../src/lab/index.js';
import { createTopology, destroyAllLabs, iptables, LAB_ADDR, nsRun, nsStart, nsSysctl, startedWhen, type Topology } from '../../src/lab/netns.js';
import type { ConversationSummary } from '../../src/packets/conversations.js';
import { runCli } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { leftovers } from './leftovers.js';

noteSkip('analyze on captures made in the lab');

const TAG = `as${process.pid % 100_000}`;
const PEER = fileURLToPath(new URL('./fixtures/transfer-peer.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tsl-slow-transfers-'));
process.env.TCPSLEUTH_LAB_STATE = dir;

/**
 * tcpdump in `ns` on c0 while `during` runs (or for `ms`), then the built CLI's `analyze --json` of it.
 * --immediate-mode: without it the last packets wait in a capture block that SIGINT throws away
 * (a clean IPv6 download after an IPv4 one went missing whole).
 */
async function captured(ns: string, filter: string, name: string, during: () => Promise<unknown>): Promise<ConversationSummary[]> {
  const file = join(dir, `${name}.pcap`);
  const td = spawn('ip', ['netns', 'exec', ns, 'tcpdump', '-i', 'c0', '-n', '-U', '--immediate-mode', '-s', '200', '-w', file, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('tcpdump did not start')), 10_000);
      td.stderr!.on('data', (d: Buffer) => {
        if (/listening on/.test(d.toString())) {
          clearTimeout(timer);
          resolve();
        }
      });
      td.on('exit', () => reject(new Error('tcpdump exited')));
    });
    // "listening" comes a moment before the socket sees packets.
    await pause(300);
    await during();
    // tcpdump reads the kernel's buffer a moment behind: let it catch up before it is stopped.
    await pause(500);
  } finally {
    const exited = new Promise((r) => td.once('exit', r));
    td.kill('SIGINT');
    await exited;
  }
  const r = await runCli(['analyze', file, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { conversations: ConversationSummary[] }).conversations;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const withFinding = (convs: ConversationSummary[], id: string) => convs.filter((c) => c.findings.some((f) => f.id === id));
const v6 = (c: ConversationSummary) => c.client.startsWith('[');

/** Runs the peer script in a namespace and gives the one line it prints. */
async function peer(ns: string, args: string[]): Promise<string> {
  const r = await nsRun(ns, process.execPath, [PEER, ...args], 40_000);
  return r.stdout.trim();
}

describe.skipIf(!canUseNamespaces)('slow transfers, captured in the lab (root)', () => {
  afterAll(async () => {
    await destroyAllLabs(`tsl-${TAG}-`);
    const left = await leftovers(`tsl-${TAG}-`);
    rmSync(dir, { recursive: true, force: true });
    expect(left.namespaces).toEqual([]);
    expect(left.processes).toEqual([]);
  }, 60_000);

  describe('the lab scenarios, IPv4 and IPv6', () => {
    const seen = new Map<ScenarioId, ConversationSummary[]>();
    const scenarios: Array<[ScenarioId, string, string]> = [
      ['lossy-path', 'lp', 'retransmissions'],
      ['zero-window', 'zw', 'zero-window'],
      ['nagle', 'ng', 'nagle-delayed-ack'],
    ];

    beforeAll(async () => {
      await Promise.all(
        scenarios.map(async ([id, short]) => {
          const lab = await upScenario(id, { name: `${TAG}-${short}` });
          try {
            seen.set(id, await captured(lab.target.namespace!, `tcp port ${lab.target.port}`, id, () => pause(5_000)));
          } finally {
            await lab.down();
          }
        }),
      );
    }, 90_000);

    it.each(scenarios)('%s: analyze names %s', (id, _short, finding) => {
      const convs = seen.get(id)!;
      const hits = withFinding(convs, finding);
      expect(hits.length, JSON.stringify(convs.map((c) => [c.client, c.findings.map((f) => f.id)]))).toBeGreaterThan(0);
      expect(hits.some(v6), 'an IPv6 conversation').toBe(true);
      expect(hits.some((c) => !v6(c)), 'an IPv4 conversation').toBe(true);
    });

    it('who was slow: the server lost segments (lossy-path), stopped reading (zero-window); the client wrote twice (nagle)', () => {
      const f = (id: ScenarioId, finding: string) => withFinding(seen.get(id)!, finding)[0].findings.find((x) => x.id === finding)!;
      expect(f('lossy-path', 'retransmissions')).toMatchObject({ sender: 'server', lesson: 'slow-transfers' });
      expect(f('zero-window', 'zero-window')).toMatchObject({ reader: 'server', lesson: 'flow-control' });
      const n = f('nagle', 'nagle-delayed-ack');
      expect(n).toMatchObject({ writer: 'client', lesson: 'nagle' });
      // Linux delays an ACK at least 40 ms.
      expect('delayMs' in n && n.delayMs / n.stalls).toBeGreaterThanOrEqual(35);
    });
  });

  describe('captures built here', () => {
    let t: Topology;
    const servers: ChildProcess[] = [];

    beforeAll(async () => {
      t = await createTopology(`${TAG}-t`);
      // A 40 Mbit/s bottleneck with a deep queue towards the client, as most real paths have one:
      // the reader keeps up even on a busy machine, and nothing overflows.
      await nsRun(t.ns.router, 'tc', ['qdisc', 'add', 'dev', 'r0', 'root', 'tbf', 'rate', '40mbit', 'burst', '64kb', 'limit', '8mb']);
      for (const port of ['9001', '9002', '9003']) servers.push(await startedWhen(nsStart(t.ns.server, process.execPath, [PEER, 'server', port, t.ns.server]), 'listening', `peer on ${port}`));
    }, 60_000);

    it('a clean download, IPv4 and IPv6: no finding at all', async () => {
      // A receive buffer with room for the whole download: a reader descheduled on a busy machine
      // would otherwise close its window for real (and that is a finding).
      await nsSysctl(t.ns.client, 'net.ipv4.tcp_rmem=4096 4194304 6291456');
      const convs = await captured(t.ns.client, 'tcp port 9001', 'clean', async () => {
        expect(await peer(t.ns.client, ['download', LAB_ADDR.server, '9001', '2000000'])).toBe('got 2000000');
        expect(await peer(t.ns.client, ['download', LAB_ADDR.server6, '9001', '2000000'])).toBe('got 2000000');
      }).finally(() => nsSysctl(t.ns.client, 'net.ipv4.tcp_rmem=4096 131072 6291456'));
      expect(convs).toHaveLength(2);
      for (const c of convs) {
        expect(c.transfer?.server.segments).toBeGreaterThan(10);
        expect(c.rttMs).toBeGreaterThan(0);
        expect(c.findings, c.client).toEqual([]);
      }
    }, 60_000);

    it('a receiver with a 4 KB buffer: the sender fills its window again and again (receiver-limited)', async () => {
      await nsSysctl(t.ns.client, 'net.ipv4.tcp_rmem=4096 4096 4096');
      try {
        const convs = await captured(t.ns.client, 'tcp port 9001', 'small-window', async () => {
          for (const host of [LAB_ADDR.server, LAB_ADDR.server6, LAB_ADDR.server]) expect(await peer(t.ns.client, ['download', host, '9001', '300000'])).toBe('got 300000');
        });
        for (const c of convs) expect(c.transfer?.server.windowFull).toBeGreaterThanOrEqual(10);
        // (A reader descheduled for a millisecond on a busy machine also closes a 4 KB window now and then: zero-window besides.)
        const f = withFinding(convs, 'receiver-limited')[0]?.findings.find((x) => x.id === 'receiver-limited');
        expect(f, JSON.stringify(convs.map((c) => c.findings))).toMatchObject({ reader: 'client', lesson: 'flow-control' });
        expect(f && 'largestWindow' in f && f.largestWindow).toBeLessThanOrEqual(8192);
      } finally {
        await nsSysctl(t.ns.client, 'net.ipv4.tcp_rmem=4096 131072 6291456');
      }
    }, 60_000);

    it('a firewall that forgets a flow idle for 2 s: it resets the next packet (idle-then-reset), or drops it until the sender gives up (rto-timeout)', async () => {
      // The router's conntrack forgets established flows after 2 s, and does not pick up the middle of one.
      await nsSysctl(t.ns.router, 'net.netfilter.nf_conntrack_tcp_timeout_established=2');
      await nsSysctl(t.ns.router, 'net.netfilter.nf_conntrack_tcp_loose=0');
      await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9002', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
      await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9003', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP']);
      // The client gives up on unacknowledged data after ~3 s (tcp_retries2=3), not 15 minutes.
      await nsSysctl(t.ns.client, 'net.ipv4.tcp_retries2=3');
      const convs = await captured(t.ns.client, 'tcp port 9002 or tcp port 9003', 'idle', async () => {
        const [reset, dropped] = await Promise.all([peer(t.ns.client, ['idle', LAB_ADDR.server, '9002', '3500']), peer(t.ns.client, ['idle', LAB_ADDR.server, '9003', '3500'])]);
        expect(reset).toBe('ECONNRESET');
        expect(dropped).toBe('ETIMEDOUT');
      });
      const byPort = (p: string) => convs.find((c) => c.server.endsWith(`:${p}`))!;
      expect(byPort('9002').findings).toMatchObject([{ id: 'idle-then-reset', resetBy: 'server', ttlMismatch: true, lesson: 'keepalive' }]);
      const idle = byPort('9002').findings[0];
      expect('idleMs' in idle && idle.idleMs).toBeGreaterThanOrEqual(3000);
      const timeout = byPort('9003').findings.find((f) => f.id === 'rto-timeout');
      expect(timeout).toMatchObject({ sender: 'client', endedBy: 'capture-end', lesson: 'retransmission' });
      expect(timeout && 'retransmissions' in timeout && timeout.retransmissions).toBeGreaterThanOrEqual(3);
      expect(timeout && 'idleBeforeMs' in timeout && timeout.idleBeforeMs).toBeGreaterThanOrEqual(3000);
    }, 60_000);
  });
});
