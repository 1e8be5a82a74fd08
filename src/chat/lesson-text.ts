/**
 * The lessons' own words as evidence for which lesson a question is about: a BM25 score of the
 * message against each lesson's text (its title three times, its headings twice, its prose, quiz
 * questions and answers, experiments' explanations), with the same folding of TCP's spellings as
 * `ask`'s search (`normalize` in src/notebook/search.ts). A hand-made phrase table knows the words
 * someone listed; the lessons know every word they use, so a question in words nobody listed still
 * scores where the lesson talks about its subject.
 *
 * The model is built once per process from the lesson files (a few milliseconds; the chat's
 * warm-up pays it) and is read-only afterwards; `lessonTextModel(lessons)` builds one from given
 * lessons (tests).
 */
import type { Lesson } from '../notebook/cells.js';
import { loadLessons } from '../notebook/lessons.js';
import { normalize } from '../notebook/search.js';

/** BM25's constants: term-frequency saturation and length normalisation (the usual values). */
const K1 = 1.2;
const B = 0.75;

export interface LessonTextModel {
  /** BM25 of `text` against each lesson, highest first (lessons sharing no word left out). */
  scores(text: string): Array<{ lesson: string; score: number }>;
}

/** The words a lesson is made of, its title and headings counted more than once. */
function lessonWords(lesson: Lesson): string[] {
  const parts: string[] = [lesson.title, lesson.title, lesson.title];
  const headings = new Set<string>();
  for (const cell of lesson.cells) {
    if (cell.section && !headings.has(cell.section)) {
      headings.add(cell.section);
      parts.push(cell.section, cell.section);
    }
    if (cell.kind === 'text') parts.push(cell.markdown.replace(/```mermaid[\s\S]*?```/g, ' '));
    else if (cell.kind === 'quiz') parts.push(cell.question, ...cell.choices.map((c) => `${c.text} ${c.why}`));
    else if (cell.kind === 'experiment') parts.push(cell.explain ?? '', cell.predict?.question ?? '');
    else if (cell.kind === 'output') parts.push(cell.command, cell.explanation ?? '');
  }
  return normalize(parts.join('\n'));
}

/** A BM25 model over `lessons` (one document per lesson). */
export function lessonTextModel(lessons: readonly Lesson[]): LessonTextModel {
  const docs = lessons.map((l) => {
    const tf = new Map<string, number>();
    const words = lessonWords(l);
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    return { id: l.id, tf, length: words.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, n);
  const idf = (w: string) => {
    const f = df.get(w) ?? 0;
    return Math.log(1 + (n - f + 0.5) / (f + 0.5));
  };
  return {
    scores(text) {
      const terms = [...new Set(normalize(text.slice(0, 2000)))];
      const out: Array<{ lesson: string; score: number }> = [];
      for (const d of docs) {
        let score = 0;
        for (const t of terms) {
          const f = d.tf.get(t);
          if (f) score += (idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.length) / avg));
        }
        if (score > 0) out.push({ lesson: d.id, score });
      }
      return out.sort((a, b) => b.score - a.score);
    },
  };
}

let shared: LessonTextModel | null | undefined;

/**
 * The model over the shipped lessons, built on first use; null when the lessons cannot be read
 * (the phrase table still decides then, and a broken lessons folder is reported where a lesson is
 * opened).
 */
export function sharedLessonText(): LessonTextModel | null {
  if (shared === undefined) {
    try {
      shared = lessonTextModel(loadLessons());
    } catch {
      shared = null;
    }
  }
  return shared;
}
