/** Small pure helpers the machine uses to make and read step evidence. */
import type { StepEvidence, StepId } from '../evidence.js';

/** Evidence for a step that did not produce any: skipped by the user, crashed, or overdue. */
export function syntheticEvidence(
  id: StepId,
  outcome: StepEvidence['outcome'],
  summary: string,
  reason = summary,
): StepEvidence {
  return { id, outcome, durationMs: 0, summary, reason, evidence: {} };
}

/** Addresses a DNS step found (`evidence.addresses`), if it says. */
export function addressesOf(step: StepEvidence | undefined): string[] | undefined {
  const raw = step?.evidence as { addresses?: unknown } | undefined;
  if (raw && Array.isArray(raw.addresses)) return raw.addresses.filter((a): a is string => typeof a === 'string');
  return undefined;
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
