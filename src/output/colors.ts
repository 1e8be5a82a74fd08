/**
 * Semantic colour tokens for plain output. Colour only on a TTY, never with NO_COLOR set
 * (https://no-color.org), forced with FORCE_COLOR=1..3 and off with FORCE_COLOR=0.
 */
export type Token = 'ok' | 'bad' | 'warn' | 'muted' | 'accent' | 'strong';

const CODES: Record<Token, [number, number]> = {
  ok: [32, 39],
  bad: [31, 39],
  warn: [33, 39],
  muted: [2, 22],
  accent: [36, 39],
  strong: [1, 22],
};

/** Decides once whether a stream gets colour. */
export function colorEnabled(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY);
}

export type Paint = (token: Token, text: string) => string;

/** A painter: wraps text in ANSI codes when enabled, returns it unchanged otherwise. */
export function painter(enabled: boolean): Paint {
  return (token, text) => (enabled ? `\x1b[${CODES[token][0]}m${text}\x1b[${CODES[token][1]}m` : text);
}
