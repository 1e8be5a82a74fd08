/**
 * The conversation as an XState v5 machine. It keeps the thread, routes each message (route.ts),
 * plans what to do (plan.ts) and runs it: a check is the guide machine invoked as a child (id and
 * systemId `guide`, so a UI can render its live step cards), everything else a promise actor.
 * Leaving a running state stops its actor, which aborts the work through its signal.
 *
 * No I/O and no Ink here: the real actors are in actors.ts; tests provide stand-ins.
 * One reply per message: every message (or accept) ends in exactly one transcript reply.
 */
import { assign, fromPromise, setup, type AnyActorRef, type SnapshotFrom } from 'xstate';
import type { CheckReport } from '../evidence.js';
import { guideMachine, topState } from '../guide/machine.js';
import { reportFrom } from '../guide/headless.js';
import type { GuideContext } from '../guide/types.js';
import { echo, lineCount } from './inert.js';
import { CHAT_CAPTURE_LISTEN_MS, plan, threadAfter, type Job, type JobKind } from './plan.js';
import { route } from './route.js';
import { readOfferReply } from './offer-replies.js';
import { STARTERS, suggestionsFor } from './suggest.js';
import { explainReply } from './replies.js';
import type { ChatContext, ChatEvent, Reply, Thread, TranscriptItem } from './types.js';

export interface ChatInput {
  thread?: Thread;
  /** False: every check, scan and capture is offered first ("yes" runs it). For bots: `chat --no-auto-check`. */
  autoCheck?: boolean;
}

/** The machine's context: what a UI reads (ChatContext) plus the job in hand. */
export interface ChatMachineContext extends ChatContext {
  job?: Job;
  /** When the running job started (ms since the epoch), for the check report's duration. */
  startedAt?: number;
  /** See ChatInput.autoCheck. */
  autoCheck: boolean;
}

/** Inputs of the promise actors: the job itself. */
export type JobInput<K extends JobKind> = Extract<Job, { run: K }>;

const notWired = (name: string) =>
  fromPromise<Reply, unknown>(async () => ({ kind: 'error', text: `${name} is not available in this build.` }));

/** The jobs that run as promise actors (a check runs the guide; `reply` runs nothing). */
export const PROMISE_JOBS = ['explain', 'ask', 'scan', 'watch', 'from', 'hold', 'traceroute', 'capture', 'lab', 'lesson', 'quiz', 'report', 'drill', 'drill-answer', 'drill-check', 'server', 'two-sided', 'quit'] as const;
type PromiseJob = (typeof PROMISE_JOBS)[number];

const LABELS: Record<Exclude<JobKind, 'reply'>, (job: Job) => string> = {
  check: (j) => (j.run === 'check' ? `checking ${j.target.host}:${j.target.port}` : 'checking'),
  explain: () => 'reading the error',
  ask: () => 'looking it up in the lessons',
  scan: (j) => (j.run === 'scan' ? `scanning ${j.host}${j.ports ? ` (ports ${j.ports})` : ''}` : 'scanning'),
  watch: (j) => (j.run === 'watch' ? `checking ${j.target.host}:${j.target.port} ${j.count} times, ${j.ratePerSecond} a second` : 'watching'),
  from: (j) => (j.run === 'from' ? `checking ${j.target.host}:${j.target.port} from ${j.group ? `the ${j.group} group` : j.names.map((n) => (n === 'local' ? 'here' : n)).join(', ')}` : 'checking from elsewhere'),
  hold: (j) => (j.run === 'hold' ? `checking ${j.target.host}:${j.target.port}, then holding a connection idle for up to ${j.holdMs / 1000} s` : 'holding a connection'),
  traceroute: (j) => (j.run === 'traceroute' ? `tracing the route to ${j.target.host}` : 'tracing'),
  capture: (j) => (j.run === 'capture' ? `capturing ${Math.round((j.listenMs ?? CHAT_CAPTURE_LISTEN_MS) / 1000)} s of traffic to ${j.target.host}:${j.target.port}` : 'capturing'),
  lab: (j) => (j.run === 'lab' && j.scenario ? `building lab scenario ${j.scenario} and checking it` : 'listing lab scenarios'),
  lesson: () => 'opening the lesson',
  quiz: () => 'picking a question',
  report: () => 'writing the report',
  drill: (j) => (j.run === 'drill' ? ({ start: 'setting up a fault you cannot see', hint: 'finding a hint', status: 'reading the drill', stop: 'tearing the drill down' } as const)[j.action] : 'drill'),
  'drill-answer': () => 'grading your answer (one more check shows the evidence)',
  'drill-check': (j) => (j.run === 'drill-check' ? `checking ${j.drill.target.host}:${j.drill.target.port} from the drill's client namespace` : 'checking'),
  server: (j) => (j.run === 'server' ? `reading the server side of port ${j.port} on this host` : 'reading the server side'),
  'two-sided': (j) => (j.run === 'two-sided' ? `checking ${j.target.host}:${j.target.port} from both sides (server: ${j.destination})` : 'checking from both sides'),
  quit: () => 'stopping the drill before leaving',
};

function pushReply(context: ChatMachineContext, reply: Reply): Partial<ChatMachineContext> {
  const thread = threadAfter(context.thread, reply, context.job);
  const item: TranscriptItem = { id: context.seq, role: 'bot', reply };
  const transcript = reply.kind === 'clear' ? [] : [...context.transcript, item];
  return { thread, transcript, seq: context.seq + 1, replies: context.replies + 1, suggestions: suggestionsFor(reply, thread), job: undefined, running: undefined, startedAt: undefined };
}

function failed(error: unknown): Reply {
  const msg = error instanceof Error ? error.message : String(error);
  return { kind: 'error', text: `That did not work: ${msg.split('\n')[0]}` };
}

/** The user's message as the transcript keeps it: inert, cut to the echo limit, with its real line count. */
function userItem(id: number, text: string): TranscriptItem {
  return { id, role: 'user', text: echo(text), lines: lineCount(text) };
}

/** Takes one message: records it (inert) and plans the job. */
function take(context: ChatMachineContext, text: string, typed: boolean): Partial<ChatMachineContext> {
  const planned = plan(route(text, context.thread), context.thread, { autoCheck: context.autoCheck });
  const transcript = typed ? [...context.transcript, userItem(context.seq, text)] : context.transcript;
  return { job: planned.job, thread: planned.thread, transcript, seq: typed ? context.seq + 1 : context.seq };
}

/** While something runs: "stop", "cancel that", "forget it", "ok stop watching" stop it (the offer reader's cancel). */
const isStopText = (text: string) => readOfferReply(text, false)?.followUp === 'cancel';

export const chatSetup = setup({
  types: {} as { context: ChatMachineContext; events: ChatEvent; input: ChatInput },
  actors: {
    guide: guideMachine,
    explain: fromPromise<Reply, JobInput<'explain'>>(async ({ input }) => explainReply(input.text)),
    ask: notWired('ask'),
    scan: notWired('scan'),
    watch: notWired('watch'),
    from: notWired('the check from elsewhere'),
    hold: notWired('the held connection'),
    traceroute: notWired('traceroute'),
    capture: notWired('capture'),
    lab: notWired('the lab'),
    lesson: notWired('lessons'),
    quiz: notWired('quizzes'),
    report: notWired('the report writer'),
    drill: notWired('drills'),
    'drill-answer': notWired('drills'),
    'drill-check': notWired('drills'),
    server: notWired('the server-side checklist'),
    'two-sided': notWired('the two-sided check'),
    quit: fromPromise<Reply, JobInput<'quit'>>(async () => ({ kind: 'quit', text: 'Bye.' })),
  },
  guards: {
    jobIs: ({ context }, params: { run: JobKind }) => context.job?.run === params.run,
    hasQueued: ({ context }) => context.queue.length > 0,
    isStop: ({ event }) => event.type === 'user.message' && isStopText(event.text),
    guideDone: (_, params: { snapshot: SnapshotFrom<typeof guideMachine> }) => topState(params.snapshot.value) === 'done',
  },
  actions: {
    takeMessage: assign(({ context, event }) => (event.type === 'user.message' ? take(context, event.text, true) : {})),
    takeAccept: assign(({ context }) => take(context, '', false)),
    takeQueued: assign(({ context }) => ({ ...take(context, context.queue[0], false), queue: context.queue.slice(1) })),
    enqueue: assign(({ context, event }) =>
      event.type === 'user.message' ? { queue: [...context.queue, event.text], transcript: [...context.transcript, userItem(context.seq, event.text)], seq: context.seq + 1 } : {},
    ),
    recordUser: assign(({ context, event }) =>
      event.type === 'user.message' ? { transcript: [...context.transcript, userItem(context.seq, event.text)], seq: context.seq + 1 } : {},
    ),
    replyNow: assign(({ context }) => (context.job?.run === 'reply' ? pushReply(context, context.job.reply) : {})),
    replyOutput: assign(({ context }, params: { output: unknown }) => pushReply(context, params.output as Reply)),
    replyFailed: assign(({ context }, params: { error: unknown }) => pushReply(context, failed(params.error))),
    replyStopped: assign(({ context }) => pushReply(context, { kind: 'stopped', what: context.running?.what ?? null, text: `Stopped ${context.running?.label ?? 'it'}.` })),
    replyNothingRunning: assign(({ context }) => pushReply(context, { kind: 'stopped', what: null, text: 'Nothing is running.' })),
    replyCheck: assign(({ context }, params: { guide: GuideContext }) => {
      const started = context.startedAt ?? Date.now();
      const report: CheckReport = reportFrom(params.guide, new Date(started), Date.now() - started);
      return pushReply(context, { kind: 'check', ...report });
    }),
    startRunning: assign(({ context }) => {
      const job = context.job!;
      const what = job.run === 'reply' ? 'reply' : job.run;
      return { running: { id: context.seq, what, label: job.run === 'reply' ? '' : LABELS[job.run](job) }, startedAt: Date.now() };
    }),
    clearTranscript: assign({ transcript: [] }),
  },
});

/** A state that runs one promise job and replies with its output. */
function jobState(kind: PromiseJob) {
  return {
    entry: 'startRunning' as const,
    invoke: {
      src: kind,
      input: ({ context }: { context: ChatMachineContext }) => context.job as never,
      onDone: { target: 'idle', actions: { type: 'replyOutput' as const, params: ({ event }: { event: { output: unknown } }) => ({ output: event.output }) } },
      onError: { target: 'idle', actions: { type: 'replyFailed' as const, params: ({ event }: { event: { error: unknown } }) => ({ error: event.error }) } },
    },
    on: {
      'user.cancel': { target: 'idle', actions: 'replyStopped' as const },
      'user.message': [
        { guard: 'isStop' as const, target: 'idle', actions: ['recordUser' as const, 'replyStopped' as const] },
        { actions: 'enqueue' as const },
      ],
    },
  };
}

/** The chat. Provide real actors with `chatMachine.provide({ actors: realChatActors() })` (actors.ts). */
export const chatMachine = chatSetup.createMachine({
  id: 'chat',
  context: ({ input }) => ({ thread: input?.thread ?? {}, transcript: [], suggestions: [...STARTERS], seq: 1, queue: [], replies: 0, autoCheck: input?.autoCheck !== false }),
  initial: 'idle',
  states: {
    idle: {
      always: { guard: 'hasQueued', target: 'dispatch', actions: 'takeQueued' },
      on: {
        'user.message': { target: 'dispatch', actions: 'takeMessage' },
        'user.accept': { target: 'dispatch', actions: 'takeAccept' },
        'user.cancel': { actions: 'replyNothingRunning' },
        'user.clear': { actions: 'clearTranscript' },
      },
    },
    dispatch: {
      always: [
        { guard: { type: 'jobIs', params: { run: 'reply' } }, target: 'idle', actions: 'replyNow' },
        { guard: { type: 'jobIs', params: { run: 'check' } }, target: 'checking' },
        ...PROMISE_JOBS.map((run) => ({ guard: { type: 'jobIs' as const, params: { run } }, target: run })),
      ],
    },
    checking: {
      entry: 'startRunning',
      invoke: {
        id: 'guide',
        systemId: 'guide',
        src: 'guide',
        input: ({ context }) => {
          const job = context.job as JobInput<'check'>;
          return { target: job.target, symptom: job.symptom, options: job.options, mode: 'headless' as const, autoFollowUps: false };
        },
        onSnapshot: [
          // The live step cards read the guide child itself (runningGuide): nothing is copied here.
          { guard: { type: 'guideDone', params: ({ event }) => ({ snapshot: event.snapshot as SnapshotFrom<typeof guideMachine> }) }, target: 'idle', actions: { type: 'replyCheck', params: ({ event }) => ({ guide: (event.snapshot as SnapshotFrom<typeof guideMachine>).context }) } },
        ],
        onDone: { target: 'idle', actions: 'replyStopped' },
        onError: { target: 'idle', actions: { type: 'replyFailed', params: ({ event }) => ({ error: event.error }) } },
      },
      on: {
        'user.cancel': { target: 'idle', actions: 'replyStopped' },
        'user.message': [{ guard: 'isStop', target: 'idle', actions: ['recordUser', 'replyStopped'] }, { actions: 'enqueue' }],
      },
    },
    ...Object.fromEntries(PROMISE_JOBS.map((kind) => [kind, jobState(kind)])),
  },
});

/** The guide child of a chat snapshot while a check runs (render its snapshot as live step cards). */
export function runningGuide(snapshot: { children: Record<string, AnyActorRef | undefined> }): AnyActorRef | undefined {
  return snapshot.children.guide;
}
