/**
 * The corpus: real-looking error messages from every source in issue 8, each with the class,
 * also, host, port and tool a person would expect. Prints a per-source table of misses.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explainError } from '../../src/explain/index.js';

interface Fixture {
  text: string;
  class: string;
  also: string | null;
  host: string | null;
  port: number | null;
  tool: string | null;
  note?: string;
}

const DIR = fileURLToPath(new URL('../fixtures/errors/', import.meta.url));
const SOURCES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ source: f.replace(/\.json$/, ''), fixtures: JSON.parse(readFileSync(DIR + f, 'utf8')) as Fixture[] }));

const FIELDS = ['class', 'also', 'host', 'port', 'tool'] as const;
const misses = new Map<string, { total: number; byField: Record<string, number> }>();

describe('error corpus', () => {
  it('has at least 150 messages from at least 20 sources', () => {
    const total = SOURCES.reduce((n, s) => n + s.fixtures.length, 0);
    expect(total).toBeGreaterThanOrEqual(150);
    expect(SOURCES.length).toBeGreaterThanOrEqual(20);
  });

  for (const { source, fixtures } of SOURCES) {
    describe(source, () => {
      fixtures.forEach((fx, i) => {
        it(`${i + 1}: ${fx.text.split('\n')[0].slice(0, 70)}`, () => {
          const got = explainError(fx.text);
          const actual = { class: got.class, also: got.also, host: got.host, port: got.port, tool: got.tool };
          const expected = { class: fx.class, also: fx.also, host: fx.host, port: fx.port, tool: fx.tool };
          const row = misses.get(source) ?? { total: fixtures.length, byField: {} };
          for (const f of FIELDS) if (actual[f] !== expected[f]) row.byField[f] = (row.byField[f] ?? 0) + 1;
          misses.set(source, row);
          expect(actual).toEqual(expected);
        });
      });
    });
  }

  afterAll(() => {
    const lines = ['source'.padEnd(24) + 'n'.padStart(4) + FIELDS.map((f) => f.padStart(7)).join('')];
    let any = false;
    for (const [source, row] of misses) {
      if (Object.keys(row.byField).length > 0) any = true;
      lines.push(source.padEnd(24) + String(row.total).padStart(4) + FIELDS.map((f) => String(row.byField[f] ?? 0).padStart(7)).join(''));
    }
    process.stdout.write(`\nexplain corpus: misses per source and field${any ? '' : ' (none)'}\n${lines.join('\n')}\n`);
  });
});
