/**
 * The last readers of understand(): commands said in words ("teach me about ECN", "quiz me", "show
 * me a SYN being dropped", help/quit/clear), and what is left once no target and no error fits: a
 * greeting, thanks, a question (with the lesson that answers it, or none), or something off-topic
 * (another subject named). Pure.
 */
import { readDrillAsk, readServerAsk } from './drill-phrases.js';
import { asksSomething, greetingScore, thanksScore, unspacedScript } from './intent-words.js';
import { lessonOf } from './lesson-words.js';
import { readLabAsk, readLessonAsk, readQuizAsk } from './phrases.js';
import { aboutNetworking, aboutSomethingElse } from './subjects.js';
import type { Understanding } from './understand.js';

/** "teach me", "quiz me", "show me a SYN being dropped", "give me a drill", help/quit/clear. */
export function commandWords(line: string): Understanding | null {
  const short = line.replace(/[?!.]+$/, '').replace(/\s+/g, ' ').toLowerCase();
  if (/^(?:help|commands|what can you do|what do you (?:understand|know)|examples|usage|quit|exit|bye|goodbye|q|clear|cls|reset screen)$/.test(short)) return { intent: 'command', confidence: 0.95, act: false };
  const lesson = readLessonAsk(line);
  if (lesson) return { intent: 'question', confidence: 0.9, act: false, ...(lessonOf(lesson.topic ?? '') ? { lesson: lessonOf(lesson.topic ?? '') } : {}) };
  if (readQuizAsk(line) || readDrillAsk(line, false) || readServerAsk(line)) return { intent: 'command', confidence: 0.9, act: false };
  const lab = readLabAsk(line);
  if (lab) return { intent: 'command', confidence: lab.scenario ? 0.9 : 0.75, act: false };
  return null;
}

/**
 * A question, small talk, or something off-topic: what is left once no target and no error fits.
 * Off-topic needs another subject named (subjects.ts); a message with neither networking's words
 * nor another subject's is not understood (the honest "I did not understand", with what I can do).
 */
export function talk(line: string): Understanding {
  const greeting = greetingScore(line);
  const thanks = thanksScore(line);
  if (greeting >= 0.6 && greeting >= thanks) return { intent: 'greeting', confidence: greeting, act: false };
  if (thanks >= 0.6) return { intent: 'thanks', confidence: thanks, act: false };
  const networky = aboutNetworking(line);
  const elsewhere = aboutSomethingElse(line);
  // Everyday words ("sometimes", "slow") point at a lesson only in a message about networking.
  const lesson = elsewhere ? undefined : lessonOf(line, { everyday: networky });
  if (lesson) return { intent: 'question', confidence: networky ? 0.9 : 0.75, act: false, lesson };
  const words = unspacedScript(line) ? Math.ceil(line.length / 3) : line.split(/\s+/).length;
  if (networky && (asksSomething(line) || words >= 3)) return { intent: 'question', confidence: asksSomething(line) ? 0.75 : 0.55, act: false };
  if (elsewhere) return { intent: 'off-topic', confidence: 0.9, act: false };
  if (asksSomething(line) || words >= 3) return { intent: 'off-topic', confidence: 0.5, act: false };
  return { intent: 'unknown', confidence: 0.3, act: false };
}

