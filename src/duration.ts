/**
 * Parsing of duration options such as `--timeout 3s`, `--timeout 800`, `--timeout 1500ms`: a bare
 * number is milliseconds, `s` multiplies by 1000. Shared by `check` and `scan`, which differ only in
 * the bounds they accept.
 */
import { UsageError } from './errors.js';
import { argEcho } from './sinks/terminal.js';

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

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Reads `3s`, `800`, `1500ms`, `5m`, `2h` into whole milliseconds within the bounds; throws UsageError. */
export function parseDuration(text: string, { minMs, maxMs, option = '--timeout' }: DurationBounds): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`bad ${option} "${argEcho(text)}": expected milliseconds or a number with s, m or h, e.g. 1500, 2s or 5m`);
  const ms = Number(m[1]) * UNIT_MS[m[2] ?? 'ms'];
  if (ms < minMs || ms > maxMs) throw new UsageError(`bad ${option} "${argEcho(text)}": expected between ${describe(minMs)} and ${describe(maxMs)}`);
  return Math.round(ms);
}

/** A duration for people: `0.4 ms`, `12 ms`, `1.20 s`, `12.5 s` (`-` when unknown). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A round-trip time as the kernel or ping reports it: sub-millisecond loopback times keep their digits (`0.031 ms`). */
export function formatRttMs(ms: number): string {
  return ms < 1 ? `${Number(ms.toFixed(3))} ms` : formatMs(ms);
}

/** A running time on a live line: `850 ms`, `2.4 s`. */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
