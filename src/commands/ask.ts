/**
 * `tcpsleuth ask "QUESTION"`: answers from the lesson the question is about (the chat's own
 * understanding chooses it), or says honestly that no lesson covers it yet.
 */
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { readLessons } from '../notebook/lessons.js';
import { buildIndex } from '../notebook/search.js';
import { answerFor } from '../chat/ask-answer.js';
import { selfCommandLine } from '../self-command.js';

/** The command line's options (test/docs checks `ask --help` lists the same). */
export const OPTIONS = { json: { type: 'boolean' } } as const;

export default async function run(argv: string[]): Promise<number> {
  const parsed = parseArgsOrUsage({ args: argv, allowPositionals: true, options: OPTIONS });
  const question = parsed.positionals.join(' ').trim();
  if (!question) throw new UsageError(`ask needs a question, e.g. ${selfCommandLine(['ask', 'what does connection refused mean?'])}`);
  if (question.length > 1000) throw new UsageError('the question is too long (at most 1000 characters)');
  const lessons = readLessons();
  if (!lessons) return 1;
  const a = answerFor(buildIndex(lessons), question);
  if (parsed.values.json) {
    const out = { topic: a.topic, lesson: a.lesson, section: a.section, answer: a.answer };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return a.lesson ? 0 : 1;
  }
  if (!a.lesson) {
    process.stdout.write(`${a.note}\nBrowse the lessons: ${selfCommandLine(['learn', '--list'])}\n`);
    return 1;
  }
  const seeAlso = a.related.map((r) => `  ${selfCommandLine(['learn', r.lesson])}   (${r.section})`).join('\n');
  process.stdout.write(`${a.section}  (lesson ${a.lesson}, topic ${a.topic})\n\n${a.answer}\n\nMore: ${selfCommandLine(['learn', a.lesson])}\n${seeAlso ? `See also:\n${seeAlso}\n` : ''}`);
  return 0;
}
