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
   * Asks whether the host answers ping, only while a SYN is still unanswered (connect's
   * PROBE_DELAY_MS after it left, so the SYN reaches any router first); a yes shortens the budget.
   */
  answersPing?: (address: string, signal: AbortSignal) => Promise<boolean>;
}

export interface ConnectAllResult {
  /** What a client that tries the addresses in order and falls back ends with. */
  chosen: ConnectStep;
  /** Every address's step, in resolver order (chosen among them). */
  all: ConnectStep[];
}

/** A handshake completed at this address (a reset right after it still means it did). */
function handshakeCompleted(step: ConnectStep): boolean {
  return step.evidence.result === 'connected' || step.evidence.result === 'reset';
}

/** The step a client with fallback ends with: the first (in order) whose handshake completed, else the last. */
export function fallbackChoice<S extends ConnectStep>(steps: readonly S[]): S | undefined {
  return steps.find(handshakeCompleted) ?? steps.at(-1);
}

/**
 * Runs one connect per address, `parallel` at a time. The chosen step is the first address (in
 * order) whose handshake completed, else the last one; only the chosen keeps its socket open.
 */
export async function connectAll(input: ConnectAllInput, ctx: CheckContext = {}): Promise<ConnectAllResult> {
  const { addresses, parallel = 4, answersPing, ...rest } = input;
  if (!addresses.length) throw new Error('connectAll: no address to connect to');
  const all: ConnectStep[] = new Array(addresses.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < addresses.length; i = next++) {
      const address = addresses[i];
      const hostAnswersPing = answersPing && ((signal: AbortSignal) => answersPing(address, ctx.signal ? AbortSignal.any([ctx.signal, signal]) : signal));
      all[i] = await connect({ ...rest, address, hostAnswersPing }, ctx);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, addresses.length) }, worker));
  } catch (err) {
    for (const s of all) s?.socket?.destroy();
    throw err;
  }
  const chosen = fallbackChoice(all)!;
  for (const s of all) if (s !== chosen) s.socket?.destroy();
  return { chosen, all };
}
