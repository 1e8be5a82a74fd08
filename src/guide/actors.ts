/**
 * The real checks as the machine's actors. Each adapter turns the guide's StepInput into the
 * check's own input, passes the actor's signal (leaving a state aborts the check) and forwards
 * progress to the guide actor (systemId `guide`) as `check.progress` events.
 */
import { fromPromise } from 'xstate';
import type { CheckContext, Progress, StepEvidence, StepId } from '../evidence.js';
import { connect, summarize } from '../checks/connect.js';
import { kernelRttMs } from '../checks/kernel-rtt.js';
import { connectAll } from '../checks/connect-all.js';
import { dns } from '../checks/dns.js';
import { observe } from '../checks/observe.js';
import { ping } from '../checks/ping.js';
import { tls } from '../checks/tls.js';
import { scanCheck } from '../checks/scan.js';
import { sockets } from '../checks/sockets.js';
import { captureDuring } from '../checks/capture.js';
import { traceroute } from '../checks/traceroute.js';
import type { StepInput } from './types.js';

export type Adapter = (input: StepInput, ctx: CheckContext) => Promise<StepEvidence>;

/** The guide actor's id in the actor system, so checks can send it their progress. */
export const GUIDE_SYSTEM_ID = 'guide';

function addressFor(input: StepInput): string {
  return input.address ?? input.addresses[0] ?? input.target.host;
}

const connectAdapter: Adapter = async (input, ctx) => {
  const addresses = input.addresses.length ? input.addresses : [input.target.host];
  // Every address at once (bounded), each with the adaptive budget; the step reports the one a
  // client that tries them in order and falls back ends with, and carries all of them.
  // The ping step comes after connect (a router's ICMP rate limit must not starve the SYN), but one
  // echo sent just behind the SYN still tells whether the host answers ping: then no late
  // host-unreachable is coming and a silent SYN is called filtered sooner (1.3 s, not 3.5 s).
  const answersPing = input.options.ping === false ? undefined : async (address: string, signal: AbortSignal) => (await ping({ address, count: 1, waitS: 1 }, { signal })).outcome === 'pass';
  const { chosen, all } = await connectAll({ addresses, port: input.target.port, budgetMs: input.options.budgetMs, keepOpen: true, answersPing }, ctx);
  if (all.length > 1) Object.defineProperty(chosen, 'attempts', { value: all, enumerable: false, configurable: true });
  const socket = (chosen as { socket?: import('node:net').Socket }).socket;
  const rtt = socket && chosen.evidence.result === 'connected' ? await kernelRttMs(socket, ctx.signal) : undefined;
  if (rtt === undefined) return chosen;
  chosen.evidence.kernelRttUs = Math.round(rtt * 1000);
  chosen.summary = summarize(chosen.evidence);
  return chosen;
};

/** Each step's adapter from the guide's StepInput to its check. */
export const ADAPTERS: Record<StepId, Adapter> = {
  dns: (input, ctx) => dns({ host: input.target.host, isIpLiteral: input.target.isIpLiteral }, ctx),
  ping: async (input, ctx) =>
    input.options.ping === false
      ? { id: 'ping', outcome: 'skipped', durationMs: 0, summary: 'ping skipped (--no-ping)', reason: '--no-ping', evidence: { address: addressFor(input) } }
      : ping({ address: addressFor(input) }, ctx),
  connect: connectAdapter,
  observe: (input, ctx) => {
    const c = input.previous.connect as (StepEvidence & { socket?: import('node:net').Socket }) | undefined;
    const handshakeMs = (c?.evidence as { handshakeMs?: number } | undefined)?.handshakeMs;
    // The connection the connect step made, even if the peer already reset it: that RST is the answer.
    return observe({ socket: c?.socket, address: addressFor(input), port: input.target.port, windowMs: input.options.observeMs, handshakeMs }, ctx);
  },
  tls: (input, ctx) => tls(tlsInput(input, addressFor(input)), ctx),
  scan: (input, ctx) => scanCheck({ host: input.target.host, address: addressFor(input), targetPort: input.target.port, ports: input.ports }, ctx),
  sockets: (input, ctx) => sockets({ port: input.target.port, processes: true }, ctx),
  traceroute: (input, ctx) => traceroute({ address: addressFor(input), port: input.target.port }, ctx),
  capture: (input, ctx) => captureDuring({ address: addressFor(input), port: input.target.port }, () => replay(input, ctx), ctx),
  // The server's side runs beside the guide (check --server, src/server/two-sided.ts), not as its step.
  'server-capture': async () => ({ id: 'server-capture', outcome: 'skipped', durationMs: 0, summary: 'needs --server ssh://HOST', reason: 'no --server', evidence: {} }),
  'server-sockets': async () => ({ id: 'server-sockets', outcome: 'skipped', durationMs: 0, summary: 'needs --server ssh://HOST', reason: 'no --server', evidence: {} }),
};

/** What the capture records: one more connection attempt, as the main path made it. */
async function replay(input: StepInput, ctx: CheckContext): Promise<void> {
  const address = addressFor(input);
  const c = await connect({ address, port: input.target.port, keepOpen: true }, { signal: ctx.signal });
  const socket = (c as { socket?: import('node:net').Socket }).socket;
  if (c.outcome !== 'pass') return;
  if (input.target.tls) {
    socket?.destroy();
    await tls({ ...tlsInput(input, address), mssRetry: false }, { signal: ctx.signal });
  } else {
    await observe({ socket, address, port: input.target.port, handshakeMs: c.evidence.handshakeMs }, { signal: ctx.signal });
  }
}

/** The TLS step's input: SNI from --servername or the target's name, and the --ca certificates. */
function tlsInput(input: StepInput, address: string) {
  const o = input.options;
  return { address, port: input.target.port, servername: o.servername ?? input.target.host, ca: o.ca, caFile: o.caFile };
}

/** Wraps an adapter as an actor: signal from the actor, progress to the guide. */
function actorFor(adapter: Adapter) {
  return fromPromise<StepEvidence, StepInput>(async ({ input, signal, system }) => {
    const onProgress = (progress: Progress) => system.get(GUIDE_SYSTEM_ID)?.send({ type: 'check.progress', progress });
    return adapter(input, { signal, onProgress });
  });
}

/** Actors for `guideMachine.provide({ actors: realActors() })`. */
export function realActors() {
  return Object.fromEntries(Object.entries(ADAPTERS).map(([id, adapter]) => [id, actorFor(adapter)])) as Record<StepId, ReturnType<typeof actorFor>>;
}
