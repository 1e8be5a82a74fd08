/**
 * Scores the two readers against labelled sets: `explain` (class and the target a person would
 * check) and `ask` (the lesson it answers from, as `ask` chooses it). Shared by bench/readers.ts
 * and the held-out tests, so both count a hit the same way.
 */
import { readFileSync } from 'node:fs';
import { explainError } from '../src/explain/index.js';
import { loadLessons } from '../src/notebook/lessons.js';
import { buildIndex } from '../src/notebook/search.js';
import { answerFor } from '../src/chat/ask-answer.js';

/**
 * The lessons a question labelled by topic may be answered from. These sets were labelled by
 * topic before the newer lessons existed: each topic's lesson, plus a newer lesson when the
 * question uses words only it covers, and the dns lesson for a DNS question labelled by the dns
 * lesson's own topics (tools, timeout).
 */
const TOPIC_LESSON: Record<string, string> = {
  firewall: 'firewalls', tools: 'toolkit', rst: 'rst', states: 'socket-states', timeout: 'timeouts', handshake: 'handshake', 'syn-flood': 'syn-floods', tls: 'tls', ecn: 'ecn', pmtu: 'pmtu', dns: 'dns',
  idle: 'keepalive', intermittent: 'intermittent', retransmission: 'retransmission', window: 'flow-control', nagle: 'nagle', throughput: 'slow-transfers', 'time-wait': 'time-wait',
};
export function lessonsOfTopics(question: string, topics: string[]): Array<string | null> {
  const ids: Array<string | null> = topics.map((t) => TOPIC_LESSON[t] ?? t);
  if (/time[_ -]?wait|so_reuse|reuseaddr|address already in use/i.test(question)) ids.push('time-wait');
  if (/retransmi|tcp_retries2|established connection before/i.test(question)) ids.push('retransmission');
  if (/keep-?alive|\bidle\b/i.test(question)) ids.push('keepalive');
  if (/nagle|delayed ack|nodelay/i.test(question)) ids.push('nagle');
  if (/zero window|receive window|flow control/i.test(question)) ids.push('flow-control');
  if (/\bdns\b|nxdomain|servfail|resolv/i.test(question) && (topics.includes('tools') || topics.includes('timeout'))) ids.push('dns');
  return ids;
}

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
    // What `ask` does: the lesson the question is about, then the section of it that answers.
    const a = answerFor(index, c.question);
    const want = lessonsOfTopics(c.question, c.topics);
    if (a.lesson && want.includes(a.lesson)) score.hits++;
    else score.misses.push(`  "${short(c.question)}" → ${a.lesson ? `${a.lesson} / ${a.section}` : 'no lesson'}, wanted ${want.join(' or ')}`);
  }
  return score;
}
