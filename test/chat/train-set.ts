/**
 * The chat's labelled messages in one shape: the new set (test/fixtures/chat-train/, train and dev
 * splits) and the older sets folded in as training data (they were tuned on in earlier rounds).
 * Scoring is here too, so the test and the notes print the same numbers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { understand, type ThreadFacts, type Understanding } from '../../src/chat/understand.js';
import { lessonsOfTopics } from '../../bench/readers-score.js';

export type Group = 'question' | 'smalltalk' | 'follow-up' | 'error' | 'target';

export interface Item {
  group: Group;
  message: string;
  split: 'train' | 'dev';
  source: string;
  thread?: ThreadFacts;
  /** question: the lesson id, or null for "no lesson covers it"; several when more than one fits. */
  lessons?: Array<string | null>;
  /** smalltalk: greeting | thanks | off-topic. */
  intent?: string;
  /** follow-up: what it resolves to. */
  expect?: { intent: string; followUp?: string; target?: { host: string; port?: number } };
  /** error: acceptable classes, and the target (host null: none should be read). */
  classes?: string[];
  host?: string | null;
  port?: number | null;
  /** error: more targets a person would accept (a name and its address, a proxy and the site). */
  alsoTargets?: Array<{ host: string | null; port: number | null }>;
}

const root = new URL('../fixtures/', import.meta.url);
const jsonl = (file: string) =>
  readFileSync(new URL(`chat-train/${file}`, root), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as unknown;

const ERROR_CLASS: Record<string, string> = { timeout: 'filtered', dns: 'dns-error', tls: 'tls-error' };
const toClass = (c: string) => ERROR_CLASS[c] ?? c;
/** The older sets predate `above-tcp`: their `other` covered errors from above TCP too. */
const olderClasses = (cs: string[]) => {
  const out = cs.map(toClass);
  return out.includes('other') ? [...out, 'above-tcp'] : out;
};

/** The new set, both splits. */
export function newItems(): Item[] {
  const items: Item[] = [];
  for (const r of jsonl('questions.jsonl')) items.push({ group: 'question', message: r.message as string, split: r.split as Item['split'], source: r.source as string, lessons: [r.lesson as string | null] });
  for (const r of jsonl('smalltalk.jsonl')) items.push({ group: 'smalltalk', message: r.message as string, split: r.split as Item['split'], source: r.source as string, intent: r.intent as string });
  for (const r of jsonl('followups.jsonl')) items.push({ group: 'follow-up', message: r.message as string, split: r.split as Item['split'], source: r.source as string, thread: r.thread as ThreadFacts, expect: r.expect as Item['expect'] });
  for (const r of jsonl('errors.jsonl')) {
    const cls = Array.isArray(r.errorClass) ? (r.errorClass as string[]) : [r.errorClass as string];
    items.push({ group: 'error', message: r.message as string, split: r.split as Item['split'], source: r.source as string, classes: cls.map(toClass), host: r.host as string | null, port: r.port as number | null });
  }
  return items;
}

/** The older sets, as training data. */
export function olderItems(): Item[] {
  const items: Item[] = [];
  const ask = (json('heldout/ask.json') as { entries: Array<{ question: string; topics: string[]; source: string }> }).entries;
  for (const e of ask) items.push({ group: 'question', message: e.question, split: 'train', source: e.source, lessons: lessonsOfTopics(e.question, e.topics) });
  for (const e of json('ask-questions.json') as Array<{ question: string; topic: string; lesson?: string }>) items.push({ group: 'question', message: e.question, split: 'train', source: 'test/fixtures/ask-questions.json', lessons: e.lesson ? [e.lesson, ...lessonsOfTopics(e.question, [])] : lessonsOfTopics(e.question, [e.topic]) });
  const explain = (json('heldout/explain.json') as { entries: Array<{ text: string; class: string[]; targets: Array<{ host: string | null; port: number | null }>; source: string }> }).entries;
  for (const e of [...explain, ...(json('errors-real/tuning.json') as { entries: typeof explain }).entries]) {
    const t = e.targets[0] ?? { host: null, port: null };
    items.push({ group: 'error', message: e.text, split: 'train', source: e.source, classes: olderClasses(e.class), host: t.host, port: t.port, alsoTargets: e.targets.slice(1) });
  }
  for (const file of readdirSync(new URL('errors/', root)).filter((f) => f.endsWith('.json') && f !== 'not-errors.json')) {
    for (const e of json(`errors/${file}`) as Array<{ text: string; class: string; host: string | null; port: number | null }>) {
      if (e.class === 'unknown') continue;
      items.push({ group: 'error', message: e.text, split: 'train', source: `test/fixtures/errors/${file}`, classes: olderClasses([e.class]), host: e.host, port: e.port });
    }
  }
  return items;
}

export interface Verdict {
  item: Item;
  got: Understanding;
  ok: boolean;
  /** Errors only: was the class right, was the target right. */
  classOk?: boolean;
  targetOk?: boolean;
}

const sameHost = (a: string | undefined, b: string) => (a ?? '').toLowerCase().replace(/^\[|\]$/g, '') === b.toLowerCase();

/** Scores one item: right intent and the right lesson, follow-up, class or target. */
export function judge(item: Item): Verdict {
  const got = understand(item.message, item.thread ?? {});
  switch (item.group) {
    case 'question': {
      const want = item.lessons ?? [];
      const ok = (got.intent === 'question' || (want.includes(null) && got.intent === 'off-topic')) && want.includes(got.lesson ?? null);
      return { item, got, ok };
    }
    case 'smalltalk': {
      // Honest small talk: the right kind, no lesson, no action.
      const ok = got.intent === item.intent && !got.lesson && !got.act;
      return { item, got, ok };
    }
    case 'follow-up': {
      const e = item.expect!;
      const targetOk = !e.target || (got.target !== undefined && sameHost(got.target.host, e.target.host) && (e.target.port === undefined || got.target.port === e.target.port));
      return { item, got, ok: got.intent === e.intent && got.followUp === e.followUp && targetOk };
    }
    case 'error': {
      const classOk = got.intent === 'pasted-error' && (item.classes ?? []).includes(got.errorClass ?? '');
      // The older sets give a name that does not resolve its client's default port; the message names none, and r3's labels leave it out: either is right.
      const dnsOnly = (item.classes ?? []).every((c) => c === 'dns-error');
      const fits = (t: { host: string | null | undefined; port: number | null | undefined }) =>
        t.host === null || t.host === undefined ? true : got.target !== undefined && sameHost(got.target.host, t.host) && (t.port === null || got.target.port === t.port || (dnsOnly && got.target.port === undefined));
      const targetOk = [{ host: item.host, port: item.port }, ...(item.alsoTargets ?? [])].some(fits);
      return { item, got, ok: classOk && targetOk && !got.act, classOk, targetOk };
    }
    default:
      return { item, got, ok: false };
  }
}

/** Share right per group, and the misses. */
export function score(items: Item[]): { byGroup: Record<string, { n: number; right: number }>; misses: Verdict[]; errorClass: number; errorTarget: number } {
  const byGroup: Record<string, { n: number; right: number }> = {};
  const misses: Verdict[] = [];
  let cls = 0;
  let tgt = 0;
  let errors = 0;
  for (const item of items) {
    const v = judge(item);
    const g = (byGroup[item.group] ??= { n: 0, right: 0 });
    g.n++;
    if (v.ok) g.right++;
    else misses.push(v);
    if (item.group === 'error') {
      errors++;
      if (v.classOk) cls++;
      if (v.targetOk) tgt++;
    }
  }
  return { byGroup, misses, errorClass: errors ? cls / errors : 1, errorTarget: errors ? tgt / errors : 1 };
}
