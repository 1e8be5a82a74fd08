/**
 * The trainer's record: an old (version 1) progress file migrates, and `learn --progress` exports
 * it as text, JSON and CSV; `learn --path helpdesk` shows the path with what is done. Through the
 * real CLI with its own state folder.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadProgress, progressFile, recordDrill, saveProgress, type DrillResult } from '../../src/notebook/progress.js';
import { csvField, progressCsv, CSV_COLUMNS } from '../../src/notebook/record.js';
import { CLI, runCli } from '../helpers/cli.js';
import { selfCommandLine } from '../../src/self-command.js';
import { tempDirs } from './helpers/temp-dirs.js';

const freshDir = tempDirs('tsl-record-');

/** A progress file as version 1 of tcpsleuth wrote it (no drills). */
const V1 = {
  version: 1,
  lessons: {
    handshake: {
      done: true,
      quiz: { 'handshake-syn-ack': { choice: 1, correct: true, at: '2026-01-02T10:00:00.000Z' }, 'handshake-3': { choice: 0, correct: false, at: '2026-01-02T10:01:00.000Z' } },
      experiments: { 'handshake-open': { ok: true, observed: 'open', at: '2026-01-02T10:02:00.000Z' } },
      updatedAt: '2026-01-02T10:02:00.000Z',
    },
  },
};

const drill = (over: Partial<DrillResult> = {}): DrillResult => ({
  id: 'a1b2c3',
  scenario: 'drop',
  level: 2,
  outcome: 'answered',
  score: 80,
  maxScore: 100,
  hintsTaken: 0,
  parts: { verdict: true, cause: true, ask: false },
  startedAt: '2026-01-03T09:00:00.000Z',
  endedAt: '2026-01-03T09:04:10.000Z',
  durationMs: 250_000,
  ...over,
});

describe('progress file versions', () => {
  it('migrates a version-1 file: lessons kept, drills added, written back as version 2 on the next save', () => {
    const dir = freshDir();
    writeFileSync(progressFile(dir), JSON.stringify(V1));
    const p = loadProgress(dir);
    expect(p.version).toBe(2);
    expect(p.lessons).toEqual(V1.lessons);
    expect(p.drills).toEqual([]);
    recordDrill(p, drill());
    saveProgress(p, dir);
    const raw = JSON.parse(readFileSync(progressFile(dir), 'utf8'));
    expect(raw.version).toBe(2);
    expect(raw.lessons.handshake.quiz['handshake-syn-ack'].correct).toBe(true);
    expect(raw.drills[0]).toMatchObject({ id: 'a1b2c3', score: 80 });
  });
});

describe('CSV export', () => {
  it('quotes fields with commas, quotes and newlines (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('has one row per lesson, quiz answer, experiment and drill, each with every column', () => {
    const p = { version: 2 as const, lessons: V1.lessons, drills: [drill(), drill({ id: 'ffffff', outcome: 'stopped', score: null, parts: undefined })] };
    const lines = progressCsv(p, 'ana, trainee').trim().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 1 + 2 + 1 + 2);
    expect(lines).toContain('"ana, trainee",quiz,handshake,handshake-3,wrong,0,1,,,2026-01-02T10:01:00.000Z');
    expect(lines).toContain('"ana, trainee",drill,a1b2c3,drop,verdict:right cause:right ask:wrong,80,100,250,0,2026-01-03T09:04:10.000Z');
    expect(lines).toContain('"ana, trainee",drill,ffffff,drop,stopped,,100,250,0,2026-01-03T09:04:10.000Z');
  });
});

describe('learn --progress and --path through the CLI', () => {
  const withFile = () => {
    const dir = freshDir();
    writeFileSync(progressFile(dir), JSON.stringify(V1));
    const p = loadProgress(dir);
    for (let i = 0; i < 3; i++) recordDrill(p, drill({ id: `00000${i}`, level: 1, scenario: 'refused', score: 90 }));
    saveProgress(p, dir);
    return { TCPSLEUTH_STATE_DIR: dir, USER: 'trainee1' };
  };

  it('prints the record as text, JSON and CSV', async () => {
    const env = withFile();
    const text = await runCli(['learn', '--progress'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/✓ handshake\s+quiz 1\/\d+, experiments 1\/1 as expected/);
    expect(text.stdout).toMatch(/level 1\s+refused\s+90\/100/);
    const json = await runCli(['learn', '--progress', '--json'], { env });
    const data = JSON.parse(json.stdout);
    expect(data).toMatchObject({ learner: 'trainee1', version: 2 });
    expect(data.drills).toHaveLength(3);
    const csv = await runCli(['learn', '--progress', '--csv'], { env });
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    expect(rows.filter((r) => r.startsWith('trainee1,drill,'))).toHaveLength(3);
  });

  it('shows the helpdesk path: lessons then drills, done marks, the next step', async () => {
    const env = withFile();
    const r = await runCli(['learn', '--path', 'helpdesk'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓\s+1\. The three-way handshake/);
    // The command is printed the way this CLI was started, so it runs as printed.
    const next = selfCommandLine(['learn', 'socket-states'], { env: process.env, script: CLI });
    expect(r.stdout).toMatch(/▶\s+2\. Socket states[^\n]*\n\s+next: /);
    expect(r.stdout).toContain(`next: ${next}\n`);
    expect(r.stdout).toMatch(/✓\s+\d+\. Drills, level 1[^\n]*3\/3 drills passed/);
    const j = JSON.parse((await runCli(['learn', '--path', 'helpdesk', '--json'], { env })).stdout);
    expect(j.next).toBe('socket-states');
    expect(j.steps.map((s: { kind: string }) => s.kind).lastIndexOf('lesson')).toBeLessThan(j.steps.findIndex((s: { kind: string }) => s.kind === 'drills'));
  });

  it.each([
    [['learn', '--path', 'sysadmin'], /no path "sysadmin"/],
    [['learn', '--csv'], /--csv goes with --progress/],
    [['learn', '--progress', '--json', '--csv'], /--json or --csv, not both/],
    [['learn', 'rst', '--progress'], /take no lesson id/],
  ])('%j is bad usage: one line, exit 2', async (args, message) => {
    const r = await runCli(args, { env: { TCPSLEUTH_STATE_DIR: freshDir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
