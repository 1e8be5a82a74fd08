/**
 * The fault matrix: every scenario through the built CLI (`tcpsleuth lab run ID --json`), asserting
 * that the real check reaches the verdict the catalogue promises, then that nothing is left behind.
 * The namespace half also drives `lab up`/`lab down`, Ctrl-C, SIGTERM, SIGKILL and a crashed check.
 * Everything with default lab names (`tsl-lab-*`) lives in this one file, so it runs sequentially.
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listScenarios, type ScenarioInfo } from '../../src/lab/index.js';
import { CLI, runCli } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { hostNetwork, leftovers } from './leftovers.js';
import { probe } from './probe.js';
import { exitOf, labUp } from './lab-cli.js';
import { hasTmux, processesWithMarker, startTerminal } from '../e2e/tmux.js';
import type { CheckReport } from '../../src/evidence.js';
import { expectAgreement } from './surfaces.js';
import { exclusive } from '../helpers/exclusive.js';

// The fault matrix must see no other tsl-lab-* namespace: one file with lab scenarios under their default names at a time.
exclusive('lab-names');

noteSkip('the namespace half of the fault matrix');
if (!hasTmux) process.stderr.write('skipped: the Ctrl-C-in-a-terminal lab test needs tmux (apt install tmux)\n');

// This file's `lab up` records live in their own folder, apart from other test files and users.
const stateDir = mkdtempSync(join(tmpdir(), 'tsl-matrix-state-'));
process.env.TCPSLEUTH_LAB_STATE = stateDir;
// TMPDIR: where the checks run with --capture save their pcaps; removed with the state folder.
// Started as `node dist/cli.js` (not through npm, even when the suite runs under npx): the commands it prints say so.
const env = { TCPSLEUTH_LAB_STATE: stateDir, TMPDIR: stateDir, npm_command: '', npm_lifecycle_event: '', TCPSLEUTH_SELF: '' };
const CRASHING_CHECK = fileURLToPath(new URL('./fixtures/crashing-check.mjs', import.meta.url));

interface RunOutput {
  id: string;
  expected: string;
  verdict: string | null;
  findings: string[];
  error?: string;
  /** The check's whole `--json` report, story included (what every surface renders). */
  report?: CheckReport;
}

/** What each scenario's `lab run` printed; the tests below read it (each scenario runs once). */
const results = new Map<string, { code: number; out?: RunOutput; stderr: string; problem?: string }>();

/** Namespace scenarios whose findings need packets run with --capture (root, tcpdump). */
const wantsCapture = (s: ScenarioInfo) => s.needsRoot && (s.captureFindings ?? []).length > 0;

/** IPv6 runs (`--ipv6`, with --capture where findings need packets), kept apart from the IPv4 ones. */
const results6 = new Map<string, { code: number; out?: RunOutput; stderr: string; problem?: string }>();

/** How long each run took (ms), to print the matrix's time per family. */
const took = new Map<string, number>();

/**
 * Each run's agreement across surfaces (expectAgreement), judged as soon as the run ends: rendering
 * takes CPU while the other runs wait on their namespaces. The agreement tests below report it.
 */
const agreement = new Map<string, { error?: unknown }>();

async function labRun(s: ScenarioInfo, family: 4 | 6): Promise<void> {
  const flags = [...(family === 6 ? ['--ipv6'] : []), ...(wantsCapture(s) ? ['--capture'] : [])];
  const t0 = performance.now();
  const r = await runCli(['lab', 'run', s.id, '--json', ...flags], { timeoutMs: 90_000, env });
  took.set(`${s.id}/${family}`, performance.now() - t0);
  const into = family === 6 ? results6 : results;
  let out: RunOutput;
  try {
    out = JSON.parse(r.stdout) as RunOutput;
  } catch {
    into.set(s.id, { code: r.code, stderr: r.stderr, problem: `lab run ${s.id} ${flags.join(' ')} printed no JSON (exit ${r.code}): ${r.stderr || r.stdout}` });
    return;
  }
  into.set(s.id, { code: r.code, out, stderr: r.stderr });
  if (!out.report) return;
  try {
    expectAgreement(`${s.id}/${family}`, out.report);
    agreement.set(`${s.id}/${family}`, {});
  } catch (error) {
    agreement.set(`${s.id}/${family}`, { error });
  }
}

/**
 * Runs the scenarios `parallel` at a time: each has its own namespaces (or port), and most of a run
 * is waiting. The IPv4 and IPv6 runs of one scenario share its namespace names (tsl-lab-<id>-*),
 * so a worker takes the next run whose scenario is not already running.
 */
async function runAll(list: Array<[ScenarioInfo, 4 | 6]>, parallel = 2): Promise<void> {
  const queue = [...list];
  const running = new Set<string>();
  const next = () => {
    const i = queue.findIndex(([s]) => !running.has(s.id));
    return i < 0 ? undefined : queue.splice(i, 1)[0];
  };
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (queue.length) {
        const item = next();
        if (!item) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        running.add(item[0].id);
        try {
          await labRun(...item);
        } finally {
          running.delete(item[0].id);
        }
      }
    }),
  );
}

const v4 = (list: ScenarioInfo[]) => list.map((s) => [s, 4] as [ScenarioInfo, 4 | 6]);
const v6 = (list: ScenarioInfo[]) => list.map((s) => [s, 6] as [ScenarioInfo, 4 | 6]);

function expectVerdict(s: ScenarioInfo, family: 4 | 6 = 4): void {
  const r = (family === 6 ? results6 : results).get(s.id);
  expect(r, `${s.id} did not run`).toBeDefined();
  expect(r!.problem).toBeUndefined();
  const out = r!.out!;
  expect(out.id).toBe(s.id);
  expect(out.expected).toBe(s.expect);
  expect(out.verdict, `${s.id}: ${out.error ?? r!.stderr}`).toBe(s.expect);
  expect(Array.isArray(out.findings)).toBe(true);
  expect(r!.code).toBe(0);
}

const loopback = listScenarios().filter((s) => !s.needsRoot);
const namespaced = listScenarios().filter((s) => s.needsRoot);
const namespaced6 = namespaced.filter((s) => s.id !== 'ecn-strip');

describe('fault matrix on loopback: lab run ID --json (any user)', () => {
  beforeAll(() => runAll(v4(loopback)), 120_000);

  it.each(loopback)('$id: the check says $expect', (s) => expectVerdict(s));
});

/** The findings the catalogue promises for `s` in this run (capture ones only when run with --capture). */
const promised = (s: ScenarioInfo) => [...s.findings, ...(wantsCapture(s) ? (s.captureFindings ?? []) : [])];

/** One test per scenario that promises findings, read from the run above (it must have run first). */
function findingsTests(list: ScenarioInfo[], family: 4 | 6 = 4): void {
  for (const s of list.filter((x) => promised(x).length > 0)) {
    const title = `${s.id}${family === 6 ? ' over IPv6' : ''}: the check reports ${promised(s).join(', ')}`;
    it(title, () => {
      const out = (family === 6 ? results6 : results).get(s.id)?.out;
      expect(out, `${s.id} did not run`).toBeDefined();
      expect(out!.findings).toEqual(expect.arrayContaining(promised(s)));
    });
  }
}

describe('findings on loopback', () => {
  findingsTests(loopback);
});

/**
 * Issue 18's agreement: each run's report (the check ran once, above) rendered on every surface
 * (plain, --json, the guide, the chat, drill feedback, Markdown, HTML) tells one story.
 */
function agreementTests(list: ScenarioInfo[], family: 4 | 6 = 4): void {
  it.each(list)(`$id${family === 6 ? ' over IPv6' : ''}: every surface tells the same story`, (s) => {
    const out = (family === 6 ? results6 : results).get(s.id)?.out;
    expect(out?.report, `${s.id} did not run`).toBeDefined();
    const judged = agreement.get(`${s.id}/${family}`);
    expect(judged, `${s.id}/${family}: agreement not judged`).toBeDefined();
    if (judged!.error) throw judged!.error;
  });
}

describe('one story on every surface, on loopback', () => {
  agreementTests(loopback);
});

describe.skipIf(!canUseNamespaces)('fault matrix in namespaces (root)', () => {
  let hostBefore: Record<string, string> = {};
  beforeAll(async () => {
    const before = await leftovers();
    expect(before.namespaces, 'a tsl-lab-* namespace exists before the matrix: run tcpsleuth lab down --all').toEqual([]);
    hostBefore = await hostNetwork();
    // Every fault over IPv4 and over IPv6 (ip6tables, fd00:19::2; ecn-strip has no IPv6 form), three
    // runs at a time: the runs mostly wait (budgets, ARP and neighbour discovery), they do not compute.
    // The idle holds (30 s of silence each, two per scenario that must follow each other) run in a
    // lane of their own beside those three, from the start: otherwise they come last and close the
    // matrix alone, and while they hold they take no CPU from the others.
    const t0 = performance.now();
    const all = [...v4(namespaced), ...v6(namespaced6)];
    const holds = (run: [ScenarioInfo, 4 | 6]) => run[0].overTime?.command === 'hold';
    await Promise.all([runAll(all.filter(holds), 2), runAll(all.filter((run) => !holds(run)), 3)]);
    const sum = (f: 4 | 6) => [...took].filter(([k]) => k.endsWith(`/${f}`)).reduce((a, [, ms]) => a + ms, 0);
    const longest = [...took].sort(([, a], [, b]) => b - a).slice(0, 6).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`);
    process.stderr.write(`fault matrix in namespaces: ${namespaced.length} IPv4 + ${namespaced6.length} IPv6 runs in ${((performance.now() - t0) / 1000).toFixed(1)} s (run time summed: IPv4 ${(sum(4) / 1000).toFixed(1)} s, IPv6 ${(sum(6) / 1000).toFixed(1)} s; longest: ${longest.join(', ')})\n`);
  }, 300_000);

  afterAll(async () => {
    try {
      expect(await leftovers()).toEqual({ namespaces: [], processes: [], hostLinks: [], records: [] });
    } finally {
      // Whatever the assertion said, leave the machine clean.
      for (const s of namespaced) await runCli(['lab', 'down', s.id], { env, timeoutMs: 20_000 });
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it.each(namespaced)('$id: the check says $expect', (s) => expectVerdict(s));

  it.each(namespaced6)('$id over IPv6: the check says $expect', (s) => expectVerdict(s, 6));

  it('nothing is left behind by the matrix: no tsl-lab-* namespace, process, veth or record', async () => {
    expect(await leftovers()).toEqual({ namespaces: [], processes: [], hostLinks: [], records: [] });
  });

  it("the host's own links, routes, firewall rules and tcp_ecn are untouched", async () => {
    expect(await hostNetwork()).toEqual(hostBefore);
  });

  findingsTests(namespaced);

  findingsTests(namespaced6, 6);

  agreementTests(namespaced);

  agreementTests(namespaced6, 6);

  it('router-no-route over IPv4: ping after the SYN meets the router\'s ICMP rate limit (icmp-rate-limited)', () => {
    // Linux routers charge "no route" errors twice from one per-client bucket: the SYN gets the
    // error, ping's first probe the next one, and probes 2-3 get silence.
    expect(results.get('router-no-route')?.out?.findings).toEqual(expect.arrayContaining(['icmp-from-router', 'icmp-rate-limited']));
  });

  it('lab up holds a scenario until lab down; a second up says "already up"', async () => {
    const { child, info } = await labUp('reject-rst', env);
    expect(info.tryCommand).toBe(`${process.env.SUDO_USER ? 'sudo ' : ''}ip netns exec tsl-lab-reject-rst-c node dist/cli.js check 198.19.0.2:6379`);
    expect(info.fault).toEqual(['ip netns exec tsl-lab-reject-rst-s iptables -A INPUT -p tcp --dport 6379 -j REJECT --reject-with tcp-reset']);
    expect(await probe(info.target)).toBe('ECONNREFUSED');
    const again = await runCli(['lab', 'up', 'reject-rst'], { env, timeoutMs: 20_000 });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already up/);
    // The first one is untouched by the failed second up.
    expect(await probe(info.target)).toBe('ECONNREFUSED');
    const down = await runCli(['lab', 'down', 'reject-rst'], { env, timeoutMs: 20_000 });
    expect(down.stdout).toMatch(/reject-rst: down/);
    await exitOf(child);
    expect(await leftovers()).toMatchObject({ namespaces: [], processes: [], records: [] });
  });

  it('SIGTERM to lab up removes the scenario', async () => {
    const { child } = await labUp('syn-ack-drop', env);
    expect((await leftovers()).namespaces).toHaveLength(3);
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(143);
    expect(await leftovers()).toMatchObject({ namespaces: [], processes: [], records: [] });
  });

  it('Ctrl-C (SIGINT) in the middle of lab run tears down and exits 130', async () => {
    const child = spawn(process.execPath, [CLI, 'lab', 'run', 'drop', '--json'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    // Interrupt while the check waits for the dropped SYN (the namespaces are up by then).
    for (let i = 0; i < 100 && (await leftovers()).processes.every((p) => !/ check /.test(p)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await leftovers()).namespaces).toHaveLength(3);
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(130);
    expect(await leftovers()).toMatchObject({ namespaces: [], processes: [] });
  });

  it('a crashed check is reported in one line, and the scenario is still torn down', async () => {
    const r = await runCli(['lab', 'run', 'reject-icmp', '--json'], { env: { ...env, TCPSLEUTH_CLI: CRASHING_CHECK }, timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as RunOutput;
    expect(out).toMatchObject({ id: 'reject-icmp', expected: 'refused', verdict: null });
    expect(out.error).toMatch(/exited with 70: tcpsleuth: internal error: boom/);
    expect(await leftovers()).toMatchObject({ namespaces: [], processes: [] });
  });

  it.skipIf(!hasTmux)('Ctrl-C in a real terminal (tmux) ends lab up and lab run with 130 and leaves nothing', async () => {
    const up = startTerminal(['lab', 'up', 'syn-ack-drop']);
    try {
      await up.waitFor((screen) => screen.includes(`try:  ${process.env.SUDO_USER ? 'sudo ' : ''}ip netns exec tsl-lab-syn-ack-drop-c`));
      up.keys('C-c');
      expect(await up.exitCode()).toBe(130);
      expect(processesWithMarker(up.marker)).toEqual([]);
    } finally {
      up.kill();
    }
    expect(await leftovers()).toMatchObject({ namespaces: [], processes: [] });

    const run = startTerminal(['lab', 'run', 'drop']);
    try {
      // Ctrl-C reaches the whole foreground group: the lab, the check it runs, the listener.
      for (let i = 0; i < 100 && (await leftovers()).processes.every((p) => !/ check /.test(p)); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      run.keys('C-c');
      expect(await run.exitCode()).toBe(130);
      expect(processesWithMarker(run.marker)).toEqual([]);
    } finally {
      run.kill();
    }
    expect(await leftovers()).toMatchObject({ namespaces: [], processes: [] });
  });

  it('a bug of the lab itself (an uncaught exception in lab up) still tears down, with one line and exit 70', async () => {
    const planted = fileURLToPath(new URL('./fixtures/planted-bug.mjs', import.meta.url));
    const { child, stderr } = await labUp('admin-prohibited', { ...env, NODE_OPTIONS: `--import=${planted}` });
    expect(await exitOf(child)).toBe(70);
    // 'exit' can come before the last of stderr: wait for the pipe to close.
    if (!child.stderr!.closed) await new Promise((r) => child.stderr!.once('close', r));
    // (Read through labUp: the pipe's data may be delivered before the JSON line on stdout is.)
    expect(stderr()).toBe('tcpsleuth lab: internal error: planted bug; tearing the lab down\n');
    expect(await leftovers()).toMatchObject({ namespaces: [], processes: [], records: [] });
  });

  it('after a SIGKILLed lab up (no chance to clean up), up says so and lab down removes the leftovers', async () => {
    const { child } = await labUp('no-route', env);
    child.kill('SIGKILL');
    await exitOf(child);
    // The listener of the killed process still runs inside the namespace it left behind.
    expect((await leftovers()).namespaces).toHaveLength(3);
    const again = await runCli(['lab', 'up', 'no-route'], { env, timeoutMs: 20_000 });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already up.*tsl-lab-no-route-\*/);
    const down = await runCli(['lab', 'down', 'no-route'], { env, timeoutMs: 20_000 });
    expect(down.stdout).toMatch(/no-route: down/);
    expect(await leftovers()).toMatchObject({ namespaces: [], processes: [], records: [] });
  });
});
