/**
 * The hostile fixture in a real terminal (tmux, with `set-clipboard on`, so an OSC 52 from the
 * program would become a paste buffer): pasted and typed into the chat, and a check of a hostile
 * banner and a hostile certificate from the chat and from the guide. The pane's title, the paste
 * buffers and the terminal's modes are captured before and after, and must not change. A first
 * test proves the probe sees a real title and clipboard write, so the others can fail.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, startTerminal, tmuxServer, type Terminal } from '../e2e/tmux.js';
import { CLIPBOARD, HOSTILE, HOSTILE_BANNER, MARK, RLO, TITLE, C1_CSI, hostileCertificate, opensslServer, tempDir, textServer, type Listener } from './fixture.js';

const READY = 'Ask, paste an error, or give a host:port';
/** The modes a hostile escape could switch: alternate screen, cursor, insert, keypad, mouse, origin, wrap. */
const MODES = '#{alternate_on} #{cursor_flag} #{insert_flag} #{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag} #{mouse_button_flag} #{mouse_standard_flag} #{mouse_all_flag} #{mouse_sgr_flag} #{mouse_utf8_flag} #{origin_flag} #{wrap_flag}';

const tmp = tempDir('tmux');
const env = { NO_COLOR: '1', TCPSLEUTH_STATE_DIR: tmp.dir };
let tls: Listener;
let banner: Listener;
const terms: Terminal[] = [];

beforeAll(async () => {
  const { cert, key } = hostileCertificate(tmp.dir);
  tls = await opensslServer(cert, key);
  banner = await textServer({ banner: `${HOSTILE_BANNER}\r\n` });
});
afterEach(() => {
  for (const t of terms.splice(0)) t.kill();
});
afterAll(async () => {
  await Promise.all([tls?.close(), banner?.close()]);
  tmp.remove();
});

const buffers = () => tmuxServer(['list-buffers', '-F', '#{buffer_name}=#{buffer_sample}']);
const snapshot = (t: Terminal) => ({ title: t.display('#{pane_title}'), modes: t.display(MODES), buffers: buffers() });
const count = (s: string, word: string) => s.split(word).length - 1;

function start(args: string[]): Terminal {
  const t = startTerminal(args, [], env);
  terms.push(t);
  // An OSC 52 from the program now lands in a paste buffer where the test can see it.
  tmuxServer(['set-option', '-s', 'set-clipboard', 'on']);
  return t;
}

describe.skipIf(!hasTmux)('hostile bytes under tmux leave the title, the clipboard and the modes alone', () => {
  it('the probe sees a real title and clipboard write (so the tests below can fail)', async () => {
    const t = start(['chat']);
    await t.waitFor((s) => s.includes(READY));
    const name = `ctl${process.pid}`;
    // A pane that prints the raw escapes once told to (a line on its stdin), the way an unescaped certificate would.
    tmuxServer(['new-session', '-d', '-s', name, '-x', '80', '-y', '10', `read x; printf '\\033]0;TSLPWN-TITLE\\007\\033]52;c;dHNscHdu\\007'; sleep 30`]);
    try {
      tmuxServer(['send-keys', '-t', name, 'Enter']);
      let title = '';
      for (let i = 0; i < 100 && title !== 'TSLPWN-TITLE'; i++) {
        title = tmuxServer(['display-message', '-p', '-t', name, '#{pane_title}']).trim();
        if (title !== 'TSLPWN-TITLE') await new Promise((r) => setTimeout(r, 50));
      }
      expect(title).toBe('TSLPWN-TITLE');
      expect(buffers()).toContain('tslpwn');
    } finally {
      tmuxServer(['kill-session', '-t', name]);
      for (const b of buffers().split('\n').filter(Boolean)) tmuxServer(['delete-buffer', '-b', b.split('=')[0]]);
    }
  });

  it('the chat: a pasted and a typed hostile message, a hostile banner and a hostile certificate', async () => {
    const t = start(['chat']);
    await t.waitFor((s) => s.includes(READY));
    const before = snapshot(t);
    const replies = () => count(t.screen(), 'tcpsleuth ›');

    let seen = replies();
    t.paste(HOSTILE);
    t.keys('Enter');
    await t.waitFor((s) => count(s, 'tcpsleuth ›') > seen, 20_000);

    // Typed: every key as the terminal sends it (no ESC: a typed Escape is a key, not text).
    seen = replies();
    t.keys('-l', `${MARK} typed ${C1_CSI}${RLO} [x](javascript:alert(1)) <b>`);
    t.keys('Enter');
    await t.waitFor((s) => count(s, 'tcpsleuth ›') > seen, 20_000);

    for (const target of [`127.0.0.1:${banner.port}`, `https://127.0.0.1:${tls.port}`]) {
      const verdicts = count(t.screen(), 'Verdict:');
      t.keys('-l', target);
      t.keys('Enter');
      await t.waitFor((s) => count(s, 'Verdict:') > verdicts, 40_000);
    }
    expect(snapshot(t)).toEqual(before);
    // The certificate's words reached the screen (controls as symbols), so the probe above meant something.
    expect(t.screen()).toContain(`${MARK}␛]0;TSLPWN-TITLE␇`);

    t.keys('-l', '/quit');
    t.keys('Enter');
    expect(await t.exitCode(10_000)).toBe(0);
    expect(t.cooked()).toBe(true);
    expect(t.cursorVisible()).toBe(true);
    expect(t.display('#{pane_title}')).toBe(before.title);
    expect(buffers()).toBe(before.buffers);
  });

  it('the guide (check --tls in a terminal) on the hostile certificate', async () => {
    const host = tmuxServer(['display-message', '-p', '#{host}']).trim();
    const empty = buffers();
    const t = start(['check', `127.0.0.1:${tls.port}`, '--tls', '--no-ping']);
    const screen = await t.waitFor((s) => s.includes('What next?'), 40_000);
    const after = snapshot(t);
    expect(screen).toContain('Verdict:');
    expect(screen).toContain(MARK);
    // tmux titles a new pane with the host name; only an escape changes it.
    expect(after.title).toBe(host);
    expect(after.buffers).toBe(empty);
    expect(screen).not.toContain(TITLE);
    expect(screen).not.toContain(CLIPBOARD);
  });
});
