/** `tcpsleuth ask "QUESTION"`: answers from the lessons' sections through a search index. */
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { readLessons } from '../notebook/lessons.js';
import { buildIndex } from '../notebook/search.js';

export default async function run(argv: string[]): Promise<number> {
  const parsed = parseArgsOrUsage({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const question = parsed.positionals.join(' ').trim();
  if (!question) throw new UsageError('ask needs a question, e.g. tcpsleuth ask "what does connection refused mean?"');
  if (question.length > 1000) throw new UsageError('the question is too long (at most 1000 characters)');
  const lessons = readLessons();
  if (!lessons) return 1;
  const hit = buildIndex(lessons).search(question);
  if (parsed.values.json) {
    const out = hit ? { topic: hit.topic, lesson: hit.lesson, section: hit.section, answer: hit.answer } : { topic: null, lesson: null, section: null, answer: null };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return hit ? 0 : 1;
  }
  if (!hit) {
    process.stdout.write('No lesson covers that. Try other words, or browse: tcpsleuth learn --list\n');
    return 1;
  }
  const seeAlso = hit.related.map((r) => `  tcpsleuth learn ${r.lesson}   (${r.section})`).join('\n');
  process.stdout.write(`${hit.section}  (lesson ${hit.lesson}, topic ${hit.topic})\n\n${hit.answer}\n\nMore: tcpsleuth learn ${hit.lesson}\n${seeAlso ? `See also:\n${seeAlso}\n` : ''}`);
  return 0;
}
