import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { TOPICS } from '../../src/notebook/cells.js';
import { loadLessons } from '../../src/notebook/lessons.js';
import { buildIndex, lessonSections, normalize } from '../../src/notebook/search.js';
import { answerFor } from '../../src/chat/ask-answer.js';
import { lessonsOfTopics } from '../../bench/readers-score.js';

interface Question {
  question: string;
  topic: string;
  lesson?: string;
}
const questions = JSON.parse(readFileSync(new URL('../fixtures/ask-questions.json', import.meta.url), 'utf8')) as Question[];
const index = buildIndex(loadLessons());

describe('ask: the search index over lesson sections', () => {
  it('has a question set of at least 40, each naming a real topic', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    for (const q of questions) expect(TOPICS).toContain(q.topic);
  });

  it('answers at least 90% of the questions from the right lesson, as ask does (misses are printed)', () => {
    const misses: string[] = [];
    for (const q of questions) {
      const a = answerFor(index, q.question);
      const want = q.lesson ? [q.lesson, ...lessonsOfTopics(q.question, [])] : lessonsOfTopics(q.question, [q.topic]);
      if (!a.lesson || !want.includes(a.lesson)) misses.push(`  "${q.question}" → ${a.lesson ? `${a.lesson} / ${a.section}` : 'no lesson'}, wanted ${want.join(' or ')}`);
    }
    const score = (questions.length - misses.length) / questions.length;
    process.stdout.write(`ask: ${questions.length - misses.length}/${questions.length} from the right lesson (${(score * 100).toFixed(0)}%)\n${misses.join('\n')}\n`);
    expect(score).toBeGreaterThanOrEqual(0.9);
  });

  it('folds TCP spellings together: SYN_SENT, syn sent, SYN-SENT; ECN-Echo and ECE; reset by peer and ECONNRESET', () => {
    expect(normalize('SYN_SENT')).toEqual(normalize('syn sent'));
    expect(normalize('SYN-SENT')).toEqual(['synsent']);
    expect(normalize('ECN-Echo')).toEqual(['ece']);
    expect(normalize('Connection reset by peer')).toEqual(normalize('ECONNRESET'));
    expect(normalize('connection refused')).toContain('rst');
  });

  it('answers with the section text, and the same topic for differently spelled questions', () => {
    const a = index.search('why is my socket stuck in SYN_SENT?');
    const b = index.search('stuck in syn-sent');
    expect(a?.lesson).toBe('timeouts');
    expect(b?.section).toBe(a?.section);
    expect(a?.answer).toMatch(/SYN_SENT/);
    expect(index.search('What does ECN-Echo mean?')?.topic).toBe('ecn');
    expect(index.search('ECE flag')?.topic).toBe('ecn');
    expect(index.search('ECONNREFUSED')?.topic).toBe('rst');
  });

  it('folds how learners say it: shaking hands, syn and ack, timing out, ufw, closing a connection', () => {
    expect(normalize('why does TCP shake hands three times')).toContain('handshake');
    expect(normalize('what is syn, ack')).toContain('handshake');
    expect(normalize('my requests keep timing out')).toContain('timeout');
    expect(normalize('ufw blocks the port')).toContain('firewall');
    expect(normalize('how is a TCP connection closed')).toContain('fin');
    expect(normalize('what is a half-open connection')).toContain('synqueue');
    expect(index.search('does ufw drop or reject?')?.topic).toMatch(/firewall|rst/);
  });

  it('finds nothing for words no lesson uses', () => {
    expect(index.search('zzqx flibbertigibbet')).toBeUndefined();
  });

  it('splits every lesson into sections with a topic and text', () => {
    const sections = lessonSections(loadLessons());
    expect(sections.length).toBeGreaterThan(40);
    for (const s of sections) {
      expect(TOPICS).toContain(s.topic);
      expect(s.text.length + s.extra.length).toBeGreaterThan(0);
      expect(s.text).not.toMatch(/<!--/);
    }
  });
});
