/**
 * Every transcript in README.md and docs/*.md is what the built CLI prints now: each recipe
 * (scripts/docs/recipes.ts) runs again against its own loopback listeners and the output is
 * compared with the committed one, apart from times, ports, dates, ids and paths (normalise.ts).
 * Recipes marked root run only as root; the slow and namespace ones (tested: false) are checked
 * when `npm run docs:transcripts` regenerates them, not here. A recipe that differs runs again
 * (twice at most, alone) before it counts as drift. Needs `npm run build` first.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, docPages } from '../../scripts/docs/generated.js';
import { regionsOf } from '../../scripts/docs/markers.js';
import { normalise } from '../../scripts/docs/normalise.js';
import { RECIPES, recipeOf, type Recipe } from '../../scripts/docs/recipes.js';
import { runRecipes, unfenced } from '../../scripts/docs/transcripts.js';

const asRoot = process.getuid?.() === 0;
const committed = new Map<string, string>();
for (const page of docPages()) {
  for (const r of regionsOf(readFileSync(ROOT + page, 'utf8'), 'transcript')) committed.set(r.id, unfenced(r.content));
}
const checked = RECIPES.filter((r) => r.tested && (asRoot || !r.root) && committed.has(r.id));
let fresh = new Map<string, string>();

const same = (r: Recipe, text: string) => normalise(text, r.vary, r.anyOrder);
const matches = (r: Recipe, text: string | undefined) => same(r, text ?? '') === same(r, committed.get(r.id) ?? '');

/** Runs left to compare a transcript that differed: real servers race on a loaded machine. */
const RETRIES = 2;

beforeAll(async () => {
  fresh = await runRecipes(checked);
  // A recipe whose output differed runs again, alone: a race lost under load (an RST before
  // connect() returned) comes out right then; drift in what the CLI prints differs every time.
  for (const r of checked) {
    for (let i = 0; i < RETRIES && !matches(r, fresh.get(r.id)); i++) fresh = new Map([...fresh, ...(await runRecipes([r]))]);
  }
}, 240_000);

describe('transcripts in the docs', () => {
  it('every transcript names a recipe, and every recipe is shown somewhere', () => {
    for (const id of committed.keys()) expect(recipeOf(id), `no recipe ${id}`).toBeDefined();
    for (const r of RECIPES) expect(committed.has(r.id), `recipe ${r.id} is on no page`).toBe(true);
  });

  it('the comparison sees a changed word, not a changed port or time', () => {
    const a = 'FAIL connect  127.0.0.1:41943: refused after 1.7 ms at 2026-12-07 02:33:25 UTC';
    const b = 'FAIL connect  127.0.0.1:38159: refused after 12.3 ms at 2026-12-08 11:00:01 UTC';
    expect(normalise(a)).toBe(normalise(b));
    expect(normalise(a)).not.toBe(normalise(a.replace('refused', 'filtered')));
    // The machine a check ran from differs between the docs' machine and CI's, however short its name.
    expect(normalise('checked from vm (127.0.0.1)')).toBe(normalise('checked from ci\\-runner\\-7 (127.0.0.1)'));
    expect(normalise('checked from vm (127.0.0.1)')).not.toBe(normalise('checked from vm (127.0.0.2) twice'));
  });

  for (const r of checked) {
    it(`${r.id}: the committed transcript is what the CLI prints now (npm run docs:transcripts)`, () => {
      expect(same(r, fresh.get(r.id) ?? '')).toBe(same(r, committed.get(r.id) ?? ''));
      expect(matches(r, fresh.get(r.id))).toBe(true);
    });
  }
});
