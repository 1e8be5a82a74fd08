/**
 * The guide without a screen: the same machine and decision path, driven to its verdict and
 * turned into the CheckReport that `check --json` prints (runCheck in run-check.ts runs this).
 */
import { createActor, fromPromise, waitFor, type AnyActorLogic } from 'xstate';
import type { CheckReport, Progress, StepEvidence, StepId, Target } from '../evidence.js';
import { startCapture, type CaptureSession } from '../checks/capture.js';
import { addressResults, diagnose } from '../diagnosis/index.js';
import { learnSource, withStory } from './story-context.js';
import { ADAPTERS, GUIDE_SYSTEM_ID, realActors } from './actors.js';
import { allAttempts } from './evidence-helpers.js';
import { orderedSteps } from './branching.js';
import { guideMachine, topState } from './machine.js';
import type { CheckOptions, GuideContext, RecordEntry, StepInput, Symptom } from './types.js';

export interface HeadlessOptions {
  signal?: AbortSignal;
  symptom?: Symptom;
  options?: CheckOptions;
  /** Capture with tcpdump from before the first SYN until the verdict (`check --capture`). */
  capture?: boolean;
  /** Also run the verdict's follow-up checks (scan, traceroute, capture, ...). */
  followUps?: boolean;
  stepLimitMs?: number;
  /** Stand-in actors (tests); the real checks otherwise. */
  actors?: Partial<Record<StepId, AnyActorLogic>>;
  onProgress?: (p: Progress) => void;
  /** Called as each step's evidence arrives, in order (connect attempts on other addresses first). */
  onStep?: (s: StepEvidence) => void;
  /** Called for each record entry as it is written. */
  onRecord?: (entry: RecordEntry) => void;
}

export interface HeadlessResult {
  report: CheckReport;
  context: GuideContext;
}

/** Every address's connect step, not only the chosen one (orderedSteps lists each in turn). */
function reportSteps(ctx: GuideContext, extra: StepEvidence[]): StepEvidence[] {
  return [...orderedSteps(ctx.steps, ctx.order), ...extra];
}

/** Builds the `check --json` report from the guide's context (and a capture step, if one ran). */
export function reportFrom(ctx: GuideContext, startedAt: Date, durationMs: number, extra: StepEvidence[] = []): CheckReport {
  const steps = reportSteps(ctx, extra).map(stripSocket);
  const d = diagnose(steps);
  const verdict = ctx.verdict ?? d.verdict;
  const report: CheckReport = {
    target: { host: ctx.target?.host ?? '', port: ctx.target?.port ?? 0, addresses: ctx.addresses, addressUsed: ctx.address, results: addressResults(steps, verdict) },
    verdict,
    meaning: d.meaning,
    steps,
    findings: d.findings,
    details: d.details,
    lessons: d.lessons,
    startedAt: startedAt.toISOString(),
    durationMs,
  };
  return withStory(report);
}

/** The connect step may carry its live socket (for observe); the report holds only data. */
function stripSocket(s: StepEvidence): StepEvidence {
  (s as { socket?: { destroy(): void } }).socket?.destroy();
  return s;
}

/** Runs the guide headless on `target` until it reaches a verdict (and its follow-ups, if asked). */
export async function runGuideHeadless(target: Target, opts: HeadlessOptions = {}): Promise<HeadlessResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  let capturing: CaptureSession | undefined;
  const actors: Record<string, AnyActorLogic> = { ...realActors(), ...opts.actors };
  if (opts.capture) {
    // tcpdump starts once DNS has named the addresses and before the first SYN leaves.
    actors.connect = fromPromise<StepEvidence, StepInput>(async ({ input, signal, system }) => {
      capturing ??= await startCapture({ address: input.addresses[0] ?? target.host, alsoAddresses: input.addresses, port: target.port }, { signal });
      const onProgress = (progress: Progress) => system.get(GUIDE_SYSTEM_ID)?.send({ type: 'check.progress', progress });
      return ADAPTERS.connect(input, { signal, onProgress });
    });
  }
  const machine = guideMachine.provide({ actors: actors as never });
  const actor = createActor(machine, {
    systemId: GUIDE_SYSTEM_ID,
    input: { target, symptom: opts.symptom, options: opts.options, mode: 'headless', autoFollowUps: opts.followUps ?? false, stepLimitMs: opts.stepLimitMs },
  });
  let seen = 0;
  let lastProgress: Progress | undefined;
  actor.subscribe((snap) => {
    const rec = snap.context.record;
    // (not `onRecord?.(rec[seen++])`: an optional call skips its arguments, so seen would never move)
    for (; seen < rec.length; seen++) {
      opts.onRecord?.(rec[seen]);
      const ev = rec[seen].evidence;
      if (ev) for (const s of ev.id === 'connect' ? allAttempts(ev) : [ev]) opts.onStep?.(s);
    }
    const p = snap.context.progress;
    if (p && p !== lastProgress) opts.onProgress?.((lastProgress = p));
  });
  const onAbort = () => actor.send({ type: 'user.stop' });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    actor.start();
    if (opts.signal?.aborted) onAbort();
    const snap = await waitFor(actor, (s) => topState(s.value) === 'done' || s.status === 'done', { timeout: Infinity });
    const extra: StepEvidence[] = [];
    if (capturing) {
      const step = await capturing.stop();
      capturing = undefined;
      extra.push(step);
      opts.onStep?.(step);
    }
    if (opts.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    const report = reportFrom(snap.context, startedAt, performance.now() - t0, extra);
    // A socket that never had a local address (refused, unreachable): the route names the source.
    if (await learnSource(report, opts.signal)) withStory(report);
    return { report, context: snap.context };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    actor.stop();
    await capturing?.stop().catch(() => undefined);
  }
}
