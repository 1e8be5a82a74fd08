/**
 * Grading a drill answer: pure functions of the catalogue row, the expected verdict and the answer.
 * Reading the learner's words (a cause number, "network", "Network team") also lives here.
 */
import { selfCommandLine } from '../self-command.js';
import { VERDICTS, type Verdict } from '../evidence.js';
import { ASKERS, CAUSES, HINT_COST, POINTS, causeChoices, type Asker, type CauseId, type DrillEntry } from './catalogue.js';
import { argEcho } from '../sinks/terminal.js';

export class DrillError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillError';
  }
}

export interface DrillAnswer {
  verdict: string;
  cause?: string;
  ask?: string;
}

export interface PartGrade<T extends string> {
  given: T | null;
  correct: boolean;
  expected: T;
  /** The expected value in words. */
  text: string;
}

export interface Grading {
  verdict: PartGrade<Verdict>;
  cause: PartGrade<CauseId>;
  ask: PartGrade<Asker>;
  score: number;
  maxScore: number;
  hintsTaken: number;
  /** What tells the cause, in the tool's terms. */
  tells: string;
  /** The finding that points at it, when there is one. */
  finding?: string;
}

/** A verdict as typed (case and spaces forgiven); throws DrillError naming the valid ones. */
export function readVerdict(text: string): Verdict {
  const v = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if ((VERDICTS as readonly string[]).includes(v)) return v as Verdict;
  throw new DrillError(`"${argEcho(text)}" is not a verdict (one of: ${VERDICTS.join(', ')})`);
}

/** A cause by id, by its number in the list (1-based), or by its exact words. */
export function readCause(text: string): CauseId {
  const t = text.trim().toLowerCase();
  const choices = causeChoices();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n >= 1 && n <= choices.length) return choices[n - 1].id;
  }
  const hit = choices.find((c) => c.id === t || c.text.toLowerCase() === t);
  if (hit) return hit.id;
  throw new DrillError(`"${argEcho(text)}" is not one of the causes (a number 1-${choices.length} or an id: ${selfCommandLine(['drill', 'status'])} shows them)`);
}

/** Who to ask: `service-owner`, `network-team`, `security-team`, or just service / network / security. */
export function readAsker(text: string): Asker {
  const t = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const short: Record<string, Asker> = { service: 'service-owner', owner: 'service-owner', network: 'network-team', security: 'security-team' };
  if (t in ASKERS) return t as Asker;
  const first = t.split('-')[0];
  if (first in short) return short[first];
  throw new DrillError(`"${argEcho(text)}" is not someone to ask (one of: ${Object.keys(ASKERS).join(', ')})`);
}

/**
 * Grades an answer. Unanswered parts are wrong; each hint taken costs HINT_COST points (never
 * below zero). Throws DrillError for words it cannot read (so nothing is graded by mistake).
 */
export function grade(entry: DrillEntry, expected: Verdict, answer: DrillAnswer, hintsTaken: number): Grading {
  const verdict = readVerdict(answer.verdict);
  const cause = answer.cause === undefined ? null : readCause(answer.cause);
  const ask = answer.ask === undefined ? null : readAsker(answer.ask);
  const parts = {
    verdict: { given: verdict, correct: verdict === expected, expected, text: expected },
    cause: { given: cause, correct: cause === entry.cause, expected: entry.cause, text: CAUSES[entry.cause] },
    ask: { given: ask, correct: ask === entry.ask, expected: entry.ask, text: ASKERS[entry.ask] },
  };
  const earned = (parts.verdict.correct ? POINTS.verdict : 0) + (parts.cause.correct ? POINTS.cause : 0) + (parts.ask.correct ? POINTS.ask : 0);
  return {
    ...parts,
    score: Math.max(0, earned - hintsTaken * HINT_COST),
    maxScore: POINTS.verdict + POINTS.cause + POINTS.ask,
    hintsTaken,
    tells: entry.tells,
    ...(entry.finding ? { finding: entry.finding } : {}),
  };
}
