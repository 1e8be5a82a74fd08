import { describe, expect, it } from 'vitest';
import { parseArgsOrUsage, UsageError } from '../src/errors.js';

describe('parseArgsOrUsage', () => {
  const config = (args: string[]) => ({ args, options: { json: { type: 'boolean' as const }, port: { type: 'string' as const, short: 'p' } }, allowPositionals: true });

  it('returns the parsed values and positionals', () => {
    const parsed = parseArgsOrUsage(config(['--json', '-p', '80', 'host']));
    expect(parsed.values).toEqual({ json: true, port: '80' });
    expect(parsed.positionals).toEqual(['host']);
  });

  it('turns an unknown option into one UsageError line', () => {
    expect(() => parseArgsOrUsage(config(['--jsno']))).toThrowError(new UsageError('unknown option --jsno (see --help)'));
  });

  it('turns a missing value into a UsageError', () => {
    expect(() => parseArgsOrUsage(config(['--port']))).toThrow(UsageError);
  });

  it('rejects a positional when the command takes none', () => {
    expect(() => parseArgsOrUsage({ args: ['stray'], options: {}, strict: true })).toThrow(/see --help/);
  });
});
