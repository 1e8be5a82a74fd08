/**
 * "No network action below the threshold", measured where it matters: a real listener on
 * 127.0.0.1 counts the connections it accepts while the built chat (pipe mode) reads a batch of
 * messages that name it but are not target-shaped (prose, pasted errors, an authentication error,
 * follow-ups with nothing to follow, small talk). Nothing may reach it. The control at the end, a
 * message that is only the target, must reach it: the counter can fail.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { understand, UNDERSTAND_THRESHOLD } from '../../src/chat/understand.js';
import { runCli } from '../helpers/cli.js';

let server: Server;
let port = 0;
let accepted = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const chat = async (lines: string[]) => {
  const r = await runCli(['chat', '--json'], { input: `${lines.map((l) => (l.includes('\n') ? JSON.stringify(l) : l)).join('\n')}\n`, timeoutMs: 60_000 });
  expect(r.code).toBe(0);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; offer?: { kind: string } });
};

describe('the chat sends no packet for a message it did not understand well enough', () => {
  it('nothing understood below the threshold, nothing offered only, reaches a listener that counts', async () => {
    // Two conversations, so a pasted error's offer never turns a later follow-up into a check.
    const noThread = [
      `what about ${port}`,
      `port ${port}?`,
      'same thing on 127.0.0.1',
      `hmm ${port}`,
      'hi there',
      'thanks!',
      `how do I make a sandwich for ${port} people`,
      `we moved the app last week and since then the nightly job that talks to 127.0.0.1:${port} fails, I have no idea why, any thoughts on where to look?`,
      `the docs say to run curl http://127.0.0.1:${port}/install.sh | sh but nothing happens after that, what am I missing here exactly?`,
      // A command or a client call inside a story, a snippet or code: offered, not run.
      `We tried nc -zv 127.0.0.1 ${port} from the app host and it just sat there`,
      `If I run > telnet 127.0.0.1 ${port} <, does this connect?`,
      `# from the jump box\ntelnet 127.0.0.1 ${port}`,
      `client = redis.Redis(host='127.0.0.1', port=${port}, db=0)`,
      `DATABASE_URL=postgres://app:secret@127.0.0.1:${port}/orders`,
      // Asked from elsewhere with nothing to check yet: the chat asks for the target.
      'does it work from app-1?',
      // Follow-up words with nothing to follow (the third pass reads them clause by clause).
      `or just 127.0.0.1:${port}`,
      `simply substitute ${port} for 80`,
      `oops I meant ${port}`,
      'Sure. Go ahead.',
      `How to check if port ${port} is open`,
    ];
    const pastes = [
      `psql: error: connection to server at "127.0.0.1", port ${port} failed: FATAL:  password authentication failed for user "app"`,
      `curl: (7) Failed to connect to 127.0.0.1 port ${port} after 0 ms: Connection refused`,
      `java.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.connect0(Native Method)\nCaused by: connect to 127.0.0.1:${port} failed`,
      `HTTP/1.1 403 Forbidden from http://127.0.0.1:${port}/admin`,
      `Faraday::ConnectionFailed (Connection refused - connect(2) for "127.0.0.1" port ${port}):`,
      `# tcping 127.0.0.1 ${port}\n127.0.0.1 port ${port} closed.`,
      `nginx logs show SSL routines::unexpected eof while reading from 127.0.0.1:${port}`,
      // The fourth pass: advice naming a quoted command, a ping then a telnet, a router's joined paste.
      `Check the status page, or run \`curl -I http://127.0.0.1:${port}/\` - if it resets, it is not you.`,
      `# is it reachable?\nping 127.0.0.1\ntelnet 127.0.0.1 ${port}`,
      `Router#telnet 127.0.0.1 ${port} Trying 127.0.0.1, ${port} ... % Connection timed out; remote host not responding`,
    ];
    for (const m of [...noThread, ...pastes]) {
      const u = understand(m);
      // Each of these is understood as not to be run unasked (or not understood at all).
      expect(u.act && u.confidence >= UNDERSTAND_THRESHOLD, m).toBe(false);
    }
    const first = await chat(noThread);
    const second = await chat(pastes);
    expect(first).toHaveLength(noThread.length);
    expect(second).toHaveLength(pastes.length);
    expect(first.map((r) => r.kind)).not.toContain('check');
    expect(second.map((r) => r.kind)).not.toContain('check');
    // The pasted errors are explained with the check offered, not run.
    expect(second.filter((r) => r.kind === 'explain' && r.offer?.kind === 'check').length).toBeGreaterThanOrEqual(3);
    expect(accepted).toBe(0);

    // The control: a message that is only the target is checked, and the listener sees it.
    const control = await chat([`127.0.0.1:${port}`]);
    expect(control[0].kind).toBe('check');
    expect(accepted).toBeGreaterThan(0);
  });

  it('a follow-up read against the thread acts on the target it understood, and only then', async () => {
    // A port nothing listens on: bound, then closed.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const closed = (gone.address() as { port: number }).port;
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    const before = accepted;
    const replies = await chat([`127.0.0.1:${closed}`, `hmm maybe it moved to ${port}, try that`]);
    expect(replies.map((r) => r.kind)).toEqual(['check', 'check']);
    expect(accepted).toBeGreaterThan(before);
  });

  it('an action named only to refuse it ("don\'t check it again", "skip the scan") sends nothing', async () => {
    const before = accepted;
    const alone = await chat([`127.0.0.1:${port}`]);
    expect(alone.map((r) => r.kind)).toEqual(['check']);
    const oneCheck = accepted - before;
    expect(oneCheck).toBeGreaterThan(0);
    const refusals = ["don't check it again", 'no need to rerun it', "please don't start a scan", 'no, skip the scan please', 'forget the capture'];
    for (const m of refusals) expect(understand(m, { lastTarget: { host: '127.0.0.1', port }, lastVerdict: 'open' }), m).toMatchObject({ act: false });
    const replies = await chat([`127.0.0.1:${port}`, ...refusals]);
    expect(replies[0].kind).toBe('check');
    expect(replies.slice(1).map((r) => r.kind)).not.toContain('check');
    expect(replies.slice(1).map((r) => r.kind)).not.toContain('scan');
    expect(accepted - before).toBe(2 * oneCheck);
  });

  it('--no-auto-check makes even a target-shaped message an offer; "Thanks. I\'d love to." runs it', async () => {
    const before = accepted;
    const r = await runCli(['chat', '--json', '--no-auto-check'], { input: `127.0.0.1:${port}\nThanks. I'd love to.\n`, timeoutMs: 60_000 });
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(['prompt', 'check']);
    expect(accepted).toBeGreaterThan(before);
    const declined = accepted;
    const no = await runCli(['chat', '--json', '--no-auto-check'], { input: `127.0.0.1:${port}\nI appreciate the offer, but no\n`, timeoutMs: 60_000 });
    expect(no.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind)).not.toContain('check');
    expect(accepted).toBe(declined);
  });

  it('--no-auto-check makes even a target-shaped message an offer; "yes" runs it', async () => {
    const before = accepted;
    const r = await runCli(['chat', '--json', '--no-auto-check'], { input: `127.0.0.1:${port}\n`, timeoutMs: 60_000 });
    const [reply] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; offer?: { kind: string } });
    expect(reply).toMatchObject({ kind: 'prompt', offer: { kind: 'check' } });
    expect(accepted).toBe(before);
    const yes = await runCli(['chat', '--json', '--no-auto-check'], { input: `127.0.0.1:${port}\nyes\n`, timeoutMs: 60_000 });
    expect(yes.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(['prompt', 'check']);
    expect(accepted).toBeGreaterThan(before);
  });
});
