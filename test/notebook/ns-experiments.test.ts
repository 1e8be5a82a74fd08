/**
 * The new lessons' experiments, run for real: CLOSE_WAIT leak on loopback (any user); ECN, DNS and
 * SYN flood in network namespaces (root). Each must reproduce its claim (verdict and findings), the
 * kernel view must show the server's side where the lesson says so, and nothing may be left behind.
 * Without root, the namespace ones are skipped with the reason, not failed.
 */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { loadLessons } from '../../src/notebook/lessons.js';
import type { ExperimentCell } from '../../src/notebook/cells.js';
import { runExperiment } from '../../src/notebook/experiment.js';
import { listLabNamespaces } from '../../src/lab/netns.js';
import { spawnSync } from 'node:child_process';
import { canUseNamespaces, isRoot, noteSkip } from '../helpers/root.js';
import { CLI, runCli } from '../helpers/cli.js';
import { which } from '../../src/tools.js';
import { exclusive } from '../helpers/exclusive.js';

noteSkip('the ECN, DNS and SYN flood experiments');

const cells = new Map(
  loadLessons()
    .flatMap((l) => l.cells)
    .filter((c): c is ExperimentCell => c.kind === 'experiment')
    .map((c) => [c.id, c]),
);
const cell = (id: string) => {
  const c = cells.get(id);
  if (!c) throw new Error(`no experiment ${id} in lessons/`);
  return c;
};

describe('CLOSE_WAIT leak (loopback, any user)', () => {
  it('reproduces: closed, and the server already holds its leaked sockets in CLOSE_WAIT', async () => {
    const r = await runExperiment(cell('states-leak'));
    expect(r.observed).toBe('closed');
    expect(r.ok).toBe(true);
    expect(r.server?.CLOSE_WAIT).toBe(16);
  });
});

describe.skipIf(!canUseNamespaces)('namespace experiments (root)', () => {
  // Brings up lab scenarios under their default tsl-lab-* names, as the fault matrix does.
  exclusive('lab-names');

  it.each([
    ['ecn-negotiated', 'open', [] as string[]],
    ['ecn-stripped', 'open', ['ecn-not-negotiated']],
    ['ecn-blackhole-fallback', 'open', ['ecn-blackhole']],
    ['dns-nxdomain', 'dns-error', ['nxdomain']],
    ['dns-no-answer', 'dns-error', ['resolver-unreachable']],
    ['synflood-syn-recv', 'filtered', ['syn-retransmitted']],
    ['synflood-with-cookies', 'open', []],
  ])('%s reproduces its claim (%s)', async (id, verdict, findings) => {
    const r = await runExperiment(cell(id));
    expect(r.summary).not.toMatch(/could not run/);
    expect(r.observed).toBe(verdict);
    for (const f of findings) expect(r.findings).toContain(f);
    if (id === 'ecn-negotiated') expect(r.findings.filter((f) => f.startsWith('ecn'))).toEqual([]);
    if (id === 'dns-nxdomain' || id === 'dns-no-answer') expect(r.findings).not.toContain(id === 'dns-nxdomain' ? 'resolver-unreachable' : 'nxdomain');
    if (id.startsWith('synflood')) expect(r.server?.SYN_RECV).toBeGreaterThanOrEqual(8);
    expect(r.ok).toBe(true);
    // Its own namespaces are gone (other files may run experiments of their own meanwhile).
    expect(r.lab).toMatch(/^exp-[0-9a-f]{6}$/);
    const mine = `tsl-${r.lab}-`;
    expect((await listLabNamespaces()).filter((n) => n.startsWith(mine))).toEqual([]);
    expect(existsSync('/etc/netns') ? (await import('node:fs')).readdirSync('/etc/netns').filter((n) => n.startsWith(mine)) : []).toEqual([]);
  }, 60_000);
});

describe.skipIf(isRoot)('namespace experiments without root', () => {
  it('are skipped with the reason, not failed', async () => {
    const r = await runExperiment(cell('synflood-syn-recv'));
    expect(r.ok).toBe(false);
    expect(r.skipped).toMatch(/needs root/);
  });
});

// As root, the non-root path is tried as nobody (setpriv), when nobody can read the built CLI.
const setpriv = which('setpriv');
const asNobody = setpriv ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
const nobodyCanRun = isRoot && setpriv !== undefined && spawnSync(setpriv, [...asNobody.slice(1), process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI)})`]).status === 0;

describe.skipIf(!nobodyCanRun)('learn --run as nobody (setpriv)', () => {
  it('runs the loopback experiment and skips the namespace ones, saying what is needed; exit 0', async () => {
    const r = await runCli(['learn', 'syn-floods', '--run'], { prefix: asNobody, env: { TCPSLEUTH_STATE_DIR: '/tmp', TCPSLEUTH_SELF: 'tcpsleuth' }, timeoutMs: 60_000 });
    expect(r.stdout).toMatch(/^ok {3}synflood-accept-queue/m);
    expect(r.stdout).toMatch(/^skip synflood-syn-recv: needs root[^\n]*sudo tcpsleuth learn syn-floods --run/m);
    expect(r.code).toBe(0);
  }, 60_000);
});
