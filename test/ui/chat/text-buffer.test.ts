import { describe, expect, it } from 'vitest';
import { bufferOf, cursorPosition, edit, EMPTY, onFirstLine, onLastLine, type Edit, type TextBuffer } from '../../../src/ui/chat/text-buffer.js';

const run = (b: TextBuffer, ...edits: Edit[]) => edits.reduce(edit, b);
const show = (b: TextBuffer) => `${b.text.slice(0, b.cursor)}|${b.text.slice(b.cursor)}`;

describe('the chat text buffer', () => {
  it('inserts at the cursor, deletes left and right, moves', () => {
    const b = run(EMPTY, { type: 'insert', text: 'db5432' }, { type: 'left' }, { type: 'left' }, { type: 'left' }, { type: 'left' }, { type: 'insert', text: ':' });
    expect(show(b)).toBe('db:|5432');
    expect(show(run(b, { type: 'backspace' }))).toBe('db|5432');
    expect(show(run(b, { type: 'delete' }))).toBe('db:|432');
    expect(show(run(b, { type: 'home' }))).toBe('|db:5432');
    expect(show(run(b, { type: 'end' }))).toBe('db:5432|');
  });

  it('Ctrl-U, Ctrl-K and Ctrl-W delete to the line start, line end and the word before', () => {
    const b = { text: 'scan ports 1-1024', cursor: 10 };
    expect(show(edit(b, { type: 'kill-left' }))).toBe('| 1-1024');
    expect(show(edit(b, { type: 'kill-right' }))).toBe('scan ports|');
    expect(show(edit(b, { type: 'kill-word' }))).toBe('scan | 1-1024');
    expect(show(edit(bufferOf('is it the   '), { type: 'kill-word' }))).toBe('is it |');
  });

  it('edits at the edges change nothing and return the same buffer (no re-render)', () => {
    for (const e of ['backspace', 'left', 'home', 'kill-left', 'kill-word'] as const) expect(edit(EMPTY, { type: e })).toBe(EMPTY);
    const end = bufferOf('x');
    for (const e of ['delete', 'right', 'end', 'kill-right'] as const) expect(edit(end, { type: e })).toBe(end);
  });

  it('deletes an emoji whole, never half a surrogate pair', () => {
    const b = bufferOf('ok 👍');
    expect(edit(b, { type: 'backspace' }).text).toBe('ok ');
    expect(edit(b, { type: 'left' }).cursor).toBe(3);
  });

  it('is multi-line: Home/End and Ctrl-K act on the cursor line, up/down keep the column', () => {
    const b = { text: 'first line\nsecond\nthird line', cursor: 14 }; // in "second", after "sec"
    expect(cursorPosition(b)).toEqual({ line: 1, column: 3 });
    expect(show(edit(b, { type: 'home' }))).toBe('first line\n|second\nthird line');
    expect(show(edit(b, { type: 'end' }))).toBe('first line\nsecond|\nthird line');
    expect(show(edit(b, { type: 'kill-right' }))).toBe('first line\nsec|\nthird line');
    expect(show(edit(b, { type: 'up' }))).toBe('fir|st line\nsecond\nthird line');
    expect(show(edit(b, { type: 'down' }))).toBe('first line\nsecond\nthi|rd line');
    expect(onFirstLine(b) || onLastLine(b)).toBe(false);
    expect(onFirstLine(bufferOf('one line'))).toBe(true);
    expect(edit(bufferOf('one line'), { type: 'up' }).cursor).toBe(8);
  });

  it('set replaces the text and puts the cursor at the end', () => {
    expect(show(edit(bufferOf('abc'), { type: 'set', text: 'scan it' }))).toBe('scan it|');
  });
});
