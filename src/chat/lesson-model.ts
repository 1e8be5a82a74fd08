/**
 * A learned lesson classifier: multinomial logistic regression over a message's words and word
 * pairs (lesson-model-features.ts), trained by scripts/train-lesson-model.ts on the labelled
 * questions, the small talk and the lessons' own text. Its classes are the lessons and `none`
 * ("no lesson covers it / not about TCP"). The hand rules (lesson-words.ts) name the subjects they
 * know; the model reads the wordings nobody listed. How the two are combined (`combine`) was
 * chosen by the training script's leave-one-set-out score, not by the score on what it saw.
 *
 * The weights ship as a JSON string (lesson-model-weights.ts, generated) parsed on first use, so
 * starting the chat does not pay for them.
 */
import { lessonFeatures } from './lesson-model-features.js';
import { LESSON_MODEL_JSON } from './lesson-model-weights.js';

/** How the rules and the model share the decision (see {@link combine}). */
export interface Combination {
  /** Rules whose phrase evidence reaches this decide alone. */
  strong: number;
  /** Below that, the model names a lesson at this probability (in a message about networking). */
  minProb: number;
  /** …and at this one in a message with no networking words. */
  minProbOffTopic: number;
  /** The model's `none` at this probability overrides weak rules (null: never). */
  noneVeto: number | null;
  /** The model's likeliest lesson at this probability overrides even strong rules (null: never). */
  overrule: number | null;
  /**
   * The model's likeliest lesson overrides the rules' (strong or not) when it is this many times as
   * likely as the rules' lesson and at least {@link DISBELIEF_FLOOR} likely (null or absent: never).
   */
  disbelief?: number | null;
}

/** The least probability at which the model's lesson may override rules it disbelieves. */
export const DISBELIEF_FLOOR = 0.3;

export interface LessonModel {
  classes: string[];
  bias: number[];
  /** Feature → its weight per class (same order as `classes`). */
  weights: Record<string, number[]>;
  combination: Combination;
}

/** The model's probability for each class, highest first. */
export function predict(model: LessonModel, text: string): Array<{ label: string; p: number }> {
  const all = lessonFeatures(text);
  const feats = all.filter((f) => Object.hasOwn(model.weights, f));
  const scale = 1 / Math.sqrt(Math.max(1, all.length));
  const z = model.bias.slice();
  for (const f of feats) {
    const w = model.weights[f]!;
    for (let c = 0; c < z.length; c++) z[c] += w[c]! * scale;
  }
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return model.classes.map((label, c) => ({ label, p: e[c]! / sum })).sort((a, b) => b.p - a.p);
}

/** What the rules said: their best lesson (named or not) and its phrase evidence. */
export interface RulesSaid {
  /** The lesson the rules name, or undefined when they name none. */
  named: string | undefined;
  /** Phrase and symptom evidence for the rules' best lesson (0 when none). */
  phrases: number;
}

/**
 * The lesson for a message from the rules and the model: a very confident model decides, or one that
 * finds the rules' lesson far less likely than its own ("TCP Handshake - Difference between FIN and
 * RST flag": the rules' handshake against the model's rst); then strong rules; otherwise the model's confident `none` sets weak rules aside (before a less likely lesson:
 * "What is port 3306?" is none at 0.79 and firewalls at 0.12), or its likeliest lesson names the
 * lesson when it is likely enough; otherwise the rules' answer stands. In a message without
 * networking's words that does not ask anything (`asks` false: "it works sometimes" is a follow-up
 * about a target not named yet) the model names no lesson.
 */
export function combine(rules: RulesSaid, probs: Array<{ label: string; p: number }>, networky: boolean, c: Combination, asks = true): string | undefined {
  const lesson = probs.find((x) => x.label !== 'none');
  if (c.overrule !== null && networky && lesson && lesson.p >= c.overrule) return lesson.label;
  if (c.disbelief && networky && rules.named && lesson && lesson.label !== rules.named && lesson.p >= DISBELIEF_FLOOR) {
    const rulesLesson = probs.find((x) => x.label === rules.named)?.p ?? 0;
    if (lesson.p >= c.disbelief * rulesLesson) return lesson.label;
  }
  if (rules.named && rules.phrases >= c.strong) return rules.named;
  const none = probs.find((x) => x.label === 'none')?.p ?? 0;
  if (c.noneVeto !== null && none >= c.noneVeto) return undefined;
  if (lesson && (networky || asks) && lesson.p >= (networky ? c.minProb : c.minProbOffTopic)) return lesson.label;
  return rules.named;
}

let shipped: LessonModel | undefined;
let override: LessonModel | null | undefined;
let replay: ReadonlyMap<string, RulesSaid> | undefined;

/** The shipped model, parsed on first use. */
export function shippedLessonModel(): LessonModel {
  shipped ??= JSON.parse(LESSON_MODEL_JSON) as LessonModel;
  return shipped;
}

/** The model lessonOf() uses: the shipped one unless {@link useLessonModel} set another (or none). */
export function activeLessonModel(): LessonModel | null {
  return override === undefined ? shippedLessonModel() : override;
}

/**
 * Scripts and tests only: make lessonOf() use `model` (null: the rules alone; undefined: back to
 * the shipped model). The training script scores each held-out set with a model that never saw it.
 */
export function useLessonModel(model: LessonModel | null | undefined): void {
  override = model;
}

/**
 * Scripts only: what the rules said of a message when it was first scored, before they were tuned
 * on it (undefined: ask the rules). The training script replays those answers to score a
 * combination as it would have done on a set the rules had not seen.
 */
export function useRulesReplay(answers: ReadonlyMap<string, RulesSaid> | undefined): void {
  replay = answers;
}

/** The replayed rules' answer for `text`, if a replay is on and holds it. */
export function replayedRules(text: string): RulesSaid | undefined {
  return replay?.get(text.replace(/\s+/g, ' ').trim());
}
