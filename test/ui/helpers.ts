/**
 * Setup shared by the Ink component tests: deterministic colour, a tick to let Ink re-render,
 * and clean-up of everything a test mounted.
 */
import { afterEach, beforeAll } from 'vitest';

/** Wait for Ink to re-render after `render` or `stdin.write`. */
export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/**
 * Unsets CI/NO_COLOR for the file and runs the returned `onCleanup` callbacks after each test
 * (unmount, stop actors). Call once at the top of a test file.
 */
export function inkTestSetup(): (cleanup: () => void) => void {
  let cleanups: Array<() => void> = [];
  beforeAll(() => {
    delete process.env.CI;
    delete process.env.NO_COLOR;
  });
  afterEach(() => {
    for (const c of cleanups) c();
    cleanups = [];
  });
  return (c) => void cleanups.push(c);
}
