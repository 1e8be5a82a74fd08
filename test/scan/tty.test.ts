/** The TTY path: the built CLI in a real terminal (tmux), live table first, then the report. */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type RunningServer } from '../../src/lab/servers.js';
import { which } from '../../src/tools.js';
import { CLI } from '../helpers/cli.js';

const hasTmux = which('tmux') !== undefined;
const SESSION = `scan-tty-${process.pid}`;
let server: RunningServer;

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const pane = () => tmux('capture-pane', '-p', '-t', SESSION);

async function waitFor(pred: (text: string) => boolean, ms: number): Promise<string> {
  const until = Date.now() + ms;
  let text = pane();
  while (!pred(text) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    text = pane();
  }
  return text;
}

describe.skipIf(!hasTmux)('tcpsleuth scan in a terminal (tmux)', () => {
  beforeAll(async () => {
    server = await startLoopbackServer('open');
  });
  afterAll(async () => {
    try {
      tmux('kill-session', '-t', SESSION);
    } catch {
      // already gone
    }
    await server.close();
  });

  it('shows the live table, then replaces it with the final report', async () => {
    // env -u CI: a person's terminal has no CI variable; with one, Ink draws only the final frame.
    const cmd = `env -u CI -u CONTINUOUS_INTEGRATION ${process.execPath} ${CLI} scan 127.0.0.1 -p 1-20000,${server.port} --max-parallel 8; echo EXIT=$?; sleep 30`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '130', '-y', '40', cmd);
    const live = await waitFor((t) => /ETA/.test(t) || /EXIT=/.test(t), 15_000);
    expect(live).toMatch(/tcpsleuth scan 127\.0\.0\.1: \d+ ports/);
    const done = await waitFor((t) => /EXIT=\d+/.test(t), 45_000);
    expect(done).toMatch(/EXIT=0/);
    expect(done).toMatch(new RegExp(`${server.port}/tcp\\s+open\\s+syn-ack`));
    expect(done).toMatch(/Done in .*: \d+ open, \d+ closed, 0 filtered\./);
    // The progress bar is gone: the report is the last frame.
    expect(done).not.toMatch(/ETA/);
  });
});
