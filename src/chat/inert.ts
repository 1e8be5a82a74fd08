/**
 * The chat's inert text: the terminal sink's sanitiser (src/sinks/terminal.ts), re-exported so the
 * chat's modules keep one import. Nothing here writes its own escaping.
 */
export { ECHO_LIMIT, echo, inert } from '../sinks/terminal.js';

/** Counts lines without splitting a huge string into an array of them; a final newline ends the last line, it does not start one. */
export function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
