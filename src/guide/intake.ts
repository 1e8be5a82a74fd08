/**
 * What the user types at the intake: a target, optionally followed by the symptom in their own
 * words ("db:5432 times out"). Pure; bad targets throw the parser's one-line UsageError.
 */
import type { Target } from '../evidence.js';
import { parseTarget } from '../target.js';
import type { Symptom } from './types.js';

const SYMPTOM_WORDS: Array<[Symptom, RegExp]> = [
  ['tls-error', /\b(tls|ssl|cert\w*|handshake)\b/i],
  ['times-out', /\b(tim(?:e[sd]?|ing)[ -]?out|timeout|hangs?|hanging|no answer)\b/i],
  ['refused', /\brefus\w*/i],
  ['reset', /\breset\b|\brst\b/i],
  ['slow', /\bslow\w*/i],
];

/** Reads a symptom from free words, if they name one. */
export function symptomFrom(words: string): Symptom | undefined {
  return SYMPTOM_WORDS.find(([, re]) => re.test(words))?.[0];
}

/** Parses `HOST:PORT [symptom words]` (also `HOST -p PORT`). */
export function parseIntake(text: string): { target: Target; symptom?: Symptom } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const withPort = words[1] === '-p' || words[1] === '--port';
  const target = parseTarget(words.slice(0, 1), withPort ? { port: words[2] } : {});
  return { target, symptom: symptomFrom(words.slice(withPort ? 3 : 1).join(' ')) };
}
