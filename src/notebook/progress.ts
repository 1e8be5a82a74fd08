/**
 * Saved progress: versioned JSON under the XDG state directory, written atomically
 * (temp file + fsync + rename), so a crash mid-write leaves either the old file or the new one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
 * file we understand (unreadable, or from a future version). Version 1 had no drills.
 */
export function migrateProgress(data: unknown): Progress | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as { version?: unknown; lessons?: unknown; drills?: unknown };
  if (typeof d.lessons !== 'object' || !d.lessons) return undefined;
  const lessons = d.lessons as Progress['lessons'];
  if (d.version === 1) return { version: PROGRESS_VERSION, lessons, drills: [] };
  if (d.version === PROGRESS_VERSION && Array.isArray(d.drills)) return { version: PROGRESS_VERSION, lessons, drills: d.drills as DrillResult[] };
  return undefined;
}

/**
 * Reads progress. A missing file is a fresh start; a file that does not parse or has another
 * version is set aside as progress.json.bad-<time> rather than silently overwritten.
 */
export function loadProgress(dir = stateDir()): Progress {
  const file = progressFile(dir);
  removeOrphanTemps(dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return emptyProgress();
  }
  try {
    const data = migrateProgress(JSON.parse(text));
    if (data) return data;
  } catch {
    // fall through: unreadable
  }
  try {
    renameSync(file, `${file}.bad-${Date.now()}`);
  } catch {
    // someone else moved it; start fresh either way
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

/** Writes progress atomically: a temp file in the same folder, fsync, rename, fsync the folder. */
export function saveProgress(progress: Progress, dir = stateDir()): void {
  mkdirSync(dir, { recursive: true });
  const file = progressFile(dir);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(progress, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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
