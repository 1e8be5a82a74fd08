import { describe, expect, it } from 'vitest';
import { chatCommandFor } from '../../../src/ui/chat/chat-keys.js';
import { createKeyReader, PASTE_END, PASTE_START } from '../../../src/ui/chat/key-reader.js';
import { clip, inert } from '../../../src/ui/chat/inert.js';

describe('the key reader', () => {
  it('a bracketed paste is one text key, newlines included, even across many reads', () => {
    const r = createKeyReader();
    expect(r.push(PASTE_START)).toEqual([]);
    expect(r.push('Exception in thread "main"\r\n')).toEqual([]);
    expect(r.pasting()).toBe(true);
    expect(r.push('\tat Foo.bar(Foo.java:1)\r')).toEqual([]);
    expect(r.push(PASTE_END)).toEqual([{ kind: 'text', text: 'Exception in thread "main"\n\tat Foo.bar(Foo.java:1)\n', paste: true }]);
    expect(r.push('\r')).toEqual([{ kind: 'key', name: 'return' }]);
  });

  it('markers inside one read split typed keys from the paste', () => {
    const keys = createKeyReader().push(`a${PASTE_START}x\ry${PASTE_END}\r`);
    expect(keys).toEqual([
      { kind: 'text', text: 'a', paste: false },
      { kind: 'text', text: 'x\ny', paste: true },
      { kind: 'key', name: 'return' },
    ]);
  });

  it('reads editing keys, ctrl chords and escape sequences', () => {
    const r = createKeyReader();
    const keys = ['\x1b[A', '\x1b[B', '\x1b[D', '\x1bOC', '\x1b[H', '\x1b[4~', '\x1b[3~', '\x7f', '\x01', '\x05', '\x15', '\x0b', '\x17', '\x03', '\x04', '\x1b', '\t', '\x1b\r'].flatMap((s) => r.push(s));
    expect(keys.map(chatCommandFor)).toEqual([
      'history.older',
      'history.newer',
      'edit.left',
      'edit.right',
      'edit.home',
      'edit.end',
      'edit.delete',
      'edit.backspace',
      'edit.home',
      'edit.end',
      'edit.kill-left',
      'edit.kill-right',
      'edit.kill-word',
      'chat.interrupt',
      'chat.eof',
      'chat.stop',
      'input.complete',
      'input.newline',
    ]);
  });

  it('a paste whose end marker never comes can be flushed, and keys are keys again', () => {
    const r = createKeyReader();
    r.push(`${PASTE_START}half a paste`);
    expect(r.flush()).toEqual([{ kind: 'text', text: 'half a paste', paste: true }]);
    expect(r.pasting()).toBe(false);
    expect(r.push('\x03')).toEqual([{ kind: 'ctrl', letter: 'c' }]);
    expect(r.flush()).toEqual([]);
  });

  it('drops unknown escape sequences instead of typing them', () => {
    expect(createKeyReader().push('\x1b[?25l')).toEqual([]);
    expect(createKeyReader().push('\x1b[31m')).toEqual([]);
  });

  it('many lines in one read without bracketed paste still arrive as one message', () => {
    expect(createKeyReader().push('line one\rline two\r')).toEqual([{ kind: 'text', text: 'line one\nline two', paste: true }]);
    expect(createKeyReader().push('db:5432\r')).toEqual([
      { kind: 'text', text: 'db:5432', paste: false },
      { kind: 'key', name: 'return' },
    ]);
  });
});

describe('inert text', () => {
  it('shows escapes and control characters as symbols, never as codes', () => {
    expect(inert('\x1b[31mred\x1b[0m\x07')).toBe('␛[31mred␛[0m␇');
    expect(inert('a\x9bb\x7f')).toBe('a\\u009bb␡');
    expect(inert('abc\u202Efed')).toBe('abc<U+202E>fed');
    expect(inert('two\nlines')).toBe('two\nlines');
  });

  it('clips a huge paste to the lines and width drawn, counting the rest', () => {
    const huge = 'x'.repeat(200) + '\n' + 'y\n'.repeat(500_000);
    const c = clip(huge, 3, 40);
    expect(c.lines).toEqual([`${'x'.repeat(39)}…`, 'y', 'y']);
    // The final newline ends the last line; it does not start another.
    expect(c.totalLines).toBe(500_001);
    expect(c.hiddenLines).toBe(499_998);
  });
});
