/**
 * The terminal sink: the one sanitiser for text that other people control (banners, certificate
 * names, pasted messages, file names, arguments) before it reaches a terminal. Control characters
 * become visible symbols (ESC → ␛, BEL → ␇, C1 → \u009b), so nothing can move the cursor, retitle
 * the window or write the clipboard; bidirectional overrides are named (`<U+202E>`) so they cannot
 * reorder what is shown. Newlines and tabs stay unless a single line is asked for.
 */

/** Echoes longer than this are cut (with a note); the text itself is not changed. */
export const ECHO_LIMIT = 2000;

/** A user's argument echoed in an error message is cut to this many characters. */
export const ARG_LIMIT = 120;

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** The text with C0/C1 controls and DEL shown as visible symbols (newline and tab kept). */
export function inert(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** `inert`, plus bidirectional overrides shown as `<U+202E>` (what any screen needs). */
export function inertBidi(text: string): string {
  return inert(text).replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** An inert echo of a message, cut to `limit` characters with a note of how much was left out. */
export function echo(text: string, limit = ECHO_LIMIT): string {
  const shown = text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
  return inertBidi(shown);
}

/**
 * Foreign text on one line of a terminal: every control (newline and tab too) made visible,
 * bidi overrides named, cut to `limit` characters with an ellipsis.
 */
export function termLine(text: string, limit = ECHO_LIMIT): string {
  const cut = text.length > limit ? `${text.slice(0, limit)}…` : text;
  // eslint-disable-next-line no-control-regex
  return inertBidi(cut.replace(/[\n\t]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0))));
}

/** A command-line argument echoed in an error: one line, inert, at most ARG_LIMIT characters. */
export function argEcho(arg: string): string {
  return termLine(arg, ARG_LIMIT);
}
