/**
 * A question answered from the lesson the understanding chose, or an honest "no lesson covers that
 * yet" with the nearest useful thing: never a section of an unrelated lesson. Used by `tcpsleuth
 * ask` and by the chat's ask job, so both answer alike. Pure once the index is built.
 */
import type { buildIndex } from '../notebook/search.js';
import type { Topic } from '../notebook/cells.js';
import { aboutNetworking } from './subjects.js';
import { withEnglish } from './glossary.js';
import { WHAT_I_DO } from './talk-replies.js';
import { understand } from './understand.js';

type Index = ReturnType<typeof buildIndex>;

export interface LessonAnswer {
  topic: Topic | null;
  /** The lesson the answer comes from; null when no lesson covers the question. */
  lesson: string | null;
  section: string | null;
  answer: string | null;
  related: { lesson: string; section: string }[];
  /** Without an answer: what to say instead (no lesson yet, and the nearest useful thing). */
  note?: string;
}

/** The nearest useful thing when no lesson answers: a live check, the lesson list, the lab. */
const NEAREST = 'Nearest: if it is about a connection you can reach, type it as host:port and I will check it live; /learn lists the lessons there are.';

/** No lesson: on a networking subject, "not yet" and the nearest thing; off it, the chat's own "outside what I know". */
function noLesson(question: string, why = ''): string {
  return aboutNetworking(question) ? `No lesson covers that yet${why}. ${NEAREST}` : `That is outside what I know; ${WHAT_I_DO}`;
}

/**
 * The answer to `question`. `lesson`: the lesson already chosen (null: none covers it); when
 * undefined the understanding of the question chooses it.
 */
export function answerFor(index: Index, question: string, lesson?: string | null): LessonAnswer {
  const chosen = lesson === undefined ? (understand(question).lesson ?? null) : lesson;
  const none = (note: string): LessonAnswer => ({ topic: null, lesson: null, section: null, answer: null, related: [], note });
  if (!chosen) return none(noLesson(question));
  if (!index.lessonIds.has(chosen)) return none(noLesson(question, ` (the "${chosen}" lesson is not in this build)`));
  // The section is found in English too: "TCP为何需要3次握手?" reads as a question about the three-way handshake.
  const hit = index.search(withEnglish(question), { lesson: chosen });
  if (!hit) return none(noLesson(question));
  return { topic: hit.topic, lesson: hit.lesson, section: hit.section, answer: hit.answer, related: hit.related };
}
