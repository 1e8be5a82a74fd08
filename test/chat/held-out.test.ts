/**
 * The router on real phrasings it was not tuned on (test/chat/fixtures/held-out.json, each with
 * its public source). Prints the score; fails only below a floor, so a regression shows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { route } from '../../src/chat/route.js';
import { formatHostPort } from '../../src/target.js';
import type { Route } from '../../src/chat/types.js';

interface Item {
  message: string;
  kinds: Route['kind'][];
  hp?: string;
  host?: string;
  ports?: string;
  source: string;
}

const load = (file: string) => (JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as { items: Item[] }).items;
/** Each set with the floor it must keep (set below the score it had when first run, untuned). */
const SETS: Array<[string, Item[], number]> = [
  ['held-out.json', load('held-out.json'), 0.75],
  ['held-out-2.json', load('held-out-2.json'), 0.75],
];

/** Right kind, and where a target is expected and the route is one, the right host and port. */
function correct(r: Route, item: Item): boolean {
  if (!item.kinds.includes(r.kind)) return false;
  if (r.kind === 'target' && item.hp) return formatHostPort(r.target.host, r.target.port) === item.hp;
  if (r.kind === 'follow-up' && item.host) return r.host === item.host && r.ports === item.ports;
  return true;
}

describe.each(SETS)('route on held-out real phrasings: %s', (name, items, floor) => {
  it('every item cites a public source', () => {
    for (const item of items) expect(item.source).toMatch(/^https?:\/\//);
  });
  it('scores at least the floor, and prints the score and the misses', () => {
    const misses = items.map((item) => ({ item, r: route(item.message) })).filter(({ item, r }) => !correct(r, item));
    const score = (items.length - misses.length) / items.length;
    console.log(`${name}: ${items.length - misses.length}/${items.length} right (${(score * 100).toFixed(1)}%)`);
    for (const { item, r } of misses) console.log(`  miss: ${JSON.stringify(item.message).slice(0, 90)} → ${r.kind}${r.kind === 'target' ? ` ${formatHostPort(r.target.host, r.target.port)}` : ''} (expected ${item.kinds.join('|')}${item.hp ? ` ${item.hp}` : ''})`);
    expect(score).toBeGreaterThanOrEqual(floor);
  });
});
