/**
 * The tcpsleuth commands explain prints (`check HOST:PORT`, `sockets --port N`, `learn LESSON`),
 * started the way this process was (src/self-command.ts), so they run as printed. The prefix is
 * worked out once per process: explain stays fast on every paste.
 */
import { selfCommandLine } from '../self-command.js';
import { shellLine } from '../shell-words.js';

let prefix: string | undefined;

/** `tcpsleuth check db:5432`, or `npx tcpsleuth …` / `node dist/cli.js …` as this process was started. */
export function selfLine(args: readonly string[]): string {
  prefix ??= selfCommandLine([]);
  return `${prefix} ${shellLine(args)}`;
}
