import { describe, expect, it } from 'vitest';
import { errorLine, parseArgsOrUsage, UsageError, USAGE_LIMIT } from '../src/errors.js';

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

describe('a usage message can carry no escape and no flood', () => {
  it('makes controls visible and names bidi overrides, whoever built the message', () => {
    const err = new UsageError('bad "x\u001b]0;title\u0007\u009b31m\u202e"');
    // eslint-disable-next-line no-control-regex
    expect(err.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(err.message).toBe('bad "x␛]0;title␇\\u009b31m<U+202E>"');
  });
  it('cuts a message past USAGE_LIMIT and says how much was left out', () => {
    const err = new UsageError(`no such thing "${'a'.repeat(100_000)}"`);
    expect(err.message.length).toBeLessThan(USAGE_LIMIT + 40);
    expect(err.message).toMatch(/… \(99\d{3} more characters\)$/);
  });
  it('echoes a parseArgs argument through argEcho (cut to 120)', () => {
    const long = `--${'x'.repeat(5000)}`;
    let message = '';
    try {
      parseArgsOrUsage({ args: [long], options: {}, strict: true });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^unknown option --x+… \(see --help\)$/);
    expect(message.length).toBeLessThan(160);
  });
  it('an internal error is one inert line too', () => {
    expect(errorLine(new Error('boom \u001b[2J'))).toBe('internal error: boom ␛[2J');
  });
});
