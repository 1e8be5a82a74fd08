/**
 * The chat box's key table: named commands and the keys that trigger them, in one place. The
 * input handler asks `chatCommandFor(key)`; the footer hint is drawn from the same table.
 */
import type { ChatKey, KeyName } from './key-reader.js';
import type { Edit } from './text-buffer.js';

export type ChatCommand =
  | 'input.submit'
  | 'input.newline'
  | 'input.complete'
  | 'history.older'
  | 'history.newer'
  | 'chat.stop'
  | 'chat.interrupt'
  | 'chat.eof'
  | 'edit.backspace'
  | 'edit.delete'
  | 'edit.left'
  | 'edit.right'
  | 'edit.home'
  | 'edit.end'
  | 'edit.kill-left'
  | 'edit.kill-right'
  | 'edit.kill-word';

interface Binding {
  /** The keys as shown in the hint line. */
  label: string;
  help: string;
  keys: KeyName[];
  /** Ctrl+letter chords that also trigger it. */
  ctrl?: string[];
}

export const CHAT_KEYS: Record<ChatCommand, Binding> = {
  'input.submit': { label: 'Enter', help: 'send', keys: ['return'] },
  'input.newline': { label: 'Alt-Enter', help: 'new line', keys: ['newline'] },
  'input.complete': { label: 'Tab', help: 'complete', keys: ['tab'] },
  'history.older': { label: '↑', help: 'earlier messages', keys: ['up'] },
  'history.newer': { label: '↓', help: 'later messages', keys: ['down'] },
  'chat.stop': { label: 'Esc', help: 'stop', keys: ['escape'] },
  'chat.interrupt': { label: 'Ctrl-C', help: 'clear · stop · quit', keys: [], ctrl: ['c'] },
  'chat.eof': { label: 'Ctrl-D', help: 'quit', keys: [], ctrl: ['d'] },
  'edit.backspace': { label: 'Backspace', help: 'delete left', keys: ['backspace'], ctrl: ['h'] },
  'edit.delete': { label: 'Delete', help: 'delete right', keys: ['delete'] },
  'edit.left': { label: '←', help: 'left', keys: ['left'], ctrl: ['b'] },
  'edit.right': { label: '→', help: 'right', keys: ['right'], ctrl: ['f'] },
  'edit.home': { label: 'Home/Ctrl-A', help: 'line start', keys: ['home'], ctrl: ['a'] },
  'edit.end': { label: 'End/Ctrl-E', help: 'line end', keys: ['end'], ctrl: ['e'] },
  'edit.kill-left': { label: 'Ctrl-U', help: 'delete to line start', keys: [], ctrl: ['u'] },
  'edit.kill-right': { label: 'Ctrl-K', help: 'delete to line end', keys: [], ctrl: ['k'] },
  'edit.kill-word': { label: 'Ctrl-W', help: 'delete word', keys: [], ctrl: ['w'] },
};

/** The command a key means, if any (text keys are typed, not commands). */
export function chatCommandFor(key: ChatKey): ChatCommand | undefined {
  if (key.kind === 'text') return undefined;
  for (const [name, b] of Object.entries(CHAT_KEYS) as [ChatCommand, Binding][]) {
    if (key.kind === 'key' ? b.keys.includes(key.name) : b.ctrl?.includes(key.letter)) return name;
  }
  return undefined;
}

/** The text-buffer edit an `edit.*` command performs. */
export function editFor(cmd: ChatCommand): Edit | undefined {
  return cmd.startsWith('edit.') ? ({ type: cmd.slice(5) } as Edit) : undefined;
}

/** `Enter send · ↑ earlier messages · Ctrl-C quit` for the commands that matter right now. */
export function chatKeyHints(commands: readonly ChatCommand[], help: Partial<Record<ChatCommand, string>> = {}): string {
  return commands.map((c) => `${CHAT_KEYS[c].label} ${help[c] ?? CHAT_KEYS[c].help}`).join(' · ');
}

/** The hint under an idle box (ChatApp, and the first frame drawn before Ink loads). */
export function idleHint(hasSuggestions: boolean): string {
  return (
    chatKeyHints(['input.submit', 'history.older', 'input.newline', 'chat.interrupt'], {
      'input.submit': hasSuggestions ? `send (or a number for a suggestion)` : 'send',
      // One key, two meanings: its own " · " would read as a separate "quit" command.
      'chat.interrupt': 'clears (quits when empty)',
    }) + ' · / commands'
  );
}
