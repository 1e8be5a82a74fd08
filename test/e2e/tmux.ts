/** Drives the built CLI in a real terminal (tmux): send keys, read the screen, see how it ended. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { CLI } from '../helpers/cli.js';

/**
 * A private tmux server per test process, so these tests never touch anyone else's sessions, and
 * two test files running at once never race one server's exit (it quits with its last session).
 */
const SOCKET = `tsl-e2e-${process.pid}`;

// After each test file that uses it: stop the private server and remove the socket file it leaves.
afterAll(() => {
  try {
    kept = false;
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // no server was started, or it already quit
  }
  rmSync(`${process.env.TMUX_TMPDIR ?? '/tmp'}/tmux-${process.getuid?.() ?? 0}/${SOCKET}`, { force: true });
});

export const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function tmux(args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

/** A command to this file's private tmux server (options, buffers), e.g. `['list-buffers']`. */
export const tmuxServer = (args: string[]): string => tmux(args);

export interface Terminal {
  /** Environment marker every process of this run inherits (to find leftovers). */
  marker: string;
  screen(): string;
  /** The screen with its colour escape codes. */
  screenWithEscapes(): string;
  keys(...keys: string[]): void;
  /** Pastes `text` as a terminal would: bracketed (ESC[200~…ESC[201~) when the program asked for it. */
  paste(text: string): void;
  /** Whether the terminal shows its cursor (false while a TUI hides it). */
  cursorVisible(): boolean;
  /** A tmux format about this pane, e.g. `#{pane_title}`. */
  display(format: string): string;
  waitFor(pred: (screen: string) => boolean, timeoutMs?: number, pollMs?: number): Promise<string>;
  /** The exit code the CLI ended with, once it has. */
  exitCode(timeoutMs?: number): Promise<number>;
  /** Whether the terminal was back in canonical (cooked) mode after the CLI exited. */
  cooked(): boolean;
  kill(): void;
}

/**
 * Starts a session, retrying briefly: when the previous test killed the server's last session,
 * the server is on its way out and a new client can lose the race ("server exited unexpectedly").
 */
function newSession(args: string[]): void {
  for (let attempt = 1; ; attempt++) {
    try {
      tmux(args);
      return;
    } catch (err) {
      if (attempt === 5) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100 * attempt);
    }
  }
}

let kept = false;
/**
 * One idle session for the file's whole run, so killing a test's session never takes the server's
 * last one (the server would quit under the next test's feet). afterAll's kill-server ends it.
 */
function keepServer(): void {
  if (kept) return;
  newSession(['new-session', '-d', '-s', 'keep', 'sleep 900']);
  kept = true;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts `node dist/cli.js ...args` in a 120×40 tmux session (after `prefix`, e.g. `ip netns exec NS`). */
export function startTerminal(args: string[], prefix: string[] = [], env: Record<string, string> = { NO_COLOR: '1' }): Terminal {
  const name = `g${randomUUID().slice(0, 8)}`;
  const marker = `tsl-e2e-${randomUUID()}`;
  // After the CLI: its exit code and the terminal's mode, then linger so the pane can be read.
  const cmd = [
    `TSL_E2E_MARKER=${marker} ${prefix.map(shellQuote).join(' ')} ${shellQuote(process.execPath)} ${shellQuote(CLI)} ${args.map(shellQuote).join(' ')}`,
    'echo "__EXIT=$?"',
    'stty -a | grep -Eo "(^| )-?icanon" | tr -d " " | sed "s/^/__MODE=/"',
    'sleep 30',
  ].join('; ');
  const envArgs = Object.entries({ TERM: 'xterm-256color', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // A colour test needs NO_COLOR truly unset, not empty: the command unsets it unless asked for.
  // A person's terminal has no CI variable; with one, Ink draws only the final frame (CI runs set it).
  const unset = `unset CI CONTINUOUS_INTEGRATION; ${'NO_COLOR' in env ? '' : 'unset NO_COLOR; '}`;
  keepServer();
  newSession(['new-session', '-d', '-s', name, '-x', '120', '-y', '40', ...envArgs, unset + cmd]);
  const screen = () => tmux(['capture-pane', '-p', '-J', '-S', '-200', '-t', name]);
  const waitFor = async (pred: (s: string) => boolean, timeoutMs = 15_000, pollMs = 100) => {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = screen();
      if (pred(last)) return last;
      await new Promise((r) => setTimeout(r, pollMs));
    }
    throw new Error(`timed out waiting for the screen; it shows:\n${last}`);
  };
  return {
    marker,
    screen,
    screenWithEscapes: () => tmux(['capture-pane', '-p', '-e', '-J', '-t', name]),
    keys: (...keys) => void tmux(['send-keys', '-t', name, ...keys]),
    paste: (text) => {
      execFileSync('tmux', ['-L', SOCKET, 'load-buffer', '-b', name, '-'], { input: text });
      tmux(['paste-buffer', '-p', '-d', '-b', name, '-t', name]);
    },
    cursorVisible: () => tmux(['display-message', '-p', '-t', name, '#{cursor_flag}']).trim() === '1',
    display: (format) => tmux(['display-message', '-p', '-t', name, format]).replace(/\n$/, ''),
    waitFor,
    exitCode: async (timeoutMs) => Number(/__EXIT=(\d+)/.exec(await waitFor((s) => /__MODE=/.test(s), timeoutMs))![1]),
    cooked: () => /__MODE=icanon/.test(screen()),
    kill: () => {
      try {
        tmux(['kill-session', '-t', name]);
      } catch {
        // already gone
      }
    },
  };
}

/** Processes still alive that were started by the run with this marker (children left behind). */
export function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}
