/**
 * Makes pasted text safe and cheap to scan: caps its size (head and tail, because the root cause
 * of a long log is often at its end), strips ANSI escapes and control bytes, folds typographic
 * quotes, so the rules can stay simple literal patterns.
 */

/** How much of the head and of the tail of a long paste is scanned. */
export const HEAD_CHARS = 32 * 1024;
export const TAIL_CHARS = 32 * 1024;

export interface PreparedText {
  /** Cleaned text, original case. */
  text: string;
  /** The same, lower case (for literal `includes` tests). */
  lower: string;
  totalChars: number;
  truncated: boolean;
}

// eslint-disable-next-line no-control-regex
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const OSC = /\u001b\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/g;

/** Caps, cleans and lower-cases one paste. Never throws. */
export function prepareText(input: string): PreparedText {
  const raw = typeof input === 'string' ? input : String(input ?? '');
  const totalChars = raw.length;
  const truncated = totalChars > HEAD_CHARS + TAIL_CHARS;
  const capped = truncated ? `${raw.slice(0, HEAD_CHARS)}\n…\n${raw.slice(totalChars - TAIL_CHARS)}` : raw;
  const text = capped
    .replace(OSC, '')
    .replace(CSI, '')
    .replace(CONTROL, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2018\u2019\u201a\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/[\u00a0\u2007\u202f\u3000]/g, ' ');
  return { text, lower: text.toLowerCase(), totalChars, truncated };
}
