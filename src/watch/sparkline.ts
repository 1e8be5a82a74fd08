/**
 * A sparkline of handshake times, one character per attempt: the bar's height is the time on a
 * scale from 0 to the slowest shown, a failed attempt is `✗`. Pure text; the live view colours it.
 */
import type { Attempt } from '../series/types.js';

const BARS = '▁▂▃▄▅▆▇█';

/** One cell per attempt: `{ char, failed }`, newest last, at most `width` of them. */
export function sparkCells(attempts: readonly Attempt[], width: number): { char: string; failed: boolean }[] {
  const shown = [...attempts].sort((a, b) => a.seq - b.seq).slice(-Math.max(1, width));
  const max = Math.max(0, ...shown.filter((a) => a.verdict === 'open').map((a) => a.handshakeMs));
  return shown.map((a) => {
    if (a.verdict !== 'open') return { char: '✗', failed: true };
    const level = max > 0 ? Math.min(BARS.length - 1, Math.floor((a.handshakeMs / max) * (BARS.length - 1) + 0.5)) : 0;
    return { char: BARS[level], failed: false };
  });
}

/** The sparkline as plain text. */
export function sparkline(attempts: readonly Attempt[], width: number): string {
  return sparkCells(attempts, width)
    .map((c) => c.char)
    .join('');
}
