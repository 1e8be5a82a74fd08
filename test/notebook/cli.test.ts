/** The built CLI (dist/cli.js), piped, as scripts and CI use it. */
import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { CLI, runCli } from '../helpers/cli.js';
import { loadLessons } from '../../src/notebook/lessons.js';
import { isProbeId } from '../../src/notebook/probes/catalogue.js';

const state = mkdtempSync(join(tmpdir(), 'tsl-learn-cli-'));
// Printed commands are asserted as `tcpsleuth …` (how the test runner was started, npx, must not leak in).
const env = { TCPSLEUTH_STATE_DIR: state, TCPSLEUTH_SELF: 'tcpsleuth' };
afterAll(() => rmSync(state, { recursive: true, force: true }));
const lessons = loadLessons();

describe('learn (headless)', () => {
  it('--list --json lists every lesson with its cell counts', async () => {
    const r = await runCli(['learn', '--list', '--json'], { env });
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.map((l: { id: string }) => l.id)).toEqual(lessons.map((l) => l.id));
    const rst = list.find((l: { id: string }) => l.id === 'rst');
    expect(rst).toEqual({ id: 'rst', title: expect.any(String), topics: ['rst', 'firewall'], minutes: 12, cells: { experiment: 3, quiz: 2, diagram: 2 } });
  });

  it('finds its lessons relative to the installed bundle, from any working directory', async () => {
    const pkg = mkdtempSync(join(tmpdir(), 'tsl-pkg-'));
    try {
      cpSync(dirname(CLI), join(pkg, 'dist'), { recursive: true });
      cpSync(join(dirname(CLI), '..', 'lessons'), join(pkg, 'lessons'), { recursive: true });
      // Mark the copy, to be sure the bundle reads the lessons next to itself, not the repository's.
      const copy = join(pkg, 'lessons', 'dns.md');
      writeFileSync(copy, readFileSync(copy, 'utf8').replace(/^title: .*$/m, 'title: DNS from the installed copy'));
      const out = execFileSync(process.execPath, [join(pkg, 'dist', 'cli.js'), 'learn', '--list', '--json'], { cwd: tmpdir(), env: { ...process.env, ...env } });
      const list = JSON.parse(String(out)) as { id: string; title: string }[];
      expect(list).toHaveLength(lessons.length);
      expect(list.find((l) => l.id === 'dns')?.title).toBe('DNS from the installed copy');
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });

  it('prints a lesson as plain text when not in a terminal', async () => {
    const r = await runCli(['learn', 'handshake'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^The three-way handshake\n=+\n/);
    // Prose is reflowed to 80 columns (a pipe has no width of its own); code and diagrams keep theirs.
    const prose = r.stdout.split('\n').filter((l) => !l.startsWith('    '));
    expect(prose.filter((l) => l.length > 80)).toEqual([]);
    expect(r.stdout.replace(/\n/g, ' ')).toContain('When the final ACK arrives the connection becomes ESTABLISHED.');
    expect(r.stdout).toContain('Quiz: The client');
    expect(r.stdout).toMatch(/\|=+>\|/); // the sequence diagram, drawn
    expect(r.stdout).not.toMatch(/\x1b\[/); // no cursor or colour codes in a pipe
  });

  it('--markdown exports the lesson with its cells as Markdown (diagrams stay mermaid blocks)', async () => {
    const r = await runCli(['learn', 'ecn', '--markdown'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# ECN, explicit congestion notification/);
    expect(r.stdout).toContain('```mermaid\nsequenceDiagram');
    expect(r.stdout).toContain('**Quiz:** Which flags does a client');
    expect(r.stdout).toContain('- [x] ECE and CWR');
  });

  it.each([
    [['learn', 'nope'], /no lesson "nope"/],
    [['learn', 'rst', 'ecn'], /one lesson id/],
    [['learn', '--frobnicate'], /unknown option --frobnicate/],
    [['learn', '--run'], /--run needs a lesson id/],
    [['ask'], /ask needs a question/],
    [['ask', '--nope', 'x'], /unknown option --nope/],
  ])('%j is bad usage: one line, exit 2', async (args, message) => {
    const r = await runCli(args, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('a broken lesson folder', () => {
  it('is one clear line naming the file, exit 1, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsl-lessons-'));
    try {
      writeFileSync(join(dir, 'broken.md'), '---\nid: broken\ntitle: Broken\ntopics: [nope]\norder: 1\nminutes: 5\n---\n');
      for (const args of [['learn', '--list'], ['ask', 'what is rst']]) {
        const r = await runCli(args, { env: { ...env, TCPSLEUTH_LESSONS_DIR: dir } });
        expect(r.code).toBe(1);
        expect(r.stderr).toBe('tcpsleuth: a lesson file is malformed: broken.md: unknown topic "nope"\n');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('learn --run: every experiment of every lesson matches its expectation', () => {
  // Lessons whose experiments are all probes run in-process in probes.test.ts; through the CLI, one
  // quick loopback probe lesson (time-wait) stands for them.
  const onlyProbes = (l: (typeof lessons)[number]) => l.cells.every((c) => c.kind !== 'experiment' || isProbeId(c.scenario));
  const withExperiments = lessons.filter((l) => l.cells.some((c) => c.kind === 'experiment') && (!onlyProbes(l) || l.id === 'time-wait'));
  const outputs = new Map<string, string>();
  it.each(withExperiments.map((l) => [l.id]))('%s', async (id) => {
    const r = await runCli(['learn', id, '--run', '--json'], { env, timeoutMs: 60_000 });
    outputs.set(id, r.stdout);
    const out = JSON.parse(r.stdout) as { experiments: { id: string; ok: boolean; expected: string; observed: string; summary: string }[] };
    const cells = lessons.find((l) => l.id === id)!.cells.filter((c) => c.kind === 'experiment');
    expect(out.experiments.map((e) => e.id)).toEqual(cells.map((c) => (c as { id: string }).id));
    for (const e of out.experiments as { id: string; ok: boolean; expected: string; observed: string; summary: string; skipped?: string }[]) {
      // Namespace experiments (pmtu) run as root; otherwise they are skipped, saying so (test/notebook/pmtu-lesson.test.ts).
      if (e.skipped) {
        expect(process.getuid?.()).not.toBe(0);
        continue;
      }
      expect(e, `${e.id}: ${e.summary}`).toMatchObject({ ok: true, observed: e.expected });
    }
    expect(r.code).toBe(0);
  });

  it.skipIf(process.platform !== 'linux')('shows the kernel keeping a dropped SYN in SYN_SENT and retransmitting it', async () => {
    // The run above (tests in a file run in order); the kernel's view over seconds is not timing-luck.
    const [e] = JSON.parse(outputs.get('timeouts') ?? '{"experiments":[]}').experiments as { kernel: { state: string; retransmits: number }[]; listener?: { acceptQueue: number }; findings: string[] }[];
    expect(e.kernel.length).toBeGreaterThan(0);
    expect(e.kernel.every((k) => k.state === 'SYN_SENT')).toBe(true);
    expect(Math.max(...e.kernel.map((k) => k.retransmits))).toBeGreaterThanOrEqual(1);
    expect(e.listener?.acceptQueue).toBeGreaterThan(0);
    expect(e.findings).toContain('accept-queue-full');
  });

  it.skipIf(process.platform !== 'linux')('shows TIME_WAIT on whichever side closed first', async () => {
    const [established, closedByServer] = JSON.parse(outputs.get('socket-states') ?? '{"experiments":[]}').experiments as {
      id: string;
      kernel: { side: string; state: string }[];
    }[];
    const seen = (e: typeof established, side: string) => e.kernel.filter((k) => k.side === side).map((k) => k.state);
    expect(established.id).toBe('states-established');
    expect(seen(established, 'client')).toContain('TIME_WAIT'); // the check closed first
    expect(seen(established, 'server')).not.toContain('TIME_WAIT');
    expect(closedByServer.id).toBe('states-close-wait');
    expect(seen(closedByServer, 'server')).toContain('TIME_WAIT'); // the server closed first
    expect(seen(closedByServer, 'client')).not.toContain('TIME_WAIT');
  });
});

describe('learn --reset', () => {
  const file = join(state, 'progress.json');
  const seed = () =>
    writeFileSync(file, JSON.stringify({ version: 1, lessons: { rst: { done: true, quiz: {}, experiments: {}, updatedAt: 'x' }, ecn: { done: true, quiz: {}, experiments: {}, updatedAt: 'x' } } }));

  it('refuses without a terminal and without --yes, and changes nothing', async () => {
    seed();
    const r = await runCli(['learn', '--reset'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pass --yes/);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).lessons)).toEqual(['rst', 'ecn']);
  });

  it('resets one lesson with --yes, then all', async () => {
    seed();
    const one = await runCli(['learn', '--reset', 'rst', '--yes'], { env });
    expect(one.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).lessons)).toEqual(['ecn']);
    const all = await runCli(['learn', '--reset', '-y'], { env });
    expect(all.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).lessons).toEqual({});
    expect(existsSync(file)).toBe(true);
  });

  it('the plain list shows done marks and quiz scores from saved progress', async () => {
    writeFileSync(
      file,
      JSON.stringify({ version: 1, lessons: { rst: { done: true, quiz: { a: { choice: 1, correct: true, at: 'x' } }, experiments: {}, updatedAt: 'x' } } }),
    );
    const r = await runCli(['learn'], { env });
    expect(r.stdout).toMatch(/^✓ rst\s+RST.*quiz 1\/2$/m);
    expect(r.stdout).toMatch(/^  ecn\s/m);
  });
});

describe('ask (headless)', () => {
  it('--json answers with topic, lesson, section and the section text', async () => {
    const r = await runCli(['ask', '--json', 'why is my socket stuck in SYN_SENT?'], { env });
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a).toEqual({ topic: 'timeout', lesson: 'timeouts', section: 'SYN_SENT stuck means dropped', answer: expect.stringContaining('SYN_SENT') });
  });

  it('plain output names the lesson to open', async () => {
    const r = await runCli(['ask', 'does', 'connection refused mean a firewall?'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lesson rst, topic rst/);
    expect(r.stdout).toContain('More: tcpsleuth learn rst');
    // The runner-up from another lesson: telling a drop from a refusal is the firewalls lesson's job.
    expect(r.stdout).toMatch(/See also:\n\s+tcpsleuth learn firewalls/);
  });

  it('says so, exit 1, when nothing matches', async () => {
    const r = await runCli(['ask', '--json', 'qqqzx'], { env });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ topic: null, lesson: null, section: null, answer: null });
  });
});
