/**
 * Scores the two readers against labelled sets: `explain` (class and the target a person would
 * check) and `ask` (the topic of the lesson section it answers with). Shared by bench/readers.ts
 * and the held-out tests, so both count a hit the same way.
 */
import { readFileSync } from 'node:fs';
import { explainError } from '../src/explain/index.js';
import { loadLessons } from '../src/notebook/lessons.js';
import { buildIndex } from '../src/notebook/search.js';

/** One labelled error message. A target of host null means "no remote target to read". */
export interface ExplainCase {
  text: string;
  class: string[];
  targets: Array<{ host: string | null; port: number | null }>;
  local?: boolean;
  source: string;
  note?: string;
}

/** One labelled learner question; `lesson`, when present, is informative only. */
export interface AskCase {
  question: string;
  topics: string[];
  lesson?: string;
  source: string;
}

export interface Score {
  total: number;
  hits: number;
  misses: string[];
}

export interface ExplainScore {
  target: Score;
  class: Score;
}

/** Reads a fixture file of the `{ about, entries }` shape. */
export function loadEntries<T>(url: URL): T[] {
  return (JSON.parse(readFileSync(url, 'utf8')) as { entries: T[] }).entries;
}

const short = (s: string, n = 90) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

const sameHost = (a: string | null, b: string | null) => (a === null || b === null ? a === b : a.toLowerCase() === b.toLowerCase());

/** Class right: the class is one of the accepted ones. Target right: host and port match one accepted pair. */
export function scoreExplain(cases: ExplainCase[]): ExplainScore {
  const target: Score = { total: cases.length, hits: 0, misses: [] };
  const cls: Score = { total: cases.length, hits: 0, misses: [] };
  for (const c of cases) {
    const got = explainError(c.text);
    const host = got.host;
    const port = host === null ? null : got.port;
    if (c.targets.some((t) => sameHost(t.host, host) && (t.host === null || t.port === port))) target.hits++;
    else {
      const want = c.targets.map((t) => (t.host === null ? 'none' : `${t.host}:${t.port}`)).join(' or ');
      target.misses.push(`  target "${short(c.text)}" → ${host === null ? 'none' : `${host}:${port}`}, wanted ${want}  [${c.source}]`);
    }
    if (c.class.includes(got.class)) cls.hits++;
    else cls.misses.push(`  class  "${short(c.text)}" → ${got.class}, wanted ${c.class.join(' or ')}  [${c.source}]`);
  }
  return { target, class: cls };
}

let index: ReturnType<typeof buildIndex> | undefined;

/** Topic right: the best section's topic is one of the accepted ones. */
export function scoreAsk(cases: AskCase[]): Score {
  index ??= buildIndex(loadLessons());
  const score: Score = { total: cases.length, hits: 0, misses: [] };
  for (const c of cases) {
    const a = index.search(c.question);
    if (a && c.topics.includes(a.topic)) score.hits++;
    else score.misses.push(`  "${short(c.question)}" → ${a ? `${a.topic} (${a.lesson} / ${a.section})` : 'nothing'}, wanted ${c.topics.join(' or ')}`);
  }
  return score;
}
