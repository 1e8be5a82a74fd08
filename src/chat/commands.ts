/**
 * The `/` commands as data: the help lists them, the input box completes them, the router reads
 * them from this one table. A command marked `reserved` is listed nowhere and answered as not built.
 */
import type { SlashCommandName } from './types.js';

export interface SlashCommand {
  name: SlashCommandName;
  /** What to type after it, if anything (`/scan [PORTS]`). */
  args?: string;
  description: string;
  /** Not built yet: the chat says so instead of pretending. */
  reserved?: boolean;
}

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: 'help', description: 'what the chat understands, with examples' },
  { name: 'learn', args: '[LESSON]', description: 'a lesson (handshake, rst, timeouts, firewalls, ecn, tls, dns…)' },
  { name: 'lab', args: '[SCENARIO]', description: 'reproduce a classic fault on this machine, then check it' },
  { name: 'scan', args: '[PORTS]', description: 'scan the last target’s host (default: the top 100 ports)' },
  { name: 'capture', description: 'capture the last target’s handshake with tcpdump (root)' },
  { name: 'report', args: '[FILE.md]', description: 'save the last check as a report' },
  { name: 'clear', description: 'clear the conversation (the thread is kept)' },
  { name: 'quit', description: 'leave (Ctrl-D does the same)' },
  { name: 'drill', args: '[1|2|3]', description: 'practise on a hidden fault (then: check it, hint, your answer, /drill stop)' },
  { name: 'server', args: 'PORT', description: 'the server-side checklist for PORT on this host (listening, queues, firewall)' },
];

/** The command named `name` (without the slash, any case), or undefined. */
export function slashCommand(name: string): SlashCommand | undefined {
  const n = name.toLowerCase();
  return SLASH_COMMANDS.find((c) => c.name === n);
}

/** Commands whose name starts with what is typed after `/` (for completion). */
export function completeSlash(typed: string): SlashCommand[] {
  const t = typed.replace(/^\//, '').toLowerCase();
  return SLASH_COMMANDS.filter((c) => c.name.startsWith(t));
}
