/**
 * `drill start` in a real terminal (tmux): it takes the answer right there (with a hint on the
 * way); Ctrl-C ends the drill and removes the fault; closing the terminal leaves the drill up for
 * `drill status` and `drill stop` from elsewhere.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { hasTmux, startTerminal as startTmux } from '../e2e/tmux.js';
import { runCli } from '../helpers/cli.js';
import { tempDirs } from '../notebook/helpers/temp-dirs.js';

if (!hasTmux) process.stderr.write('skipped: the drill terminal tests need tmux\n');
const freshDir = tempDirs('tsl-drill-tty-');

const holders = (id: string) =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(`__hold ${id}`);
      } catch {
        return false;
      }
    });

/**
 * startTerminal, tried twice: the tmux server is shared with other test files, and a session that
 * starts just as another file's last session ends can find the server on its way out.
 */
function startTerminal(...args: Parameters<typeof startTmux>): ReturnType<typeof startTmux> {
  try {
    return startTmux(...args);
  } catch {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    return startTmux(...args);
  }
}

const idOn = (screen: string) => /Drill ([a-f0-9]{6}) \(level/.exec(screen)![1];

describe.skipIf(!hasTmux)('drill start in a terminal', () => {
  it('asks for the answer in place, takes a hint, grades it, and the fault is gone', async () => {
    const dir = freshDir();
    const t = startTerminal(['drill', 'start', '--scenario', 'reset-after-connect'], [], { NO_COLOR: '1', TCPSLEUTH_STATE_DIR: dir });
    try {
      const screen = await t.waitFor((s) => /verdict\? /.test(s), 30_000);
      const id = idOn(screen);
      expect(screen).toMatch(/investigate|from where the user stands/);
      expect(holders(id)).toHaveLength(1);
      t.keys('hint', 'Enter');
      await t.waitFor((s) => /hint \(−10 points\)/.test(s));
      t.keys('maybe', 'Enter');
      await t.waitFor((s) => /"maybe" is not a verdict/.test(s));
      t.keys('reset', 'Enter');
      await t.waitFor((s) => /cause \(number\)\? /.test(s));
      t.keys('3', 'Enter');
      await t.waitFor((s) => /who to ask/.test(s));
      t.keys('service', 'Enter');
      const end = await t.waitFor((s) => /__EXIT=/.test(s), 30_000);
      expect(end).toMatch(/90\/100 points/);
      expect(await t.exitCode()).toBe(0);
      expect(holders(id)).toEqual([]);
    } finally {
      t.kill();
    }
  }, 60_000);

  it('answers typed or pasted ahead of the questions are kept, not lost', async () => {
    const dir = freshDir();
    const t = startTerminal(['drill', 'start', '--scenario', 'accept-queue-full'], [], { NO_COLOR: '1', TCPSLEUTH_STATE_DIR: dir });
    try {
      const id = idOn(await t.waitFor((s) => /verdict\? /.test(s), 30_000));
      t.keys('filtered', 'Enter', '6', 'Enter', 'service-owner', 'Enter');
      const end = await t.waitFor((s) => /__EXIT=/.test(s), 30_000);
      expect(end).toMatch(/100\/100 points/);
      expect(await t.exitCode()).toBe(0);
      expect(holders(id)).toEqual([]);
    } finally {
      t.kill();
    }
  }, 60_000);

  it('Ctrl-C ends the drill: the fault is torn down, exit 130, terminal restored', async () => {
    const dir = freshDir();
    const t = startTerminal(['drill', 'start', '--scenario', 'refused'], [], { NO_COLOR: '1', TCPSLEUTH_STATE_DIR: dir });
    try {
      const id = idOn(await t.waitFor((s) => /verdict\? /.test(s), 30_000));
      t.keys('C-c');
      expect(await t.exitCode()).toBe(130);
      expect(t.cooked()).toBe(true);
      expect(holders(id)).toEqual([]);
      const status = await runCli(['drill', 'status', '--json'], { env: { TCPSLEUTH_STATE_DIR: dir } });
      expect(JSON.parse(status.stdout)).toEqual([]);
    } finally {
      t.kill();
    }
  }, 60_000);

  it('closing the terminal keeps the drill: status finds it, stop ends it', async () => {
    const dir = freshDir();
    const env = { TCPSLEUTH_STATE_DIR: dir };
    const t = startTerminal(['drill', 'start', '--scenario', 'closed-after-connect'], [], { NO_COLOR: '1', ...env });
    let id: string;
    try {
      id = idOn(await t.waitFor((s) => /verdict\? /.test(s), 30_000));
    } finally {
      t.kill(); // the terminal goes away (SIGHUP to the drill start process)
    }
    await new Promise((r) => setTimeout(r, 500));
    const status = JSON.parse((await runCli(['drill', 'status', '--json'], { env })).stdout);
    expect(status).toMatchObject([{ id, up: true }]);
    expect(holders(id)).toHaveLength(1);
    expect(JSON.parse((await runCli(['drill', 'stop', id, '--json'], { env })).stdout)).toEqual({ stopped: [id] });
    expect(holders(id)).toEqual([]);
  }, 60_000);

  it('answered from another terminal: the waiting one says so and ends, instead of asking on', async () => {
    const dir = freshDir();
    const env = { TCPSLEUTH_STATE_DIR: dir };
    const t = startTerminal(['drill', 'start', '--scenario', 'refused'], [], { NO_COLOR: '1', ...env });
    try {
      const id = idOn(await t.waitFor((s) => /verdict\? /.test(s), 30_000));
      const answered = await runCli(['drill', 'answer', id, '--verdict', 'refused', '--json'], { env });
      expect(answered.code).toBeLessThan(2);
      const end = await t.waitFor((s) => /__EXIT=/.test(s), 30_000);
      expect(end).toContain(`drill ${id} was answered or stopped from another terminal`);
      expect(end).not.toMatch(/no running drill/);
      expect(await t.exitCode()).toBe(0);
      expect(t.cooked()).toBe(true);
      expect(holders(id)).toEqual([]);
    } finally {
      t.kill();
    }
  }, 60_000);
});
