/**
 * Bracketed paste mode (like gemini-cli's useBracketedPaste): on while the chat owns the terminal,
 * off on every way out (unmount, Ctrl-C, a crash, SIGTERM/SIGHUP through the lifecycle cleanups,
 * and process exit), so the shell after us never receives ESC[200~ around a paste.
 */
import { onCleanup } from '../../lifecycle.js';

export const ENABLE_BRACKETED_PASTE = '\x1b[?2004h';
export const DISABLE_BRACKETED_PASTE = '\x1b[?2004l';

/** Turns bracketed paste on for `stream`; returns the idempotent function that turns it off. */
export function enableBracketedPaste(stream: NodeJS.WriteStream = process.stdout): () => void {
  if (!stream.isTTY) return () => undefined;
  let on = true;
  const off = () => {
    if (!on) return;
    on = false;
    process.off('exit', off);
    unregister();
    try {
      stream.write(DISABLE_BRACKETED_PASTE);
    } catch {
      // the terminal is gone: nothing left to restore
    }
  };
  const unregister = onCleanup(off);
  process.on('exit', off);
  stream.write(ENABLE_BRACKETED_PASTE);
  return off;
}
