/**
 * One test file at a time for a named resource, while the suite runs files in parallel: the fault
 * matrix must see no other tsl-lab-* namespace, so the files that bring up lab scenarios under
 * their default names take the `lab-names` lock. A lock is a file created exclusively (`wx`) that
 * holds its owner's pid; a lock whose owner has died is taken over. Call at the top of the file, or
 * of the describe block that needs it: its beforeAll runs before that block's own hooks ('stack'
 * order, set in the config).
 */
import { openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number(readFileSync(file, 'utf8').trim() || NaN);
    // Left by a file whose process died (a killed run): take it over.
    if (!Number.isInteger(owner) || (owner !== process.pid && !alive(owner))) rmSync(file, { force: true });
    return false;
  }
}

/** Holds `name`'s lock from this file's first hook to its last; waits (bounded) for it. */
export function exclusive(name: string, waitMs = 600_000): void {
  const file = join(tmpdir(), `tcpsleuth-test-${name}.lock`);
  beforeAll(async () => {
    const until = Date.now() + waitMs;
    while (!tryLock(file)) {
      if (Date.now() > until) throw new Error(`waited ${waitMs / 1000} s for the test lock ${file}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, waitMs + 5_000);
  afterAll(() => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  });
}
