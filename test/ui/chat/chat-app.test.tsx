import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { chatMachine } from '../../../src/chat/machine.js';
import { guideMachine } from '../../../src/guide/machine.js';
import { ChatApp, type ChatActor } from '../../../src/ui/chat/ChatApp.js';
import { CHAT_PLACEHOLDER } from '../../../src/ui/chat/ChatView.js';
import { PASTE_END, PASTE_START } from '../../../src/ui/chat/key-reader.js';
import { PASTE_IDLE_MS } from '../../../src/ui/chat/useChatInput.js';
import { HANG, ev, standIns, type Answer } from '../../guide/stand-ins.js';
import { inkTestSetup, tick } from '../helpers.js';

const onCleanup = inkTestSetup();

const refused = ev('connect', 'fail', 'refused', { address: '127.0.0.1', port: 5432, result: 'refused', code: 'ECONNREFUSED' });

function mount(answers: Partial<Record<'connect' | 'ping', Answer>> = { connect: refused }) {
  const s = standIns(answers);
  const machine = chatMachine.provide({ actors: { guide: guideMachine.provide({ actors: s.actors as never }) } as never });
  const actor = createActor(machine, { input: {} }).start();
  const exits: number[] = [];
  const r = render(<ChatApp actor={actor as unknown as ChatActor} onExit={(c) => exits.push(c)} still />);
  onCleanup(() => {
    r.unmount();
    actor.stop();
  });
  const type = async (...chunks: string[]) => {
    for (const c of chunks) {
      r.stdin.write(c);
      await tick();
    }
  };
  const ctx = () => actor.getSnapshot().context;
  const userLines = () => ctx().transcript.flatMap((i) => (i.role === 'user' ? [i.text] : []));
  const replyKinds = () => ctx().transcript.flatMap((i) => (i.role === 'bot' ? [i.reply.kind] : []));
  /** The text inside the input box (the line after the box's left border and prompt). */
  const box = () => {
    const text = /│ › (.*?)\s*│/.exec(r.lastFrame() ?? '')?.[1] ?? '';
    return text.includes(CHAT_PLACEHOLDER) ? '' : text;
  };
  /** The box shows `text` (Ink may draw a frame late on a loaded machine: wait for it, up to 2 s). */
  const boxIs = async (text: string) => {
    const end = Date.now() + 2000;
    while (box() !== text && Date.now() < end) await tick(20);
    expect(box()).toBe(text);
  };
  return { ...r, ...s, actor, exits, type, ctx, userLines, replyKinds, box, boxIs };
}

const waitFor = async (pred: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await tick(20);
  expect(pred()).toBe(true);
};

describe('the chat box: editing', () => {
  it('inserts at the cursor, and Ctrl-A/E/U/K/W edit the line', async () => {
    const m = mount();
    await tick();
    await m.type('db5432', '\x1b[D', '\x1b[D', '\x1b[D', '\x1b[D', ':');
    await m.boxIs('db:5432');
    await m.type('\x01', 'is ', '\x05', ' up');
    await m.boxIs('is db:5432 up');
    await m.type('\x17');
    await m.boxIs('is db:5432');
    await m.type('\x01', '\x0b');
    await m.boxIs('');
    await m.type('scan it', '\x15');
    await m.boxIs('');
    expect(m.userLines()).toEqual([]);
  });

  it('↑/↓ recall earlier messages and come back to the draft', async () => {
    const m = mount();
    await tick();
    await m.type('/help', '\r', 'why?', '\r', 'half');
    expect(m.userLines()).toEqual(['/help', 'why?']);
    await m.type('\x1b[A');
    await m.boxIs('why?');
    await m.type('\x1b[A');
    await m.boxIs('/help');
    await m.type('\x1b[B', '\x1b[B');
    await m.boxIs('half');
  });
});

describe('the chat box: paste', () => {
  const trace = ['Exception in thread "main" java.net.ConnectException: Connection refused (Connection refused)', '\tat java.base/sun.nio.ch.Net.connect0(Native Method)', '\tat org.postgresql.core.PGStream.<init>(PGStream.java:95) to db.internal:5432'];

  it('a bracketed multi-line paste arrives as ONE message; its newlines never send it', async () => {
    const m = mount();
    await tick();
    await m.type(PASTE_START, trace.join('\r'), PASTE_END);
    expect(m.userLines()).toEqual([]);
    expect(m.lastFrame()).toContain('Connection refused (Connection refused)');
    expect(m.lastFrame()).toContain('PGStream.java:95');
    await m.type('\r');
    await waitFor(() => m.replyKinds().length === 1);
    expect(m.userLines()).toHaveLength(1);
    expect(m.userLines()[0].split('\n')).toHaveLength(3);
    expect(m.replyKinds()).toEqual(['explain']);
    expect(m.lastFrame()).toMatch(/Check db\.internal:5432 now\?/);
  });

  it('a paste that loses its end marker ends after a pause; Ctrl-C then works again', async () => {
    const m = mount();
    await tick();
    await m.type(PASTE_START, 'db:5432 lost the end');
    await m.boxIs('');
    await tick(PASTE_IDLE_MS + 100);
    await m.boxIs('db:5432 lost the end');
    await m.type('\x03');
    await m.boxIs('');
  });

  it('a paste too big for one message is refused with a reason, and the box stays usable', async () => {
    const m = mount();
    await tick();
    await m.type(PASTE_START, 'x'.repeat(1_000_000), PASTE_END);
    expect(m.lastFrame()).toMatch(/That paste is 1\.0 MB: the chat reads up to 262 kB/);
    await m.boxIs('');
    await m.type('ok');
    await m.boxIs('ok');
  });

  it('a long paste is drawn folded, not whole, and still sent whole', async () => {
    const m = mount();
    await tick();
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} of a long log`);
    await m.type(PASTE_START, lines.join('\n'), PASTE_END);
    expect(m.lastFrame()).toContain('[pasted: 3000 lines');
    expect(m.lastFrame()).not.toContain('line 2999 of');
    await m.type('\r');
    await waitFor(() => m.userLines().length === 1);
    expect(m.userLines()[0].length).toBeGreaterThan(2000);
    // The transcript keeps a cut copy, but counts the lines of what was sent (it said "26 in all").
    await waitFor(() => (m.lastFrame() ?? '').includes('in all)'));
    expect(m.lastFrame()).toContain('… 2988 more lines (3000 in all)');
  });
});

describe('the chat box: hostile text is only text', () => {
  it('escape sequences typed or pasted are shown inert, never sent to the terminal', async () => {
    const m = mount();
    await tick();
    await m.type(PASTE_START, 'boom\x1b[2J\x1b]0;pwned\x07\x1b[31mred', PASTE_END);
    const frame = m.lastFrame() ?? '';
    expect(frame).toContain('boom␛[2J␛]0;pwned␇␛[31mred');
    expect(frame).not.toContain('\x1b[2J');
    expect(frame).not.toContain('\x1b]0;');
    await m.type('\r');
    await waitFor(() => m.replyKinds().length === 1);
    expect(m.lastFrame()).not.toContain('\x1b[2J');
  });
});

describe('the chat box: / commands', () => {
  it('/ lists the commands from the one table; typing narrows, Tab completes, Enter sends', async () => {
    const m = mount();
    await tick();
    await m.type('/');
    for (const c of ['/learn', '/lab', '/scan', '/capture', '/report', '/help', '/clear', '/quit']) expect(m.lastFrame()).toContain(c);
    await m.type('he');
    expect(m.lastFrame()).toContain('/help');
    expect(m.lastFrame()).not.toContain('/learn');
    await m.type('\t');
    await m.boxIs('/help');
    await m.type('\r');
    await waitFor(() => m.replyKinds().includes('help'));
    await tick();
    expect(m.lastFrame()).toContain('/scan [PORTS]');
    expect(m.lastFrame()).not.toContain('//');
  });

  it('Enter on a partial name sends the selected command; ↓ moves the selection', async () => {
    const m = mount();
    await tick();
    await m.type('/l', '\x1b[B', '\r');
    expect(m.userLines()).toEqual(['/lab']);
  });

  it('/quit leaves with exit 0', async () => {
    const m = mount();
    await tick();
    await m.type('/quit', '\r');
    await waitFor(() => m.exits.length > 0);
    expect(m.exits).toEqual([0]);
    // The reply says goodbye; the closing note in the box's place does not say it again.
    const screen = m.lastFrame() ?? '';
    expect(screen.match(/Bye\./g)).toHaveLength(1);
  });
});

describe('the chat box: Ctrl-C, Esc and Ctrl-D', () => {
  it('Ctrl-C with text clears the box; on the empty box it quits with 130', async () => {
    const m = mount();
    await tick();
    await m.type('db:5432', '\x03');
    await m.boxIs('');
    expect(m.exits).toEqual([]);
    expect(m.lastFrame()).toContain('Cleared.');
    await m.type('\x03');
    await waitFor(() => m.exits.length > 0);
    expect(m.exits).toEqual([130]);
    expect(m.lastFrame()).toContain('Interrupted.');
  });

  it('a running check shows its live step; Ctrl-C stops it (the check is aborted), the chat stays', async () => {
    const m = mount({ connect: HANG });
    await tick();
    await m.type('127.0.0.1:5432', '\r');
    await waitFor(() => (m.lastFrame() ?? '').includes('Connect'));
    expect(m.lastFrame()).toContain('checking 127.0.0.1:5432');
    // Connect runs right after DNS (before ping, so a router's ICMP is not spent on echoes).
    expect(m.lastFrame()).toMatch(/✔ DNS/);
    expect(m.lastFrame()).toMatch(/… Connect/);
    await m.type('\x03');
    await waitFor(() => m.replyKinds().includes('stopped'));
    expect(m.aborted).toContain('connect');
    expect(m.exits).toEqual([]);
  });

  it('Esc stops a running check too, and the box takes the next question meanwhile', async () => {
    const m = mount({ connect: HANG });
    await tick();
    await m.type('127.0.0.1:5432', '\r');
    await waitFor(() => m.ctx().running !== undefined);
    await m.type('wh');
    await m.boxIs('wh');
    await m.type('\x1b');
    await waitFor(() => m.replyKinds().includes('stopped'));
    expect(m.aborted).toContain('connect');
    await m.boxIs('wh');
  });

  it('Ctrl-D on the empty box quits (exit 0); with text it deletes forward', async () => {
    const m = mount();
    await tick();
    await m.type('ab', '\x1b[D', '\x04');
    await m.boxIs('a');
    await m.type('\x15', '\x04');
    await waitFor(() => m.exits.length > 0);
    expect(m.exits).toEqual([0]);
  });
});

describe('the conversation', () => {
  it('Enter on the empty box takes the offer on the table, and with none says what to type (the pipe\'s rule: one reply)', async () => {
    const m = mount();
    await tick();
    await m.type('\r');
    await waitFor(() => m.replyKinds().length === 1);
    expect(m.replyKinds()).toEqual(['prompt']);
    expect(m.lastFrame()).toContain('Nothing is waiting to run');
    await m.type(PASTE_START, 'psql: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused', PASTE_END, '\r');
    await waitFor(() => m.replyKinds().length === 2);
    expect(m.ctx().thread.offer?.kind).toBe('check');
    await m.type('\r');
    await waitFor(() => m.replyKinds().includes('check'));
    expect(m.lastFrame()).toContain('Verdict: REFUSED');
  });

  it('a check ends in the verdict card; a chip number sends that suggestion', async () => {
    const m = mount();
    await tick();
    await m.type('127.0.0.1:5432', '\r');
    await waitFor(() => m.replyKinds().includes('check'));
    await tick();
    expect(m.lastFrame()).toContain('Verdict: REFUSED');
    const chips = m.ctx().suggestions;
    expect(chips.length).toBeGreaterThan(1);
    expect(m.lastFrame()).toContain(`2 ${chips[1].label}`);
    await m.type('2', '\r');
    expect(m.userLines().at(-1)).toBe(chips[1].message);
  });
});
