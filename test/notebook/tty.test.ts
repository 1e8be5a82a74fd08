/** The TTY path: the built CLI in a real terminal (tmux), driven by key presses. */
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasTmux) process.stderr.write('skipped: the notebook TTY tests need tmux (apt-get install tmux)\n');

const state = mkdtempSync(join(tmpdir(), 'tsl-learn-tty-'));
const sessions: string[] = [];
afterAll(() => {
  for (const s of sessions) {
    try {
      execFileSync('tmux', ['kill-session', '-t', s], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  rmSync(state, { recursive: true, force: true });
});

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the CLI with `args` in a detached 120x40 tmux session; the pane stays after it exits. */
function start(name: string, args: string[]): string {
  const session = `tsl-learn-${name}-${process.pid}`;
  sessions.push(session);
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // env -u CI: a person's terminal has no CI variable; with one, Ink draws only the final frame.
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `env -u CI -u CONTINUOUS_INTEGRATION TCPSLEUTH_STATE_DIR='${state}' NO_COLOR=1 ${quoted}; echo "EXITED $?"; sleep 30`);
  return session;
}

async function screenUntil(session: string, re: RegExp, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  let screen = '';
  while (Date.now() < end) {
    screen = tmux('capture-pane', '-p', '-t', session);
    if (re.test(screen)) return screen;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${re}; screen:\n${screen}`);
}

describe.skipIf(!hasTmux)('learn in a terminal (tmux)', () => {
  it('opens the notebook, answers a quiz with a key, and quits with q (exit 0)', async () => {
    const s = start('ui', ['learn', 'dns']);
    await screenUntil(s, /DNS, the step before TCP[\s\S]*cell 1\/\d+/);
    // Step to the quiz (the last cell of the dns lesson).
    for (let i = 0; i < 12; i++) tmux('send-keys', '-t', s, 'Down');
    await screenUntil(s, /Quiz: curl exits with code 6/);
    tmux('send-keys', '-t', s, '1');
    await screenUntil(s, /✓ Right\./);
    tmux('send-keys', '-t', s, 'q');
    await screenUntil(s, /EXITED 0/);
    const saved = JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8'));
    expect(saved.lessons.dns.quiz['dns-curl-6']).toMatchObject({ choice: 0, correct: true });
    expect(saved.lessons.dns.done).toBe(true);
  });

  it('Ctrl-C leaves the notebook with exit 130 and the terminal back in normal mode', async () => {
    const s = start('ctrlc', ['learn', 'rst']);
    await screenUntil(s, /cell 1\/\d+/);
    tmux('send-keys', '-t', s, 'C-c');
    await screenUntil(s, /EXITED 130/);
    // The shell echoes typed text again: raw mode and the hidden cursor were undone.
    expect(tmux('display-message', '-p', '-t', s, '#{cursor_flag}').trim()).toBe('1');
  });

  it('learn --reset asks first: n keeps the progress, y removes it', async () => {
    writeFileSync(join(state, 'progress.json'), JSON.stringify({ version: 1, lessons: { rst: { done: true, quiz: {}, experiments: {}, updatedAt: 'x' } } }));
    const no = start('reset-no', ['learn', '--reset', 'rst']);
    await screenUntil(no, /Forget saved progress for lesson "rst"\? \[y\/N\]/);
    tmux('send-keys', '-t', no, 'n', 'Enter');
    await screenUntil(no, /Nothing reset\.[\s\S]*EXITED 0/);
    expect(JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8')).lessons.rst.done).toBe(true);
    const yes = start('reset-yes', ['learn', '--reset', 'rst']);
    await screenUntil(yes, /\[y\/N\]/);
    tmux('send-keys', '-t', yes, 'y', 'Enter');
    await screenUntil(yes, /Reset lesson "rst"[\s\S]*EXITED 0/);
    expect(JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8')).lessons).toEqual({});
  });
});
