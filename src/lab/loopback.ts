/**
 * The loopback scenarios: one in-process server from servers.ts per scenario, for any user.
 * They live as long as the process that started them.
 */
import { startLoopbackServer, type LoopbackBehaviour } from './servers.js';
import { LabError } from './netns.js';
import type { ScenarioId } from './scenarios.js';

/** Which server behaviour each loopback scenario runs. */
const BEHAVIOUR: Partial<Record<ScenarioId, LoopbackBehaviour>> = {
  open: 'open',
  refused: 'refused',
  'reset-after-connect': 'reset-after-connect',
  'closed-after-connect': 'closed-after-connect',
  'accept-queue-full': 'accept-queue-full',
  'tls-delayed-reset': 'tls-delayed-reset',
  'localhost-only': 'localhost-only',
};

/**
 * The address a learner reaches a localhost-only service through: another loopback address, as a
 * container or a second host would reach it through a real interface.
 */
export const OTHER_LOCAL_ADDRESS = '127.0.0.2';

export interface LoopbackFault {
  host: string;
  port: number;
  down(): Promise<void>;
}

/** Starts the loopback server of scenario `id` on a free port. */
export async function upLoopbackFault(id: ScenarioId): Promise<LoopbackFault> {
  const behaviour = BEHAVIOUR[id];
  if (!behaviour) throw new LabError(`${id} is not a loopback scenario`);
  // A stall long enough to be seen as "the ClientHello went unanswered", short enough to keep runs quick.
  const server = await startLoopbackServer(behaviour, { stallMs: 1_000 });
  let closed = false;
  const down = async () => {
    if (closed) return;
    closed = true;
    await server.close();
  };
  const host = id === 'localhost-only' ? OTHER_LOCAL_ADDRESS : server.host;
  return { host, port: server.port, down };
}
