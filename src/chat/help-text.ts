/**
 * What the chat says when asked for help or when it does not understand: always short, always
 * with examples that work (never a dead end).
 */
import { echo } from './inert.js';
import { SLASH_COMMANDS } from './commands.js';
import type { HelpReply, UnknownReply } from './types.js';

/** Messages that work, one of each kind. */
export const EXAMPLES: readonly string[] = [
  'db.internal:5432',
  "can't reach 10.0.0.5 on 443",
  'nc -vz localhost 8080',
  'curl: (7) Failed to connect to api port 443: Connection refused',
  'why does my socket sit in SYN_SENT?',
  'teach me about ECN',
  'show me a SYN being dropped',
  'give me a drill',
  'is anything listening on 5432 here?',
];

/** `/help`, "help", "what can you do". */
export function helpReply(): HelpReply {
  const commands = SLASH_COMMANDS.filter((c) => !c.reserved).map((c) => ({ name: `/${c.name}${c.args ? ` ${c.args}` : ''}`, description: c.description }));
  return {
    kind: 'help',
    text: 'Type a target (db:5432, "can\'t reach db on 5432", a pasted nc/curl/psql/ssh command), paste an error, or ask a TCP question. After a check: "scan it", "why?", "is it the firewall?", "again", "try TLS", "trace the route", "capture it", "save a report", "check from the server side too" (over ssh). Practise: "give me a drill" (/drill 1|2|3), then "check it", "hint", and answer in words ("it\'s filtered, a firewall on the server drops the SYN, ask the network team"); "stop the drill" ends it. On a server: "is anything listening on 5432 here?" (/server 5432).',
    commands,
    examples: [...EXAMPLES],
  };
}

/** Anything the router could not place: say so, briefly, with examples. */
export function unknownReply(message: string): UnknownReply {
  const shown = echo(message.replace(/\s+/g, ' ').trim(), 80);
  return {
    kind: 'unknown',
    text: `I did not understand "${shown}". Try a target, a pasted error or a question, e.g.:`,
    examples: EXAMPLES.slice(0, 5),
  };
}
