/**
 * understand() scored on the labelled sets: the new training set (train and the dev part frozen
 * before tuning), and the older sets it was also tuned on. Prints every score and the misses;
 * fails below a floor set under the score it had, so a regression shows.
 */
import { describe, expect, it } from 'vitest';
import { newItems, olderItems, score, type Item } from './train-set.js';
import { scoreR3, scoreSet } from './r3-set.js';

const sets: Array<[string, Item[], Record<string, number>]> = [
  ['train', newItems().filter((i) => i.split === 'train'), { question: 0.9, smalltalk: 0.9, 'follow-up': 0.9, error: 0.9 }],
  ['dev (frozen before tuning)', newItems().filter((i) => i.split === 'dev'), { question: 0.85, smalltalk: 0.85, 'follow-up': 0.85, error: 0.85 }],
  ['older sets', olderItems(), { question: 0.8, error: 0.95 }],
];

describe.each(sets)('understand() on the %s', (name, items, floors) => {
  it('every item cites its source (the new set: a public GitHub URL)', () => {
    for (const item of items) expect(item.source.length).toBeGreaterThan(8);
    for (const item of items.filter((i) => i.split === 'dev' || name === 'train')) expect(item.source).toMatch(/^https:\/\/github\.com\//);
  });
  it('scores at least the floor per group, and prints the scores and the misses', () => {
    const s = score(items);
    for (const [group, { n, right }] of Object.entries(s.byGroup)) console.log(`${name} ${group}: ${right}/${n} (${((100 * right) / n).toFixed(1)}%)`);
    console.log(`${name} pasted errors: class ${(100 * s.errorClass).toFixed(1)}%, host and port ${(100 * s.errorTarget).toFixed(1)}%`);
    for (const m of s.misses.slice(0, 40)) console.log(`  miss [${m.item.group}] ${JSON.stringify(m.item.message).slice(0, 100)} → ${m.got.intent}${m.got.lesson ? ` ${m.got.lesson}` : ''}${m.got.errorClass ? ` ${m.got.errorClass}` : ''}${m.got.followUp ? ` ${m.got.followUp}` : ''}`);
    for (const [group, floor] of Object.entries(floors)) {
      const g = s.byGroup[group];
      if (g) expect(g.right / g.n, group).toBeGreaterThanOrEqual(floor);
    }
    if (s.byGroup.error) expect(s.errorClass).toBeGreaterThanOrEqual(0.95);
  });
  it('small talk and pasted errors never start network traffic', () => {
    for (const item of items.filter((i) => i.group === 'smalltalk' || i.group === 'error')) {
      const v = score([item]);
      const got = v.misses[0]?.got;
      if (got) expect(got.act, item.message).toBe(false);
    }
  });
});

/**
 * r3 (test/fixtures/heldout-r3/), scored frozen once (test/fixtures/heldout-r3/first-score.md: questions
 * 58%, small talk 97%, follow-ups 71%, errors class 88% / host+port 87%, targets 50%) and TRAINING
 * data since: the rules were tuned on it. The floors sit under today's scores so a regression shows;
 * what it says about unseen messages is the next held-out set's to tell (bench/heldout-score.ts).
 */
describe('understand() on r3 (held out once, training data now)', () => {
  it('scores at least the floor per group, prints the scores and the misses, and acts on no pasted error', () => {
    const s = scoreR3();
    for (const [group, { right, n }] of Object.entries(s.groups)) console.log(`r3 ${group}: ${right}/${n} (${((100 * right) / n).toFixed(1)}%)`);
    console.log(`r3 acted at once: pasted errors ${s.acted.errors}, targets ${s.acted.targets}`);
    for (const m of s.misses) console.log(`  miss ${m}`);
    const floors = { questions: 0.9, 'small-talk': 0.95, 'follow-ups': 0.95, 'errors-class': 0.97, 'errors-target': 0.9, targets: 0.95 } as const;
    for (const [group, floor] of Object.entries(floors)) {
      const g = s.groups[group as keyof typeof s.groups];
      expect(g.right / g.n, group).toBeGreaterThanOrEqual(floor);
    }
    expect(s.acted.errors).toBe(0);
  });
});

/**
 * r4 (test/fixtures/heldout-r4/), scored frozen once (test/fixtures/heldout-r4/first-score.md: questions
 * 76%, small talk 96%, follow-ups 51%, errors class 85% / host+port 83%, targets 82%) and TRAINING
 * data since the chat's third pass tuned on it. Floors under today's scores, so a regression shows.
 */
describe('understand() on r4 (held out once, training data now)', () => {
  it('scores at least the floor per group, prints the scores and the misses, and acts on no pasted error', () => {
    const s = scoreSet('heldout-r4');
    for (const [group, { right, n }] of Object.entries(s.groups)) console.log(`r4 ${group}: ${right}/${n} (${((100 * right) / n).toFixed(1)}%)`);
    console.log(`r4 acted at once: pasted errors ${s.acted.errors}, targets ${s.acted.targets}`);
    for (const m of s.misses) console.log(`  miss ${m}`);
    const floors = { questions: 0.93, 'small-talk': 0.95, 'follow-ups': 0.95, 'errors-class': 0.97, 'errors-target': 0.93, targets: 0.95 } as const;
    for (const [group, floor] of Object.entries(floors)) {
      const g = s.groups[group as keyof typeof s.groups];
      expect(g.right / g.n, group).toBeGreaterThanOrEqual(floor);
    }
    expect(s.acted.errors).toBe(0);
  });
});

/**
 * r5 (test/fixtures/heldout-r5/), scored frozen once (test/fixtures/heldout-r5/first-score.md: questions
 * 82%, small talk 100%, follow-ups 80%, errors class 79% / host+port 89%, targets 85%) and TRAINING
 * data since the chat's fourth pass read every miss and fixed their causes. Floors under today's
 * scores, so a regression shows; the next held-out set tells what r5 no longer can.
 */
describe('understand() on r5 (held out once, training data now)', () => {
  it('scores at least the floor per group, prints the scores and the misses, and acts on no pasted error', () => {
    const s = scoreSet('heldout-r5');
    for (const [group, { right, n }] of Object.entries(s.groups)) console.log(`r5 ${group}: ${right}/${n} (${((100 * right) / n).toFixed(1)}%)`);
    console.log(`r5 acted at once: pasted errors ${s.acted.errors}, targets ${s.acted.targets}`);
    for (const m of s.misses) console.log(`  miss ${m}`);
    const floors = { questions: 0.95, 'small-talk': 0.95, 'follow-ups': 0.95, 'errors-class': 0.97, 'errors-target': 0.95, targets: 0.92 } as const;
    for (const [group, floor] of Object.entries(floors)) {
      const g = s.groups[group as keyof typeof s.groups];
      expect(g.right / g.n, group).toBeGreaterThanOrEqual(floor);
    }
    expect(s.acted.errors).toBe(0);
  });
});

/**
 * r6 (test/fixtures/heldout-r6/), scored frozen once (test/fixtures/heldout-r6/first-score.md:
 * questions 61%, small talk 98%, follow-ups 90.5%, errors class 82% / host+port 87%, targets 90.5%)
 * and TRAINING data since the chat's fifth pass read every miss and fixed their causes (textbook
 * mechanism words, questions in Japanese, Chinese, Spanish and German, errors in those languages,
 * service names for ports). Floors under today's scores; the next held-out set (r7) tells what r6 no longer can.
 */
describe('understand() on r6 (held out once, training data now)', () => {
  it('scores at least the floor per group, prints the scores and the misses, and acts on no pasted error', () => {
    const s = scoreSet('heldout-r6');
    for (const [group, { right, n }] of Object.entries(s.groups)) console.log(`r6 ${group}: ${right}/${n} (${((100 * right) / n).toFixed(1)}%)`);
    console.log(`r6 acted at once: pasted errors ${s.acted.errors}, targets ${s.acted.targets}`);
    for (const m of s.misses) console.log(`  miss ${m}`);
    const floors = { questions: 0.95, 'small-talk': 0.95, 'follow-ups': 0.95, 'errors-class': 0.97, 'errors-target': 0.95, targets: 0.95 } as const;
    for (const [group, floor] of Object.entries(floors)) {
      const g = s.groups[group as keyof typeof s.groups];
      expect(g.right / g.n, group).toBeGreaterThanOrEqual(floor);
    }
    expect(s.acted.errors).toBe(0);
  });
});
