/**
 * The guide's decision tree as an XState v5 machine: intake → dns → connect → ping → observe →
 * (tls) → one branch per verdict, each offering the follow-up checks that tell its causes apart.
 *
 * The machine does no I/O. Checks are invoked actors (see actors.ts for the real ones); leaving a
 * state stops its actor, which aborts the check through its signal. Every transition caused by a
 * check, a timeout or the user is written to `context.record` with the evidence behind it.
 */
import { assign, fromPromise, setup } from 'xstate';
import { VERDICTS, type StepEvidence, type StepId, type Verdict } from '../evidence.js';
import { FOLLOW_UPS, followUpsFor, verdictSoFar } from './branching.js';
import { OVERDUE_EVIDENCE, addressOf, addressesOf, errorOf, outputOf, syntheticEvidence } from './evidence-helpers.js';
import type { FollowUp, GuideContext, GuideEvent, GuideInput, MainStep, RecordEntry, StepInput } from './types.js';

/**
 * Where each main step goes when it has not found a fault, and whether its evidence may decide a
 * verdict at once (`decides`).
 *
 * Connect runs before ping, and ping always follows connect (even a failed one), because routers
 * rate-limit ICMP errors per destination host. Measured on Linux 6.18 (lab router without a route
 * to the target, default sysctls): a "net unreachable" pays net.ipv4.route.error_cost (1 s) and
 * net.ipv4.icmp_ratelimit (1 s) from one per-host bucket of at most 5 s, so a burst of 2 errors,
 * then at most one per 2 s, and every probe in between drains the bucket again. Ping first (3
 * probes, 50 ms apart): probes 1-2 got the error, probe 3 and the SYN plus every 1 s retransmission
 * got silence for 7.1 s, so a 3.5 s budget said `filtered`. Connect first: ENETUNREACH after 6 ms,
 * and ping after it still got 1 error of 3 (ICMP evidence kept, plus the rate limit's signature).
 * Running both at once is a race for the first tokens; spacing them needs 2 s of silence per check.
 * (ICMPv6 on the same kernel: 100 ms per token, all 3 probes and the SYN got their errors.)
 */
const NEXT: Record<MainStep, { next: (ctx: GuideContext) => string; decides: boolean }> = {
  dns: { next: () => 'connect', decides: true },
  // Ping's ICMP errors join the connect step's evidence before any verdict.
  connect: { next: () => 'ping', decides: false },
  ping: { next: () => 'observe', decides: true },
  observe: { next: (ctx) => ((ctx.options.tls ?? ctx.target?.tls) ? 'tls' : 'decide'), decides: true },
  tls: { next: () => 'decide', decides: true },
};

/** A branch state per verdict, plus `undecided` when connect never ran. */
export const BRANCHES: readonly (Verdict | 'undecided')[] = [...VERDICTS, 'undecided'];

/** The state the evidence leads to: a verdict branch, or the next main step. */
function destination(ctx: GuideContext, step: MainStep): string {
  const verdict = NEXT[step].decides ? verdictSoFar(ctx.steps) : undefined;
  if (verdict) return verdict;
  const next = NEXT[step].next(ctx);
  if (next !== 'decide') return next;
  return ctx.steps.connect?.outcome === 'pass' ? 'open' : 'undecided';
}

function entry(ctx: GuideContext, e: Omit<RecordEntry, 'seq'>): RecordEntry[] {
  return [...ctx.record, { seq: ctx.record.length + 1, at: new Date().toISOString(), ...e }];
}

function because(ev: StepEvidence): string {
  const why = ev.outcome === 'pass' ? '' : ev.reason && ev.reason !== ev.summary ? ` (${ev.reason})` : '';
  return `${ev.id}: ${ev.summary}${why}`;
}

/** Takes a step's evidence into the context and records the move it causes. */
function take(ctx: GuideContext, ev: StepEvidence, from: string, event: string, main: boolean): Partial<GuideContext> {
  const steps = { ...ctx.steps, [ev.id]: ev };
  const next: GuideContext = { ...ctx, steps };
  if (ev.id === 'dns') next.addresses = addressesOf(ev) ?? ctx.addresses;
  if (ev.id === 'connect') next.address = addressOf(ev) ?? next.addresses[0];
  // A follow-up normally returns to its branch; one that moves the verdict (a failing TLS
  // follow-up on an open port) sends the guide to the new branch.
  const to = main ? destination(next, ev.id as MainStep) : (verdictSoFar(steps) ?? from);
  return {
    steps,
    addresses: next.addresses,
    address: next.address,
    order: [...ctx.order.filter((s) => s !== ev.id), ev.id],
    record: entry(ctx, { from, to, event, step: ev.id, because: because(ev), evidence: ev }),
  };
}

function stepInput(ctx: GuideContext, step: StepId): StepInput {
  return { step, target: ctx.target!, addresses: ctx.addresses, address: ctx.address, symptom: ctx.symptom, options: ctx.options, previous: ctx.steps };
}

const notBuilt = (id: StepId) =>
  fromPromise<StepEvidence, StepInput>(async () => syntheticEvidence(id, 'unavailable', `${id}: not built yet`));

function intakeReason(input: GuideInput): string {
  const t = input.target;
  return `target ${t ? `${t.host}:${t.port}` : '?'}${input.symptom ? `, symptom: ${input.symptom}` : ''}`;
}

function freshContext(input: GuideInput): GuideContext {
  return {
    target: input.target,
    options: input.options ?? {},
    symptom: input.symptom,
    mode: input.mode ?? 'interactive',
    autoFollowUps: input.autoFollowUps ?? false,
    stepLimitMs: input.stepLimitMs ?? 180_000,
    slowHintMs: input.slowHintMs ?? 4_000,
    addresses: [],
    steps: {},
    order: [],
    slow: false,
    whyOpen: false,
    record: [],
  };
}

const guideSetup = setup({
  types: {} as { context: GuideContext; events: GuideEvent; input: GuideInput },
  actors: {
    dns: notBuilt('dns'),
    ping: notBuilt('ping'),
    connect: notBuilt('connect'),
    observe: notBuilt('observe'),
    tls: notBuilt('tls'),
    scan: notBuilt('scan'),
    traceroute: notBuilt('traceroute'),
    capture: notBuilt('capture'),
    sockets: notBuilt('sockets'),
  },
  delays: {
    stepLimit: ({ context }) => context.stepLimitMs,
    slowHint: ({ context }) => context.slowHintMs,
  },
  guards: {
    hasTarget: ({ context }) => context.target !== undefined,
    /** The last recorded move goes to `state` (every step's outcome is routed through here). */
    routedTo: ({ context }, params: { state: string }) => context.record.at(-1)?.to === params.state,
    chose: ({ event }, params: { followUp: FollowUp }) => event.type === 'user.choose' && event.followUp === params.followUp,
    autoPending: ({ context }, params: { followUp: FollowUp }) =>
      context.mode === 'headless' && context.autoFollowUps && followUpsFor(context).includes(params.followUp),
    headless: ({ context }) => context.mode === 'headless',
  },
  actions: {
    startStep: assign((_, params: { step: StepId }) => ({ running: params.step, progress: undefined, slow: false })),
    endStep: assign({ running: undefined, progress: undefined, slow: false }),
    markSlow: assign({ slow: true }),
    takeDone: assign(({ context, event }, params: { from: string; main: boolean }) =>
      take(context, outputOf(event), params.from, 'check.done', params.main),
    ),
    takeError: assign(({ context, event }, params: { step: StepId; from: string; main: boolean }) =>
      take(context, syntheticEvidence(params.step, 'unavailable', `the ${params.step} check could not run`, errorOf(event)), params.from, 'check.error', params.main),
    ),
    takeSkip: assign(({ context }, params: { step: StepId; from: string; main: boolean }) =>
      take(context, syntheticEvidence(params.step, 'skipped', 'skipped by the user'), params.from, 'user.skip', params.main),
    ),
    takeOverdue: assign(({ context }, params: { step: StepId; from: string; main: boolean }) =>
      take(
        context,
        syntheticEvidence(
          params.step,
          params.main && params.step !== 'ping' ? 'fail' : 'unavailable',
          `no result after ${Math.round(context.stepLimitMs / 1000)} s`,
          'timed out: the guide stopped waiting',
          OVERDUE_EVIDENCE[params.step],
        ),
        params.from,
        'guide.timeout',
        params.main,
      ),
    ),
    setVerdict: assign((_, params: { verdict: Verdict | undefined }) => ({ verdict: params.verdict })),
    toggleWhy: assign(({ context }) => ({ whyOpen: !context.whyOpen })),
    closeWhy: assign({ whyOpen: false }),
    takeProgress: assign(({ context, event }) =>
      event.type === 'check.progress' && event.progress.step === context.running ? { progress: event.progress } : {},
    ),
    newSession: assign(({ context, event }) => {
      const target = event.type === 'user.target' || event.type === 'user.newTarget' ? event.target : context.target;
      // A symptom known before the target (read from a pasted error) survives the intake prompt.
      const symptom = event.type === 'user.newTarget' ? event.symptom : event.type === 'user.target' ? (event.symptom ?? context.symptom) : context.symptom;
      const fresh = freshContext({ ...context, target, symptom });
      const from = context.target ? 'session' : 'intake';
      return { ...fresh, record: entry(context, { from, to: 'dns', event: event.type, because: intakeReason({ target, symptom }) }) };
    }),
    recordUser: assign(({ context, event }, params: { from: string; to: string; because: string }) => ({
      record: entry(context, { from: params.from, to: params.to, event: event.type, because: params.because }),
    })),
  },
});

type Params = { step: StepId; from: string; main: boolean };

/** A step state: run the check, then route by what it found; skip, re-run and overdue handled here. */
function stepState(step: StepId, from: string, main: boolean, route: string) {
  const params: Params = { step, from, main };
  return {
    entry: [{ type: 'startStep' as const, params: { step } }, 'closeWhy' as const],
    exit: 'endStep' as const,
    invoke: {
      src: step,
      input: ({ context }: { context: GuideContext }) => stepInput(context, step),
      onDone: { target: route, actions: { type: 'takeDone' as const, params } },
      onError: { target: route, actions: { type: 'takeError' as const, params } },
    },
    after: {
      slowHint: { actions: 'markSlow' as const },
      stepLimit: { target: route, actions: { type: 'takeOverdue' as const, params } },
    },
    on: {
      'user.skip': { target: route, actions: { type: 'takeSkip' as const, params } },
      'user.rerun': { target: `#guide.${from === step ? step : `${from}.${step}`}`, reenter: true },
    },
  };
}

const MAIN: MainStep[] = ['dns', 'connect', 'ping', 'observe', 'tls'];
const ALL_FOLLOW_UPS: FollowUp[] = ['scan', 'traceroute', 'capture', 'sockets', 'tls'];

/** A verdict's branch: advice (waiting for the user's choice, or auto in headless mode) and its follow-ups. */
function branchState(verdict: Verdict | 'undecided') {
  const offered = verdict === 'undecided' ? [] : FOLLOW_UPS[verdict];
  const states: Record<string, unknown> = {
    advice: {
      always: [
        ...offered.map((followUp) => ({ guard: { type: 'autoPending' as const, params: { followUp } }, target: followUp })),
        { guard: 'headless' as const, target: '#guide.done' },
      ],
      on: {
        'user.choose': offered.map((followUp) => ({ guard: { type: 'chose' as const, params: { followUp } }, target: followUp })),
        'user.done': { target: '#guide.done', actions: { type: 'recordUser' as const, params: { from: verdict, to: 'done', because: 'the user is done' } } },
        'user.rerun': { target: '#guide.intake', actions: 'newSession' as const },
      },
    },
  };
  for (const f of offered) states[f] = stepState(f, verdict, false, '#guide.route');
  return {
    entry: { type: 'setVerdict' as const, params: { verdict: verdict === 'undecided' ? undefined : verdict } },
    initial: 'advice',
    states,
  };
}

// DNS is always entered from intake; every other main step and every branch is routed to.
const routeTargets = [...MAIN.filter((s) => s !== 'dns'), ...BRANCHES];

/** The guide. Provide real checks with `guideMachine.provide({ actors })` (see actors.ts). */
export const guideMachine = guideSetup.createMachine({
  id: 'guide',
  context: ({ input }: { input: GuideInput }) => {
    const ctx = freshContext(input);
    if (!input.target) return ctx;
    return { ...ctx, record: [{ seq: 1, at: new Date().toISOString(), from: 'intake', to: 'dns', event: 'input', because: intakeReason(input) }] };
  },
  initial: 'intake',
  on: {
    'user.why': { actions: 'toggleWhy' },
    'user.stop': { target: '.stopped', actions: { type: 'recordUser', params: { from: 'session', to: 'stopped', because: 'the user stopped' } } },
    'user.newTarget': { target: '.intake', actions: 'newSession' },
    'check.progress': { actions: 'takeProgress' },
  },
  states: {
    intake: {
      always: { guard: 'hasTarget', target: 'dns' },
      on: { 'user.target': { target: 'dns', actions: 'newSession' } },
    },
    ...Object.fromEntries(MAIN.map((s) => [s, stepState(s, s, true, '#guide.route')])),
    /** Transient: follows the move the last recorded evidence decided. */
    route: {
      always: routeTargets.map((state) => ({ guard: { type: 'routedTo' as const, params: { state } }, target: state })),
    },
    ...Object.fromEntries(BRANCHES.map((v) => [v, branchState(v)])),
    done: {
      on: { 'user.rerun': { target: 'intake', actions: 'newSession' } },
    },
    stopped: { type: 'final' },
  },
} as never);

/** The top-level state a snapshot is in (`connect`, `refused`, `done`, ...). */
export function topState(value: unknown): string {
  return typeof value === 'string' ? value : Object.keys(value as object)[0] ?? '';
}

/** The state under a branch (`advice`, `scan`, ...), if any. */
export function subState(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = Object.values(value as Record<string, unknown>)[0];
  return typeof inner === 'string' ? inner : undefined;
}
