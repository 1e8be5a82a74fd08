/**
 * Turns the raw input sequences Ink reads from stdin into chat keys, the way gemini-cli's
 * useKeypress does: everything between ESC[200~ and ESC[201~ (bracketed paste) is ONE text key
 * marked `paste`, so a pasted newline is text, never Enter. Pure and stateful only in the paste
 * it is collecting; unknown escape sequences are dropped, never typed into the box.
 */

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

export type KeyName =
  | 'return'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'home'
  | 'end'
  | 'pageup'
  | 'pagedown'
  | 'escape'
  | 'tab'
  | 'backtab'
  /** Ctrl-J or Alt-Enter: a newline inside the message. */
  | 'newline';

export type ChatKey =
  | { kind: 'text'; text: string; paste: boolean }
  | { kind: 'key'; name: KeyName; meta?: boolean }
  /** Ctrl plus a letter (`c` for Ctrl-C). */
  | { kind: 'ctrl'; letter: string };

const CSI_KEYS: Record<string, KeyName> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  Z: 'backtab',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '5~': 'pageup',
  '6~': 'pagedown',
};

/** ESC[1;5D (Ctrl-Left) and friends: the key without its modifier; undefined when unknown. */
function csiKey(seq: string): KeyName | undefined {
  const body = seq.startsWith('\x1b[') ? seq.slice(2) : seq.startsWith('\x1bO') ? seq.slice(2) : undefined;
  if (body === undefined) return undefined;
  const plain = body.replace(/^1;\d+([A-HZ])$/, '$1').replace(/^(\d+);\d+~$/, '$1~');
  return CSI_KEYS[plain];
}

/** The key for one control character, or undefined for a printable one. */
function controlKey(ch: string): ChatKey | undefined {
  const c = ch.charCodeAt(0);
  if (ch === '\r') return { kind: 'key', name: 'return' };
  if (ch === '\n') return { kind: 'key', name: 'newline' };
  if (ch === '\t') return { kind: 'key', name: 'tab' };
  if (c === 0x7f || c === 0x08) return { kind: 'key', name: 'backspace' };
  if (ch === '\x1b') return { kind: 'key', name: 'escape' };
  if (c >= 1 && c <= 26) return { kind: 'ctrl', letter: String.fromCharCode(c + 96) };
  if (c < 0x20 || (c >= 0x80 && c <= 0x9f)) return { kind: 'ctrl', letter: '' }; // other C0/C1: ignored by the table
  return undefined;
}

/** A typed run of text: printable runs become text keys, control characters become keys. */
function typed(run: string, out: ChatKey[]): void {
  // Many lines in one read without bracketed paste (a terminal that lacks it): still one message.
  if (/[\r\n]./.test(run.replace(/[\r\n]+$/, '')) && /[^\r\n]/.test(run)) {
    const body = run.replace(/[\r\n]+$/, '');
    out.push({ kind: 'text', text: normalizeNewlines(body), paste: true });
    return;
  }
  let text = '';
  for (const ch of run) {
    const key = controlKey(ch);
    if (!key) {
      text += ch;
      continue;
    }
    if (text) out.push({ kind: 'text', text, paste: false });
    text = '';
    out.push(key);
  }
  if (text) out.push({ kind: 'text', text, paste: false });
}

const normalizeNewlines = (s: string) => s.replace(/\r\n?/g, '\n');

/** One escape sequence (as Ink's input parser splits them) → a key, or nothing when unknown. */
function escapeSequence(seq: string, out: ChatKey[]): void {
  if (seq === '\x1b') return void out.push({ kind: 'key', name: 'escape' });
  const key = csiKey(seq);
  if (key) return void out.push({ kind: 'key', name: key });
  if (seq.length === 2) {
    // Alt/Meta + a key: Alt-Enter is a newline, Alt-Backspace deletes a word.
    if (seq[1] === '\r') return void out.push({ kind: 'key', name: 'newline' });
    if (seq[1] === '\x7f' || seq[1] === '\x08') return void out.push({ kind: 'ctrl', letter: 'w' });
  }
}

/** A reader keeps the paste being collected across reads (a 1 MB paste arrives in many). */
export function createKeyReader() {
  let paste: string[] | undefined;

  /** Feeds one raw input event; returns the keys it completes (none while a paste is open). */
  function push(raw: string): ChatKey[] {
    const out: ChatKey[] = [];
    let rest = raw;
    while (rest) {
      if (paste) {
        const end = rest.indexOf(PASTE_END);
        if (end === -1) {
          paste.push(rest);
          break;
        }
        paste.push(rest.slice(0, end));
        const text = normalizeNewlines(paste.join(''));
        paste = undefined;
        if (text) out.push({ kind: 'text', text, paste: true });
        rest = rest.slice(end + PASTE_END.length);
        continue;
      }
      const start = rest.indexOf(PASTE_START);
      const head = start === -1 ? rest : rest.slice(0, start);
      if (head) read(head, out);
      if (start === -1) break;
      paste = [];
      rest = rest.slice(start + PASTE_START.length);
    }
    return out;
  }

  /** Outside a paste: split off escape sequences (Ink usually hands them over one per event). */
  function read(s: string, out: ChatKey[]): void {
    const re = /\x1b(?:\[[\d;?]*[\x20-\x2f]*[\x40-\x7e]|O[\x40-\x7e]|[\s\S])?/g;
    let last = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      if (m.index > last) typed(s.slice(last, m.index), out);
      escapeSequence(m[0], out);
      last = m.index + m[0].length;
    }
    if (last < s.length) typed(s.slice(last), out);
  }

  /**
   * Ends an open paste whose end marker never came (a terminal that dropped it): what was
   * collected becomes one pasted text, and keys are read as keys again.
   */
  function flush(): ChatKey[] {
    if (!paste) return [];
    const text = normalizeNewlines(paste.join(''));
    paste = undefined;
    return text ? [{ kind: 'text', text, paste: true }] : [];
  }

  return { push, flush, pasting: () => paste !== undefined };
}

export type KeyReader = ReturnType<typeof createKeyReader>;
