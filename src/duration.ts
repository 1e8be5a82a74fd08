/**
 * Parsing of duration options such as `--timeout 3s`, `--timeout 800`, `--timeout 1500ms`: a bare
 * number is milliseconds, `s` multiplies by 1000. Shared by `check` and `scan`, which differ only in
 * the bounds they accept.
 */
import { UsageError } from './errors.js';

export interface DurationBounds {
  /** Smallest accepted value, in milliseconds. */
  minMs: number;
  /** Largest accepted value, in milliseconds. */
  maxMs: number;
  /** Option name for the error message; `--timeout` unless told. */
  option?: string;
}

function describe(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Reads `3s`, `800`, `1500ms` into whole milliseconds within the bounds; throws UsageError. */
export function parseDuration(text: string, { minMs, maxMs, option = '--timeout' }: DurationBounds): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!m) throw new UsageError(`bad ${option} "${text}": expected milliseconds or a number with s, e.g. 1500 or 2s`);
  const ms = m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]);
  if (ms < minMs || ms > maxMs) throw new UsageError(`bad ${option} "${text}": expected between ${describe(minMs)} and ${describe(maxMs)}`);
  return Math.round(ms);
}
