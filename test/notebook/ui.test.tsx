import { describe, it, expect } from 'vitest';
import { render } from 'ink-testing-library';
import { loadLessons } from '../../src/notebook/lessons.js';
import { loadProgress, saveProgress } from '../../src/notebook/progress.js';
import { NotebookApp } from '../../src/ui/notebook/NotebookApp.js';
import { initialState, notebookReducer } from '../../src/ui/notebook/state.js';
import { commandFor } from '../../src/ui/notebook/keys.js';
import type { ExperimentResult } from '../../src/notebook/experiment.js';
import { tempDirs } from './helpers/temp-dirs.js';

const lessons = loadLessons();
const freshDir = tempDirs('tsl-notebook-ui-');

/** What the entry point passes in: the progress read from `dir`, and a save into it. */
const stored = (dir: string) => ({ progress: loadProgress(dir), onSave: (p: Parameters<typeof saveProgress>[0]) => saveProgress(p, dir) });

const tick = (ms = 100) => new Promise((r) => setTimeout(r, ms));
const DOWN = '\u001B[B';
const ENTER = '\r';

/** Waits (bounded) until the frame matches. */
async function until(frame: () => string | undefined, re: RegExp, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const f = frame() ?? '';
    if (re.test(f)) return f;
    await tick(50);
  }
  throw new Error(`timed out waiting for ${re}; last frame:\n${frame()}`);
}

/** The notebook opened on the handshake lesson, scrolled to its `open` experiment cell. */
async function openHandshakeExperiment() {
  const dir = freshDir();
  const lesson = lessons.find((l) => l.id === 'handshake')!;
  const at = lesson.cells.findIndex((c) => c.kind === 'experiment' && c.scenario === 'open');
  const app = render(<NotebookApp lessons={lessons} {...stored(dir)} startLesson={lessons.indexOf(lesson)} />);
  await tick();
  for (let i = 0; i < at; i++) {
    app.stdin.write('j');
    await tick(10);
  }
  const before = await until(app.lastFrame, /Experiment: handshake-open/);
  return { dir, app, before };
}

describe('notebook reducer and keys', () => {
  it('moves within bounds and opens and closes lessons', () => {
    let s = initialState([4, 5, 7]);
    s = notebookReducer(s, { type: 'user.previous' });
    expect(s.lesson).toBe(0);
    for (let i = 0; i < 5; i++) s = notebookReducer(s, { type: 'user.next' });
    expect(s.lesson).toBe(2);
    s = notebookReducer(s, { type: 'user.open' });
    expect(s).toMatchObject({ screen: 'lesson', lesson: 2, cell: 0 });
    for (let i = 0; i < 9; i++) s = notebookReducer(s, { type: i % 2 ? 'user.open' : 'user.next' });
    expect(s.cell).toBe(6);
    s = notebookReducer(s, { type: 'user.previous' });
    expect(s).toMatchObject({ lesson: 2, cell: 5 });
    s = notebookReducer(s, { type: 'user.back' });
    expect(s.screen).toBe('list');
    expect(s.lesson).toBe(2);
  });

  it('does not take a prediction after the experiment has run, nor start a run twice', () => {
    let s = initialState([3], 0, true);
    s = notebookReducer(s, { type: 'experiment.start', experiment: 'e' });
    const again = notebookReducer(s, { type: 'experiment.start', experiment: 'e' });
    expect(again).toBe(s);
    s = notebookReducer(s, { type: 'experiment.done', experiment: 'e', result: { ok: true } as ExperimentResult });
    expect(notebookReducer(s, { type: 'experiment.predict', experiment: 'e', choice: 1 }).predictions).toEqual({});
  });

  it('maps keys to named commands and digits to choices', () => {
    const none = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, return: false, escape: false } as Parameters<typeof commandFor>[1];
    expect(commandFor('3', none)).toEqual({ choice: 2 });
    expect(commandFor('', { ...none, downArrow: true })).toBe('next');
    expect(commandFor('', { ...none, return: true })).toBe('open');
    expect(commandFor('r', none)).toBe('run');
    expect(commandFor('q', none)).toBe('quit');
    expect(commandFor('z', none)).toBeUndefined();
  });
});

describe('NotebookApp (ink-testing-library, real loopback experiments)', () => {
  it('takes keys typed faster than it renders in order (one chunk, "jjj")', async () => {
    const dir = freshDir();
    const app = render(<NotebookApp lessons={lessons} {...stored(dir)} />);
    await tick();
    app.stdin.write('jj\rjjj');
    await until(app.lastFrame, new RegExp(`${lessons[2].title.replace(/[()"]/g, '.')}[\\s\\S]*cell 4/`));
    app.unmount();
  });

  it('lists lessons, opens one, and steps through its cells', async () => {
    const dir = freshDir();
    const app = render(<NotebookApp lessons={lessons} {...stored(dir)} />);
    await tick();
    expect(app.lastFrame()).toContain('tcpsleuth lessons');
    for (const l of lessons) expect(app.lastFrame()).toContain(l.title);
    app.stdin.write(DOWN);
    await tick();
    app.stdin.write(ENTER);
    const f = await until(app.lastFrame, /cell 1\//);
    expect(f).toContain(lessons[1].title);
    app.stdin.write(DOWN);
    await until(app.lastFrame, /cell 2\//);
    app.unmount();
  });

  it('gives quiz feedback at once and saves the first answer', async () => {
    const dir = freshDir();
    const lesson = lessons.find((l) => l.id === 'handshake')!;
    const quizAt = lesson.cells.findIndex((c) => c.kind === 'quiz');
    const quiz = lesson.cells[quizAt];
    if (quiz.kind !== 'quiz') throw new Error('no quiz');
    const right = quiz.choices.findIndex((c) => c.correct);
    const wrong = right === 0 ? 1 : 0;
    const app = render(<NotebookApp lessons={lessons} {...stored(dir)} startLesson={lessons.indexOf(lesson)} />);
    await tick();
    for (let i = 0; i < quizAt; i++) {
      app.stdin.write('j');
      await tick(10);
    }
    await until(app.lastFrame, /Quiz: /);
    app.stdin.write(String(wrong + 1));
    const f = await until(app.lastFrame, /Not quite/);
    expect(f).toContain(quiz.choices[wrong].why);
    expect(f).toContain(`The answer is ${right + 1}`);
    app.stdin.write(String(right + 1));
    await until(app.lastFrame, /Right\./);
    await tick(50);
    // The first answer is the one saved.
    expect(loadProgress(dir).lessons.handshake.quiz[quiz.id]).toMatchObject({ choice: wrong, correct: false });
    app.unmount();
  });

  it('runs an experiment on a key press: prediction, spinner, verdict; progress saved', async () => {
    const { dir, app } = await openHandshakeExperiment();
    app.stdin.write('1');
    await tick();
    app.stdin.write('r');
    await until(app.lastFrame, /running open/);
    const f = await until(app.lastFrame, /verdict open/);
    expect(f).toContain('✓ Your prediction was right.');
    expect(f).toMatch(/Why: /);
    await tick(50);
    expect(loadProgress(dir).lessons.handshake.experiments['handshake-open']).toMatchObject({ ok: true, observed: 'open' });
    app.unmount();
  });

  it('predict first: no scenario or expected verdict before the prediction, and r does not run without one', async () => {
    const { app, before } = await openHandshakeExperiment();
    expect(before).not.toMatch(/expected verdict|scenario open/);
    app.stdin.write('r');
    await tick(300);
    expect(app.lastFrame()).not.toMatch(/running open|verdict open/);
    expect(app.lastFrame()).toMatch(/to predict, then r to run/);
    app.stdin.write('1');
    const after = await until(app.lastFrame, /expected verdict: open/);
    expect(after).toContain('scenario open');
    app.unmount();
  });

  it('an experiment this machine cannot run says why, and is not recorded as a result', async () => {
    const dir = freshDir();
    const lesson = lessons.find((l) => l.id === 'ecn')!;
    const at = lesson.cells.findIndex((c) => c.kind === 'experiment' && c.id === 'ecn-negotiated');
    const skipped = async (): Promise<ExperimentResult> => ({
      id: 'ecn-negotiated', ok: false, expected: 'open', observed: 'error', summary: 'not run: needs root', findings: [], kernel: [], durationMs: 0,
      skipped: 'needs root: it builds network namespaces, veth pairs and firewall rules (run it with sudo)',
    });
    const app = render(<NotebookApp lessons={lessons} {...stored(dir)} startLesson={lessons.indexOf(lesson)} runExperiment={skipped} />);
    await tick();
    for (let i = 0; i < at; i++) {
      app.stdin.write('j');
      await tick(10);
    }
    await until(app.lastFrame, /Experiment: ecn-negotiated/);
    app.stdin.write('1');
    await tick();
    app.stdin.write('r');
    const f = await until(app.lastFrame, /not run here: needs root/);
    expect(f).not.toMatch(/✗ verdict/);
    await tick(50);
    expect(loadProgress(dir).lessons.ecn?.experiments?.['ecn-negotiated']).toBeUndefined();
    app.unmount();
  });

  it('marks a lesson done at its last cell and shows the mark in the list', async () => {
    const dir = freshDir();
    const lesson = lessons.find((l) => l.id === 'dns')!;
    const app = render(<NotebookApp lessons={lessons} {...stored(dir)} startLesson={lessons.indexOf(lesson)} />);
    await tick();
    for (let i = 0; i < lesson.cells.length; i++) {
      app.stdin.write('j');
      await tick(10);
    }
    await until(app.lastFrame, /End of lesson/);
    await tick(50);
    expect(loadProgress(dir).lessons.dns.done).toBe(true);
    app.stdin.write('b');
    const f = await until(app.lastFrame, /tcpsleuth lessons/);
    expect(f).toMatch(new RegExp(`✓ ${lesson.title}`));
    app.unmount();
  });
});
