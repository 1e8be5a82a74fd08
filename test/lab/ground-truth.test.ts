/**
 * The lab's own ground truth: each scenario, probed with a plain socket (not the product's check),
 * shows the raw behaviour its fault promises. If these pass and the fault matrix fails, the check
 * misclassifies; if these fail, the lab is broken.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upScenario, downAll, listScenarios, type ScenarioId } from '../../src/lab/index.js';
import { listLabNamespaces, nsRun } from '../../src/lab/netns.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { probe } from './probe.js';

noteSkip('the namespace half of the lab ground-truth test');

// downAll() also stops `lab up` processes: keep this file's records apart from everyone else's.
process.env.TCPSLEUTH_LAB_STATE = mkdtempSync(join(tmpdir(), 'tsl-gt-state-'));

/** What a raw connect sees, per scenario (a regular expression over the probe's event list). */
const RAW: Record<ScenarioId, { data?: boolean; see: RegExp }> = {
  open: { see: /^connect$/ },
  refused: { see: /^ECONNREFUSED$/ },
  'reset-after-connect': { see: /^(connect,)?ECONNRESET$/ },
  'closed-after-connect': { see: /^connect,end$/ },
  'accept-queue-full': { see: /^timeout$/ },
  'tls-delayed-reset': { data: true, see: /^connect,ECONNRESET$/ },
  'localhost-only': { see: /^ECONNREFUSED$/ },
  drop: { see: /^timeout$/ },
  'reject-rst': { see: /^ECONNREFUSED$/ },
  'reject-icmp': { see: /^ECONNREFUSED$/ },
  'admin-prohibited': { see: /^EHOSTUNREACH$/ },
  'syn-ack-drop': { see: /^timeout$/ },
  'dpi-reset': { data: true, see: /^connect,ECONNRESET$/ },
  'ecn-blackhole': { see: /^connect$/ },
  'ecn-strip': { see: /^connect$/ },
  // Not EPERM: Linux ignores the local drop's error for a SYN (tcp_connect only passes on
  // ECONNREFUSED) and retransmits, so connect() waits exactly as if the network dropped it.
  'local-egress-drop': { see: /^timeout$/ },
  'no-route': { see: /^ENETUNREACH$/ },
  // The leaky server is at its connection limit: Node accepts and closes at once.
  'close-wait-leak': { see: /^connect,end$/ },
  // The SYN queue is full of half-open connections and SYN cookies are off: our SYN is dropped.
  'syn-flood': { see: /^timeout$/ },
  // A TLS server (or plain HTTP) answers the probe's broken ClientHello with a few bytes and closes.
  'tls-not-tls': { data: true, see: /^connect,data,end$/ },
  'tls-name-mismatch': { data: true, see: /^connect,data/ },
  'tls-client-cert': { data: true, see: /^connect,data/ },
  'tls-protocol-mismatch': { data: true, see: /^connect,data/ },
  // Small packets pass: the probe's handshake and the server's short alert get through (the big
  // flight's loss is shown by test/lab/pmtu.test.ts with a real handshake).
  'pmtu-blackhole': { data: true, see: /^connect,data/ },
  // The probe's SYN goes first, so the router still has an ICMP error to spend on it.
  'router-no-route': { see: /^ENETUNREACH$/ },
  // Node tries every address of a name (autoSelectFamily): a client with fallback gets through.
  'name-one-dead': { see: /^connect$/ },
  'ipv6-refused': { see: /^connect$/ },
  // One connect passes each of these; their faults show over time (test/watch/namespaces.test.ts
  // and test/watch/hold-namespaces.test.ts hold their ground truth).
  'syn-loss': { see: /^connect$/ },
  'dead-address': { see: /^connect$/ },
  'idle-firewall': { see: /^connect$/ },
  'idle-reset': { see: /^connect$/ },
  // The slow-transfer servers accept and wait for the client to speak (the lab's own client makes the traffic).
  'lossy-path': { see: /^connect$/ },
  'zero-window': { see: /^connect$/ },
  nagle: { see: /^connect$/ },
};

/** Topologies of this file are `tsl-gt-*`: the fault matrix may run `tsl-lab-*` at the same time. */
const gt = (id: ScenarioId) => ({ name: `gt-${id}` });

async function observe(id: ScenarioId): Promise<string> {
  const lab = await upScenario(id, gt(id));
  try {
    // Data-driven faults wait for the server's stall; timeouts need only a short look.
    return await probe(lab.target, { data: RAW[id].data, waitMs: RAW[id].data ? 3_000 : 2_000 });
  } finally {
    await lab.down();
  }
}

const loopback = listScenarios().filter((s) => !s.needsRoot);
const namespaced = listScenarios().filter((s) => s.needsRoot);

describe('lab ground truth on loopback (any user)', () => {
  it.each(loopback.map((s) => s.id))('%s behaves as promised', async (id) => {
    expect(await observe(id)).toMatch(RAW[id].see);
  });

  it('localhost-only really is reachable on 127.0.0.1 (the fault is the address, not the service)', async () => {
    const lab = await upScenario('localhost-only');
    try {
      expect(await probe({ host: '127.0.0.1', port: lab.target.port })).toBe('connect');
    } finally {
      await lab.down();
    }
  });
});

describe.skipIf(!canUseNamespaces)('lab ground truth in namespaces (root)', () => {
  afterAll(async () => {
    await downAll({ prefix: 'tsl-gt-' });
  });

  // Each scenario has its own namespaces (tsl-gt-<id>-*) and the probe mostly waits: five at a time
  // (Vitest's maxConcurrency); the tests after this group run once it is done.
  it.concurrent.for(namespaced.map((s) => s.id))('%s behaves as promised', async (id, { expect }) => {
    expect(await observe(id)).toMatch(RAW[id].see);
  });

  it('ecn-blackhole gets through only because Linux retried without ECN: the drop rule fired', async () => {
    const lab = await upScenario('ecn-blackhole', gt('ecn-blackhole'));
    try {
      expect(await probe(lab.target)).toBe('connect');
      const rules = await nsRun('tsl-gt-ecn-blackhole-r', 'iptables', ['-w', '-L', 'FORWARD', '-v', '-x', '-n']);
      const drop = rules.stdout.split('\n').find((l) => /DROP/.test(l) && /ECN/i.test(l));
      expect(drop, rules.stdout).toBeDefined();
      expect(Number(drop!.trim().split(/\s+/)[0])).toBeGreaterThanOrEqual(1);
    } finally {
      await lab.down();
    }
  });

  it('downAll({ prefix }) removes every namespace with the prefix, and only those', async () => {
    await upScenario('drop', { name: 'gt-all-a' });
    await upScenario('no-route', { name: 'gt-all-b' });
    const keep = await upScenario('reject-rst', gt('reject-rst'));
    try {
      const { namespaces } = await downAll({ prefix: 'tsl-gt-all-' });
      expect(namespaces.sort()).toEqual(['tsl-gt-all-a-c', 'tsl-gt-all-a-r', 'tsl-gt-all-a-s', 'tsl-gt-all-b-c', 'tsl-gt-all-b-r', 'tsl-gt-all-b-s']);
      expect((await listLabNamespaces()).filter((n) => n.startsWith('tsl-gt-all-'))).toEqual([]);
      expect(await probe(keep.target)).toBe('ECONNREFUSED');
    } finally {
      await keep.down();
    }
    await expect(downAll({ prefix: 'eth' })).rejects.toThrow(/outside tsl-/);
  });

  it('two ups of the same scenario at once: one builds it, the other says "already up" and removes nothing', async () => {
    const both = await Promise.allSettled([upScenario('drop', gt('drop')), upScenario('drop', gt('drop'))]);
    const won = both.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof upScenario>>> => r.status === 'fulfilled');
    const lost = both.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    try {
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(String(lost[0].reason)).toMatch(/lab drop is already up/);
      expect((await listLabNamespaces()).filter((n) => n.startsWith('tsl-gt-drop-'))).toHaveLength(3);
      expect(await probe(won[0].value.target, { waitMs: 1_500 })).toBe('timeout');
    } finally {
      for (const w of won) await w.value.down();
    }
  });

  it('a second up of a scenario that is up says so, and leaves the first one working', async () => {
    const lab = await upScenario('reject-rst', gt('reject-rst'));
    try {
      await expect(upScenario('reject-rst', gt('reject-rst'))).rejects.toThrow(/already up/);
      expect(await probe(lab.target)).toBe('ECONNREFUSED');
    } finally {
      await lab.down();
    }
  });
});
