/**
 * Hostile input is only text: before a message is echoed, its escape sequences and control
 * characters are made visible (ESC → ␛, BEL → ␇) so nothing a person pastes can move the cursor,
 * retitle the terminal or clear the screen. Newlines and tabs stay.
 */

/** Echoes longer than this are cut (with a note); the message itself is not changed. */
export const ECHO_LIMIT = 2000;

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

/** An inert echo of a message, cut to `limit` characters with a note of how much was left out. */
export function echo(text: string, limit = ECHO_LIMIT): string {
  const shown = text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
  return inert(shown);
}
