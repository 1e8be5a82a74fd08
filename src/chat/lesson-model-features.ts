/**
 * The words a learned lesson model reads in a message: TCP's spellings folded as `ask`'s search
 * folds them (`normalize`), the glossary's English appended, addresses, host names, ports and
 * numbers masked (a question about "db.internal:5432" is about what happens to it, not about that
 * name), stop words dropped, then word unigrams and bigrams. The training script and the chat read
 * a message with this one function, so a model always sees the words it was trained on. Pure.
 */
import { normalize } from '../notebook/search.js';
import { withEnglish } from './glossary.js';

/** Placeholders that survive `normalize` (letters only, no stem to strip). */
const MASKS: ReadonlyArray<[RegExp, string]> = [
  [/(?<=[\w\]]):\d{1,5}\b/g, ' xport '],
  [/\bhttps?:\/\/\S+/gi, ' xurl '],
  [/\[[0-9a-f:]+\](?::\d+)?/gi, ' xaddr '],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/g, ' xaddr '],
  [/\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|internal|local|lan|dev|cloud|example|corp|co|uk|de)\b/gi, ' xhost '],
  [/\bport \d{1,5}\b/gi, ' port xport '],
  [/\b\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds?|minutes?|mins?|hours?|h)\b/gi, ' xduration '],
  [/\b\d+(?:\.\d+)?\s?(?:[kmg]i?b(?:it)?s?(?:\/s(?:ec)?|ps)?|[kmg]bps)\b/gi, ' xrate '],
  [/\b\d+\b/g, ' xnum '],
];

/** The message with addresses, hosts, ports, durations, rates and numbers masked. */
export function masked(text: string): string {
  let t = text.slice(0, 2000);
  for (const [re, rep] of MASKS) t = t.replace(re, rep);
  return t;
}

/** The features of `text`: its normalized words and each pair of neighbouring words (`a_b`). */
export function lessonFeatures(text: string): string[] {
  const words = normalize(masked(withEnglish(text)).replace(/[_-]+/g, ' '));
  const out = new Set<string>(words);
  for (let i = 1; i < words.length; i++) out.add(`${words[i - 1]}_${words[i]}`);
  return [...out];
}
