/** The notebook's key bindings in one table: named commands → the keys that trigger them. */
import type { Key } from 'ink';

export type Command = 'next' | 'previous' | 'open' | 'back' | 'quit' | 'interrupt' | 'run';

const BINDINGS: Record<Command, (input: string, key: Key) => boolean> = {
  next: (input, key) => key.downArrow || key.rightArrow || input === 'j' || input === ' ',
  previous: (input, key) => key.upArrow || key.leftArrow || input === 'k',
  open: (_input, key) => key.return,
  back: (input, key) => key.escape || input === 'b',
  quit: (input) => input === 'q',
  interrupt: (input, key) => key.ctrl && input === 'c',
  run: (input) => input === 'r',
};

/** The command a key press means, or a digit choice (1-9 → 0-8), or undefined. */
export function commandFor(input: string, key: Key): Command | { choice: number } | undefined {
  if (/^[1-9]$/.test(input)) return { choice: Number(input) - 1 };
  for (const [name, matches] of Object.entries(BINDINGS) as [Command, (i: string, k: Key) => boolean][]) {
    if (matches(input, key)) return name;
  }
  return undefined;
}
