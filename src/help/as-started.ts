/**
 * How help texts name this program: usage blocks say `tcpsleuth` (their columns stay aligned)
 * with a note when it was started another way, and examples are written the way it was started,
 * so they run as printed (src/self-command.ts).
 */
import { selfCommand } from '../self-command.js';
import { shellLine } from '../shell-words.js';

/** The words that start this tcpsleuth, e.g. `node dist/cli.js`. */
export const SELF = shellLine(selfCommand());

/** A line under a usage block when `tcpsleuth` is not how the user started it (empty otherwise). */
export const USAGE_NOTE = SELF === 'tcpsleuth' ? '' : `  (tcpsleuth here is ${SELF}, the way you started it)\n`;
