/**
 * Drills: a hidden fault, a ticket in a user's words, an answer graded at once. The one API for
 * the CLI (`tcpsleuth drill`) and the chat ("give me a drill", /drill): start, status, hint,
 * answer, stop, each returning data; nothing here prints.
 */
import { randomBytes } from 'node:crypto';
import { isRoot } from '../tools.js';
import { selfArgv, selfCommandLine } from '../self-command.js';
import { shellLine } from '../shell-words.js';
import type { CheckReport, Verdict } from '../evidence.js';
import { hostPort, scenarioInfo } from '../lab/index.js';
import { onCleanup } from '../lifecycle.js';
import { runCheckProcess } from '../lab/run-check.js';
import { loadProgress, recordDrill, saveProgress, stateDir, type DrillResult } from '../notebook/progress.js';
import { ASKERS, causeChoices, drillFor, ticketText, type Asker, type CauseId, type DrillLevel } from './catalogue.js';
import { DrillError, grade, readAsker, readCause, readVerdict, type DrillAnswer, type Grading } from './grade.js';
import { spawnHolder, stopHolder, waitUntilUp } from './holder.js';
import { pickDrill } from './pick.js';
import { allDrills, isDrillId, isHolder, readDrill, removeDrill, updateDrill, writeDrill, type DrillRecord, type DrillTarget } from './state.js';
import { argEcho } from '../sinks/terminal.js';

export { DrillError } from './grade.js';
export { causeChoices, ASKERS, DRILLS, type DrillLevel, type CauseId, type Asker } from './catalogue.js';
export { drillRows } from './pick.js';

/** What a learner gets when a drill starts (`drill start --json` prints exactly this, plus level). */
export interface StartedDrill {
  id: string;
  ticket: string;
  /** host:port as the ticket names it. */
  target: string;
  /** The argv that checks the target from where the learner stands (inside the lab's client namespace for namespace drills). */
  investigate: string[];
  causes: { id: CauseId; text: string }[];
  asks: { id: Asker; text: string }[];
  level: DrillLevel;
}

export interface DrillStatus extends StartedDrill {
  startedAt: string;
  elapsedMs: number;
  hintsTaken: number;
  /** False when the process holding the fault is gone (it ended by itself, or was killed). */
  up: boolean;
}

/** The evidence a real check shows at answer time: its verdict and cause (the check's story), the step that tells, and the findings. */
export interface AnswerEvidence {
  command: string;
  verdict?: Verdict;
  /** The story's one-line cause. */
  cause?: string;
  /** Each address and its outcome, when the name has several (the story's per-address lines). */
  addresses?: string[];
  step?: { id: string; outcome: string; summary: string };
  findings: string[];
  error?: string;
}

export interface AnswerResult extends Grading {
  id: string;
  /** What the fault was, now that it can be said. */
  fault: { scenario: string; title: string };
  evidence: AnswerEvidence;
  lesson: { id: string; command: string };
  durationMs: number;
  allCorrect: boolean;
}

export interface DrillOptions {
  /** The state folder (default: the progress folder; TCPSLEUTH_STATE_DIR). */
  dir?: string;
  signal?: AbortSignal;
}

/** Runs `argv` from where the learner stands: inside the lab's client namespace for namespace drills. */
const fromLearner = (t: DrillTarget, argv: string[]): string[] => (t.namespace ? ['ip', 'netns', 'exec', t.namespace, ...argv] : argv);

/** The argv that checks the target from where the learner stands, as this tcpsleuth is started. */
const investigateArgv = (t: DrillTarget, extra: string[] = []): string[] => fromLearner(t, selfArgv(['check', hostPort(t.host, t.port), ...(t.tls ? ['--tls'] : []), ...extra]));

/**
 * The commands hints and "what tells it" name, for this drill's target, as the learner types them
 * (`sudo` in front of `ip netns exec` when not root): `{sockets}`, `{capture}`, `{route}`.
 */
function drillCommands(t: DrillTarget, root = isRoot()): Record<'sockets' | 'capture' | 'route', string> {
  const line = (argv: string[]) => shellLine(argv[0] === 'ip' && !root ? ['sudo', ...argv] : argv);
  return {
    sockets: line(fromLearner(t, selfArgv(['sockets', '--port', String(t.port)]))),
    capture: line(investigateArgv(t, ['--capture'])),
    route: line(fromLearner(t, ['ip', 'route', 'get', t.host])),
  };
}

/** A hint (or "what tells it") with its commands filled in for this target. */
function fillCommands(text: string, t: DrillTarget, root = isRoot()): string {
  const cmds = drillCommands(t, root);
  return text.replace(/\{(sockets|capture|route)\}/g, (_, k: keyof typeof cmds) => cmds[k]);
}

function view(r: DrillRecord): StartedDrill {
  const t = r.target!;
  return {
    id: r.id,
    ticket: r.ticket ?? '',
    target: hostPort(t.host, t.port),
    investigate: investigateArgv(t),
    causes: causeChoices(),
    asks: (Object.keys(ASKERS) as Asker[]).map((id) => ({ id, text: ASKERS[id] })),
    level: r.level,
  };
}

function recordOrThrow(id: string, dir?: string): DrillRecord {
  if (!isDrillId(id)) throw new DrillError(`"${argEcho(id)}" is not a drill id (six hex digits; ${selfCommandLine(['drill', 'status'])} lists them)`);
  const r = readDrill(id, dir);
  if (!r || r.status !== 'up' || !r.target) throw new DrillError(`no running drill ${id} (${selfCommandLine(['drill', 'status'])} lists them)`);
  return r;
}

/**
 * Sets up a hidden fault and returns the ticket. The fault is held by a detached process until
 * answerDrill or stopDrill; if setting up fails or is aborted, nothing is left behind.
 */
export async function startDrill(opts: DrillOptions & { level?: DrillLevel; scenario?: string; random?: () => number } = {}): Promise<StartedDrill> {
  const dir = opts.dir ?? stateDir();
  const { entry, info } = pickDrill({ level: opts.level, scenario: opts.scenario, random: opts.random });
  const id = randomBytes(3).toString('hex');
  const base: DrillRecord = {
    version: 1,
    id,
    scenario: entry.scenario,
    level: entry.level,
    status: 'starting',
    // Named after the drill, not the fault: `ip netns list` must not give the answer away.
    ...(info.kind === 'namespace' ? { topology: `drill-${id}` } : {}),
    hintsTaken: 0,
    startedAt: new Date().toISOString(),
  };
  writeDrill(base, dir);
  let pid: number | undefined;
  // Ctrl-C while the fault is being built: lifecycle exits after its cleanups, so the teardown is one of them.
  const unregister = onCleanup(async () => {
    await stopHolder({ ...base, holderPid: pid });
    removeDrill(id, dir);
  });
  try {
    pid = spawnHolder(id, dir);
    const up = await waitUntilUp(id, pid, { dir, signal: opts.signal });
    const record = updateDrill(id, (r) => {
      r.ticket = ticketText(entry, hostPort(up.target!.host, up.target!.port));
      r.startedAt = new Date().toISOString();
    }, dir)!;
    return view(record);
  } catch (err) {
    unregister();
    await stopHolder({ ...base, holderPid: pid });
    removeDrill(id, dir);
    if (err instanceof DrillError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new DrillError(`could not set up the drill: ${msg}`);
  } finally {
    unregister();
  }
}

/** The running drills (or one), with elapsed time and whether the fault is still held up. */
export function drillStatus(opts: DrillOptions & { id?: string } = {}): DrillStatus[] {
  const records = opts.id ? [recordOrThrow(opts.id, opts.dir)] : allDrills(opts.dir).filter((r) => r.status === 'up' && r.target);
  return records.map((r) => ({
    ...view(r),
    startedAt: r.startedAt,
    elapsedMs: Date.now() - Date.parse(r.startedAt),
    hintsTaken: r.hintsTaken,
    up: isHolder(r.holderPid, r.id),
  }));
}

/** The next hint (each costs points); when none are left, says so and costs nothing. */
export function takeHint(id: string, opts: DrillOptions = {}): { hint: string | null; hintsTaken: number; left: number } {
  const r = recordOrThrow(id, opts.dir);
  const hints = drillFor(r.scenario)?.hints ?? [];
  if (r.hintsTaken >= hints.length) return { hint: null, hintsTaken: r.hintsTaken, left: 0 };
  const hint = fillCommands(hints[r.hintsTaken], r.target!);
  const after = updateDrill(id, (x) => void (x.hintsTaken += 1), opts.dir)!;
  return { hint, hintsTaken: after.hintsTaken, left: hints.length - after.hintsTaken };
}

/** The command a learner types to investigate (`sudo` in front of `ip netns exec` when not root). */
function investigateLine(t: DrillTarget, root = isRoot()): string {
  const argv = investigateArgv(t);
  return shellLine(argv[0] === 'ip' && !root ? ['sudo', ...argv] : argv);
}

/** What a finished check says, as drill feedback: its story's verdict and cause, the step that tells, the findings. */
export function answerEvidence(report: CheckReport, command: string): AnswerEvidence {
  const story = report.story;
  const steps = report.steps ?? [];
  const telling = steps.find((s) => s.outcome === 'fail') ?? steps.filter((s) => s.outcome === 'pass').at(-1);
  return {
    command,
    verdict: story?.verdict ?? report.verdict,
    ...(story ? { cause: story.cause.text } : {}),
    ...(story && story.perAddress.length > 1 ? { addresses: story.perAddress.map((a) => a.detail.text) } : {}),
    ...(telling ? { step: { id: telling.id, outcome: telling.outcome, summary: telling.summary } } : {}),
    findings: story?.findings.map((f) => f.id) ?? report.findings ?? [],
  };
}

/** Runs the real check once more, from where the learner stands, to show what tells the fault. */
async function evidenceFor(t: DrillTarget, signal?: AbortSignal): Promise<AnswerEvidence> {
  const command = investigateLine(t);
  try {
    return answerEvidence(await runCheckProcess({ ...t, signal, timeoutMs: 30_000 }), command);
  } catch (err) {
    return { command, findings: [], error: err instanceof Error ? err.message : String(err) };
  }
}

function finish(r: DrillRecord, dir: string, result: Omit<DrillResult, 'id' | 'scenario' | 'level' | 'startedAt' | 'endedAt' | 'durationMs' | 'hintsTaken' | 'maxScore'> & { maxScore?: number }): number {
  const durationMs = Date.now() - Date.parse(r.startedAt);
  const progress = loadProgress(dir);
  recordDrill(progress, {
    id: r.id,
    scenario: r.scenario,
    level: r.level,
    hintsTaken: r.hintsTaken,
    maxScore: result.maxScore ?? 100,
    startedAt: r.startedAt,
    endedAt: new Date().toISOString(),
    durationMs,
    ...result,
  });
  saveProgress(progress, dir);
  removeDrill(r.id, dir);
  return durationMs;
}

/**
 * Grades an answer, shows the evidence (a real check), ends the drill (the fault is torn down) and
 * records the score. Words it cannot read throw DrillError before anything ends, so the learner can retry.
 */
export async function answerDrill(id: string, answer: DrillAnswer, opts: DrillOptions = {}): Promise<AnswerResult> {
  const dir = opts.dir ?? stateDir();
  const r = recordOrThrow(id, dir);
  readVerdict(answer.verdict);
  if (answer.cause !== undefined) readCause(answer.cause);
  if (answer.ask !== undefined) readAsker(answer.ask);
  const entry = drillFor(r.scenario);
  const info = scenarioInfo(r.scenario);
  if (!entry || !info) throw new DrillError(`drill ${id} is on "${r.scenario}", which this version does not know; stop it with: ${selfCommandLine(['drill', 'stop', id])}`);
  const graded = grade(entry, info.expect, answer, r.hintsTaken);
  let evidence: AnswerEvidence;
  try {
    // A fault whose holder is gone (it ends by itself after MAX_HOLD_MS) can show nothing any more.
    evidence = isHolder(r.holderPid, r.id)
      ? await evidenceFor(r.target!, opts.signal)
      : { command: investigateLine(r.target!), findings: [], error: 'the fault is no longer up (a drill ends by itself after 4 hours)' };
  } finally {
    await stopHolder(r);
  }
  const durationMs = finish(r, dir, {
    outcome: 'answered',
    score: graded.score,
    maxScore: graded.maxScore,
    parts: { verdict: graded.verdict.correct, cause: graded.cause.correct, ask: graded.ask.correct },
  });
  const lesson = entry.lesson ?? info.lesson;
  return {
    id,
    ...graded,
    tells: fillCommands(graded.tells, r.target!),
    fault: { scenario: info.id, title: info.title },
    evidence,
    lesson: { id: lesson, command: selfCommandLine(['learn', lesson]) },
    durationMs,
    allCorrect: graded.verdict.correct && graded.cause.correct && graded.ask.correct,
  };
}

/**
 * Ends drills without an answer: one by id, or every running drill. The fault is torn down and the
 * drill recorded as stopped (no score). Returns the ids it ended.
 */
export async function stopDrill(opts: DrillOptions & { id?: string } = {}): Promise<string[]> {
  const dir = opts.dir ?? stateDir();
  if (opts.id !== undefined && !isDrillId(opts.id)) throw new DrillError(`"${argEcho(opts.id)}" is not a drill id (six hex digits; ${selfCommandLine(['drill', 'status'])} lists them)`);
  const records = opts.id ? [readDrill(opts.id, dir)].filter((r): r is DrillRecord => r !== undefined) : allDrills(dir);
  if (opts.id && !records.length) throw new DrillError(`no drill ${opts.id} (${selfCommandLine(['drill', 'status'])} lists them)`);
  for (const r of records) {
    await stopHolder(r);
    if (r.status === 'up') finish(r, dir, { outcome: 'stopped', score: null });
    else removeDrill(r.id, dir);
  }
  return records.map((r) => r.id);
}
