/**
 * A drill end to end through the built CLI: start (--json), investigate with the real check from
 * where the learner stands, a hint, answers it cannot read (the drill stays up), a wrong answer
 * and a right one, stop; and nothing left behind: no holder process, no listener, no namespace.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { listLabNamespaces } from '../../src/lab/netns.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { tempDirs } from '../notebook/helpers/temp-dirs.js';
import { runTool } from '../../src/tools.js';
import { exclusive } from '../helpers/exclusive.js';

noteSkip('the namespace drill');
const freshDir = tempDirs('tsl-drill-');

interface Started {
  id: string;
  ticket: string;
  target: string;
  investigate: string[];
  causes: { id: string; text: string }[];
  level: number;
}

/**
 * Runs `drill …` with its own state folder, started as `node dist/cli.js` (not through npm, even
 * when the tests run under npx), so the commands it prints are `node dist/cli.js …`.
 */
const drill = (env: NodeJS.ProcessEnv, args: string[], timeoutMs = 60_000): Promise<CliResult> => runCli(['drill', ...args], { env: { ...env, npm_command: '', npm_lifecycle_event: '', TCPSLEUTH_SELF: '' }, timeoutMs });

/** Runs the learner's `investigate` argv exactly as printed (plus `extra` and --json). */
async function investigate(argv: string[], extra: string[] = []): Promise<{ verdict: string; findings: string[] }> {
  const r = await runTool(argv[0], [...argv.slice(1), ...extra, '--json'], { timeoutMs: 30_000, env: { ...process.env, NO_COLOR: '1' } });
  return JSON.parse(r.stdout);
}

/** Processes whose command line names the drill (its holder, its lab's listeners and floods). */
function processesOf(id: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(`__hold ${id}`) || cmd.includes(`tsl-drill-${id}-`)) found.push(`${pid}: ${cmd.slice(0, 100)}`);
    } catch {
      // gone while we looked
    }
  }
  return found;
}

const connects = (hostPort: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = [hostPort.slice(0, hostPort.lastIndexOf(':')), Number(hostPort.slice(hostPort.lastIndexOf(':') + 1))];
    const s = net.connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('drill on loopback (any user)', () => {
  it('start, investigate with the real check, hint, answer wrong words, answer wrong, then right on a second drill; nothing left', async () => {
    const env = { TCPSLEUTH_STATE_DIR: freshDir() };
    const start = await drill(env, ['start', '--scenario', 'localhost-only', '--json']);
    expect(start.code, start.stderr).toBe(0);
    const d = JSON.parse(start.stdout) as Started;
    expect(d.id).toMatch(/^[a-f0-9]{6}$/);
    expect(d.ticket).toContain(d.target);
    expect(d.investigate).toEqual(['node', 'dist/cli.js', 'check', d.target]);
    expect(d.causes.map((c) => c.id)).toContain('localhost-only');
    // `drill start` has ended: the fault is held by another process and is still there.
    const seen = await investigate(d.investigate);
    expect(seen.verdict).toBe('refused');
    expect(seen.findings).toContain('listening-localhost-only');
    expect(processesOf(d.id)).toHaveLength(1);

    const status = JSON.parse((await drill(env, ['status', '--json'])).stdout);
    expect(status).toMatchObject([{ id: d.id, up: true, hintsTaken: 0 }]);
    const hint = JSON.parse((await drill(env, ['hint', d.id, '--json'])).stdout);
    expect(hint).toMatchObject({ hintsTaken: 1 });
    expect(hint.hint).toEqual(expect.any(String));

    // Words it cannot read: exit 2, one line, and the drill is still up to answer properly.
    const bad = await drill(env, ['answer', d.id, '--verdict', 'broken', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/"broken" is not a verdict/);
    expect((await investigate(d.investigate)).verdict).toBe('refused');

    const wrong = await drill(env, ['answer', d.id, '--verdict', 'refused', '--cause', 'not-listening', '--ask', 'network-team', '--json']);
    expect(wrong.code).toBe(1);
    const g = JSON.parse(wrong.stdout);
    expect(g.verdict).toMatchObject({ given: 'refused', correct: true, expected: 'refused' });
    expect(g.cause).toMatchObject({ given: 'not-listening', correct: false, expected: 'localhost-only' });
    expect(g.ask).toMatchObject({ given: 'network-team', correct: false, expected: 'service-owner' });
    expect(g.score).toBe(40 - 10);
    expect(g.evidence).toMatchObject({ verdict: 'refused', step: { id: 'connect', outcome: 'fail' } });
    expect(g.evidence.findings).toContain('listening-localhost-only');
    expect(g.lesson.command).toBe('node dist/cli.js learn socket-states');
    expect(g.evidence.cause).toMatch(/answered the SYN with RST/);
    expect(g.durationMs).toBeGreaterThan(0);
    // Answered: the fault is gone, and so is the drill.
    expect(processesOf(d.id)).toEqual([]);
    expect(JSON.parse((await drill(env, ['status', '--json'])).stdout)).toEqual([]);
    expect((await drill(env, ['answer', d.id, '--verdict', 'refused'])).stderr).toMatch(/no running drill/);

    // A second drill, answered right in plain text.
    const second = JSON.parse((await drill(env, ['start', '--scenario', 'close-wait-leak', '--json'])).stdout) as Started;
    expect((await investigate(second.investigate)).verdict).toBe('closed');
    const right = await drill(env, ['answer', second.id, '--verdict', 'closed', '--cause', 'close-wait-leak', '--ask', 'service']);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toMatch(/100\/100 points/);
    expect(right.stdout).toMatch(/verdict right[\s\S]*cause\s+right[\s\S]*ask\s+right/);
    expect(right.stdout).toMatch(/CLOSE_WAIT/);
    expect(await connects(second.target)).toBe(false);
    expect(processesOf(second.id)).toEqual([]);

    // Both are in the record.
    const record = JSON.parse((await runCli(['learn', '--progress', '--json'], { env })).stdout);
    expect(record.drills.map((x: { id: string; score: number }) => [x.id, x.score])).toEqual([[d.id, 30], [second.id, 100]]);
  }, 120_000);

  it('drill stop ends it without a score and removes the fault', async () => {
    const env = { TCPSLEUTH_STATE_DIR: freshDir() };
    const d = JSON.parse((await drill(env, ['start', '--level', '1', '--json'])).stdout) as Started;
    expect(d.level).toBe(1);
    expect(processesOf(d.id)).toHaveLength(1);
    const stop = await drill(env, ['stop', d.id, '--json']);
    expect(JSON.parse(stop.stdout)).toEqual({ stopped: [d.id] });
    expect(processesOf(d.id)).toEqual([]);
    const record = JSON.parse((await runCli(['learn', '--progress', '--json'], { env })).stdout);
    expect(record.drills).toMatchObject([{ id: d.id, outcome: 'stopped', score: null }]);
    expect(JSON.parse((await drill(env, ['stop', '--json'])).stdout)).toEqual({ stopped: [] });
  }, 60_000);

  it.each([
    [['start', '--level', '4'], /--level is 1, 2 or 3/],
    [['start', '--scenario', 'nope'], /no drill for scenario "nope"/],
    [['answer'], /needs --verdict/],
    [['answer', '--verdict', 'open'], /needs the drill's id/],
    [['answer', 'zzz', '--verdict', 'open'], /"zzz" is not a drill id/],
    [['hint', 'abcdef'], /no running drill abcdef/],
    [['status', '--verdict', 'open'], /go with drill answer/],
    [['dance'], /unknown drill command "dance"/],
  ])('%j is bad usage: one line, exit 2, nothing started', async (args, message) => {
    const dir = freshDir();
    const r = await drill({ TCPSLEUTH_STATE_DIR: dir }, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse((await drill({ TCPSLEUTH_STATE_DIR: dir }, ['status', '--json'])).stdout)).toEqual([]);
  });
});

describe.skipIf(!canUseNamespaces)('drill in namespaces (root)', () => {
  // Brings up lab scenarios under their default tsl-lab-* names, as the fault matrix does.
  exclusive('lab-names');

  it('the ticket\'s target is reached from the lab client; namespaces are named after the drill, not the fault; all gone after the answer', async () => {
    const env = { TCPSLEUTH_STATE_DIR: freshDir() };
    const start = await drill(env, ['start', '--scenario', 'drop', '--json']);
    expect(start.code, start.stderr).toBe(0);
    const d = JSON.parse(start.stdout) as Started;
    expect(d.investigate.slice(0, 4)).toEqual(['ip', 'netns', 'exec', `tsl-drill-${d.id}-c`]);
    expect(d.investigate.join(' ')).not.toMatch(/drop/);
    expect((await listLabNamespaces()).filter((n) => n.startsWith(`tsl-drill-${d.id}-`)).sort()).toEqual([`tsl-drill-${d.id}-c`, `tsl-drill-${d.id}-r`, `tsl-drill-${d.id}-s`]);
    const seen = await investigate(d.investigate);
    expect(seen.verdict).toBe('filtered');
    expect(seen.findings).toContain('syn-retransmitted');

    const r = await drill(env, ['answer', d.id, '--verdict', 'filtered', '--cause', 'syn-ack-lost', '--ask', 'network-team', '--json']);
    expect(r.code).toBe(1);
    const g = JSON.parse(r.stdout);
    expect(g.verdict.correct).toBe(true);
    expect(g.cause).toMatchObject({ correct: false, expected: 'server-firewall-drop' });
    expect(g.evidence).toMatchObject({ verdict: 'filtered', step: { id: 'connect', outcome: 'fail' } });
    expect(g.fault.scenario).toBe('drop');
    expect((await listLabNamespaces()).filter((n) => n.includes(d.id))).toEqual([]);
    expect(processesOf(d.id)).toEqual([]);
  }, 120_000);

  it('a namespace drill that is stopped leaves no namespace and no process', async () => {
    const env = { TCPSLEUTH_STATE_DIR: freshDir() };
    const d = JSON.parse((await drill(env, ['start', '--scenario', 'syn-flood', '--json'])).stdout) as Started;
    expect((await investigate(d.investigate, ['--no-ping'])).verdict).toBe('filtered');
    expect(processesOf(d.id).length).toBeGreaterThanOrEqual(2); // the holder, the listener, the flood
    expect((await drill(env, ['stop', d.id])).code).toBe(0);
    expect((await listLabNamespaces()).filter((n) => n.includes(d.id))).toEqual([]);
    expect(processesOf(d.id)).toEqual([]);
  }, 120_000);
});
