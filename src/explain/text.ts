/**
 * Makes pasted text safe and cheap to scan: caps its size, strips ANSI escapes and control bytes,
 * folds typographic quotes, so the rules can stay simple literal patterns.
 *
 * A long paste keeps its head and its tail (the root cause of a long log is often at the end:
 * Java's last "Caused by", Python's last exception), plus the lines in between that mention an
 * error, found with `indexOf` (no regex runs over the whole paste).
 */

/** How much of the head and of the tail of a long paste is scanned. */
const HEAD_CHARS = 16 * 1024;
const TAIL_CHARS = 16 * 1024;
/** At most this much of error-looking lines from the middle of a long paste. */
const MIDDLE_CHARS = 16 * 1024;
/** The middle is searched only this far (a 100 MB paste still returns in milliseconds). */
const MIDDLE_SEARCH_CHARS = 1024 * 1024;
const MIDDLE_KEYWORDS = ['error', 'exception', 'refused', 'timed out', 'timeout', 'reset', 'fatal', 'failed', 'unreachable', 'eof', 'errno'];
const MAX_LINE = 400;

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

/** Lines of `middle` that mention an error, at most MIDDLE_CHARS in all, in their original order. */
function errorLines(middle: string): string {
  const searched = middle.slice(0, MIDDLE_SEARCH_CHARS);
  const lower = searched.toLowerCase();
  const spans: Array<[number, number]> = [];
  let budget = MIDDLE_CHARS;
  for (const keyword of MIDDLE_KEYWORDS) {
    let from = 0;
    while (budget > 0) {
      const at = lower.indexOf(keyword, from);
      if (at < 0) break;
      const nl = lower.lastIndexOf('\n', at);
      const start = Math.max(nl + 1, at - MAX_LINE);
      const end0 = lower.indexOf('\n', at);
      const end = Math.min(end0 < 0 ? lower.length : end0, at + MAX_LINE);
      if (!spans.some(([s, e]) => start < e && end > s)) {
        spans.push([start, end]);
        budget -= end - start + 1;
      }
      from = end + 1;
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  return spans.map(([s, e]) => searched.slice(s, e)).join('\n');
}

/** Caps, cleans and lower-cases one paste. Never throws. */
export function prepareText(input: string): PreparedText {
  const raw = typeof input === 'string' ? input : String(input ?? '');
  const totalChars = raw.length;
  const truncated = totalChars > HEAD_CHARS + TAIL_CHARS + MIDDLE_CHARS;
  let capped = raw;
  if (truncated) {
    const middle = errorLines(raw.slice(HEAD_CHARS, totalChars - TAIL_CHARS));
    capped = `${raw.slice(0, HEAD_CHARS)}\n…\n${middle}\n…\n${raw.slice(totalChars - TAIL_CHARS)}`;
  }
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
