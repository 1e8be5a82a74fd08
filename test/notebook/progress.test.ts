import { describe, it, expect, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  emptyProgress,
  loadProgress,
  markDone,
  progressFile,
  quizScore,
  recordExperiment,
  recordQuiz,
  resetProgress,
  saveProgress,
  stateDir,
} from '../../src/notebook/progress.js';
import { tempDirs } from './helpers/temp-dirs.js';

const freshDir = tempDirs('tsl-progress-');

describe('progress store', () => {
  it('lives under TCPSLEUTH_STATE_DIR, else XDG_STATE_HOME/tcpsleuth, else ~/.local/state/tcpsleuth', () => {
    expect(stateDir({ TCPSLEUTH_STATE_DIR: '/x/y' })).toBe('/x/y');
    expect(stateDir({ XDG_STATE_HOME: '/s' })).toBe('/s/tcpsleuth');
    expect(stateDir({})).toMatch(/\.local\/state\/tcpsleuth$/);
  });

  it('round-trips quiz answers, experiments and done marks as versioned JSON', () => {
    const dir = freshDir();
    expect(loadProgress(dir)).toEqual(emptyProgress());
    const p = loadProgress(dir);
    recordQuiz(p, 'rst', 'rst-refused-cause', 1, true);
    recordQuiz(p, 'rst', 'rst-5961', 0, false);
    recordExperiment(p, 'rst', 'rst-refused', true, 'refused');
    markDone(p, 'rst');
    saveProgress(p, dir);
    const raw = JSON.parse(readFileSync(progressFile(dir), 'utf8'));
    expect(raw.version).toBe(2);
    const back = loadProgress(dir);
    expect(back.lessons.rst.done).toBe(true);
    expect(back.lessons.rst.experiments['rst-refused']).toMatchObject({ ok: true, observed: 'refused' });
    expect(quizScore(back.lessons.rst, 2)).toEqual({ right: 1, answered: 2, total: 2 });
    // Only the final file is left: no temp files.
    expect(readdirSync(dir)).toEqual(['progress.json']);
  });

  it('resets one lesson or all of them', () => {
    const dir = freshDir();
    const p = emptyProgress();
    markDone(p, 'rst');
    markDone(p, 'ecn');
    expect(resetProgress(p, 'nope')).toEqual([]);
    expect(resetProgress(p, 'rst')).toEqual(['rst']);
    expect(Object.keys(p.lessons)).toEqual(['ecn']);
    expect(resetProgress(p)).toEqual(['ecn']);
    saveProgress(p, dir);
    expect(loadProgress(dir).lessons).toEqual({});
  });

  it.each([
    ['a truncated file', '{"version": 1, "lessons": {"rst": {"do'],
    ['a file from a future version', '{"version": 99, "lessons": {}}'],
    ['not JSON at all', '\u0000\u0001garbage'],
  ])('sets aside %s instead of crashing or overwriting it', (_what, content) => {
    const dir = freshDir();
    writeFileSync(progressFile(dir), content);
    expect(loadProgress(dir)).toEqual(emptyProgress());
    const files = readdirSync(dir);
    expect(files.some((f) => f.startsWith('progress.json.bad-'))).toBe(true);
    expect(readFileSync(join(dir, files.find((f) => f.startsWith('progress.json.bad-'))!), 'utf8')).toBe(content);
  });
});

describe('a crash mid-write', () => {
  // Bundled once with esbuild, so each child starts in milliseconds rather than through tsx.
  let writer: string;
  beforeAll(async () => {
    const { build } = await import('esbuild');
    writer = join(freshDir(), 'progress-writer.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./helpers/progress-writer.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: writer,
      logLevel: 'error',
    });
  });

  /** Starts the writer, lets it save for `ms` after it is ready, then SIGKILLs it. */
  function killMidWrite(dir: string, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), ms));
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer ended by itself (${code}): ${err}`))));
    });
  }

  it('always leaves a progress file that parses (12 kills at varying moments)', async () => {
    const dir = freshDir();
    for (let i = 0; i < 12; i++) {
      await killMidWrite(dir, 5 + i * 13);
      const text = readFileSync(progressFile(dir), 'utf8');
      const data = JSON.parse(text);
      expect(data.version).toBe(2);
      expect(Object.keys(data.lessons).length).toBe(400);
      // The loader agrees, and does not set it aside.
      expect(Object.keys(loadProgress(dir).lessons).length).toBe(400);
      expect(readdirSync(dir).some((f) => f.includes('.bad-'))).toBe(false);
      // ...and removes the temp files the killed writer left behind.
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
  });
});
