import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/duration.js';
import { UsageError } from '../../src/errors.js';

describe('parseDuration', () => {
  const bounds = { minMs: 10, maxMs: 120_000 };
  it.each([
    ['800', 800],
    ['1500ms', 1500],
    ['2s', 2000],
    ['0.5s', 500],
    [' 3s ', 3000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text, bounds)).toBe(ms);
  });

  it.each([
    ['soon', /bad --timeout "soon": expected milliseconds/],
    ['5', /expected between 10 ms and 120 s/],
    ['121s', /expected between 10 ms and 120 s/],
    ['-1', /bad --timeout/],
  ])('rejects %j', (text, message) => {
    expect(() => parseDuration(text, bounds)).toThrow(UsageError);
    expect(() => parseDuration(text, bounds)).toThrow(message);
  });

  it('names the option it was given', () => {
    expect(() => parseDuration('x', { ...bounds, option: '--wait' })).toThrow(/bad --wait "x"/);
  });
});
