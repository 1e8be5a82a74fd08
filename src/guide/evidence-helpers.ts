/** Small pure helpers the machine uses to make and read step evidence. */
import type { StepEvidence, StepId } from '../evidence.js';

/** Evidence for a step that did not produce any: skipped by the user, crashed, or overdue. */
export function syntheticEvidence(
  id: StepId,
  outcome: StepEvidence['outcome'],
  summary: string,
  reason = summary,
  evidence: Record<string, unknown> = {},
): StepEvidence {
  return { id, outcome, durationMs: 0, summary, reason, evidence };
}

/** What an overdue step's evidence says, in each check's own terms (so diagnose() reads it). */
export const OVERDUE_EVIDENCE: Partial<Record<StepId, Record<string, unknown>>> = {
  dns: { addresses: [], failure: 'timeout', code: 'ETIMEOUT' },
  connect: { result: 'timeout', code: 'TIMEOUT' },
  tls: { result: 'timeout' },
};

/** Addresses a DNS step found (`evidence.addresses`), if it says. */
export function addressesOf(step: StepEvidence | undefined): string[] | undefined {
  const raw = step?.evidence as { addresses?: unknown } | undefined;
  if (!raw || !Array.isArray(raw.addresses)) return undefined;
  // The DNS check lists `{ address, family }`; plain strings are accepted too.
  return raw.addresses
    .map((a: unknown) => (typeof a === 'string' ? a : (a as { address?: unknown })?.address))
    .filter((a): a is string => typeof a === 'string');
}

/** The address a connect step used (`evidence.address` or `evidence.addressUsed`), if it says. */
export function addressOf(step: StepEvidence | undefined): string | undefined {
  const raw = step?.evidence as { address?: unknown; addressUsed?: unknown; remoteAddress?: unknown } | undefined;
  const a = raw?.address ?? raw?.addressUsed ?? raw?.remoteAddress;
  return typeof a === 'string' ? a : undefined;
}

/** The output of an `xstate.done.actor.*` event (typed loosely: the machine's events are a union). */
export function outputOf(event: unknown): StepEvidence {
  return (event as { output: StepEvidence }).output;
}

/** The message of an `xstate.error.actor.*` event. */
export function errorOf(event: unknown): string {
  const e = (event as { error?: unknown }).error;
  return e instanceof Error ? e.message : String(e ?? 'unknown error');
}

/**
 * Every address's connect step, in resolver order, for a connect step that tried several (the
 * connect adapter attaches them, not enumerable); the step itself when it tried one.
 */
export function allAttempts(step: StepEvidence): StepEvidence[] {
  const all = (step as { attempts?: StepEvidence[] }).attempts;
  return all?.length ? all : [step];
}
