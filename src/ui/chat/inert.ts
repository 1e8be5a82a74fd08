/**
 * Whatever a person types or pastes is only text: before it is drawn, escape and control
 * characters become visible symbols (ESC → ␛, BEL → ␇, C1 → \u009b), so a pasted colour code or a
 * cursor move cannot repaint the screen, and bidirectional overrides cannot reorder what is shown.
 * Long text is capped to what a screen can show, so a 1 MB paste never gets laid out whole.
 */

import { inertBidi } from '../../sinks/terminal.js';
import { lineCount } from '../../chat/inert.js';

/**
 * The chat's inert text (control characters as symbols), plus what only a screen needs: a tab as
 * two spaces (Ink measures it as one cell) and bidirectional overrides shown as `<U+202E>`.
 */
export function inert(text: string): string {
  return inertBidi(text.replace(/\t/g, '  '));
}

export interface Clipped {
  /** The lines to draw, each inert and at most `width` characters. */
  lines: string[];
  /** Lines not drawn (0 when everything fits). */
  hiddenLines: number;
  totalLines: number;
}


/**
 * The first `maxLines` lines of `text`, each cut to `width` characters, made inert. Works on a
 * prefix only, so the cost depends on what is drawn, not on the size of the paste.
 */
export function clip(text: string, maxLines: number, width: number, totalLines = lineCount(text)): Clipped {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < maxLines && start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(start, Math.min(end, start + width + 1));
    lines.push(inert(line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line));
    if (nl === -1) break;
    start = nl + 1;
  }
  return { lines, hiddenLines: totalLines - lines.length, totalLines };
}

/** `1.0 MB`, `12 kB`, `300 B`: the size of a message, for "too long" notes. */
export function formatSize(chars: number): string {
  if (chars >= 1_000_000) return `${(chars / 1_000_000).toFixed(1)} MB`;
  if (chars >= 1_000) return `${Math.round(chars / 1_000)} kB`;
  return `${chars} B`;
}
