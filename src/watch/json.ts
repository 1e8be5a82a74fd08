/**
 * `watch --json` and `--jsonl`: the summary object as is, the attempts one per line. Times named
 * `…Ms` are rounded to 0.1 ms and shares to four decimals, for reading; nothing is added.
 */
import type { Attempt, WatchSummary } from '../series/types.js';

const SHARE_KEYS = new Set(['share', 'retransmitShare', 'synLossShare', 'interval']);

function round(key: string, value: unknown): unknown {
  if (typeof value === 'number' && /Ms$/.test(key)) return Math.round(value * 10) / 10;
  if (SHARE_KEYS.has(key)) {
    if (typeof value === 'number') return Math.round(value * 10_000) / 10_000;
    if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'number' ? Math.round(v * 10_000) / 10_000 : v));
  }
  // Inside a Quantiles object (handshakeMs: { p50, … }) the keys do not end in Ms.
  return value;
}

function roundQuantiles(s: WatchSummary): WatchSummary {
  const q = (x: WatchSummary['handshakeMs']) => (x ? { p50: r(x.p50), p90: r(x.p90), p99: r(x.p99), max: r(x.max) } : x);
  return { ...s, handshakeMs: q(s.handshakeMs), byAddress: s.byAddress.map((a) => ({ ...a, handshakeMs: q(a.handshakeMs) })) };
}

const r = (n: number) => Math.round(n * 10) / 10;

/** The summary as `--json` prints it (pretty), or as the last `--jsonl` line (`"type": "summary"`). */
export function summaryJson(s: WatchSummary, oneLine = false): string {
  const value = roundQuantiles(s);
  return oneLine ? JSON.stringify({ type: 'summary', ...value }, round) : JSON.stringify(value, round, 2);
}

/** One `--jsonl` line for an attempt (`"type": "attempt"`). */
export function attemptJsonLine(a: Attempt): string {
  return JSON.stringify({ type: 'attempt', ...a }, round);
}
