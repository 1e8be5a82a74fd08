/**
 * The help texts, rendered when asked for from the definitions in src/help/ (the same ones the
 * docs' option tables and the man page come from). Rendering reads this machine where a text
 * needs it (watch's SYN schedule) and names the program as the user started it.
 */
import { COMMAND_DEFINITIONS, top } from './help/index.js';
import { renderHelpText } from './help/render-text.js';
import { SELF, USAGE_NOTE } from './help/as-started.js';
import type { CommandHelp } from './help/definition.js';

declare const __VERSION__: string | undefined;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

const render = (help: CommandHelp) => renderHelpText(help, { self: SELF, here: true }, USAGE_NOTE);

/** `tcpsleuth COMMAND --help` for each command, rendered on access. */
export const COMMAND_HELP: Record<string, string> = {};
for (const d of COMMAND_DEFINITIONS) {
  Object.defineProperty(COMMAND_HELP, d.name, { get: () => render(d), enumerable: true });
}

/** `tcpsleuth --help`. */
export function topHelp(): string {
  return render(top);
}
