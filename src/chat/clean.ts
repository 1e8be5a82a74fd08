/**
 * A chat message as the readers see it: terminal escapes and control characters gone, line ends
 * unified, and the size limits every reader respects. Pure.
 */

/** Longer messages are only read as pasted errors (explain reads a head and a tail of them). */
export const MAX_ROUTED_CHARS = 64 * 1024;
/** Longer than this is refused outright, with the reason. */
export const MAX_MESSAGE_CHARS = 4 * 1024 * 1024;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)|\u001b[@-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * The message as the router reads it: escapes and control characters gone, line ends unified, and
 * a shell command continued over lines (` \` at a line's end) joined into one line.
 */
export function cleanMessage(message: string): string {
  return message.replace(ANSI, '').replace(CONTROL, ' ').replace(/\r\n?/g, '\n').replace(/[ \t]\\\n[ \t]*/g, ' ');
}
