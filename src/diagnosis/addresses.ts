/**
 * Every address of a name, judged one by one: what each handshake got, which one a client that
 * tries them in order and falls back ends with, and, when they disagree, who is hurt. Pure.
 */
import { fallbackChoice } from '../checks/connect-all.js';
import type { AddressResult, StepEvidence, Verdict } from '../evidence.js';
import type { ConnectEvidence, ConnectResult } from '../checks/connect.js';
import { formatMs } from '../duration.js';

/** What one address's handshake alone says (the observe and TLS steps judge only the chosen one). */
export const ADDRESS_VERDICT: Record<ConnectResult, Verdict> = {
  connected: 'open',
  refused: 'refused',
  unreachable: 'unreachable',
  'no-route': 'unreachable',
  error: 'unreachable',
  timeout: 'filtered',
  'local-firewall': 'filtered',
  reset: 'reset',
};

type ConnectStep = StepEvidence<'connect', ConnectEvidence>;

/** The connect steps, one per address, in the order they were tried. */
export function connectSteps(steps: readonly StepEvidence[]): ConnectStep[] {
  return steps.filter((s): s is ConnectStep => s.id === 'connect' && typeof (s.evidence as ConnectEvidence | undefined)?.address === 'string');
}

/** The step a client with fallback ends with: the first whose handshake completed, else the last. */
export function chosenConnect(connects: readonly ConnectStep[]): ConnectStep | undefined {
  return fallbackChoice(connects);
}

/**
 * One entry per address for `check --json` (`target.results`). Each says what its handshake got;
 * the chosen address (the one the verdict is about) says the whole check's verdict, since the
 * steps after the handshake (observe, TLS) judged it: a handshake that completed and was then
 * reset is `reset`, not `open`.
 */
export function addressResults(steps: readonly StepEvidence[], verdict?: Verdict): AddressResult[] {
  const connects = connectSteps(steps);
  const chosen = chosenConnect(connects);
  return connects.map((s) => ({
    address: s.evidence.address,
    family: s.evidence.family,
    verdict: s === chosen && verdict && verdict !== 'dns-error' ? verdict : (ADDRESS_VERDICT[s.evidence.result] ?? 'unreachable'),
    result: s.evidence.result,
    ...(s.evidence.code ? { error: s.evidence.code } : {}),
    durationMs: Math.round(s.durationMs * 10) / 10,
  }));
}

/** `::1 refused (ECONNREFUSED; connect() failed after 0.2 ms)`: one address's outcome in words. */
export function describeResult(r: AddressResult): string {
  // connect()'s time, named as such: the network's round trip can be far smaller (loopback: µs).
  if (r.verdict === 'open') return `${r.address} open (connect() returned after ${formatMs(r.durationMs)})`;
  // The handshake completed; what came after it is the verdict's (reset, closed, tls-error).
  if (r.result === 'connected') return `${r.address} ${r.verdict} (handshake completed, connect() returned after ${formatMs(r.durationMs)}, then ${AFTER_HANDSHAKE[r.verdict] ?? r.verdict})`;
  // connect() itself failed with the RST: its time is connect()'s, not when the RST came after the handshake.
  if (r.result === 'reset') return `${r.address} reset (handshake, then RST; connect() failed with ${r.error ?? 'ECONNRESET'} after ${formatMs(r.durationMs)})`;
  if (r.verdict === 'filtered') return `${r.address} filtered (no answer; connect() waited ${formatMs(r.durationMs)})`;
  // connect()'s whole time (a capture's wire time of the same answer is smaller).
  return `${r.address} ${r.verdict} (${r.error ? `${r.error}; ` : ''}connect() failed after ${formatMs(r.durationMs)})`;
}

/**
 * The `addresses-disagree` sentence when the addresses do not all end the same way: which fail
 * and how, and who is hurt. Undefined when there is one address or all agree.
 */
export function addressesDisagree(results: readonly AddressResult[]): string | undefined {
  if (results.length < 2 || new Set(results.map((r) => r.verdict)).size < 2) return undefined;
  const ok = results.filter((r) => r.verdict === 'open');
  const bad = results.filter((r) => r.verdict !== 'open');
  const hurt: string[] = [];
  if (ok.length) {
    if (results[0].verdict !== 'open') hurt.push(`clients without fallback, which use only the first address (${results[0].address}), fail`);
    else hurt.push(`clients without fallback that pick ${bad.map((r) => r.address).join(' or ')} fail`);
    const v6bad = bad.filter((r) => r.family === 6);
    if (v6bad.length && ok.some((r) => r.family === 4)) {
      const slow = v6bad.some((r) => r.verdict === 'filtered');
      hurt.push(`clients preferring IPv6 (most do) try ${v6bad[0].address} first${slow ? ' and hang until their own timeout before falling back' : ' and fall back to IPv4 only if they implement fallback'}`);
    }
    if (slow(bad) && !hurt.some((h) => h.includes('hang'))) hurt.push('clients with fallback still lose their connect timeout on the silent address first');
  } else {
    hurt.push('no address works, so every client fails, each with a different error depending on which address it tried last');
  }
  return `${bad.map(describeResult).join('; ')}${ok.length ? `, while ${ok.map(describeResult).join('; ')}` : ''}: ${hurt.join('; ')}.`;
}

const AFTER_HANDSHAKE: Partial<Record<Verdict, string>> = { reset: 'RST', closed: 'FIN', 'tls-error': 'the TLS step failed' };

const slow = (bad: readonly AddressResult[]) => bad.some((r) => r.verdict === 'filtered');
