/**
 * The guide without a screen: the same machine and decision path, driven to its verdict and
 * turned into the CheckReport that `check --json` prints. Plain mode prints its transcript.
 */
import { createActor, waitFor, type AnyActorLogic } from 'xstate';
import type { CheckReport, Progress, StepEvidence, StepId, Target } from '../evidence.js';
import { diagnose } from '../diagnosis/index.js';
import { GUIDE_SYSTEM_ID, realActors } from './actors.js';
import { orderedSteps } from './branching.js';
import { guideMachine, topState } from './machine.js';
import type { GuideContext, RecordEntry, Symptom } from './types.js';

export interface HeadlessOptions {
  signal?: AbortSignal;
  symptom?: Symptom;
  /** Also run the verdict's follow-up checks (scan, traceroute, capture, ...). */
  followUps?: boolean;
  stepLimitMs?: number;
  /** Stand-in actors (tests); the real checks otherwise. */
  actors?: Partial<Record<StepId, AnyActorLogic>>;
  onProgress?: (p: Progress) => void;
  /** Called for each record entry as it is written. */
  onRecord?: (entry: RecordEntry) => void;
}

export interface HeadlessResult {
  report: CheckReport;
  context: GuideContext;
}

/** Builds the `check --json` report from the guide's context. */
export function reportFrom(ctx: GuideContext, startedAt: Date, durationMs: number): CheckReport {
  const steps = orderedSteps(ctx.steps, ctx.order);
  const d = diagnose(steps);
  return {
    target: { host: ctx.target?.host ?? '', port: ctx.target?.port ?? 0, addresses: ctx.addresses, addressUsed: ctx.address },
    verdict: ctx.verdict ?? d.verdict,
    meaning: d.meaning,
    steps: steps.map(stripSocket),
    findings: d.findings,
    details: d.details,
    lessons: d.lessons,
    startedAt: startedAt.toISOString(),
    durationMs,
  };
}

/** The connect step may carry its live socket (for observe); the report holds only data. */
function stripSocket(s: StepEvidence): StepEvidence {
  const socket = (s as { socket?: { destroy(): void } }).socket;
  socket?.destroy();
  return s;
}

/** Runs the guide headless on `target` until it reaches a verdict (and its follow-ups, if asked). */
export async function runGuideHeadless(target: Target, opts: HeadlessOptions = {}): Promise<HeadlessResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const machine = guideMachine.provide({ actors: { ...realActors(), ...opts.actors } as never });
  const actor = createActor(machine, {
    systemId: GUIDE_SYSTEM_ID,
    input: { target, symptom: opts.symptom, mode: 'headless', autoFollowUps: opts.followUps ?? false, stepLimitMs: opts.stepLimitMs },
  });
  let seen = 0;
  actor.subscribe((snap) => {
    const rec = snap.context.record;
    // (not `onRecord?.(rec[seen++])`: an optional call skips its arguments, so seen would never move)
    for (; seen < rec.length; seen++) opts.onRecord?.(rec[seen]);
    if (snap.context.progress) opts.onProgress?.(snap.context.progress);
  });
  const onAbort = () => actor.send({ type: 'user.stop' });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    actor.start();
    if (opts.signal?.aborted) onAbort();
    const snap = await waitFor(actor, (s) => topState(s.value) === 'done' || s.status === 'done', { timeout: Infinity });
    const ctx = snap.context;
    return { report: reportFrom(ctx, startedAt, performance.now() - t0), context: ctx };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    actor.stop();
  }
}
