/**
 * The chat's inert text: the terminal sink's sanitiser (src/sinks/terminal.ts), re-exported so the
 * chat's modules keep one import. Nothing here writes its own escaping.
 */
export { ECHO_LIMIT, echo, inert } from '../sinks/terminal.js';
