/**
 * Connects to every address a name resolved to (A and AAAA), in parallel and bounded, each with
 * the same adaptive budget as a single connect: a name whose IPv6 address is refused while IPv4
 * answers works for some clients and fails for others, and only trying all of them shows it.
 */
import type { CheckContext } from '../evidence.js';
import { connect, type ConnectInput, type ConnectStep } from './connect.js';

export interface ConnectAllInput extends Omit<ConnectInput, 'address' | 'hostAnswersPing'> {
  /** In the order the resolver returned them (the order clients try them). */
  addresses: string[];
  /** At most this many handshakes at once (default 4). */
  parallel?: number;
  /**
   * Asks whether the host answers ping, started `probeDelayMs` after the handshake so the SYN
   * reaches any router first; a yes shortens the budget (no late ICMP error is coming).
   */
  answersPing?: (address: string, signal?: AbortSignal) => Promise<boolean>;
  probeDelayMs?: number;
}

export interface ConnectAllResult {
  /** What a client that tries the addresses in order and falls back ends with. */
  chosen: ConnectStep;
  /** Every address's step, in resolver order (chosen among them). */
  all: ConnectStep[];
}

/** A handshake completed at this address (a reset right after it still means it did). */
export function handshakeCompleted(step: ConnectStep): boolean {
  return step.evidence.result === 'connected' || step.evidence.result === 'reset';
}

/**
 * Runs one connect per address, `parallel` at a time. The chosen step is the first address (in
 * order) whose handshake completed, else the last one; only the chosen keeps its socket open.
 */
export async function connectAll(input: ConnectAllInput, ctx: CheckContext = {}): Promise<ConnectAllResult> {
  const { addresses, parallel = 4, answersPing, probeDelayMs = 50, ...rest } = input;
  if (!addresses.length) throw new Error('connectAll: no address to connect to');
  const all: ConnectStep[] = new Array(addresses.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < addresses.length; i = next++) {
      const address = addresses[i];
      const probe = answersPing && rest.budgetMs === undefined ? delayedProbe((signal) => answersPing(address, signal), probeDelayMs, ctx.signal) : undefined;
      all[i] = await connect({ ...rest, address, hostAnswersPing: probe?.answer }, ctx);
      probe?.cancel();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, addresses.length) }, worker));
  } catch (err) {
    for (const s of all) s?.socket?.destroy();
    throw err;
  }
  const chosen = all.find(handshakeCompleted) ?? all[all.length - 1];
  for (const s of all) if (s !== chosen) s.socket?.destroy();
  return { chosen, all };
}

/**
 * Runs `ask` after `delayMs`. `cancel` stops it (before it starts, or kills what it started): the
 * answer is then false, and no probe outlives the handshake it was for.
 */
function delayedProbe(ask: (signal: AbortSignal) => Promise<boolean>, delayMs: number, outer?: AbortSignal): { answer: Promise<boolean>; cancel: () => void } {
  const stop = new AbortController();
  const signal = outer ? AbortSignal.any([outer, stop.signal]) : stop.signal;
  let timer: NodeJS.Timeout | undefined;
  const answer = new Promise<boolean>((resolve) => {
    signal.addEventListener('abort', () => resolve(false), { once: true });
    timer = setTimeout(() => ask(signal).then(resolve, () => resolve(false)), delayMs);
  });
  return { answer, cancel: () => (clearTimeout(timer), stop.abort()) };
}
