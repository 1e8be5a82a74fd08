/** Real loopback listeners for a test file: started before its tests, closed after. */
import { afterAll, beforeAll } from 'vitest';
import { startLoopbackServer, type LoopbackBehaviour, type RunningServer } from '../../src/lab/servers.js';

/** The behaviours the check tests run against, one listener each. */
export const CHECK_BEHAVIOURS = ['open', 'banner', 'refused', 'reset-after-connect', 'closed-after-connect', 'accept-queue-full', 'tls', 'tls-delayed-reset'] as const;

/** Starts one listener per behaviour in beforeAll and closes them in afterAll; returns each one's port. */
export function useLoopbackServers(behaviours: readonly LoopbackBehaviour[] = CHECK_BEHAVIOURS): (b: LoopbackBehaviour) => number {
  const servers = new Map<LoopbackBehaviour, RunningServer>();
  beforeAll(async () => {
    for (const b of behaviours) servers.set(b, await startLoopbackServer(b));
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.close()));
  });
  return (b) => {
    const server = servers.get(b);
    if (!server) throw new Error(`no loopback server for ${b}: add it to useLoopbackServers()`);
    return server.port;
  };
}
