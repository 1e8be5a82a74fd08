/**
 * Arguments echoed in errors, through the built CLI: every command that repeats a word of its
 * command line back shows it inert (escapes as visible symbols, bidi overrides named) and cut to
 * a readable length, with exit 2 for bad usage. Nothing here sends a packet anywhere but a
 * refused loopback port.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { HOSTILE, expectInert, tempDir } from './fixture.js';

const tmp = tempDir('args');
const env = { TCPSLEUTH_STATE_DIR: tmp.dir };
afterAll(() => tmp.remove());

/** A 100,000-character argument (Linux takes up to 128 KiB in one). */
const LONG = 'a'.repeat(100_000);

/** Each command line with a placeholder X for the hostile word. */
const LINES: [string, string[]][] = [
  ['check TARGET', ['check', 'X']],
  ['bare TARGET', ['X']],
  ['unknown option at the top', ['--X']],
  ['unknown option of check', ['check', '127.0.0.1:1', '--X']],
  ['check -p', ['check', '127.0.0.1', '-p', 'X']],
  ['check --timeout', ['check', '127.0.0.1:1', '--timeout', 'X']],
  ['check --servername', ['check', '127.0.0.1:1', '--servername', 'X']],
  ['check --server', ['check', '127.0.0.1:1', '--server', 'X']],
  ['check --parallel', ['check', '127.0.0.1:1', '127.0.0.1:2', '--parallel', 'X']],
  ['check --report in a missing folder', ['check', '127.0.0.1:1', '--no-ping', '--report', join(tmp.dir, 'X', 'r.md')]],
  ['drill verb', ['drill', 'X']],
  ['drill answer ID', ['drill', 'answer', 'X', '--verdict', 'open']],
  ['drill status ID', ['drill', 'status', 'X']],
  ['drill start --level', ['drill', 'start', '--level', 'X']],
  ['drill start --scenario', ['drill', 'start', '--scenario', 'X']],
  ['analyze FILE (missing)', ['analyze', join(tmp.dir, 'X.pcap')]],
  ['analyze --conversation', ['analyze', join(tmp.dir, 'none.pcap'), '--conversation', 'X']],
  ['lab verb', ['lab', 'X']],
  ['lab up ID', ['lab', 'up', 'X']],
  ['learn ID', ['learn', 'X']],
  ['scan HOST', ['scan', 'X']],
  ['scan -p', ['scan', '127.0.0.1', '-p', 'X']],
  ['sockets PORT', ['sockets', 'X']],
  ['sockets --state', ['sockets', '--state', 'X']],
  ['server PORT', ['server', 'X']],
  ['chat ARG', ['chat', 'X']],
];

const withWord = (args: string[], word: string) => args.map((a) => a.replace('X', word));

describe('a hostile argument is echoed inert, with exit 2', () => {
  it.each(LINES)('%s', async (_name, args) => {
    const r = await runCli(withWord(args, HOSTILE), { env, timeoutMs: 20_000 });
    expectInert(r.stdout, 'stdout');
    expectInert(r.stderr, 'stderr');
    expect(r.code).toBe(2);
    // Shown, not swallowed: the person sees what they typed, escapes as symbols.
    expect(r.stderr).toMatch(/tslpwn|␛/);
  });
});

describe('a 100,000-character argument is cut to a readable length', () => {
  // A long file name or folder is not a valid path component (255 bytes at most): those lines say so their own way.
  it.each(LINES.filter(([name]) => !/report|analyze FILE/.test(name)))('%s', async (_name, args) => {
    const r = await runCli(withWord(args, LONG), { env, timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(/a{121}/);
    expect(r.stderr.length).toBeLessThan(1000);
  });
});
