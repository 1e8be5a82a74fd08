/**
 * The held-out set: 100 real error messages from public issues (test/fixtures/heldout/explain.json,
 * each citing its source), never tuned on. Issue 11's bar: the target a person would check read
 * right in at least 95 of 100, the class in at least 97 of 100. Misses are printed.
 */
import { describe, it, expect } from 'vitest';
import { loadEntries, scoreExplain, type ExplainCase } from '../../bench/readers-score.js';

const cases = loadEntries<ExplainCase>(new URL('../fixtures/heldout/explain.json', import.meta.url));

describe('explain on held-out real messages', () => {
  it('has at least 100 entries, each citing a public source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const c of cases) {
      expect(c.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(?:issues|pull)\/\d+$/);
      expect(c.class.length).toBeGreaterThan(0);
      expect(c.targets.length).toBeGreaterThan(0);
    }
  });

  const score = scoreExplain(cases);
  const report = (what: string, s: typeof score.target) =>
    process.stdout.write(`explain held-out ${what}: ${s.hits}/${s.total}\n${s.misses.join('\n')}\n`);

  it('reads the target right in at least 95% of them', () => {
    report('target', score.target);
    expect(score.target.hits / score.target.total).toBeGreaterThanOrEqual(0.95);
  });

  it('reads the class right in at least 97% of them', () => {
    report('class', score.class);
    expect(score.class.hits / score.class.total).toBeGreaterThanOrEqual(0.97);
  });

  it('never reads a listen error as a remote target', () => {
    for (const c of cases.filter((x) => x.local)) expect(c.targets).toEqual([{ host: null, port: null }]);
    const local = scoreExplain(cases.filter((x) => x.local));
    expect(local.target.misses).toEqual([]);
  });
});
