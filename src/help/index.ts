/**
 * Every command's help definition, in the order the man page and the docs list them. The one
 * source of `--help`, docs/COMMAND.md's option tables and man/tcpsleuth.1.
 */
import type { CommandHelp } from './definition.js';
import top from './top.js';
import chat from './chat.js';
import check from './check.js';
import watch from './watch.js';
import explain from './explain.js';
import scan from './scan.js';
import sockets from './sockets.js';
import server from './server.js';
import analyze from './analyze.js';
import learn from './learn.js';
import ask from './ask.js';
import lab from './lab.js';
import diagrams from './diagrams.js';
import drill from './drill.js';

export { top };

/** The commands' definitions, in the top-level help's order. */
export const COMMAND_DEFINITIONS: readonly CommandHelp[] = [chat, check, watch, explain, scan, sockets, server, analyze, learn, ask, lab, diagrams, drill];

/** One command's definition by its name. */
export function definitionOf(name: string): CommandHelp | undefined {
  return COMMAND_DEFINITIONS.find((d) => d.name === name);
}
