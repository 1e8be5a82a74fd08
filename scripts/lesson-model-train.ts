/**
 * Trains the lesson model (src/chat/lesson-model.ts): multinomial logistic regression with an L2
 * penalty, full-batch Adam from zero weights, so the same data always gives the same weights.
 * Inputs are binary features scaled by 1/√(number of features), as `predict` reads them.
 */
import { lessonFeatures } from '../src/chat/lesson-model-features.js';
import type { Combination, LessonModel } from '../src/chat/lesson-model.js';
import { LESSON_IDS } from '../src/chat/lesson-words.js';

export interface Example {
  text: string;
  /** Acceptable labels (a lesson id or `none`): the weight is shared among them. */
  labels: string[];
  weight: number;
}

export interface Hyper {
  /** L2 penalty per weight. */
  l2: number;
  epochs: number;
  /** A feature must occur in at least this many examples to be kept. */
  minCount: number;
  /** Scale each feature by its inverse document frequency (log(N/df)) over the training examples, folded into the shipped weights. */
  idf?: boolean;
}

export const CLASSES = ['none', ...LESSON_IDS];

/** Weights smaller than this are dropped from the shipped model (they change no decision). */
const KEEP = 0.02;

export function trainModel(examples: Example[], hyper: Hyper, combination: Combination): LessonModel {
  const C = CLASSES.length;
  const feats = examples.map((e) => lessonFeatures(e.text));
  const count = new Map<string, number>();
  for (const fs of feats) for (const f of fs) count.set(f, (count.get(f) ?? 0) + 1);
  const vocab = [...count.entries()].filter(([, n]) => n >= hyper.minCount).map(([f]) => f).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const idf = vocab.map((f) => (hyper.idf ? Math.log(examples.length / count.get(f)!) : 1));
  const rows = feats.map((fs) => ({ idx: fs.map((f) => index.get(f)).filter((i): i is number => i !== undefined), v: 1 / Math.sqrt(Math.max(1, fs.length)) }));
  const targets = examples.map((e) => {
    const y = new Float64Array(C);
    for (const l of e.labels) y[CLASSES.indexOf(l)] += 1 / e.labels.length;
    return y;
  });
  const total = examples.reduce((s, e) => s + e.weight, 0);
  const F = vocab.length;
  const W = new Float64Array(F * C);
  const b = new Float64Array(C);
  const adam = { mW: new Float64Array(F * C), vW: new Float64Array(F * C), mb: new Float64Array(C), vb: new Float64Array(C) };
  const [lr, b1, b2, eps] = [0.05, 0.9, 0.999, 1e-8];
  const gW = new Float64Array(F * C);
  const gb = new Float64Array(C);
  const z = new Float64Array(C);
  for (let t = 1; t <= hyper.epochs; t++) {
    gW.fill(0);
    gb.fill(0);
    for (let n = 0; n < rows.length; n++) {
      const { idx, v } = rows[n]!;
      for (let c = 0; c < C; c++) z[c] = b[c]!;
      for (const i of idx) for (let c = 0; c < C; c++) z[c] += W[i * C + c]! * v * idf[i]!;
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, z[c]!);
      let sum = 0;
      for (let c = 0; c < C; c++) sum += z[c] = Math.exp(z[c]! - max);
      const w = examples[n]!.weight / total;
      const y = targets[n]!;
      for (let c = 0; c < C; c++) {
        const g = w * (z[c]! / sum - y[c]!);
        gb[c] += g;
        for (const i of idx) gW[i * C + c] += g * v * idf[i]!;
      }
    }
    for (let k = 0; k < F * C; k++) gW[k] += hyper.l2 * W[k]!;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let k = 0; k < F * C; k++) {
      adam.mW[k] = b1 * adam.mW[k]! + (1 - b1) * gW[k]!;
      adam.vW[k] = b2 * adam.vW[k]! + (1 - b2) * gW[k]! ** 2;
      W[k] -= (lr * (adam.mW[k]! / c1)) / (Math.sqrt(adam.vW[k]! / c2) + eps);
    }
    for (let c = 0; c < C; c++) {
      adam.mb[c] = b1 * adam.mb[c]! + (1 - b1) * gb[c]!;
      adam.vb[c] = b2 * adam.vb[c]! + (1 - b2) * gb[c]! ** 2;
      b[c] -= (lr * (adam.mb[c]! / c1)) / (Math.sqrt(adam.vb[c]! / c2) + eps);
    }
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const weights: Record<string, number[]> = {};
  for (let i = 0; i < F; i++) {
    const row = Array.from(W.subarray(i * C, (i + 1) * C), (w) => w * idf[i]!);
    if (row.some((x) => Math.abs(x) >= KEEP)) weights[vocab[i]!] = row.map(round);
  }
  return { classes: CLASSES, bias: Array.from(b, round), weights, combination };
}
