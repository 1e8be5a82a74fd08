/**
 * The interactive guide's entry. In a terminal it loads Ink (dynamically: pipes and --json never
 * pay for it) and runs the guide on `target`. Returns undefined when there is no terminal,
 * meaning "print plain lines instead".
 */
import type { Target } from '../evidence.js';
import type { CheckOptions } from '../guide/types.js';

export interface GuideOptions {
  signal?: AbortSignal;
  capture?: boolean;
  /** `--no-ping`, `--timeout`, `--tls`: the same check options as plain and --json modes. */
  check?: CheckOptions;
}

/** True when both ends are a terminal: the only case where cursor codes and raw keys make sense. */
export function isInteractive(): boolean {
  return process.stdout.isTTY === true && process.stdin.isTTY === true && process.env.TERM !== 'dumb';
}

/** Runs the guide on `target`; undefined when not in a terminal. */
export async function runGuide(target: Target, opts: GuideOptions = {}): Promise<number | undefined> {
  if (!isInteractive()) return undefined;
  const { runInteractive } = await import('./interactive.js');
  return runInteractive({ target, signal: opts.signal, capture: opts.capture, check: opts.check });
}
