import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * Files that run one at a time, beside the rest: they build network namespaces or lab faults
 * (the fault matrix refuses to start while another lab is up), drive tmux, change firewall rules,
 * or measure timings that a busy CPU would skew. Every other file runs in parallel with them.
 */
const SERIAL = [
  'test/capture/loopback.test.ts',
  'test/capture/namespaces.test.ts',
  'test/chat/drill-wire.test.ts',
  'test/chat/pipe-drill.test.ts',
  'test/check/namespaces.test.ts',
  'test/check/observe-stress.test.ts',
  'test/checks/connect-all.test.ts',
  'test/checks/local-firewall.test.ts',
  'test/checks/tls-stall.test.ts',
  'test/diagnosis/story.test.ts',
  'test/drill/api.test.ts',
  'test/drill/drill-cli.test.ts',
  'test/drill/drill-tty.test.ts',
  'test/drill/fresh-clone.test.ts',
  'test/e2e/chat.test.ts',
  'test/e2e/guide.test.ts',
  'test/e2e/namespaces.test.ts',
  'test/lab/cli.test.ts',
  'test/lab/dpi-reset-tls.test.ts',
  'test/lab/ground-truth.test.ts',
  'test/lab/matrix.test.ts',
  'test/lab/netns.test.ts',
  'test/lab/over-time.test.ts',
  'test/lab/pmtu.test.ts',
  'test/lab/slow-transfers.test.ts',
  'test/lab/state.test.ts',
  'test/many/cli.test.ts',
  'test/notebook/ns-experiments.test.ts',
  'test/notebook/pmtu-lesson.test.ts',
  'test/notebook/probes.test.ts',
  'test/notebook/tty.test.ts',
  'test/report/cli.test.ts',
  'test/report/namespaces.test.ts',
  'test/safety/arguments.test.ts',
  'test/safety/tmux-hostile.test.ts',
  'test/scan/engine.test.ts',
  'test/scan/netns-ecn.test.ts',
  'test/scan/netns-rules.test.ts',
  'test/scan/timing.test.ts',
  'test/scan/tty.test.ts',
  'test/server/checklist.test.ts',
  'test/server/two-sided.test.ts',
  'test/vantage/fleet.test.ts',
  'test/watch/hold-loopback.test.ts',
  'test/watch/hold-namespaces.test.ts',
  'test/watch/namespaces.test.ts',
  'test/watch/run.test.ts',
  'test/watch/tty.test.ts',
];

const shared = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  // Colour and CI detection must not leak into component snapshots.
  env: { FORCE_COLOR: '0' },
};

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...shared,
    projects: [
      { extends: true, test: { name: 'serial', include: SERIAL, fileParallelism: false } },
      { extends: true, test: { name: 'parallel', include: ['test/**/*.test.{ts,tsx}'], exclude: SERIAL, maxWorkers: 2 } },
    ],
  },
});
