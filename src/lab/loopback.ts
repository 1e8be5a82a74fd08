/**
 * The loopback scenarios: one in-process server from servers.ts per scenario, for any user.
 * They live as long as the process that started them.
 */
import { startLoopbackServer, type LoopbackBehaviour } from './servers.js';
import { LabError } from './netns.js';
import { TLS_FAULT_DOES } from './tls-servers.js';
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
  'close-wait-leak': 'close-wait-leak',
  'tls-not-tls': 'tls-not-tls',
  'tls-name-mismatch': 'tls-name-mismatch',
  'tls-client-cert': 'tls-client-cert-required',
  'tls-protocol-mismatch': 'tls-protocol-mismatch',
};

/** What the server does, in words (`lab up` shows it where namespace scenarios show their rule). */
const DOES: Partial<Record<ScenarioId, string>> = {
  open: 'a server accepts and keeps the connection open, saying nothing',
  refused: 'nothing listens: the port was bound once to find a free number, then released',
  'reset-after-connect': 'a server accepts, then aborts the socket at once (RST instead of FIN)',
  'closed-after-connect': 'a server accepts, then closes at once (FIN) without sending anything',
  'accept-queue-full': 'a server listens with backlog 1 but never calls accept(); the lab filled the queue itself',
  'tls-delayed-reset': 'a server accepts, reads the TLS ClientHello, stalls 1 s, then aborts with RST',
  'localhost-only': 'a server listens on 127.0.0.1 only; the target is 127.0.0.2, another address of this machine',
  'close-wait-leak': 'a server never closes a connection its client hung up (allowHalfOpen, no end()): 16 sit in CLOSE_WAIT, its maxConnections, so new ones are closed at once',
  'tls-not-tls': TLS_FAULT_DOES['tls-not-tls'],
  'tls-name-mismatch': TLS_FAULT_DOES['tls-name-mismatch'],
  'tls-client-cert': TLS_FAULT_DOES['tls-client-cert-required'],
  'tls-protocol-mismatch': TLS_FAULT_DOES['tls-protocol-mismatch'],
};

/**
 * The address a learner reaches a localhost-only service through: another loopback address, as a
 * container or a second host would reach it through a real interface.
 */
export const OTHER_LOCAL_ADDRESS = '127.0.0.2';

export interface LoopbackFault {
  host: string;
  port: number;
  /** What makes the fault, in words. */
  applied: string[];
  /** A tcpdump command that shows the fault. */
  watch: string;
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
  const applied = [`on ${server.host}:${server.port}, in this process: ${DOES[id]}`];
  return { host, port: server.port, applied, watch: `tcpdump -ni lo 'tcp port ${server.port}'`, down };
}
