/**
 * The chat box's editing model: text and a cursor, changed only by pure edits. The component that
 * draws it (ChatInput.tsx) never edits; the key handler never draws. Multi-line: `\n` separates
 * lines, Home/End and Ctrl-U/K act on the cursor's line, ↑/↓ move between lines.
 */

export interface TextBuffer {
  readonly text: string;
  /** Index into `text` (UTF-16 units, always on a code point boundary). */
  readonly cursor: number;
}

export type Edit =
  | { type: 'insert'; text: string }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  /** Ctrl-U: delete from the start of the line to the cursor. */
  | { type: 'kill-left' }
  /** Ctrl-K: delete from the cursor to the end of the line. */
  | { type: 'kill-right' }
  /** Ctrl-W: delete the word before the cursor (and the spaces after it). */
  | { type: 'kill-word' }
  | { type: 'up' }
  | { type: 'down' }
  /** Replace everything (history recall, completion); the cursor goes to the end. */
  | { type: 'set'; text: string };

export const EMPTY: TextBuffer = { text: '', cursor: 0 };

/** A buffer holding `text` with the cursor at its end. */
export const bufferOf = (text: string): TextBuffer => ({ text, cursor: text.length });

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The index one code point before `i` (so an emoji is deleted whole, never half). */
function prevIndex(text: string, i: number): number {
  if (i <= 0) return 0;
  return i >= 2 && isLowSurrogate(text.charCodeAt(i - 1)) ? i - 2 : i - 1;
}

function nextIndex(text: string, i: number): number {
  if (i >= text.length) return text.length;
  return isLowSurrogate(text.charCodeAt(i + 1)) ? i + 2 : i + 1;
}

const lineStart = (text: string, i: number) => text.lastIndexOf('\n', i - 1) + 1;
function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n === -1 ? text.length : n;
}

/** The cursor's line and column (0-based), for drawing and for ↑/↓. */
export function cursorPosition(b: TextBuffer): { line: number; column: number } {
  let line = 0;
  for (let i = b.text.indexOf('\n'); i !== -1 && i < b.cursor; i = b.text.indexOf('\n', i + 1)) line++;
  return { line, column: b.cursor - lineStart(b.text, b.cursor) };
}

/** True when ↑ would leave the buffer (the cursor is on the first line): history takes over. */
export const onFirstLine = (b: TextBuffer) => lineStart(b.text, b.cursor) === 0;
/** True when ↓ would leave the buffer (the cursor is on the last line). */
export const onLastLine = (b: TextBuffer) => lineEnd(b.text, b.cursor) === b.text.length;

const splice = (b: TextBuffer, from: number, to: number, insert = ''): TextBuffer => ({
  text: b.text.slice(0, from) + insert + b.text.slice(to),
  cursor: from + insert.length,
});

/** Applies one edit; returns the same object when nothing changes (so React can skip a render). */
export function edit(b: TextBuffer, e: Edit): TextBuffer {
  const { text, cursor } = b;
  switch (e.type) {
    case 'insert':
      return e.text ? splice(b, cursor, cursor, e.text) : b;
    case 'backspace':
      return cursor > 0 ? splice(b, prevIndex(text, cursor), cursor) : b;
    case 'delete':
      return cursor < text.length ? splice(b, cursor, nextIndex(text, cursor)) : b;
    case 'left':
      return cursor > 0 ? { text, cursor: prevIndex(text, cursor) } : b;
    case 'right':
      return cursor < text.length ? { text, cursor: nextIndex(text, cursor) } : b;
    case 'home': {
      const s = lineStart(text, cursor);
      return s === cursor ? b : { text, cursor: s };
    }
    case 'end': {
      const end = lineEnd(text, cursor);
      return end === cursor ? b : { text, cursor: end };
    }
    case 'kill-left': {
      const s = lineStart(text, cursor);
      return s === cursor ? b : splice(b, s, cursor);
    }
    case 'kill-right': {
      const end = lineEnd(text, cursor);
      return end === cursor ? b : splice(b, cursor, end);
    }
    case 'kill-word': {
      let i = cursor;
      while (i > 0 && /\s/.test(text[i - 1]) && text[i - 1] !== '\n') i--;
      while (i > 0 && !/\s/.test(text[i - 1])) i--;
      return i === cursor ? b : splice(b, i, cursor);
    }
    case 'up':
    case 'down': {
      const s = lineStart(text, cursor);
      const column = cursor - s;
      const target = e.type === 'up' ? (s === 0 ? -1 : lineStart(text, s - 1)) : lineEnd(text, cursor) === text.length ? -1 : lineEnd(text, cursor) + 1;
      if (target === -1) return b;
      return { text, cursor: Math.min(target + column, lineEnd(text, target)) };
    }
    case 'set':
      return bufferOf(e.text);
  }
}
