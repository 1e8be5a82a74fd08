import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cellCounts, TOPICS, type QuizCell } from '../../src/notebook/cells.js';
import { experimentScenarios } from '../../src/notebook/experiment.js';
import { loadLessons } from '../../src/notebook/lessons.js';
import { LessonError, lintLesson, parseLesson } from '../../src/notebook/parse.js';

const lessons = loadLessons();
/** The ids the diagnosis rules point learners to. */
const REQUIRED = ['handshake', 'socket-states', 'rst', 'timeouts', 'firewalls', 'ecn', 'syn-floods', 'toolkit', 'tls', 'dns'];

describe('the shipped lessons', () => {
  it('include every lesson id the diagnosis refers to', () => {
    expect(lessons.map((l) => l.id).sort()).toEqual(expect.arrayContaining(REQUIRED));
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: front matter is complete and the file name is its id', (_id, lesson) => {
    expect(lesson.file).toBe(`${lesson.id}.md`);
    expect(lesson.title.length).toBeGreaterThan(5);
    expect(lesson.topics.length).toBeGreaterThan(0);
    for (const t of lesson.topics) expect(TOPICS).toContain(t);
    expect(lesson.minutes).toBeGreaterThanOrEqual(5);
    expect(lesson.minutes).toBeLessThanOrEqual(15);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: has a quiz, and every quiz has exactly one right answer and a why for each choice', (_id, lesson) => {
    expect(cellCounts(lesson).quiz).toBeGreaterThan(0);
    expect(lintLesson(lesson)).toEqual([]);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: experiments name known scenarios; predictions name their answer', (_id, lesson) => {
    for (const cell of lesson.cells) {
      if (cell.kind !== 'experiment') continue;
      expect(experimentScenarios()).toContain(cell.scenario);
      if (cell.predict) {
        expect(cell.predict.choices.length).toBeGreaterThanOrEqual(2);
        expect(cell.predict.answer).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('ids are unique: lessons, and quizzes and experiments within all lessons', () => {
    const ids = lessons.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cellIds = lessons.flatMap((l) => l.cells.flatMap((c) => (c.kind === 'quiz' || c.kind === 'experiment' ? [c.id] : [])));
    expect(new Set(cellIds).size).toBe(cellIds.length);
  });

  it('diagrams have no ";" (Mermaid reads it as the end of a statement and the render fails)', () => {
    for (const l of lessons) for (const c of l.cells) if (c.kind === 'diagram') expect(c.source, l.id).not.toContain(';');
  });

  it('most lessons have an experiment and a diagram', () => {
    expect(lessons.filter((l) => cellCounts(l).experiment > 0).length).toBeGreaterThanOrEqual(8);
    expect(lessons.filter((l) => cellCounts(l).diagram > 0).length).toBeGreaterThanOrEqual(8);
  });

  it('cite the RFCs the claims rest on', () => {
    const all = lessons.flatMap((l) => l.cells.map((c) => (c.kind === 'text' ? c.markdown : ''))).join('\n');
    for (const rfc of ['RFC 9293', 'RFC 3168', 'RFC 4987', 'RFC 5961']) expect(all).toContain(rfc);
  });
});

const GOOD = `---
id: demo
title: A demo lesson
topics: [rst, tools]
order: 3
minutes: 5
---
# Demo

## First
Some prose with a \`\`\`console block:

\`\`\`console
## not a heading
\`\`\`

\`\`\`quiz
id: q1
question: Which one?
  (continued question)
- [ ] Wrong
  why: Because.
- [x] Right
  why: Indeed,
    and more.
\`\`\`

## Second
\`\`\`experiment
id: e1
scenario: refused
expect: refused
predict: What answers? | SYN-ACK | RST
answer: rst
explain: Nothing listens.
\`\`\`

\`\`\`mermaid
sequenceDiagram
  A->>B: SYN
\`\`\`
`;

describe('parseLesson', () => {
  it('turns front matter and fenced blocks into cells under their sections', () => {
    const lesson = parseLesson(GOOD, 'demo.md');
    expect(lesson).toMatchObject({ id: 'demo', title: 'A demo lesson', topics: ['rst', 'tools'], order: 3, minutes: 5 });
    expect(lesson.cells.map((c) => `${c.kind}@${c.section}`)).toEqual(['text@', 'text@First', 'quiz@First', 'text@Second', 'experiment@Second', 'diagram@Second']);
    const quiz = lesson.cells.find((c) => c.kind === 'quiz') as QuizCell;
    expect(quiz.question).toBe('Which one? (continued question)');
    expect(quiz.choices).toEqual([
      { text: 'Wrong', correct: false, why: 'Because.' },
      { text: 'Right', correct: true, why: 'Indeed, and more.' },
    ]);
    expect(lesson.cells.find((c) => c.kind === 'experiment')).toMatchObject({
      id: 'e1',
      scenario: 'refused',
      expect: 'refused',
      predict: { question: 'What answers?', choices: ['SYN-ACK', 'RST'], answer: 1 },
      explain: 'Nothing listens.',
    });
    // The `## not a heading` inside the console block stayed prose.
    expect(lesson.cells[1]).toMatchObject({ kind: 'text', section: 'First' });
    expect((lesson.cells[1] as { markdown: string }).markdown).toContain('## not a heading');
  });

  it.each([
    ['no front matter', GOOD.replace(/^---/, ''), /front matter/],
    ['an unknown topic', GOOD.replace('[rst, tools]', '[rst, dns-magic]'), /unknown topic "dns-magic"/],
    ['a verdict that does not exist', GOOD.replace('expect: refused', 'expect: kaput'), /neither a verdict .* nor a probe's outcome/],
    ['an unclosed block', GOOD.slice(0, GOOD.lastIndexOf('```')), /unclosed/],
    ['a prediction answer not among the choices', GOOD.replace('answer: rst', 'answer: FIN'), /not one of the predict choices/],
    ['a quiz without choices', GOOD.replace(/- \[[ x]\][^\n]*\n/g, ''), /at least two/],
  ])('rejects %s with a LessonError naming the file', (_what, source, message) => {
    expect(() => parseLesson(source, 'demo.md')).toThrowError(LessonError);
    expect(() => parseLesson(source, 'demo.md')).toThrowError(message);
  });

  it('lint finds zero or two right answers and missing whys', () => {
    const two = parseLesson(GOOD.replace('- [ ] Wrong', '- [x] Wrong'), 'demo.md');
    expect(lintLesson(two)).toEqual(['demo/q1: 2 right answers (need exactly one)']);
    const noWhy = parseLesson(GOOD.replace('  why: Because.\n', ''), 'demo.md');
    expect(lintLesson(noWhy)).toEqual(['demo/q1: choice "Wrong" has no why']);
  });

  it('never throws anything but a LessonError, whatever the input', () => {
    const line = fc.oneof(
      fc.constantFrom('---', '```quiz', '```experiment', '```mermaid', '```', '- [x] a', '- [ ] b', '  why: c', 'id: x', 'expect: open', 'topics: [rst]', '## h'),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        try {
          parseLesson(lines.join('\n'), 'fuzz.md');
        } catch (err) {
          if (!(err instanceof LessonError)) throw err;
        }
      }),
      { numRuns: 300 },
    );
  });
});
