import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import LockSpreadSequencer from './lock-spread-sequencer.js';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time on two cores: most files wait (namespaces, budgets, timeouts, child
    // processes) rather than compute, but the loopback probes time real transfers, and three at
    // once made one of them miss now and then on a loaded machine. Files that share a resource say
    // so themselves (test/helpers/exclusive.ts); namespaces, tmux servers and state folders are
    // named per file.
    maxWorkers: 2,
    // Hooks run in the order they are written, so a file's exclusive() lock comes before its own setup.
    // Files that share a lock are spread through the queue (test/lock-spread-sequencer.ts).
    sequence: { hooks: 'stack', sequencer: LockSpreadSequencer },
    globalSetup: ['test/temp-folder.ts'],
    // Colour and CI detection must not leak into component snapshots.
    env: { FORCE_COLOR: '0' },
  },
});
