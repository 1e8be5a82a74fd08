/**
 * The held-out set: 100 real learner questions (test/fixtures/heldout/ask.json, each citing where
 * it was asked), never tuned on. Issue 11's bar: the right topic for at least 85 of 100.
 */
import { describe, it, expect } from 'vitest';
import { TOPICS } from '../../src/notebook/cells.js';
import { loadEntries, scoreAsk, type AskCase } from '../../bench/readers-score.js';

const cases = loadEntries<AskCase>(new URL('../fixtures/heldout/ask.json', import.meta.url));

describe('ask on held-out real questions', () => {
  it('has at least 100 questions, each naming real topics and a source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const c of cases) {
      expect(c.topics.length).toBeGreaterThan(0);
      for (const t of c.topics) expect(TOPICS).toContain(t);
      expect(c.source.length).toBeGreaterThan(8);
    }
  });

  it('lands at least 85% of them on the right topic (misses are printed)', () => {
    const score = scoreAsk(cases);
    process.stdout.write(`ask held-out: ${score.hits}/${score.total}\n${score.misses.join('\n')}\n`);
    expect(score.hits / score.total).toBeGreaterThanOrEqual(0.85);
  });
});
