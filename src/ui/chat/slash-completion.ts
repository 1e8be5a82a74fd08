/**
 * Completion for `/` commands, from the one table of slash commands (src/chat/commands.ts). Pure:
 * what matches what is typed, and what Tab turns it into.
 */
import { completeSlash, slashCommand, type SlashCommand } from '../../chat/commands.js';

/** The commands the box's text could become: a `/` then a name prefix, nothing after it yet. */
export function slashMatches(text: string): SlashCommand[] {
  return /^\/[a-z-]*$/i.test(text) ? completeSlash(text) : [];
}

/** True when the text already names one command exactly (`/help`, `/scan 22`): Enter sends it as typed. */
export function isCompleteCommand(text: string): boolean {
  const name = /^\/(\S+)/.exec(text)?.[1];
  return name !== undefined && slashCommand(name) !== undefined;
}

/** The box's text after choosing `entry`: `/scan ` (a space, so arguments can follow). */
export const completed = (entry: SlashCommand) => `/${entry.name} `;
