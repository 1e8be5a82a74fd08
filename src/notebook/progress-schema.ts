/**
 * What a progress file must look like, checked field by field: a file that parses as JSON but
 * has another shape (hand-edited, from another program, truncated to something that still parses)
 * is rejected with the first thing wrong, so it is set aside instead of crashing a lesson later.
 * Version 1 files (no drills) are brought up to version 2.
 */
import type { DrillResult, ExperimentRecord, LessonProgress, Progress, QuizAnswer } from './progress.js';

/** Lesson, quiz and experiment ids: what the lesson format allows (and never `__proto__`). */
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

class ShapeError extends Error {}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(v: unknown, at: string): Obj {
  if (!isObj(v)) throw new ShapeError(`${at} is not an object`);
  return v;
}

function str(v: unknown, at: string): string {
  if (typeof v !== 'string' || v.length > 200) throw new ShapeError(`${at} is not a short string`);
  return v;
}

function bool(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') throw new ShapeError(`${at} is not true or false`);
  return v;
}

function num(v: unknown, at: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new ShapeError(`${at} is not a number of at least ${min}`);
  return v;
}

/** An object keyed by ids, each value checked by `each`. */
function byId<T>(v: unknown, at: string, each: (v: unknown, at: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, item] of Object.entries(obj(v, at))) {
    if (!ID.test(k)) throw new ShapeError(`${at} has a key that is not an id ("${k.slice(0, 40)}")`);
    out[k] = each(item, `${at}.${k}`);
  }
  return out;
}

const quizAnswer = (v: unknown, at: string): QuizAnswer => {
  const o = obj(v, at);
  const choice = num(o.choice, `${at}.choice`);
  if (!Number.isInteger(choice)) throw new ShapeError(`${at}.choice is not a whole number`);
  return { choice, correct: bool(o.correct, `${at}.correct`), at: str(o.at, `${at}.at`) };
};

const experimentRecord = (v: unknown, at: string): ExperimentRecord => {
  const o = obj(v, at);
  return { ok: bool(o.ok, `${at}.ok`), observed: str(o.observed, `${at}.observed`), at: str(o.at, `${at}.at`) };
};

const lessonProgress = (v: unknown, at: string): LessonProgress => {
  const o = obj(v, at);
  // Fields a later version may add are kept as they are.
  return {
    ...o,
    done: bool(o.done, `${at}.done`),
    quiz: byId(o.quiz, `${at}.quiz`, quizAnswer),
    experiments: byId(o.experiments, `${at}.experiments`, experimentRecord),
    updatedAt: str(o.updatedAt, `${at}.updatedAt`),
  };
};

function drill(v: unknown, at: string): DrillResult {
  const o = obj(v, at);
  if (o.outcome !== 'answered' && o.outcome !== 'stopped') throw new ShapeError(`${at}.outcome is neither "answered" nor "stopped"`);
  if (o.score !== null) num(o.score, `${at}.score`);
  const d: DrillResult = {
    ...o,
    id: str(o.id, `${at}.id`),
    scenario: str(o.scenario, `${at}.scenario`),
    level: num(o.level, `${at}.level`, 1),
    outcome: o.outcome,
    score: o.score as number | null,
    maxScore: num(o.maxScore, `${at}.maxScore`),
    hintsTaken: num(o.hintsTaken, `${at}.hintsTaken`),
    startedAt: str(o.startedAt, `${at}.startedAt`),
    endedAt: str(o.endedAt, `${at}.endedAt`),
    durationMs: num(o.durationMs, `${at}.durationMs`),
  };
  if (o.parts !== undefined) {
    const p = obj(o.parts, `${at}.parts`);
    d.parts = { verdict: bool(p.verdict, `${at}.parts.verdict`), cause: bool(p.cause, `${at}.parts.cause`), ask: bool(p.ask, `${at}.parts.ask`) };
  }
  return d;
}

/** The progress a parsed file holds, or what is wrong with it (in words, naming the field). */
export function checkProgress(data: unknown): { progress: Progress } | { problem: string } {
  try {
    const o = obj(data, 'the file');
    if (o.version !== 1 && o.version !== 2) throw new ShapeError(`its version is ${JSON.stringify(o.version)?.slice(0, 20) ?? 'missing'}, not 1 or 2`);
    const lessons = byId(o.lessons, 'lessons', lessonProgress);
    if (o.version === 1) return { progress: { version: 2, lessons, drills: [] } };
    if (!Array.isArray(o.drills)) throw new ShapeError('drills is not a list');
    return { progress: { version: 2, lessons, drills: o.drills.map((d, i) => drill(d, `drills[${i}]`)) } };
  } catch (err) {
    if (err instanceof ShapeError) return { problem: err.message };
    throw err;
  }
}
