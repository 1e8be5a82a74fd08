/**
 * `tcpsleuth lab` as users meet it: the catalogue, list --json, usage errors, a loopback `lab up`
 * held and taken down from "another terminal", and what a user without root sees.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERDICTS } from '../../src/evidence.js';
import { listScenarios, SCENARIO_IDS } from '../../src/lab/index.js';
import { which } from '../../src/tools.js';
import { diagnoseHold } from '../../src/diagnosis/hold.js';
import { SERIES_LESSON } from '../../src/diagnosis/series.js';
import { readTcpTimings } from '../../src/kernel-timing.js';
import { CLI, runCli } from '../helpers/cli.js';
import { isRoot } from '../helpers/root.js';
import { exitOf, labUp } from './lab-cli.js';
import { probe } from './probe.js';
import { exclusive } from '../helpers/exclusive.js';

// The fault matrix must see no other tsl-lab-* namespace: one file with lab scenarios under their default names at a time.
exclusive('lab-names');

/** The lessons there are: every lessons/*.md, by the id its front matter gives. */
const LESSON_DIR = fileURLToPath(new URL('../../lessons/', import.meta.url));
const LESSONS = readdirSync(LESSON_DIR)
  .filter((n) => n.endsWith('.md'))
  .map((n) => /^id: (\S+)$/m.exec(readFileSync(join(LESSON_DIR, n), 'utf8'))?.[1])
  .filter((id): id is string => Boolean(id));
const stateDir = mkdtempSync(join(tmpdir(), 'tsl-cli-state-'));
// TCPSLEUTH_SELF: the commands these tests read are printed as `tcpsleuth …` however the suite was started.
const SELF = { TCPSLEUTH_SELF: 'tcpsleuth' };
const env = { TCPSLEUTH_LAB_STATE: stateDir, ...SELF };

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('the catalogue', () => {
  it('has every scenario once, each with its story, lesson and a real verdict', () => {
    const all = listScenarios();
    expect(all.map((s) => s.id)).toEqual([...SCENARIO_IDS]);
    for (const s of all) {
      expect(VERDICTS, s.id).toContain(s.expect);
      expect(LESSONS, s.id).toContain(s.lesson);
      expect(s.title.length, s.id).toBeGreaterThan(10);
      expect(s.imitates.length, s.id).toBeGreaterThan(10);
      expect(s.symptom.length, s.id).toBeGreaterThan(10);
      expect(s.needsRoot, s.id).toBe(s.kind === 'namespace');
      if (s.needsRoot) {
        expect(s.reason, s.id).toMatch(/root/);
        expect(s.port, s.id).toBeGreaterThan(0);
      }
    }
  });

  it('a fault shown over time points at the lesson its over-time finding teaches', () => {
    // The lessons the real rules attach: a series finding (watch) and a silent hold's findings (check --hold).
    const hold = diagnoseHold({ address: '198.19.0.2', port: 5432, family: 4, maxIdleMs: 30_000, outcome: 'silent', aliveUpToMs: 10_000, deadAfterMs: 30_000, idleTimeoutMs: 20_000, precisionMs: 10_000, rounds: 1, probes: [], method: 'keepalive', elapsedMs: 30_000 }, readTcpTimings());
    const lessonOf = (finding: string) => hold.find((f) => f.id === finding)?.lesson ?? SERIES_LESSON;
    const overTime = listScenarios().filter((s) => s.overTime);
    expect(overTime.length).toBeGreaterThan(3);
    for (const s of overTime) expect(s.lesson, s.id).toBe(lessonOf(s.overTime!.findings[0]));
  });

  it("every scenario's lesson exists in lessons/ with that id", () => {
    for (const s of listScenarios()) {
      const file = fileURLToPath(new URL(`../../lessons/${s.lesson}.md`, import.meta.url));
      expect(existsSync(file), `${s.id}: lessons/${s.lesson}.md`).toBe(true);
      expect(readFileSync(file, 'utf8'), s.id).toMatch(new RegExp(`^id: ${s.lesson}$`, 'm'));
    }
  });

  it("the lessons' experiments that name a lab scenario expect the catalogue's verdict", () => {
    const dir = fileURLToPath(new URL('../../lessons/', import.meta.url));
    let seen = 0;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
      for (const block of readFileSync(join(dir, name), 'utf8').split('```experiment').slice(1)) {
        const body = block.split('```')[0];
        const scenario = /^scenario:\s*(\S+)/m.exec(body)?.[1];
        const expected = /^expect:\s*(\S+)/m.exec(body)?.[1];
        const info = listScenarios().find((s) => s.id === scenario);
        if (!info || !expected) continue;
        // An experiment that changes the scenario on purpose (SYN cookies on, the middlebox out) expects what it changes it into.
        if (/^(sysctl|middlebox):/m.test(body)) continue;
        seen++;
        expect(expected, `${name}: experiment on ${scenario}`).toBe(info.expect);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('lab list --json prints [{ id, title, needsRoot, expect }] for every scenario', async () => {
    const r = await runCli(['lab', 'list', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; title: string; needsRoot: boolean; expect: string; reason?: string }>;
    expect(rows.map((x) => x.id)).toEqual([...SCENARIO_IDS]);
    for (const row of rows) {
      expect(row).toMatchObject({ id: expect.any(String), title: expect.any(String), needsRoot: expect.any(Boolean), expect: expect.any(String) });
      if (row.needsRoot) expect(row.reason).toMatch(/root/);
    }
    expect(rows.filter((x) => !x.needsRoot).map((x) => x.id)).toEqual([
      'open',
      'refused',
      'reset-after-connect',
      'closed-after-connect',
      'accept-queue-full',
      'tls-delayed-reset',
      'localhost-only',
      'close-wait-leak',
      'tls-not-tls',
      'tls-name-mismatch',
      'tls-client-cert',
      'tls-protocol-mismatch',
    ]);
  });

  it('plain lab (no verb) lists the scenarios in a table', async () => {
    const r = await runCli(['lab']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^syn-ack-drop\s+filtered\s+/m);
    expect(r.stdout).toMatch(/^localhost-only\s+refused\s+-\s+/m);
  });
});

describe('bad usage: one line, exit 2', () => {
  it.each([
    [['lab', 'run'], /needs a scenario id/],
    [['lab', 'run', 'nope'], /unknown scenario "nope" \(see: tcpsleuth lab list\)/],
    [['lab', 'up', 'ecn-strp'], /unknown scenario "ecn-strp" \(did you mean ecn-strip\?\)/],
    [['lab', 'up', 'drop', 'extra'], /unexpected argument "extra"/],
    [['lab', 'down', 'drop', '--all'], /not both/],
    [['lab', 'frobnicate'], /unknown lab command/],
    [['lab', 'list', '--bogus'], /unknown option --bogus/],
    [['lab', 'up', 'open', '--all'], /--all goes with lab down or lab run/],
    [['lab', 'run', 'open', '--all'], /not both/],
    [['lab', 'list', '--capture'], /--capture goes with lab run/],
    [['lab', 'down', 'drop', '--ipv6'], /--ipv6 goes with lab up or lab run/],
    [['lab', 'run', 'refused', '--ipv6'], /refused runs on IPv4 loopback/],
    [['lab', 'up', 'ecn-strip', '-6'], /ecn-strip works over IPv4 only/],
  ])('%j', async (args, message) => {
    const r = await runCli(args, { env: SELF });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('a reader that closes the pipe early (lab run ... | head -1)', () => {
  it('gets no stack trace, and the run still finishes (and tears down) normally', async () => {
    const child = spawn(process.execPath, [CLI, 'lab', 'run', 'refused'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exitOf(child)).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('a loopback scenario held by lab up (any user)', () => {
  it('stays up until lab down, and a second up says so', async () => {
    const { child, info } = await labUp('open', env);
    expect(info.tryCommand).toBe(`tcpsleuth check 127.0.0.1:${info.target.port}`);
    expect(await probe(info.target)).toBe('connect');
    const again = await runCli(['lab', 'up', 'open'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already up .*pid \d+.*tcpsleuth check 127\.0\.0\.1:\d+/);
    const down = await runCli(['lab', 'down', 'open'], { env });
    expect(down.stdout).toMatch(/open: down/);
    await exitOf(child);
    expect(await probe(info.target)).toBe('ECONNREFUSED');
    expect((await runCli(['lab', 'down', 'open'], { env })).stdout).toMatch(/was not up/);
  });
});

const setpriv = which('setpriv');
const asNobody = setpriv ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
// A checkout under /root (mode 700) is out of nobody's reach: then these tests cannot run.
const nobodyCanRun =
  isRoot && setpriv !== undefined && spawnSync(setpriv, [...asNobody.slice(1), process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI)})`]).status === 0;
if (isRoot && !nobodyCanRun) process.stderr.write(`skipped: the non-root lab tests need setpriv and a checkout user nobody can read (${CLI})\n`);

describe.skipIf(!nobodyCanRun)('without root (run as nobody via setpriv)', () => {
  it('root scenarios are listed with needsRoot and the reason', async () => {
    const r = await runCli(['lab', 'list', '--json'], { prefix: asNobody });
    const rows = JSON.parse(r.stdout) as Array<{ id: string; needsRoot: boolean; reason?: string }>;
    expect(rows.find((x) => x.id === 'drop')).toMatchObject({ needsRoot: true, reason: expect.stringMatching(/root/) });
    expect((await runCli(['lab'], { prefix: asNobody })).stdout).toMatch(/^drop\s+filtered\s+sudo\s+/m);
  });

  it.each(['run', 'up', 'down'])('lab %s of a root scenario says how (sudo) and exits 2', async (verb) => {
    const r = await runCli(['lab', verb, 'syn-ack-drop'], { prefix: asNobody, env: SELF });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `tcpsleuth: lab syn-ack-drop needs root: it builds network namespaces, veth pairs and iptables rules; run it with: sudo tcpsleuth lab ${verb} syn-ack-drop`,
    );
  });

  it('lab down --all stops their own lab up processes and says namespaces need sudo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsl-nobody-state-'));
    chownSync(dir, 65534, 65534);
    try {
      const nobodyEnv = { TCPSLEUTH_LAB_STATE: dir, ...SELF };
      const { child, info } = await labUp('closed-after-connect', nobodyEnv, asNobody);
      const r = await runCli(['lab', 'down', '--all'], { prefix: asNobody, env: nobodyEnv });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/stopped 1 lab up process, removed 0 namespaces/);
      expect(r.stdout).toMatch(/not root: .*sudo tcpsleuth lab down --all/);
      expect(await exitOf(child)).toBe(143);
      expect(await probe(info.target)).toBe('ECONNREFUSED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lab run --all: the unprivileged scenarios work as usual, the root ones are skipped with the reason', async () => {
    const r = await runCli(['lab', 'run', '--all', '--json'], { prefix: asNobody, timeoutMs: 90_000 });
    const rows = JSON.parse(r.stdout) as Array<{ id: string; expected: string; verdict: string | null; ok: boolean | null; skipped?: string }>;
    expect(rows.map((x) => x.id)).toEqual([...SCENARIO_IDS]);
    for (const s of listScenarios()) {
      const row = rows.find((x) => x.id === s.id)!;
      if (s.needsRoot) expect(row).toMatchObject({ verdict: null, ok: null, skipped: expect.stringMatching(/root/) });
      else expect(row, s.id).toMatchObject({ expected: s.expect, verdict: s.expect, ok: true });
    }
    expect(r.code).toBe(0);
  });
});
