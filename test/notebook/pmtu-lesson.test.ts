/**
 * The pmtu lesson's experiment builds network namespaces: as root it runs (test/notebook/cli.test.ts
 * runs every lesson); without root it is skipped with what it needs, and `learn --run` still exits 0.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from '../helpers/cli.js';
import { which } from '../../src/tools.js';
import { isRoot } from '../helpers/root.js';

const setpriv = which('setpriv');
const asNobody = setpriv ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
const nobodyCanRun =
  isRoot && setpriv !== undefined && spawnSync(setpriv, [...asNobody.slice(1), process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI)})`]).status === 0;
if (!nobodyCanRun) process.stderr.write('skipped: the pmtu lesson without root needs root (to drop it) and setpriv\n');

describe.skipIf(!nobodyCanRun)('learn pmtu --run without root', () => {
  it('skips the namespace experiment, says it needs root and how, and exits 0', async () => {
    const r = await runCli(['learn', 'pmtu', '--run', '--json'], { prefix: asNobody, env: { TCPSLEUTH_STATE_DIR: '/nonexistent-tsl-state' } });
    expect(r.code).toBe(0);
    const [e] = JSON.parse(r.stdout).experiments;
    expect(e).toMatchObject({ id: 'pmtu-blackhole', ok: false, skipped: expect.stringMatching(/needs root: it builds network namespaces/) });
    const plain = await runCli(['learn', 'pmtu', '--run'], { prefix: asNobody, env: { TCPSLEUTH_STATE_DIR: '/nonexistent-tsl-state', TCPSLEUTH_SELF: 'tcpsleuth' } });
    expect(plain.stdout).toMatch(/^skip pmtu-blackhole: needs root: .*: sudo tcpsleuth learn pmtu --run$/m);
  });
});
