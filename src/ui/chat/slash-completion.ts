/**
 * Completion for `/` commands, from the one table of slash commands (src/chat/commands.ts). Pure:
 * what matches what is typed, and what Tab turns it into.
 */

/** A row of the slash-command table, as far as completion needs it. */
export interface SlashEntry {
  name: string;
  description: string;
}

/** The commands the box's text could become: a `/` then a name prefix, nothing after it yet. */
export function slashMatches(text: string, table: readonly SlashEntry[]): SlashEntry[] {
  const m = /^\/([a-z-]*)$/i.exec(text);
  if (!m) return [];
  const prefix = m[1].toLowerCase();
  return table.filter((c) => c.name.startsWith(prefix));
}

/** True when the text already names one command exactly (`/help`), so Enter sends it as typed. */
export function isCompleteCommand(text: string, table: readonly SlashEntry[]): boolean {
  const name = /^\/(\S+)/.exec(text)?.[1]?.toLowerCase();
  return name !== undefined && table.some((c) => c.name === name);
}

/** The box's text after choosing `entry`: `/scan ` (a space, so arguments can follow). */
export const completed = (entry: SlashEntry) => `/${entry.name} `;
