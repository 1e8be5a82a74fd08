/**
 * Issue 19 in the progress file: valid JSON of the wrong shape is set aside like an unparsable
 * file and the learner is told; a FIFO (or a folder) in its place is refused at once, never waited
 * on; writes go through an exclusively created temp file with a random name.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyProgress, loadProgress, markDone, progressFile, ProgressError, recordQuiz, saveProgress } from '../../src/notebook/progress.js';
import { checkProgress } from '../../src/notebook/progress-schema.js';
import { runCli } from '../helpers/cli.js';
import { tempDirs } from './helpers/temp-dirs.js';

const freshDir = tempDirs('tsl-progress-hostile-');

const lesson = { done: true, quiz: { q1: { choice: 1, correct: true, at: 't' } }, experiments: {}, updatedAt: 't' };
const drill = { id: 'd1', scenario: 'refused', level: 1, outcome: 'answered', score: 80, maxScore: 100, hintsTaken: 0, startedAt: 't', endedAt: 't', durationMs: 5 };

/** Valid JSON, wrong shape: each must be set aside, with the field that is wrong named. */
const SHAPES: [string, unknown, RegExp][] = [
  ['null', null, /the file is not an object/],
  ['a number', 42, /the file is not an object/],
  ['a string', 'progress', /the file is not an object/],
  ['a list', [1, 2], /the file is not an object/],
  ['an empty object', {}, /version is missing/],
  ['a version as a string', { version: '2', lessons: {}, drills: [] }, /version is "2"/],
  ['a future version', { version: 3, lessons: {}, drills: [] }, /version is 3/],
  ['lessons as a list', { version: 2, lessons: [], drills: [] }, /lessons is not an object/],
  ['lessons null', { version: 2, lessons: null, drills: [] }, /lessons is not an object/],
  ['drills missing in version 2', { version: 2, lessons: {} }, /drills is not a list/],
  ['drills as an object', { version: 2, lessons: {}, drills: {} }, /drills is not a list/],
  ['a lesson as a string', { version: 2, lessons: { rst: 'done' }, drills: [] }, /lessons\.rst is not an object/],
  ['done as a string', { version: 2, lessons: { rst: { ...lesson, done: 'yes' } }, drills: [] }, /lessons\.rst\.done is not true or false/],
  ['quiz as a list', { version: 2, lessons: { rst: { ...lesson, quiz: [] } }, drills: [] }, /lessons\.rst\.quiz is not an object/],
  ['a quiz choice that is not whole', { version: 2, lessons: { rst: { ...lesson, quiz: { q1: { choice: 1.5, correct: true, at: 't' } } } }, drills: [] }, /choice is not a whole number/],
  ['a lesson key that is not an id', { version: 2, lessons: { '../../etc': lesson }, drills: [] }, /has a key that is not an id/],
  ['a __proto__ key', JSON.parse('{"version":2,"lessons":{"__proto__":{"done":true}},"drills":[]}'), /has a key that is not an id \("__proto__"\)/],
  ['an experiment without ok', { version: 2, lessons: { rst: { ...lesson, experiments: { e1: { observed: 'open', at: 't' } } } }, drills: [] }, /experiments\.e1\.ok/],
  ['a drill with a negative duration', { version: 2, lessons: {}, drills: [{ ...drill, durationMs: -1 }] }, /drills\[0\]\.durationMs/],
  ['a drill with another outcome', { version: 2, lessons: {}, drills: [{ ...drill, outcome: 'won' }] }, /drills\[0\]\.outcome/],
  ['a drill whose parts are a string', { version: 2, lessons: {}, drills: [{ ...drill, parts: 'all' }] }, /drills\[0\]\.parts is not an object/],
  ['a huge string', { version: 2, lessons: { rst: { ...lesson, updatedAt: 'x'.repeat(5000) } }, drills: [] }, /updatedAt is not a short string/],
];

describe('a progress file of the wrong shape', () => {
  it.each(SHAPES)('%s is set aside, the learner is told what is wrong, and progress starts fresh', (_what, data, problem) => {
    const dir = freshDir();
    const text = JSON.stringify(data);
    writeFileSync(progressFile(dir), text);
    const told: string[] = [];
    expect(loadProgress(dir, (m) => told.push(m))).toEqual(emptyProgress());
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(problem);
    expect(told[0]).toMatch(/set aside as .*progress\.json\.bad-\d+/);
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.json.bad-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(text);
    expect(existsSync(progressFile(dir))).toBe(false);
  });

  it('keeps a good file, and fields a later version adds to a lesson or drill', () => {
    const good = { version: 2, lessons: { rst: { ...lesson, note: 'kept' } }, drills: [{ ...drill, parts: { verdict: true, cause: false, ask: true }, extra: 1 }] };
    const r = checkProgress(good);
    expect('progress' in r && r.progress).toEqual(good);
    const v1 = checkProgress({ version: 1, lessons: { rst: lesson } });
    expect('progress' in v1 && v1.progress).toEqual({ version: 2, lessons: { rst: lesson }, drills: [] });
  });

  it('learn --progress on a wrong-shaped file: one line saying so on stderr, exit 0, never "internal error"', async () => {
    const dir = freshDir();
    writeFileSync(progressFile(dir), JSON.stringify({ version: 2, lessons: { rst: 7 }, drills: [] }));
    const r = await runCli(['learn', '--progress', '--json'], { env: { TCPSLEUTH_STATE_DIR: dir } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^tcpsleuth: your progress file .* was set aside as .*: it is not a tcpsleuth progress file \(lessons\.rst is not an object\)/);
    expect(JSON.parse(r.stdout).lessons).toEqual({});
  });
});

describe('something other than a file in its place', () => {
  it('a FIFO is refused at once (no waiting for a writer) and moved aside', () => {
    const dir = freshDir();
    execFileSync('mkfifo', [progressFile(dir)]);
    const told: string[] = [];
    const t0 = Date.now();
    expect(loadProgress(dir, (m) => told.push(m))).toEqual(emptyProgress());
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(told[0]).toMatch(/it is a FIFO, not a file/);
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.json.bad-'))!;
    expect(statSync(join(dir, aside)).isFIFO()).toBe(true);
    // The next save writes a real file in its place.
    saveProgress(emptyProgress(), dir);
    expect(statSync(progressFile(dir)).isFile()).toBe(true);
  });

  it('a folder in its place is refused too', () => {
    const dir = freshDir();
    mkdirSync(progressFile(dir));
    const told: string[] = [];
    expect(loadProgress(dir, (m) => told.push(m))).toEqual(emptyProgress());
    expect(told[0]).toMatch(/it is a folder, not a file/);
  });

  it('learn --list with a FIFO in place of the progress file ends at once with the notice, exit 0', async () => {
    const dir = freshDir();
    execFileSync('mkfifo', [progressFile(dir)]);
    const r = await runCli(['learn', '--list'], { env: { TCPSLEUTH_STATE_DIR: dir }, timeoutMs: 15_000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/it is a FIFO, not a file/);
    expect(r.stdout).toMatch(/handshake/);
  });
});

describe('writing', () => {
  it('goes through an exclusively created temp file with a random name, then a rename', () => {
    const dir = freshDir();
    const p = emptyProgress();
    recordQuiz(p, 'rst', 'q', 0, true);
    markDone(p, 'rst');
    // A file squatting on a predictable temp name (pid + time) changes nothing: names are random and created with O_EXCL.
    writeFileSync(join(dir, `progress.json.${process.pid}.0.tmp`), 'squatter');
    saveProgress(p, dir);
    expect(loadProgress(dir, () => {}).lessons.rst.done).toBe(true);
    expect(readFileSync(join(dir, `progress.json.${process.pid}.0.tmp`), 'utf8')).toBe('squatter');
    expect((statSync(progressFile(dir)).mode & 0o777).toString(8)).toBe('600');
  });

  it('a folder it cannot write is a ProgressError naming the folder and the fix', () => {
    const dir = freshDir();
    const blocked = join(dir, 'file-not-folder');
    writeFileSync(blocked, '');
    expect(() => saveProgress(emptyProgress(), blocked)).toThrowError(ProgressError);
    expect(() => saveProgress(emptyProgress(), blocked)).toThrowError(/cannot save progress in .*file-not-folder: (ENOTDIR|EEXIST).*TCPSLEUTH_STATE_DIR/);
  });

  it.skipIf(process.getuid?.() === 0)('learn --reset --yes in a read-only folder: one line, exit 1, no stack trace', async () => {
    const dir = freshDir();
    chmodSync(dir, 0o500);
    const r = await runCli(['learn', '--reset', '--yes'], { env: { TCPSLEUTH_STATE_DIR: dir } });
    chmodSync(dir, 0o700);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tcpsleuth: cannot save progress in/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
