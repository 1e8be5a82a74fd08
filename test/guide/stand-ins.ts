/** Typed stand-in checks for machine tests: each step answers with fixed evidence, or never. */
import { fromPromise } from 'xstate';
import type { Outcome, StepEvidence, StepId, Target } from '../../src/evidence.js';
import type { StepInput } from '../../src/guide/types.js';

export const HANG = 'hang' as const;
export type Answer = StepEvidence | typeof HANG;

export function ev(id: StepId, outcome: Outcome, summary: string, evidence: Record<string, unknown> = {}, reason?: string): StepEvidence {
  return { id, outcome, durationMs: 5, summary, reason, evidence };
}

export function target(host = '127.0.0.1', port = 1, tls = false): Target {
  return { host, port, portSource: 'explicit', isIpLiteral: /^[\d.]+$/.test(host), tls };
}

/** The evidence a healthy path produces, step by step. */
export const HEALTHY: Record<string, StepEvidence> = {
  dns: ev('dns', 'pass', '127.0.0.1 (IP literal)', { addresses: ['127.0.0.1'] }),
  ping: ev('ping', 'pass', '3/3 replies, 0.05 ms'),
  connect: ev('connect', 'pass', 'connected in 0.2 ms', { address: '127.0.0.1', result: 'connected' }),
  observe: ev('observe', 'pass', 'quiet for 1 s, no RST or FIN'),
  tls: ev('tls', 'pass', 'TLSv1.3, certificate valid'),
  scan: ev('scan', 'pass', '22 open, 80 closed'),
  traceroute: ev('traceroute', 'pass', '2 hops'),
  capture: ev('capture', 'pass', 'SYN, SYN-ACK, ACK'),
  sockets: ev('sockets', 'pass', 'nothing LISTENs on port 1'),
};

/**
 * Stand-in actors: `answers[id]` if given, else the healthy answer. Calls are counted in `calls`,
 * and aborted ones in `aborted`, so tests can see that leaving a state stops its check.
 */
export function standIns(answers: Partial<Record<StepId, Answer>> = {}) {
  const calls: StepId[] = [];
  const aborted: StepId[] = [];
  const inputs: StepInput[] = [];
  const make = (id: StepId) =>
    fromPromise<StepEvidence, StepInput>(({ input, signal }) => {
      calls.push(id);
      inputs.push(input);
      const answer = answers[id] ?? HEALTHY[id];
      if (answer === HANG) {
        return new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            aborted.push(id);
            reject(new Error('aborted'));
          });
        });
      }
      return Promise.resolve(answer);
    });
  const ids: StepId[] = ['dns', 'ping', 'connect', 'observe', 'tls', 'scan', 'traceroute', 'capture', 'sockets'];
  const actors = Object.fromEntries(ids.map((id) => [id, make(id)]));
  return { actors, calls, aborted, inputs };
}
