/**
 * The one key table: named commands and the keys that trigger them. Components ask
 * `commandFor(input, key)` and never compare raw keys themselves; the footer is drawn from here.
 */
import type { Key } from 'ink';

export type Command =
  | 'choice.up'
  | 'choice.down'
  | 'choice.select'
  | 'guide.why'
  | 'guide.skip'
  | 'guide.rerun'
  | 'guide.newTarget'
  | 'app.back'
  | 'app.quit'
  | 'app.interrupt';

interface Binding {
  /** The keys as shown in the footer. */
  label: string;
  /** What the command does, in the footer's words. */
  help: string;
  matches: (input: string, key: Key) => boolean;
}

const KEY_BINDINGS: Record<Command, Binding> = {
  'choice.up': { label: '↑', help: 'previous', matches: (i, k) => k.upArrow || i === 'k' },
  'choice.down': { label: '↓', help: 'next', matches: (i, k) => k.downArrow || i === 'j' },
  'choice.select': { label: 'Enter', help: 'choose', matches: (_, k) => k.return },
  'guide.why': { label: '?', help: 'why?', matches: (i) => i === '?' },
  'guide.skip': { label: 's', help: 'skip', matches: (i, k) => i === 's' && !k.ctrl },
  'guide.rerun': { label: 'r', help: 're-run', matches: (i, k) => i === 'r' && !k.ctrl },
  'guide.newTarget': { label: 'n', help: 'new target', matches: (i, k) => i === 'n' && !k.ctrl },
  'app.back': { label: 'Esc', help: 'back', matches: (_, k) => k.escape },
  'app.quit': { label: 'q', help: 'quit', matches: (i, k) => i === 'q' && !k.ctrl },
  'app.interrupt': { label: 'Ctrl-C', help: 'quit now', matches: (i, k) => k.ctrl && i === 'c' },
};

/** The command a key press means, checked in table order (interrupt first: it always wins). */
export function commandFor(input: string, key: Key): Command | undefined {
  if (KEY_BINDINGS['app.interrupt'].matches(input, key)) return 'app.interrupt';
  for (const [name, b] of Object.entries(KEY_BINDINGS) as [Command, Binding][]) if (b.matches(input, key)) return name;
  return undefined;
}

/** `? why · s skip · q quit` for the commands available right now. */
export function keyHints(commands: readonly Command[]): string {
  return commands.map((c) => `${KEY_BINDINGS[c].label} ${KEY_BINDINGS[c].help}`).join(' · ');
}

/** What a key does in a numbered list: pick a choice, or move the selection. */
export type ListAction = { pick: number } | { select: number };

/**
 * A key in a list of `count` choices: a digit 1–n picks that choice, ↑/↓ move the selection
 * (wrapping), Enter picks the selected one. Undefined when the key is not for the list.
 */
export function listAction(input: string, cmd: Command | undefined, selected: number, count: number): ListAction | undefined {
  if (!count) return undefined;
  const digit = Number(input);
  if (Number.isInteger(digit) && digit >= 1 && digit <= count) return { pick: digit - 1 };
  if (cmd === 'choice.up') return { select: (selected + count - 1) % count };
  if (cmd === 'choice.down') return { select: (selected + 1) % count };
  if (cmd === 'choice.select') return { pick: selected };
  return undefined;
}
