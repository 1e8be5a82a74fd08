/**
 * Foreign bytes stay inert in the chat (issue 19): pasted messages that carry terminal escapes
 * (window title, clipboard, screen clear), C1 controls and bidi overrides, sent through the built
 * chat in plain text, reach stdout only as visible symbols, whatever reply they get (an error
 * explained, small talk, a question, not understood, a refused report name, a banner server).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useLoopbackServers } from '../helpers/loopback.js';

const port = useLoopbackServers(['banner']);

const TITLE = '\u001b]0;pwned\u0007';
const CLIPBOARD = '\u001b]52;c;cHduZWQ=\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const C1 = '\u009b31m';
const BIDI = '\u202egnp.exe';

describe('hostile bytes in the chat (plain text)', () => {
  it('never reach the terminal raw', async () => {
    const lines = [
      `curl: (7) Failed to connect to db${TITLE}.internal port 5432: Connection refused ${CLIPBOARD}`,
      `hello ${CLEAR}there`,
      `why does my socket sit in SYN_SENT ${C1}?`,
      `zqx ${BIDI} ${TITLE}`,
      `/report ${CLIPBOARD}x.md`,
      `127.0.0.1:${port('banner')}`,
      `what does ${BIDI} mean for a firewall?`,
    ];
    const r = await runCli(['chat', '--plain'], { input: `${lines.join('\n')}\n`, timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0007\u001b\u0080-\u009f]/);
    expect(r.stdout).not.toContain('\u202e');
    // …and the replies were real ones, not silence.
    expect(r.stdout).toContain('Hello!');
    expect(r.stdout).toMatch(/Connection refused|refused/);
  });

  it('in --json the same bytes stay escaped inside JSON strings', async () => {
    const r = await runCli(['chat', '--json'], { input: `hello ${CLEAR}there\nzqx ${TITLE}\n`, timeoutMs: 60_000 });
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0007\u001b]/);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(['smalltalk', 'unknown']);
  });
});
