/**
 * The chat's short human replies: to a greeting, to thanks, to something outside TCP, to a
 * message it did not understand (one sentence, then the two or three closest things it can do),
 * and the offer to check a target it found but will not check unasked. Pure; no lesson is ever
 * chosen here.
 */
import type { Target } from '../evidence.js';
import type { Symptom } from '../guide/types.js';
import { formatHostPort } from '../target.js';
import { echo } from '../sinks/terminal.js';
import { EXAMPLES } from './help-text.js';
import { aboutNetworking } from './subjects.js';
import type { PromptReply, SmalltalkReply, Suggestion, UnknownReply } from './types.js';

/** What the chat does, in one line (said to greetings and off-topic questions). */
export const WHAT_I_DO = 'I help with TCP connections: checking a host:port, reading a pasted error, and answering questions about TCP.';

/** A greeting, thanks, or an off-topic message: one short sentence; the examples only the first time. */
export function smalltalkReply(intent: SmalltalkReply['intent'], shownExamples: boolean | undefined): SmalltalkReply {
  const examples = shownExamples ? [] : EXAMPLES.slice(0, 3);
  const text =
    intent === 'greeting'
      ? `Hello! ${WHAT_I_DO}${examples.length ? ' For example:' : ' What are you looking at?'}`
      : intent === 'thanks'
        ? "You're welcome. Anything else, just type it."
        : `That is outside what I know; ${WHAT_I_DO}${examples.length ? ' For example:' : ''}`;
  return { kind: 'smalltalk', intent, text, examples };
}

/** The two or three closest things the chat can do with what was typed. */
export function closestThings(message: string): Suggestion[] {
  const chip = (label: string, msg: string): Suggestion => ({ label, message: msg });
  const number = /\b\d{2,5}\b/.exec(message)?.[0];
  const out: Suggestion[] = [];
  if (number) out.push(chip(`check port ${number} on a host`, `localhost:${number}`));
  if (aboutNetworking(message)) out.push(chip('ask it as a question', `why ${message.replace(/[?!.]+$/, '')}?`.slice(0, 120)));
  out.push(chip('check a target', 'db.internal:5432'), chip('paste an error', 'curl: (7) Failed to connect to localhost port 8080: Connection refused'), chip('ask a question', 'why does my socket sit in SYN_SENT?'));
  return out.slice(0, 3);
}

/** A message the chat did not understand: say so in one sentence, then the closest things. */
export function unclearReply(message: string): UnknownReply {
  const shown = echo(message.replace(/\s+/g, ' ').trim(), 80);
  const closest = closestThings(message);
  return {
    kind: 'unknown',
    text: `I did not understand "${shown}" as a target, an error or a question. Closest things I can do:`,
    examples: closest.map((c) => c.message),
  };
}

/** A target found but not checked unasked (inside prose, or every check is an offer): ask first. */
export function confirmReply(target: Target, symptom?: Symptom, why?: string): PromptReply {
  const hp = formatHostPort(target.host, target.port);
  return {
    kind: 'prompt',
    need: 'confirm',
    text: `${why ? `${why} ` : ''}Check ${hp} now? (Enter or "yes"; "no" to skip)`,
    offer: { kind: 'check', target, ...(symptom ? { symptom } : {}) },
  };
}
