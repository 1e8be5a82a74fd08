/**
 * The chat box's keys: reads raw input, edits the text buffer, recalls history, completes `/`
 * commands, and turns Enter / Ctrl-C / Esc / Ctrl-D into the caller's actions.
 *
 * Why not Ink's useInput: Ink 6 runs every event through its keypress parser and strips the
 * leading ESC, so the paste markers ESC[200~/ESC[201~ reach a useInput handler as bare "[200~"
 * text, indistinguishable from typing. Reading process.stdin ourselves (gemini-cli's way) would
 * race Ink's own reader. Ink's App already splits stdin into whole sequences and emits each one,
 * unparsed, on the emitter useStdin exposes; we subscribe there (as useInput itself does) and
 * parse with our key reader, which knows about bracketed paste. (Ink 7 adds a usePaste hook; on
 * moving to it, the key reader's paste half can go.)
 */
import { useStdin } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { chatCommandFor, editFor } from './chat-keys.js';
import { formatSize } from './inert.js';
import { EMPTY_HISTORY, newer, older, remember } from './input-history.js';
import { createKeyReader, type ChatKey } from './key-reader.js';
import type { SlashCommand } from '../../chat/commands.js';
import { completed, isCompleteCommand, slashMatches } from './slash-completion.js';
import { bufferOf, edit, EMPTY, onFirstLine, onLastLine, type Edit, type TextBuffer } from './text-buffer.js';

/** A paste still open after this long without more input lost its end marker: it ends there. */
export const PASTE_IDLE_MS = 500;

/** The most the box takes in one message; a bigger paste is refused with a reason, not read. */
export const MAX_MESSAGE_CHARS = 256 * 1024;

export interface ChatInputActions {
  /** A message to send (an empty string is Enter on an empty box: take the offer). A returned string is shown as a note instead. */
  submit(text: string): string | void;
  /** Stop what runs now; false when nothing was running. */
  stop(): boolean;
  /** Leave the chat with this exit code. */
  quit(code: number): void;
}

export interface ChatInputState {
  buffer: TextBuffer;
  completions: SlashCommand[];
  selected: number;
  note?: string;
}

export function useChatInput(actions: ChatInputActions, isActive = true): ChatInputState {
  const { setRawMode, internal_eventEmitter: events } = useStdin();
  const [state, setState] = useState<ChatInputState>({ buffer: EMPTY, completions: [], selected: 0 });
  // Keys can arrive faster than React renders (a paste, a fast typist): the refs hold the latest.
  const live = useRef(state);
  const history = useRef(EMPTY_HISTORY);
  const closedFor = useRef<string | undefined>(undefined); // Esc hid completions for this text
  const act = useRef(actions);
  act.current = actions;

  useEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isActive, setRawMode]);

  useEffect(() => {
    if (!isActive) return;
    const reader = createKeyReader();
    const set = (next: Partial<ChatInputState>) => {
      const merged = { ...live.current, note: undefined, ...next };
      const text = merged.buffer.text;
      merged.completions = closedFor.current === text ? [] : slashMatches(text);
      merged.selected = Math.min(merged.selected, Math.max(0, merged.completions.length - 1));
      live.current = merged;
      setState(merged);
    };
    const apply = (e: Edit) => {
      const b = edit(live.current.buffer, e);
      if (b !== live.current.buffer || live.current.note) set({ buffer: b });
    };
    const send = (text: string) => {
      history.current = remember(history.current, text);
      closedFor.current = undefined;
      set({ buffer: EMPTY, selected: 0 });
      const note = act.current.submit(text);
      if (note) set({ note });
    };
    const onKey = (key: ChatKey) => {
      const s = live.current;
      if (key.kind === 'text') {
        const size = s.buffer.text.length + key.text.length;
        if (size > MAX_MESSAGE_CHARS) return set({ note: `That paste is ${formatSize(key.text.length)}: the chat reads up to ${formatSize(MAX_MESSAGE_CHARS)} at once, so it was not added. For a whole log: tcpsleuth explain < FILE` });
        return apply({ type: 'insert', text: key.text });
      }
      const cmd = chatCommandFor(key);
      const e = cmd && editFor(cmd);
      if (e) return apply(e);
      switch (cmd) {
        case 'input.submit': {
          const pick = s.completions[s.selected];
          if (pick && !isCompleteCommand(s.buffer.text)) return send(`/${pick.name}`);
          return send(s.buffer.text.trim() ? s.buffer.text : '');
        }
        case 'input.newline':
          return apply({ type: 'insert', text: '\n' });
        case 'input.complete': {
          const pick = s.completions[s.selected];
          return pick ? set({ buffer: bufferOf(completed(pick)) }) : undefined;
        }
        case 'history.older':
        case 'history.newer': {
          if (s.completions.length) return set({ selected: (s.selected + (cmd === 'history.older' ? s.completions.length - 1 : 1)) % s.completions.length });
          const inside = cmd === 'history.older' ? !onFirstLine(s.buffer) : !onLastLine(s.buffer);
          if (inside) return apply({ type: cmd === 'history.older' ? 'up' : 'down' });
          const r = cmd === 'history.older' ? older(history.current, s.buffer.text) : newer(history.current);
          if (!r) return;
          history.current = r.history;
          closedFor.current = r.text; // a recalled `/help` is not being typed: no completion list, ↑/↓ keep browsing
          return set({ buffer: bufferOf(r.text) });
        }
        case 'chat.stop':
          if (s.completions.length) {
            closedFor.current = s.buffer.text;
            return set({});
          }
          act.current.stop();
          return;
        case 'chat.interrupt':
          // Text in the box: clear it. Something running: stop it. An empty, idle box: quit.
          if (s.buffer.text) return set({ buffer: EMPTY, note: 'Cleared. Ctrl-C on the empty box quits.' });
          if (act.current.stop()) return;
          return act.current.quit(130);
        case 'chat.eof':
          if (s.buffer.text) return apply({ type: 'delete' });
          return act.current.quit(0);
      }
    };
    let idle: NodeJS.Timeout | undefined;
    const onInput = (raw: string) => {
      clearTimeout(idle);
      for (const key of reader.push(raw)) onKey(key);
      // Without this, a lost ESC[201~ would turn every later key, Ctrl-C included, into paste.
      if (reader.pasting()) idle = setTimeout(() => reader.flush().forEach(onKey), PASTE_IDLE_MS);
    };
    events.on('input', onInput);
    return () => {
      clearTimeout(idle);
      events.removeListener('input', onInput);
    };
  }, [isActive, events]);

  return state;
}
