/**
 * The chat in a real terminal (tmux), through the built CLI: `tcpsleuth` with no arguments.
 * Every target is a listener on 127.0.0.1 that this file starts itself.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type RunningServer } from '../../src/lab/servers.js';
import { hasTmux, processesWithMarker, startTerminal, type Terminal } from './tmux.js';

if (!hasTmux) process.stderr.write('skipped: the tmux chat tests need tmux\n');

/** The chat is ready for input once its placeholder is drawn. */
const READY = 'Ask, paste an error, or give a host:port';

describe.skipIf(!hasTmux)('the chat in a real terminal (tmux)', () => {
  const terms: Terminal[] = [];
  let refused: RunningServer;
  let stalled: RunningServer;
  let open: RunningServer;

  beforeAll(async () => {
    refused = await startLoopbackServer('refused');
    stalled = await startLoopbackServer('accept-queue-full');
    open = await startLoopbackServer('banner');
  });
  afterEach(() => {
    for (const t of terms.splice(0)) t.kill();
  });
  afterAll(async () => {
    await Promise.all([refused, stalled, open].map((s) => s.close()));
  });

  const chat = async (args: string[] = []) => {
    const t = startTerminal(args);
    terms.push(t);
    await t.waitFor((s) => s.includes(READY));
    return t;
  };
  const send = (t: Terminal, text: string) => {
    t.keys('-l', text);
    t.keys('Enter');
  };
  /** What the screen shows after the last occurrence of `marker`. */
  const after = (screen: string, marker: string) => screen.slice(screen.lastIndexOf(marker));

  it('opens on the chat: the box, what it accepts, and the old menu as numbered chips', async () => {
    const t = await chat();
    const s = t.screen();
    expect(s).toMatch(/1 check a port\s+2 paste an error\s+3 ask a question\s+4 learn TCP\s+5 try a fault in the lab/);
    expect(s).toContain('/ commands');
    t.keys('/');
    const list = await t.waitFor((x) => x.includes('/capture'));
    for (const c of ['/learn', '/lab', '/scan', '/report', '/help', '/clear', '/quit']) expect(list).toContain(c);
  });

  it('/clear wipes the conversation (and the scrollback) and leaves the box ready', async () => {
    const t = await chat();
    send(t, '/help');
    await t.waitFor((s) => s.includes('you › /help') && s.includes('/scan [PORTS]'));
    send(t, '/clear');
    const s = await t.waitFor((x) => !x.includes('you › /help') && x.includes(READY));
    expect(s).not.toContain('tcpsleuth ›');
  });

  it('a question gets the answer from the lessons', async () => {
    const t = await chat();
    send(t, 'why does my socket sit in SYN_SENT?');
    const s = await t.waitFor((x) => /From the lesson "[a-z-]+"/.test(x));
    expect(after(s, 'you › why does my socket')).toMatch(/tcpsleuth › \S/);
  });

  it('a closed port: the live check and its verdict; then "scan it" scans that host', async () => {
    const t = await chat();
    send(t, `127.0.0.1:${refused.port}`);
    const s = await t.waitFor((x) => x.includes('Verdict: REFUSED'));
    const check = after(s, `you › 127.0.0.1:${refused.port}`);
    expect(check).toMatch(/✔ Ping\s+\$ ping/);
    expect(check).toMatch(new RegExp(`✘ Connect\\s+\\$ nc -vz .*127\\.0\\.0\\.1 ${refused.port}`));
    expect(check).toMatch(/◀─+ RST ─+│/);
    send(t, 'scan it');
    const scan = after(await t.waitFor((x) => /scan of 127\.0\.0\.1: \d+ open, \d+ closed/.test(x)), 'you › scan it');
    expect(scan).toMatch(/scan of 127\.0\.0\.1: \d+ open, \d+ closed, \d+ filtered/);
  });

  it('a check runs live inside the conversation; Esc stops it and the chat carries on', async () => {
    const t = await chat();
    send(t, `127.0.0.1:${stalled.port}`);
    // The listener never accepts, so the SYN goes unanswered for the connect budget.
    const live = await t.waitFor((s) => /Connect: sends a SYN/.test(s), 15_000, 40);
    expect(live).toContain(`checking 127.0.0.1:${stalled.port}`);
    expect(live).toContain(READY); // the box stays below the live card
    t.keys('Escape');
    const s = await t.waitFor((x) => x.includes(`Stopped checking 127.0.0.1:${stalled.port}`));
    expect(after(s, 'Stopped checking')).toContain(READY); // the chat goes on
    expect(s).not.toContain('Verdict:');
  });

  it('a pasted multi-line error arrives as one message: one explanation and the offer', async () => {
    const t = await chat();
    const trace = [
      'Exception in thread "main" java.net.ConnectException: Connection refused (Connection refused)',
      '\tat java.base/java.net.PlainSocketImpl.socketConnect(Native Method)',
      '\tat java.base/java.net.Socket.connect(Socket.java:609)',
      `\tat org.postgresql.core.PGStream.<init>(PGStream.java:95) connecting to 127.0.0.1:${refused.port}`,
    ].join('\n');
    t.paste(trace);
    const box = await t.waitFor((s) => s.includes('PGStream.java:95'));
    expect(box).not.toContain('you ›'); // nothing sent: the pasted newlines did not press Enter
    t.keys('Enter');
    const s = await t.waitFor((x) => x.includes(`Check 127.0.0.1:${refused.port} now?`));
    expect(s.match(/you › /g)).toHaveLength(1);
    expect(s.match(/A refused error/g)).toHaveLength(1);
    send(t, 'yes');
    await t.waitFor((x) => x.includes('Verdict: REFUSED'));
  });

  it('a greeting gets a short human reply with the examples; a second greeting, no examples again', async () => {
    const t = await chat();
    send(t, 'hi there');
    const s = await t.waitFor((x) => x.includes('Hello! I help with TCP'));
    expect(after(s, 'you › hi there')).toContain("can't reach 10.0.0.5 on 443");
    send(t, 'good morning');
    const again = after(await t.waitFor((x) => x.includes('you › good morning') && x.split('Hello! I help').length === 3), 'you › good morning');
    expect(again).toContain('What are you looking at?');
    expect(again).not.toContain("can't reach 10.0.0.5 on 443");
    expect(s).not.toContain('From the lesson');
  });

  it('an off-topic question is told so, friendly, with no lesson and nothing run', async () => {
    const t = await chat();
    send(t, "what's the weather in Berlin?");
    const s = after(await t.waitFor((x) => x.includes('That is outside what I know')), "you › what's the weather");
    expect(s.replace(/\s+/g, ' ')).toContain('I help with TCP connections');
    expect(s).not.toContain('From the lesson');
    expect(s).not.toMatch(/checking \S+:\d+|Verdict:/);
  });

  it('"what about port N" after a check checks the same host on N', async () => {
    const t = await chat();
    send(t, `127.0.0.1:${refused.port}`);
    await t.waitFor((x) => x.includes('Verdict: REFUSED'));
    send(t, `what about port ${open.port}?`);
    const s = after(await t.waitFor((x) => x.includes('Verdict: OPEN')), `you › what about port ${open.port}?`);
    expect(s).toContain(`127.0.0.1 ${open.port}`);
    // A longer follow-up: the port is in one clause, "try that" in another.
    const words = `hmm, maybe it moved to ${refused.port}, try that`;
    send(t, words);
    const again = after(await t.waitFor((x) => after(x, `you › ${words}`).includes('Verdict: REFUSED')), `you › ${words}`);
    expect(again).toContain(`127.0.0.1 ${refused.port}`);
  });

  it('a pasted authentication error is explained as above TCP; nothing is checked until "yes"', async () => {
    const t = await chat();
    t.paste(`psql: error: connection to server at "127.0.0.1", port ${open.port} failed: FATAL:  password authentication failed for user "app"`);
    await t.waitFor((x) => x.includes('password authentication failed'));
    t.keys('Enter');
    const s = await t.waitFor((x) => x.includes('the application saying no') && x.includes('anyway?'));
    expect(s).not.toContain('Verdict:');
    expect(s).not.toContain('checking 127.0.0.1');
    send(t, 'yes');
    await t.waitFor((x) => x.includes('Verdict: OPEN'));
  });

  it('Ctrl-C on the empty box quits with 130: cooked mode, cursor shown, bracketed paste off', async () => {
    const t = await chat();
    t.keys('-l', 'some text');
    t.keys('C-c'); // clears the box, does not quit
    await t.waitFor((s) => s.includes('Cleared.'));
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).toContain('Interrupted.');
    expect(t.cooked()).toBe(true);
    expect(t.cursorVisible()).toBe(true);
    // The shell's terminal no longer asks for bracketed paste: a paste is echoed without ESC[200~.
    t.paste('PASTEPROBE');
    const s = await t.waitFor((x) => x.includes('PASTEPROBE'));
    expect(s).not.toContain('[200~');
    expect(processesWithMarker(t.marker)).toEqual([]);
  });

  it('SIGTERM during a check stops it and restores the terminal (bracketed paste off too)', async () => {
    const t = await chat();
    send(t, `127.0.0.1:${stalled.port}`);
    await t.waitFor((s) => /Connect: sends a SYN/.test(s), 15_000, 40);
    for (const pid of processesWithMarker(t.marker)) {
      // A short-lived child (ping, a probe) may have ended between the listing and the kill.
      try {
        process.kill(pid, 'SIGTERM');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
    expect(await t.exitCode()).toBe(143);
    expect(t.cooked()).toBe(true);
    expect(t.cursorVisible()).toBe(true);
    t.paste('PASTEPROBE');
    expect(await t.waitFor((x) => x.includes('PASTEPROBE'))).not.toContain('[200~');
    expect(processesWithMarker(t.marker)).toEqual([]);
  });

  it('Ctrl-D on the empty box leaves with 0; `tcpsleuth chat` in a terminal is the same chat', async () => {
    const t = await chat(['chat']);
    t.keys('C-d');
    expect(await t.exitCode()).toBe(0);
    expect(t.cooked()).toBe(true);
  });
});
