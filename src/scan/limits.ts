/**
 * How many sockets a scan may hold open at once: bounded by the soft `ulimit -n` of this process,
 * minus what is already open and a reserve for Node itself.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { runTool } from '../tools.js';

/** Upper bound whatever the limit: beyond this, more sockets only add event-loop work. */
export const MAX_PARALLEL = 4096;
const RESERVE = 64;

/** Parses `Max open files  1024  1048576  files` from /proc/self/limits; the soft limit. */
export function parseProcLimits(text: string): number | undefined {
  const m = /^Max open files\s+(\d+|unlimited)\s+/m.exec(text);
  if (!m) return undefined;
  return m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/** The soft open-files limit: /proc/self/limits on Linux, else `ulimit -n` through sh (fixed string). */
export async function openFilesLimit(): Promise<number | undefined> {
  try {
    const n = parseProcLimits(readFileSync('/proc/self/limits', 'utf8'));
    if (n !== undefined) return n;
  } catch {
    // not Linux
  }
  const r = await runTool('sh', ['-c', 'ulimit -n'], { timeoutMs: 2000 });
  const text = r.stdout.trim();
  if (text === 'unlimited') return Number.POSITIVE_INFINITY;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function openNow(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 32;
  }
}

/** The parallelism a scan should use, given the fd limit (default 256 when it cannot be read). */
export async function scanParallelism(): Promise<{ parallel: number; fdLimit?: number }> {
  const limit = await openFilesLimit();
  if (limit === undefined) return { parallel: 256 };
  const room = limit - openNow() - RESERVE;
  return { parallel: Math.max(8, Math.min(MAX_PARALLEL, room)), fdLimit: Number.isFinite(limit) ? limit : undefined };
}
