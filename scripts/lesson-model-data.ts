/**
 * The labelled messages the lesson model learns from, by set: the GitHub training set
 * (test/fixtures/chat-train/questions*.jsonl, smalltalk.jsonl), chat-dev2, and the held-out sets
 * r3…r10 (each frozen and scored once before it was tuned on). A question's `lessons` are the
 * acceptable lessons, `["none"]` when no lesson covers it; small talk must never get a lesson.
 * Also the lessons' own text, cut into question-sized pieces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lessonsDir, parseLessons } from '../src/notebook/lessons.js';
import { kernelFacts } from '../src/notebook/kernel-facts.js';
import { readTcpTimings } from '../src/kernel-timing.js';
import { lessonSections } from '../src/notebook/search.js';

export interface Labelled {
  set: string;
  text: string;
  /** Acceptable lessons; `['none']`: on-topic but no lesson covers it, or small talk. */
  lessons: string[];
  kind: 'question' | 'smalltalk';
}

/** The held-out sets, in the order they were gathered: each is left out in turn. */
export const HELD_OUT_SETS = ['r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10'] as const;

const FIXTURES = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const json = <T>(path: string): T => JSON.parse(readFileSync(FIXTURES + path, 'utf8')) as T;
const jsonl = <T>(path: string): T[] =>
  readFileSync(FIXTURES + path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

interface SetQuestion { text: string; lessons: string[] }
interface SetTalk { text: string }
/** `lesson` (null: none covers it) in the first file; `lessons` (acceptable ones) in later files. */
interface TrainQuestion { message: string; lesson?: string | null; lessons?: string[] }

/** Every labelled message, with the set it belongs to. */
export function labelledMessages(): Labelled[] {
  const out: Labelled[] = [];
  const trainFiles = readdirSync(FIXTURES + 'chat-train').filter((f) => /^questions.*\.jsonl$/.test(f)).sort();
  for (const file of trainFiles) {
    for (const q of jsonl<TrainQuestion>(`chat-train/${file}`)) out.push({ set: 'train', text: q.message, lessons: q.lessons ?? [q.lesson ?? 'none'], kind: 'question' });
  }
  for (const t of jsonl<{ message: string }>('chat-train/smalltalk.jsonl')) out.push({ set: 'train', text: t.message, lessons: ['none'], kind: 'smalltalk' });
  for (const [set, dir] of [['dev2', 'chat-dev2'], ...HELD_OUT_SETS.map((s) => [s, `heldout-${s}`])] as const) {
    for (const q of json<SetQuestion[]>(`${dir}/questions.json`)) out.push({ set, text: q.text, lessons: q.lessons, kind: 'question' });
    for (const t of json<SetTalk[]>(`${dir}/small-talk.json`)) out.push({ set, text: t.text, lessons: ['none'], kind: 'smalltalk' });
  }
  return out;
}

/** The lessons' text as short documents (a heading, a quiz question, two sentences of prose), each labelled with its lesson. */
export function lessonDocuments(): Array<{ text: string; lesson: string }> {
  const docs: Array<{ text: string; lesson: string }> = [];
  // Linux's classic timings and the plain command name, not this machine's: the model must come out
  // the same wherever it is trained (the lessons fill in sysctls and how tcpsleuth was started).
  const lessons = parseLessons(lessonsDir(), kernelFacts(readTcpTimings('/nonexistent'), 'tcpsleuth'));
  for (const s of lessonSections(lessons)) {
    docs.push({ text: `${s.lessonTitle}. ${s.heading}`, lesson: s.lesson });
    const sentences = `${s.text} ${s.extra}`.replace(/\s+/g, ' ').split(/(?<=[.?!])\s+(?=[A-Z`"(])/);
    for (let i = 0; i < sentences.length; i += 2) {
      const piece = sentences.slice(i, i + 2).join(' ').trim();
      if (piece.split(' ').length >= 4) docs.push({ text: piece, lesson: s.lesson });
    }
  }
  return docs;
}

/** What the chat answered when a held-out question was first scored and missed (first-score.md). */
export interface FirstMiss { text: string; intent: string; act: boolean; lesson: string | undefined }

/**
 * The questions each held-out set's first score missed, with what the chat said then: the rules
 * had not been tuned on the set yet, so this is how they did on wording they had never seen.
 */
export function firstScoreMisses(set: string): FirstMiss[] {
  const byId = new Map(json<Array<SetQuestion & { id: string }>>(`heldout-${set}/questions.json`).map((q) => [q.id, q.text]));
  const md = readFileSync(`${FIXTURES}heldout-${set}/first-score.md`, 'utf8');
  const section = /## misses: questions \(chat\)[^\n]*\n([\s\S]*?)(?:\n##|$)/.exec(md)?.[1] ?? '';
  const out: FirstMiss[] = [];
  for (const line of section.split('\n')) {
    const m = /^(\S+) want \S+ got (\{.*?\}): /.exec(line);
    const text = m && byId.get(m[1]!);
    if (!m || !text) continue;
    const got = JSON.parse(m[2]!) as { intent: string; act: boolean; lesson?: string };
    out.push({ text, intent: got.intent, act: got.act, lesson: got.lesson });
  }
  return out;
}
