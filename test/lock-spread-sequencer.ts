/**
 * The order test files start in, for two workers: Vitest's own (longest first), except that the
 * files sharing a lock (test/helpers/exclusive.ts) are spread through the queue instead of meeting
 * at its head or its tail. A worker that picks up a locked file while the other holds the lock
 * only waits, so the longest locked file goes first and each other one comes a stretch of unlocked
 * work later, by which time the lock is usually free.
 */
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LOCKED = /\bexclusive\(\s*['"]/;

function takesALock(spec: TestSpecification): boolean {
  try {
    return LOCKED.test(readFileSync(spec.moduleId, 'utf8'));
  } catch {
    return false;
  }
}

export default class LockSpreadSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const locked = sorted.filter(takesALock);
    if (locked.length < 2) return sorted;
    const rest = sorted.filter((f) => !locked.includes(f));
    const gap = Math.max(1, Math.floor(rest.length / locked.length));
    const out: TestSpecification[] = [];
    rest.forEach((f, i) => {
      if (i % gap === 0 && i / gap < locked.length) out.push(locked[i / gap]);
      out.push(f);
    });
    // Any locked file not placed yet (fewer unlocked files than gaps) goes last.
    for (const f of locked) if (!out.includes(f)) out.push(f);
    return out;
  }
}
