/**
 * Trains the chat's lesson model and chooses how it joins the hand rules, by an honest estimate:
 * leave one held-out set out. For each of r3…r10 a model is trained on every other labelled message
 * (and the lessons' text) and the chat's real understand() scores that set with it (a question is
 * right when its lesson is one of the labelled ones, or no lesson for `none`; small talk is right
 * with no lesson and nothing acted on). The rules alone are scored too: they were tuned on all of
 * these sets, so their numbers here are in-sample and optimistic.
 *
 *   npx tsx scripts/train-lesson-model.ts            leave-one-set-out table, then writes the model
 *   npx tsx scripts/train-lesson-model.ts --check    exits 1 when the committed model is not what training gives
 *   npx tsx scripts/train-lesson-model.ts --loso     the table only (the shipped combination, no search)
 *   npx tsx scripts/train-lesson-model.ts --misses   the same, then every question the honest estimate misses
 *
 * The combination is chosen by the leave-one-set-out score (small talk must stay ≥ 98% honest),
 * then the model is retrained on everything and written to src/chat/lesson-model-weights.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { understand } from '../src/chat/understand.js';
import { decideLesson, lessonEvidence, lessonScores, MIN_LESSON_SCORE, type LessonEvidence } from '../src/chat/lesson-words.js';
import { shippedLessonModel, useLessonModel, useRulesReplay, type Combination, type LessonModel, type RulesSaid } from '../src/chat/lesson-model.js';
import { firstScoreMisses, HELD_OUT_SETS, labelledMessages, lessonDocuments, type Labelled } from './lesson-model-data.js';
import { trainModel, type Example, type Hyper } from './lesson-model-train.js';

export const HYPER: Hyper = { l2: 1e-5, epochs: 300, minCount: 2 };
/** How much a piece of lesson text and a small-talk line count, next to a labelled question. */
export const LESSON_TEXT_WEIGHT = 0.5;
export const SMALL_TALK_WEIGHT = 0.5;
/** The least share of small talk that must get no lesson, left out or not. */
const SMALL_TALK_FLOOR = 0.98;

const WEIGHTS_FILE = fileURLToPath(new URL('../src/chat/lesson-model-weights.ts', import.meta.url));

export function examplesFrom(messages: Labelled[]): Example[] {
  return [
    ...messages.map((m) => ({ text: m.text, labels: m.lessons, weight: m.kind === 'smalltalk' ? SMALL_TALK_WEIGHT : 1 })),
    ...lessonDocuments().map((d) => ({ text: d.text, labels: [d.lesson], weight: LESSON_TEXT_WEIGHT })),
  ];
}

export interface SetScore { set: string; questions: number; right: number; talk: number; honest: number; misses: string[] }

/**
 * Phrase evidence a replayed rule answer is given: what today's rules give that lesson, and at
 * least what naming a lesson takes, so a wrong answer the rules made strongly stays strong.
 */
function replayedStrength(text: string, lesson: string | undefined): number {
  if (!lesson) return 0;
  return Math.max(MIN_LESSON_SCORE, lessonScores(text).find((s) => s.lesson === lesson)?.phrases ?? 0);
}

/**
 * The chat's understanding of one set's messages with `model` (null: the rules alone). `replay`:
 * for the questions the set's first score missed, the rules answer as they did then (a question
 * the chat then took for a target or acted on stays wrong: no lesson model changes that).
 */
const key = (t: string) => t.replace(/\s+/g, ' ').trim();

/** Replays `set`'s first answers (when `replay`) and returns the questions that no lesson model can win back. */
function replaySet(set: string, replay: boolean): Set<string> {
  const misses = replay ? firstScoreMisses(set) : [];
  useRulesReplay(new Map<string, RulesSaid>(misses.map((m) => [key(m.text), { named: m.lesson, phrases: replayedStrength(m.text, m.lesson) }])));
  return new Set(misses.filter((m) => m.act || !['question', 'off-topic', 'unknown', 'pasted-error'].includes(m.intent)).map((m) => key(m.text)));
}

export function scoreSet(set: string, messages: Labelled[], model: LessonModel | null, replay = false): SetScore {
  const lost = replaySet(set, replay);
  useLessonModel(model);
  const s: SetScore = { set, questions: 0, right: 0, talk: 0, honest: 0, misses: [] };
  try {
    for (const m of messages) {
      const u = understand(m.text);
      if (m.kind === 'question') {
        s.questions++;
        const none = m.lessons.includes('none');
        if (!lost.has(key(m.text)) && !u.act && (none ? u.lesson === undefined : m.lessons.includes(u.lesson ?? ''))) s.right++;
        else s.misses.push(`want ${m.lessons.join('|')} got ${lost.has(key(m.text)) ? 'lost at first score' : (u.act ? 'acted' : u.lesson ?? 'none')}: ${key(m.text).slice(0, 140)}`);
      } else {
        s.talk++;
        if (!u.act && u.lesson === undefined) s.honest++;
        else s.misses.push(`small talk got ${u.lesson ?? 'acted'}: ${key(m.text).slice(0, 140)}`);
      }
    }
  } finally {
    useLessonModel(undefined);
    useRulesReplay(undefined);
  }
  return s;
}

/** One model per held-out set, trained without it. */
export function foldModels(messages: Labelled[], combination: Combination): Map<string, LessonModel> {
  return new Map(HELD_OUT_SETS.map((set) => [set, trainModel(examplesFrom(messages.filter((m) => m.set !== set)), HYPER, combination)]));
}

/** Leave-one-set-out scores of `combination` with the fold models. */
export function leaveOneSetOut(messages: Labelled[], folds: Map<string, LessonModel>, combination: Combination | null, replay = false): SetScore[] {
  return HELD_OUT_SETS.map((set) => scoreSet(set, messages.filter((m) => m.set === set), combination ? { ...folds.get(set)!, combination } : null, replay));
}

export function pooled(scores: SetScore[]): { questions: number; talk: number } {
  const sum = (k: 'questions' | 'right' | 'talk' | 'honest') => scores.reduce((a, s) => a + s[k], 0);
  return { questions: sum('right') / sum('questions'), talk: sum('honest') / sum('talk') };
}

const pct = (n: number, d: number) => `${n}/${d} ${((100 * n) / d).toFixed(1)}%`;
export function table(title: string, scores: SetScore[]): string {
  const p = pooled(scores);
  return [title, ...scores.map((s) => `  ${s.set}: questions ${pct(s.right, s.questions)}, small talk honest ${pct(s.honest, s.talk)}`), `  pooled: questions ${(100 * p.questions).toFixed(1)}%, small talk ${(100 * p.talk).toFixed(1)}%`].join('\n');
}

/** A held-out message with what lessonOf() weighs for it under its fold's model (rules replayed). */
interface Weighed { message: Labelled; evidence: LessonEvidence; lost: boolean }

/** Every held-out message weighed once, so a combination is scored without running understand(). */
export function weighAll(messages: Labelled[], folds: Map<string, LessonModel>): Weighed[] {
  const out: Weighed[] = [];
  for (const set of HELD_OUT_SETS) {
    const lost = replaySet(set, true);
    try {
      for (const m of messages.filter((x) => x.set === set)) out.push({ message: m, evidence: lessonEvidence(m.text, folds.get(set)!), lost: lost.has(key(m.text)) });
    } finally {
      useRulesReplay(undefined);
    }
  }
  return out;
}

/**
 * A quick score of `c`: the lesson lessonOf() would name for each whole message (understand() also
 * reads parts of messages and acts on some, so this only ranks combinations for the real score).
 */
export function quickScore(weighed: Weighed[], c: Combination): { questions: number; talk: number } {
  let right = 0, questions = 0, honest = 0, talk = 0;
  for (const { message: m, evidence, lost } of weighed) {
    const lesson = decideLesson(evidence, c);
    if (m.kind === 'question') {
      questions++;
      if (!lost && (m.lessons.includes('none') ? lesson === undefined : m.lessons.includes(lesson ?? ''))) right++;
    } else {
      talk++;
      if (lesson === undefined) honest++;
    }
  }
  return { questions: right / questions, talk: honest / talk };
}

/** The model alone, its likeliest class taken as the answer (no rules): what it knows without them. */
export function modelAloneScore(weighed: Weighed[]): string {
  const rows = HELD_OUT_SETS.map((set) => {
    const qs = weighed.filter((w) => w.message.set === set && w.message.kind === 'question');
    return { set, right: qs.filter((w) => !w.lost && w.message.lessons.includes(w.evidence.probs[0]!.label)).length, n: qs.length };
  });
  const right = rows.reduce((a, r) => a + r.right, 0);
  const n = rows.reduce((a, r) => a + r.n, 0);
  return `model alone (likeliest class, no rules), leave one set out: ${rows.map((r) => `${r.set} ${r.right}/${r.n}`).join(', ')}; pooled ${((100 * right) / n).toFixed(1)}%`;
}

/** How many of the quickly best combinations get the real (understand()) leave-one-set-out score. */
const CONFIRMED = 8;

/**
 * The combinations searched: from "strong rules decide, the model fills gaps" to "the model
 * decides", and whether a very confident model overrules even strong rules (rules tuned on a set
 * that overrule a confident model on the next one are a sign of overfitting). In a message without
 * networking's words the model names a lesson only when it is sure (2: never), and only in a
 * message that asks something: "it works sometimes" (intermittent at 0.86) is a follow-up about a
 * target not named yet, not a question for a lesson. With r9 added, 0.5 scored 0.5 points more
 * than never (82.4% → 82.9%) and small talk stayed as honest.
 * Overruling at 0.5 scored 0.2 points more than 0.6 on r3–r8 but took "how does the kernel decide a
 * TCP connection is dead?" from retransmission to keepalive. A `none` that the model is sure of
 * setting a strong rule aside too (at 0.7, 0.8 or 0.9) scored 0.4–1.1 points less.
 */
function candidates(): Combination[] {
  const out: Combination[] = [];
  for (const strong of [3, 4, 99]) for (const minProb of [0.1, 0.15, 0.2, 0.3]) for (const minProbOffTopic of [0.5, 0.7, 2]) for (const noneVeto of [null, 0.5, 0.7]) for (const overrule of [null, 0.5, 0.6, 0.7]) for (const disbelief of [null, 3, 5, 10, 20]) out.push({ strong, minProb, minProbOffTopic, noneVeto, overrule, disbelief });
  return out;
}

export function modelFile(model: LessonModel): string {
  return `// Generated by scripts/train-lesson-model.ts from the labelled messages and the lessons: do not edit.\n// Retrain with \`npx tsx scripts/train-lesson-model.ts\`.\nexport const LESSON_MODEL_JSON = ${JSON.stringify(JSON.stringify(model))};\n`;
}

function main(): void {
  const messages = labelledMessages();
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    const again = modelFile(trainModel(examplesFrom(messages), HYPER, shippedLessonModel().combination));
    const same = again === readFileSync(WEIGHTS_FILE, 'utf8');
    console.log(same ? 'the committed model is what training gives' : 'the committed model differs from what training gives: retrain');
    process.exitCode = same ? 0 : 1;
    return;
  }
  console.log(table('rules alone, as they are (tuned on every one of these sets: in-sample, optimistic)', leaveOneSetOut(messages, new Map(), null)));
  console.log(table('rules alone, replaying what they answered at each set\'s first score (honest)', leaveOneSetOut(messages, new Map(), null, true)));
  const folds = foldModels(messages, shippedLessonModel().combination);
  if (args.includes('--loso') || args.includes('--misses')) {
    const c = shippedLessonModel().combination;
    console.log(table(`rules + model, leave one set out, rules as they are (${JSON.stringify(c)})`, leaveOneSetOut(messages, folds, c)));
    const honest = leaveOneSetOut(messages, folds, c, true);
    console.log(table('rules + model, leave one set out, rules replayed (honest)', honest));
    console.log(modelAloneScore(weighAll(messages, folds)));
    if (args.includes('--misses')) for (const s of honest) for (const m of s.misses) console.log(`  ${s.set} ${m}`);
    return;
  }
  // Chosen by the honest score: with the rules' first answers replayed, a combination that trusts
  // the rules is not rewarded for what they learnt from the very set it is scored on.
  // Ranked quickly by the lesson each whole message gets; the best few are then scored for real.
  const weighed = weighAll(messages, folds);
  console.log(modelAloneScore(weighed));
  const ranked = candidates()
    .map((c) => ({ c, quick: quickScore(weighed, c) }))
    .filter((x) => x.quick.talk >= SMALL_TALK_FLOOR)
    .sort((a, b) => b.quick.questions - a.quick.questions)
    .slice(0, CONFIRMED);
  let best: { c: Combination; scores: SetScore[]; q: number } | undefined;
  for (const { c, quick } of ranked) {
    const scores = leaveOneSetOut(messages, folds, c, true);
    console.log(`  ${JSON.stringify(c)}: quick ${(100 * quick.questions).toFixed(1)}%, real ${(100 * pooled(scores).questions).toFixed(1)}%`);
    const p = pooled(scores);
    if (p.talk < SMALL_TALK_FLOOR) continue;
    if (!best || p.questions > best.q + 1e-9) best = { c, scores, q: p.questions };
  }
  if (!best) throw new Error('no combination keeps small talk honest');
  console.log(table(`rules + model, leave one set out, rules replayed (honest), best combination ${JSON.stringify(best.c)}`, best.scores));
  console.log(table('the same combination, leave one set out, rules as they are', leaveOneSetOut(messages, folds, best.c)));
  const model = trainModel(examplesFrom(messages), HYPER, best.c);
  writeFileSync(WEIGHTS_FILE, modelFile(model));
  console.log(`wrote ${WEIGHTS_FILE}: ${Object.keys(model.weights).length} features`);
  console.log(table('rules + final model, in-sample (trained on these sets: optimistic)', leaveOneSetOut(messages, new Map(HELD_OUT_SETS.map((s) => [s, model])), best.c)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
