/**
 * Saved progress: versioned JSON under the XDG state directory, checked against its shape when
 * read (progress-schema.ts) and written atomically (exclusive temp file + fsync + rename), so a
 * crash mid-write leaves either the old file or the new one.
 */
import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkProgress } from './progress-schema.js';

/** 1: lessons only. 2: adds `drills` (a version-1 file is migrated on read). */
const PROGRESS_VERSION = 2;

export interface QuizAnswer {
  choice: number;
  correct: boolean;
  at: string;
}

export interface ExperimentRecord {
  ok: boolean;
  observed: string;
  at: string;
}

export interface LessonProgress {
  done: boolean;
  quiz: Record<string, QuizAnswer>;
  experiments: Record<string, ExperimentRecord>;
  updatedAt: string;
}

/** One finished drill: how it ended, the score and how long it took. */
export interface DrillResult {
  id: string;
  scenario: string;
  level: number;
  /** `answered` (graded) or `stopped` (ended without an answer: no score). */
  outcome: 'answered' | 'stopped';
  score: number | null;
  maxScore: number;
  hintsTaken: number;
  /** Which parts were right (answered drills only). */
  parts?: { verdict: boolean; cause: boolean; ask: boolean };
  startedAt: string;
  endedAt: string;
  durationMs: number;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  lessons: Record<string, LessonProgress>;
  drills: DrillResult[];
}

/** $TCPSLEUTH_STATE_DIR, else $XDG_STATE_HOME/tcpsleuth, else ~/.local/state/tcpsleuth. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TCPSLEUTH_STATE_DIR) return env.TCPSLEUTH_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'tcpsleuth');
}

export const progressFile = (dir = stateDir()): string => join(dir, 'progress.json');

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, lessons: {}, drills: [] });

/**
 * Brings a parsed file up to the current version, or returns undefined when it is not a progress
 * file we understand (another shape, or from a future version). Version 1 had no drills.
 */
export function migrateProgress(data: unknown): Progress | undefined {
  const r = checkProgress(data);
  return 'progress' in r ? r.progress : undefined;
}

/** A progress file larger than this is not one of ours (a few hundred lessons and drills fit in far less). */
const MAX_BYTES = 4 << 20;

/** Says one thing to the learner about their progress file (by default on stderr, before any screen). */
export type Tell = (message: string) => void;

const onStderr: Tell = (message) => process.stderr.write(`tcpsleuth: ${message}\n`);

/**
 * Reads the progress file without ever blocking: opened non-blocking, then checked to be a regular
 * file (a FIFO, a device or a folder in its place is refused, never waited on), capped in size.
 * Returns its text, undefined when there is none, or why it is not a file we read.
 */
function readRegularFile(file: string): { text?: string; refused?: string } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : { refused: `it could not be opened (${code})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { refused: `it is ${st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a folder' : st.isSocket() ? 'a socket' : 'a device'}, not a file` };
    if (st.size > MAX_BYTES) return { refused: `it is ${Math.round(st.size / 1024 / 1024)} MB, far more than any progress file` };
    return { text: readFileSync(fd, 'utf8') };
  } catch (err) {
    return { refused: `it could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads progress. A missing file is a fresh start. A file that does not parse, has another shape
 * or version, or is not a regular file, is set aside as progress.json.bad-<time> (never silently
 * overwritten, never waited on) and `tell` says so and where it went.
 */
export function loadProgress(dir = stateDir(), tell: Tell = onStderr): Progress {
  const file = progressFile(dir);
  removeOrphanTemps(dir);
  const { text, refused } = readRegularFile(file);
  if (text === undefined && !refused) return emptyProgress();
  let problem = refused;
  if (text !== undefined) {
    try {
      const r = checkProgress(JSON.parse(text));
      if ('progress' in r) return r.progress;
      problem = `it is not a tcpsleuth progress file (${r.problem})`;
    } catch {
      problem = 'it is not valid JSON';
    }
  }
  const aside = `${file}.bad-${Date.now()}`;
  try {
    renameSync(file, aside);
    tell(`your progress file ${file} was set aside as ${aside}: ${problem}. Progress starts fresh.`);
  } catch (err) {
    tell(`your progress file ${file} was not read: ${problem}, and it could not be moved aside (${(err as NodeJS.ErrnoException).code ?? err}). Progress starts fresh.`);
  }
  return emptyProgress();
}

/** Deletes temp files left by writers that died mid-write (their pid is gone). */
function removeOrphanTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^progress\.json\.(\d+)\.\w+\.tmp$/.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // another process cleaned it up first
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Progress could not be saved: the message says where and why (for one line on stderr). */
export class ProgressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgressError';
  }
}

/**
 * Writes progress atomically: a temp file created exclusively (O_EXCL, a random name) in the same
 * folder, fsync, rename over the old file, fsync the folder. Throws ProgressError when the folder
 * cannot be written.
 */
export function saveProgress(progress: Progress, dir = stateDir()): void {
  try {
    writeAtomically(progressFile(dir), `${JSON.stringify(progress, null, 2)}\n`);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ProgressError(`cannot save progress in ${dir}: ${e.code ?? e.message} (set TCPSLEUTH_STATE_DIR to a folder you can write)`);
  }
}

function writeAtomically(file: string, text: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // some platforms cannot fsync a directory; the rename is still atomic
  }
}

/** The entry for one lesson, created if missing (mutates `progress`). */
function lessonProgress(progress: Progress, id: string): LessonProgress {
  progress.lessons[id] ??= { done: false, quiz: {}, experiments: {}, updatedAt: new Date().toISOString() };
  return progress.lessons[id];
}

/** Records a quiz answer (the first answer counts for the score; later ones are kept too). */
export function recordQuiz(progress: Progress, lessonId: string, quizId: string, choice: number, correct: boolean): void {
  const lp = lessonProgress(progress, lessonId);
  lp.quiz[quizId] = { choice, correct, at: new Date().toISOString() };
  lp.updatedAt = new Date().toISOString();
}

export function recordExperiment(progress: Progress, lessonId: string, experimentId: string, ok: boolean, observed: string): void {
  const lp = lessonProgress(progress, lessonId);
  lp.experiments[experimentId] = { ok, observed, at: new Date().toISOString() };
  lp.updatedAt = new Date().toISOString();
}

export function markDone(progress: Progress, lessonId: string): void {
  const lp = lessonProgress(progress, lessonId);
  lp.done = true;
  lp.updatedAt = new Date().toISOString();
}

/** Adds a finished drill to the record (mutates `progress`). */
export function recordDrill(progress: Progress, result: DrillResult): void {
  progress.drills.push(result);
}

/** Forgets one lesson, or everything when `id` is undefined. Returns what was removed. */
export function resetProgress(progress: Progress, id?: string): string[] {
  if (id === undefined) {
    const all = [...Object.keys(progress.lessons), ...(progress.drills.length ? ['drills'] : [])];
    progress.lessons = {};
    progress.drills = [];
    return all;
  }
  if (!(id in progress.lessons)) return [];
  delete progress.lessons[id];
  return [id];
}

/** "2/3 right" style score for one lesson, from its saved quiz answers. */
export function quizScore(lp: LessonProgress | undefined, quizCount: number): { right: number; answered: number; total: number } {
  const answers = Object.values(lp?.quiz ?? {});
  return { right: answers.filter((a) => a.correct).length, answered: answers.length, total: quizCount };
}
