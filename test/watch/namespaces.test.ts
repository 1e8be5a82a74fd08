/**
 * As root: `tcpsleuth watch` (the built CLI, inside the lab's client namespace) against the lab's
 * own faults, built by this file under its own names: a router dropping every 4th SYN (IPv4 and
 * IPv6), and a name whose second address is silent. Only lab addresses are contacted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upScenario, type UpScenario } from '../../src/lab/index.js';
import { DEAD_ADDRESS } from '../../src/lab/faults.js';
import { listLabNamespaces } from '../../src/lab/netns.js';
import type { WatchSummary } from '../../src/series/types.js';
import { runCliInNamespace } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';

noteSkip('the watch tests in namespaces (test/watch/namespaces.test.ts)');

// Names of this file only (other files may build the same scenarios at the same time).
const tag = `w${process.pid}`;
const stateDir = mkdtempSync(join(tmpdir(), 'tsl-watch-state-'));
process.env.TCPSLEUTH_LAB_STATE = stateDir;

const target = (lab: UpScenario) => (lab.target.host.includes(':') ? `[${lab.target.host}]:${lab.target.port}` : `${lab.target.host}:${lab.target.port}`);

async function watch(lab: UpScenario, ...args: string[]) {
  return runCliInNamespace(lab.target.namespace!, ['watch', target(lab), ...args], { timeoutMs: 30_000 });
}

// Each test has its own lab (the two on dead-address only read it): they run at once.
describe.skipIf(!canUseNamespaces)('watch against lab faults in namespaces', { concurrent: true }, () => {
  const labs: Record<string, UpScenario> = {};

  beforeAll(async () => {
    const [synLoss, synLoss6, dead] = await Promise.all([
      upScenario('syn-loss', { name: `${tag}-sl4` }),
      upScenario('syn-loss', { name: `${tag}-sl6`, family: 6 }),
      upScenario('dead-address', { name: `${tag}-da` }),
    ]);
    Object.assign(labs, { synLoss, synLoss6, dead });
  });

  afterAll(async () => {
    await Promise.all(Object.values(labs).map((l) => l.down()));
    rmSync(stateDir, { recursive: true, force: true });
    expect((await listLabNamespaces()).filter((n) => n.startsWith(`tsl-${tag}-`))).toEqual([]);
  });

  it.each([
    ['IPv4', 'synLoss'],
    ['IPv6', 'synLoss6'],
  ])('every 4th SYN dropped (%s): syn-retransmit-intermittent, a quarter of SYNs lost, a share of handshakes late', async (_family, key) => {
    const r = await watch(labs[key], '--rate', '10', '--count', '24', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as WatchSummary;
    expect(s.attempts).toBe(24);
    expect(s.byVerdict).toEqual({ open: 24 });
    expect(s.findings).toEqual(['syn-retransmit-intermittent']);
    // The router drops 25% of SYN packets, and a retransmitted SYN is a packet too: the loss rate
    // is the share of SYNs retransmitted. How many handshakes that hits depends on how the
    // retransmissions interleave with new attempts: a third when they never overlap, fewer when a
    // retransmission is dropped again.
    expect(Math.abs(s.synLossShare! - 0.25)).toBeLessThanOrEqual(0.1);
    expect(s.retransmitShare!).toBeGreaterThan(0.15);
    expect(s.retransmitShare!).toBeLessThanOrEqual(1 / 3 + 0.05);
    const f = s.details[0] as Extract<WatchSummary['details'][number], { id: 'syn-retransmit-intermittent' }>;
    expect(f.share).toBeCloseTo(s.retransmitShare!);
    expect(f.interval[0]).toBeLessThan(f.share);
    expect(f.interval[1]).toBeGreaterThan(f.share);
    // Each late handshake waited for this kernel's first retransmission (about a second), a few for the next.
    expect(f.delaysMs[0]).toBe(s.kernel.synRetransmitAtMs[0]);
    for (const d of f.delaysMs) expect(s.kernel.synRetransmitAtMs).toContain(d);
    // The median handshake did not wait for a retransmission (its time is well below the first one's).
    expect(s.handshakeMs!.p50).toBeLessThan(s.kernel.synRetransmitAtMs[0] / 2);
    expect(s.handshakeMs!.max).toBeGreaterThanOrEqual(1000);
    expect(f.text).toMatch(/completed only after the SYN was sent again/);
  });

  it('a name with one silent address: one-address-bad names it; --jsonl has a line per attempt, then the summary', async () => {
    const r = await watch(labs.dead, '--rate', '10', '--count', '20', '--jsonl');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
    expect(lines).toHaveLength(21);
    expect(lines.slice(0, 20).every((l) => l.type === 'attempt')).toBe(true);
    const s = lines[20] as unknown as WatchSummary & { type: string };
    expect(s.type).toBe('summary');
    expect(s.target.addresses).toEqual(['198.19.0.2', DEAD_ADDRESS]);
    expect(s.byAddress.map((a) => [a.address, a.byVerdict])).toEqual([
      ['198.19.0.2', { open: 10 }],
      [DEAD_ADDRESS, { filtered: 10 }],
    ]);
    expect(s.findings).toEqual(['one-address-bad']);
    expect(s.details[0]).toMatchObject({ id: 'one-address-bad', address: DEAD_ADDRESS, failed: 10, attempts: 10, lesson: 'intermittent' });
    const dead = lines.filter((l) => l.address === DEAD_ADDRESS);
    expect(dead.every((l) => l.verdict === 'filtered' && l.code === 'TIMEOUT')).toBe(true);
  });

  it('in a pipe: one plain line per attempt, then the summary with the finding and its lesson', async () => {
    const r = await watch(labs.dead, '--rate', '10', '--count', '6');
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).not.toMatch(/\x1b\[/);
    expect(out.match(/^#\d+ /gm)).toHaveLength(6);
    expect(out).toMatch(new RegExp(`^#2 +${DEAD_ADDRESS.replaceAll('.', '\\.')} +filtered`, 'm'));
    expect(out).toMatch(/one-address-bad: All 3 failures came from 198\.19\.0\.3/);
    expect(out).toMatch(/lesson: .*learn intermittent/);
  });
});
