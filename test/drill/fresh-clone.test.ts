/**
 * Commands run as printed, in the README's setup (issue 18): a fresh clone of the committed HEAD,
 * `npm ci` (whose `prepare` builds dist/), then `npx tcpsleuth drill start` there. The drill's
 * `investigate` argv, the command its text prints, and every command in every hint are run exactly
 * as printed (an argv as it is, a text through `sh -c`): each must run (a tcpsleuth command ends
 * with a verdict code, 0 or 1), never 127 or "exec failed".
 *
 * On CI the checkout under test already is that fresh clone: CI clones the commit, runs `npm ci`
 * (prepare builds dist/) and `npm test` rebuilds dist/ from the same tree. So when CI is set and the
 * tree holds nothing but the committed files, node_modules/ and dist/ (`git status --porcelain
 * --ignored`), the commands run in the checkout itself, from its root, with this file's own state
 * folder and the same scrubbed environment: the same files, the same install, the same cwd-relative
 * commands as in a clone, without a second clone and `npm ci`. Anywhere else (CI unset: a
 * developer's node_modules need not come from `npm ci`; or a tree with changes or other ignored
 * files) the file clones HEAD and runs `npm ci --offline` there, once for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canUseNamespaces } from '../helpers/root.js';
import { exclusive } from '../helpers/exclusive.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Anything in the checkout besides the committed files and what `npm ci` + the build made. */
function besidesTheCommit(): string {
  try {
    const lines = execFileSync('git', ['status', '--porcelain', '--ignored'], { cwd: repo, encoding: 'utf8' }).split('\n');
    return lines.filter((l) => l && !/^!! (node_modules|dist)\/$/.test(l)).join('\n');
  } catch (err) {
    return `git status failed: ${(err as Error).message}`;
  }
}

/** CI's checkout is a clone with `npm ci` done and dist/ just built: the commands run there. */
const checkoutIsTheClone = !!process.env.CI && process.env.CI !== 'false' && besidesTheCommit() === '';
const work = mkdtempSync(join(tmpdir(), 'tsl-story-clone-'));
const clone = checkoutIsTheClone ? repo : join(work, 'tcpsleuth');
const state = join(work, 'state');
process.stderr.write(`fresh clone: ${checkoutIsTheClone ? `CI's clean checkout is the clone (${repo})` : 'cloning HEAD and running npm ci --offline'}\n`);

/** The learner's environment: no npm variables of the test runner, the clone's own state folder. */
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries({ ...process.env, TCPSLEUTH_STATE_DIR: state, NO_COLOR: '1' }).filter(([k]) => !/^npm_|^TCPSLEUTH_SELF$/i.test(k)));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], timeoutMs = 60_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: clone, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 127) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const sh = (line: string) => run('sh', ['-c', line]);
const tcpsleuth = (...args: string[]) => run('npx', ['tcpsleuth', ...args]);

/** It ran: not "command not found", not a failed exec; a tcpsleuth check or sockets ends with 0 or 1. */
function expectRan(what: string, r: Ran): void {
  expect(r.code, `${what}: ${r.stderr}`).not.toBe(126);
  expect(r.code, `${what}: ${r.stderr}`).not.toBe(127);
  expect(r.stderr, what).not.toMatch(/exec of .* failed|command not found|not found: /i);
  if (/tcpsleuth|cli\.js/.test(what)) expect([0, 1], `${what}: exit ${r.code} ${r.stderr}`).toContain(r.code);
}

beforeAll(async () => {
  if (checkoutIsTheClone) return;
  const cloned = await new Promise<Ran>((resolve) =>
    execFile('git', ['clone', '--quiet', repo, clone], { timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr })),
  );
  expect(cloned.code, cloned.stderr).toBe(0);
  const ci = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--prefer-offline'], 300_000);
  expect(ci.code, `npm ci in the clone: ${ci.stderr.slice(-2000)}`).toBe(0);
}, 360_000);

afterAll(async () => {
  await tcpsleuth('drill', 'stop').catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
  // A clone's node_modules takes a while to remove on a loaded machine.
}, 180_000);

/** Starts a drill, runs what it prints, takes every hint and runs the commands in them, then stops it. */
async function drillRunsAsPrinted(scenario: string): Promise<void> {
  const start = await tcpsleuth('drill', 'start', '--scenario', scenario, '--json');
  expect(start.code, start.stderr).toBe(0);
  const d = JSON.parse(start.stdout) as { id: string; investigate: string[] };
  try {
    // The argv, exactly as printed (no shell).
    const argv = await run(d.investigate[0], d.investigate.slice(1));
    expectRan(d.investigate.join(' '), argv);
    expect(argv.stdout).toMatch(/^verdict: /m);
    // The text form (`drill status` prints it for a person to paste).
    const status = await tcpsleuth('drill', 'status', d.id);
    const line = /investigate: (.+)$/m.exec(status.stdout)?.[1];
    expect(line, status.stdout).toBeDefined();
    expectRan(line!, await sh(line!));
    // Every hint, and every command a hint names, as printed.
    const commands: string[] = [];
    for (let i = 0; i < 5; i++) {
      const h = JSON.parse((await tcpsleuth('drill', 'hint', d.id, '--json')).stdout) as { hint: string | null; left: number };
      if (h.hint) for (const m of h.hint.matchAll(/`([^`]+)`/g)) commands.push(m[1]);
      if (!h.left) break;
    }
    for (const c of commands) expectRan(c, await sh(c));
    expect(commands.length, `${scenario}: its hints name a command`).toBeGreaterThan(0);
  } finally {
    await tcpsleuth('drill', 'stop', d.id);
  }
}

describe('a fresh clone (git clone, npm ci): drill commands run as printed', () => {
  it('a loopback drill: investigate (argv and text) and the sockets hint', () => drillRunsAsPrinted('localhost-only'), 120_000);
});

describe.skipIf(!canUseNamespaces)('a fresh clone: namespace drills run as printed (root)', () => {
  // Brings up lab scenarios under their default tsl-lab-* names, as the fault matrix does.
  exclusive('lab-names');

  it('ip netns exec + the command, the capture and route hints', async () => {
    await drillRunsAsPrinted('reject-icmp');
    await drillRunsAsPrinted('no-route');
  }, 240_000);
});
