/**
 * Semantic colours: components ask for a meaning (`ok`, `fail`), never a colour name, so the
 * palette lives here and NO_COLOR turns it off in one place.
 */
import type { Outcome, Verdict } from '../evidence.js';
import { VERDICT_SEVERITY } from '../verdict-tone.js';

export type Tone = 'ok' | 'fail' | 'warn' | 'muted' | 'accent' | 'user' | 'guide';

const PALETTE: Record<Tone, string> = {
  ok: 'green',
  fail: 'red',
  warn: 'yellow',
  muted: 'gray',
  accent: 'cyan',
  user: 'magenta',
  guide: 'blue',
};

/** True when the user asked for no colour (https://no-color.org): any non-empty NO_COLOR. */
function noColor(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.NO_COLOR);
}

/** The colour for a tone, or undefined when colour is off (Ink then prints plain text). */
export function colour(tone: Tone): string | undefined {
  return noColor() ? undefined : PALETTE[tone];
}

export function outcomeTone(outcome: Outcome): Tone {
  return outcome === 'pass' ? 'ok' : outcome === 'fail' ? 'fail' : 'muted';
}

/** A verdict's tone, from the one severity table plain output uses too. */
export function verdictTone(verdict: Verdict | 'undecided'): Tone {
  return verdict === 'undecided' ? 'muted' : VERDICT_SEVERITY[verdict];
}

/** The mark before a step card; readable without colour. */
export const OUTCOME_MARK: Record<Outcome, string> = { pass: '✔', fail: '✘', skipped: '↷', unavailable: '∅' };
