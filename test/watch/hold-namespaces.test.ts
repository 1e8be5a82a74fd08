/**
 * As root: `tcpsleuth check --hold` (the built CLI, inside the lab's client namespace) against a
 * router whose conntrack forgets established flows idle for 20 s: one that then drops their
 * packets (idle-firewall, IPv4), one that answers them with an RST (idle-reset, IPv6). The
 * ladder's connections are held in parallel, so each run takes about the timeout, not a multiple.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/evidence.js';
import type { HoldEvidence } from '../../src/checks/hold.js';
import type { HoldFinding } from '../../src/diagnosis/hold.js';
import { IDLE_TIMEOUT_S } from '../../src/lab/faults.js';
import { upScenario, type UpScenario } from '../../src/lab/index.js';
import { listLabNamespaces } from '../../src/lab/netns.js';
import { runCliInNamespace } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';

noteSkip('the check --hold tests in namespaces (test/watch/hold-namespaces.test.ts)');

const tag = `h${process.pid}`;
const stateDir = mkdtempSync(join(tmpdir(), 'tsl-hold-state-'));
process.env.TCPSLEUTH_LAB_STATE = stateDir;

type HeldReport = CheckReport & { hold: HoldEvidence; details: Array<CheckReport['details'][number] | HoldFinding> };

async function hold(lab: UpScenario): Promise<{ code: number; report: HeldReport; ms: number }> {
  const where = lab.target.host.includes(':') ? `[${lab.target.host}]:${lab.target.port}` : `${lab.target.host}:${lab.target.port}`;
  const t0 = performance.now();
  const r = await runCliInNamespace(lab.target.namespace!, ['check', where, '--hold', '40s', '--json'], { timeoutMs: 60_000 });
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as HeldReport, ms: performance.now() - t0 };
}

describe.skipIf(!canUseNamespaces)('check --hold against a firewall that forgets idle flows', { concurrent: true }, () => {
  const labs: Record<string, UpScenario> = {};

  beforeAll(async () => {
    const [silent, reset] = await Promise.all([upScenario('idle-firewall', { name: `${tag}-if` }), upScenario('idle-reset', { name: `${tag}-ir`, family: 6 })]);
    Object.assign(labs, { silent, reset });
  });

  afterAll(async () => {
    await Promise.all(Object.values(labs).map((l) => l.down()));
    rmSync(stateDir, { recursive: true, force: true });
    expect((await listLabNamespaces()).filter((n) => n.startsWith(`tsl-${tag}-`))).toEqual([]);
  });

  it('silence after 20 s idle: idle-timeout within ±5 s, and dead-peer-detection-slow from tcp_retries2', async () => {
    const { code, report, ms } = await hold(labs.silent);
    expect(report.verdict).toBe('open');
    expect(code).toBe(1);
    expect(report.findings).toEqual(expect.arrayContaining(['idle-timeout', 'dead-peer-detection-slow']));
    const idle = report.details.find((d) => d.id === 'idle-timeout') as Extract<HoldFinding, { id: 'idle-timeout' }>;
    expect(Math.abs(idle.idleTimeoutMs - IDLE_TIMEOUT_S * 1000)).toBeLessThanOrEqual(5_000);
    expect(idle.precisionMs).toBeLessThanOrEqual(2_500);
    expect(idle.by).toBe('silent');
    expect(idle.aliveUpToMs).toBeLessThan(IDLE_TIMEOUT_S * 1000 + 500);
    expect(idle.deadAfterMs).toBeGreaterThan(IDLE_TIMEOUT_S * 1000 - 500);
    expect(idle.advice.join('\n')).toMatch(/ServerAliveInterval \d+/);
    expect(report.hold).toMatchObject({ outcome: 'silent', method: 'keepalive', rounds: 1 });
    // Parallel rungs: about the timeout plus a probe or two, well under a minute.
    expect(ms).toBeLessThan(45_000);
  });

  it('an RST after 20 s idle (IPv6): idle-timeout by reset, no dead-peer finding (the application hears at once)', async () => {
    const { code, report } = await hold(labs.reset);
    expect(code).toBe(1);
    const idle = report.details.find((d) => d.id === 'idle-timeout') as Extract<HoldFinding, { id: 'idle-timeout' }>;
    expect(idle).toBeDefined();
    expect(Math.abs(idle.idleTimeoutMs - IDLE_TIMEOUT_S * 1000)).toBeLessThanOrEqual(5_000);
    expect(idle.by).toBe('reset');
    expect(report.findings).not.toContain('dead-peer-detection-slow');
    expect(report.hold.probes.filter((p) => p.outcome === 'reset').length).toBeGreaterThanOrEqual(1);
  });
});
