/**
 * The chat's first screen, drawn before Ink and React are loaded: the banner, the starter chips
 * and the empty box, in plain text, with the terminal already in raw mode so nothing typed in the
 * meantime is echoed or lost (it waits in the terminal's buffer for the chat to read). When the
 * real screen is ready, `erase()` clears these lines and Ink draws the same screen in their place.
 * Imports nothing heavy: `tcpsleuth` shows its prompt in the time `explain` takes to answer.
 */
import { STARTERS } from '../../chat/suggest.js';
import { idleHint } from './chat-keys.js';

/** What the box accepts (ChatView draws the same words). */
export const CHAT_PLACEHOLDER = 'Ask, paste an error, or give a host:port (e.g. db.internal:5432)';

export interface FirstFrame {
  /** Clears the lines drawn, leaving the cursor where they started (before Ink renders). */
  erase(): void;
  /** Gives the terminal back (raw mode off) when the chat could not start after all. */
  abandon(): void;
}

const BOLD_CYAN = (s: string, color: boolean) => (color ? `\u001b[1m\u001b[36m${s}\u001b[0m` : s);
const GREY = (s: string, color: boolean) => (color ? `\u001b[90m${s}\u001b[39m` : s);
const CYAN = (s: string, color: boolean) => (color ? `\u001b[36m${s}\u001b[39m` : s);

/** Cuts a line to the terminal width so each drawn line is one screen row (erase counts rows). */
const fit = (s: string, width: number) => (s.length > width ? s.slice(0, Math.max(0, width - 1)) : s);

/** The first screen's rows as plain text (tests and the drawing share it). */
export function firstFrameRows(columns: number): string[] {
  const width = Math.max(24, Math.min(columns, 120));
  const inner = width - 4;
  const chips = STARTERS.map((s, i) => `${i + 1} ${s.label}`).join('  ');
  const prompt = `›  ${CHAT_PLACEHOLDER}`;
  // The hint wraps as Ink wraps it (at the width); each piece is one row.
  const hint = idleHint(true);
  const hintRows: string[] = [];
  for (let rest = hint; rest.length; ) {
    const cut = rest.length <= columns ? rest.length : Math.max(1, rest.lastIndexOf(' ', columns));
    hintRows.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  return [
    'tcpsleuth: find out why a TCP connection fails, step by step, and learn why.',
    'Type a host and port, paste an error, or ask a question. /help lists the commands.',
    '',
    chips,
    `╭${'─'.repeat(width - 2)}╮`,
    `│ ${fit(prompt, inner).padEnd(inner)} │`,
    `╰${'─'.repeat(width - 2)}╯`,
    ...hintRows,
  ].map((r) => fit(r, columns));
}

/** Draws the first screen on a terminal and puts its input in raw mode; null when not a terminal. */
export function drawFirstFrame(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): FirstFrame | null {
  if (!stdout.isTTY || !stdin.isTTY) return null;
  const color = !process.env.NO_COLOR;
  const rows = firstFrameRows(stdout.columns || 80);
  try {
    stdin.setRawMode(true);
  } catch {
    return null;
  }
  const [title, sub, blank, chips, top, box, bottom, ...hints] = rows;
  const painted = [
    `${BOLD_CYAN('tcpsleuth', color)}${title.slice('tcpsleuth'.length)}`,
    GREY(sub, color),
    blank,
    chips,
    CYAN(top, color),
    CYAN(box, color),
    CYAN(bottom, color),
    ...hints.map((h) => GREY(h, color)),
  ];
  // Bracketed paste on already: a paste made before the chat reads it still arrives as one piece.
  // The cursor hidden already, as Ink hides it on its first render: the terminal's modes do not
  // change under the person's eyes when Ink takes over (the box draws its own cursor).
  stdout.write(`${painted.join('\n')}\n\u001b[?2004h\u001b[?25l`);
  let done = false;
  return {
    erase() {
      if (done) return;
      done = true;
      // Up to the first drawn row, then clear to the end of the screen.
      stdout.write(`\u001b[${rows.length}F\u001b[J`);
    },
    abandon() {
      if (done) return;
      done = true;
      try {
        stdout.write('\u001b[?2004l\u001b[?25h');
        stdin.setRawMode(false);
      } catch {
        // the terminal is gone
      }
    },
  };
}
