/**
 * From what a message is (a Route) and the thread to what the chat does: run something (a check,
 * a scan, explain, ask…) or answer at once (why?, is it the firewall?, help, a prompt). Pure; the
 * machine runs the result. Also: how the thread changes when a reply arrives.
 */
import type { CheckReport, Target } from '../evidence.js';
import type { CheckOptions, Symptom } from '../guide/types.js';
import { formatHostPort } from '../target.js';
import { targetOf } from './replies.js';
import { firewallReply, overTimeWhy, whyReply } from './answers.js';
import { helpReply, unknownReply } from './help-text.js';
import { confirmReply, smalltalkReply, unclearReply } from './talk-replies.js';
import { lessonFor, readFollowUp, scenarioFor } from './phrases.js';
import type { FollowUpAction, Offer, Reply, Route, Thread, ThreadDrill } from './types.js';
import type { DrillLevel } from '../drill/catalogue.js';
import type { DrillAction, DrillAnswerWords } from './drill-phrases.js';
import { drillJob, fromDrillNamespace, serverSideJob } from './plan-drill.js';

/** What the machine runs for one message. */
export type Job =
  | { run: 'check'; target: Target; symptom?: Symptom; options: CheckOptions }
  | { run: 'explain'; text: string }
  /** `lesson`: the lesson understand() chose (null: none covers it); absent: search them all. */
  | { run: 'ask'; question: string; lesson?: string | null }
  | { run: 'scan'; host: string; ports?: string; targetPort?: number }
  /** "it works sometimes": many checks over time (watch). */
  | { run: 'watch'; target: Target; count: number; ratePerSecond: number }
  /** "does it work from app-1?": the same check from other machines (`check --from`). */
  | { run: 'from'; target: Target; names: string[]; group?: string }
  /** "keeps dropping after a while": the check, then a connection held idle (check --hold). */
  | { run: 'hold'; target: Target; holdMs: number }
  | { run: 'traceroute'; target: Target; address?: string }
  /** `listenMs`: how long to go on listening after our own connection (default CHAT_CAPTURE_LISTEN_MS). */
  | { run: 'capture'; target: Target; address?: string; listenMs?: number }
  | { run: 'lab'; scenario?: string }
  | { run: 'lesson'; lesson?: string; topic?: string }
  | { run: 'quiz'; lesson?: string; index?: number; choice?: number }
  | { run: 'report'; report: CheckReport; file?: string }
  /** Start a drill, or take a hint, show, stop the open one (`id`). */
  | { run: 'drill'; action: Exclude<DrillAction, 'check'>; id?: string; level?: DrillLevel }
  /** Grade an answer to the open drill (this ends it). */
  | { run: 'drill-answer'; id: string; answer: DrillAnswerWords }
  /** Check a namespace drill's target from inside its client namespace (the CLI, run there). */
  | { run: 'drill-check'; drill: ThreadDrill }
  /** The server-side checklist for a port on this host. */
  | { run: 'server'; port: number }
  /** The check with the server's side over ssh (`check TARGET --server ssh://…`). */
  | { run: 'two-sided'; target: Target; destination: string }
  /** `/quit` with a drill up: stop it, then say bye. */
  | { run: 'quit'; drillId: string }
  | { run: 'reply'; reply: Reply };

export type JobKind = Job['run'];

const say = (reply: Reply): Job => ({ run: 'reply', reply });

const NEED_TARGET = (what: string): Job =>
  say({ kind: 'prompt', need: 'target', text: `${what} what? Name a target first, e.g. db.internal:5432 (or paste an error that names one).` });

const NEED_CHECK = (what: string): Job =>
  say({ kind: 'prompt', need: 'target', text: `${what} needs a check to talk about. Name a target first, e.g. db.internal:5432.` });

/** How the conversation is set up: `autoCheck: false` makes every check, scan and capture an offer (bots). */
export interface PlanOptions {
  autoCheck?: boolean;
}

/** Jobs that send packets: with autoCheck off they are offered, and "yes" runs them. */
function offered(job: Job, opts: PlanOptions, route?: Extract<Route, { kind: 'follow-up' }>): Job {
  if (opts.autoCheck !== false) return job;
  if (job.run === 'check') return say(confirmReply(job.target, job.symptom));
  if (route && (job.run === 'scan' || job.run === 'capture' || job.run === 'traceroute' || job.run === 'watch' || job.run === 'hold' || job.run === 'from')) {
    const hp = job.run === 'scan' ? job.host : formatHostPort(job.target.host, job.target.port);
    const what =
      job.run === 'from'
        ? `check ${hp} from ${fromWords(job)}`
        : job.run === 'scan' ? `scan ${hp}${job.ports ? ` (ports ${job.ports})` : ''}` : job.run === 'capture' ? `capture a connection to ${hp}` : job.run === 'watch' ? `check ${hp} ${job.count} times over ${job.count / job.ratePerSecond} s` : job.run === 'hold' ? `hold a connection to ${hp} open for up to ${job.holdMs / 1000} s` : `trace the route to ${job.target.host}`;
    return say({ kind: 'prompt', need: 'confirm', text: `Shall I ${what}? (Enter or "yes")`, offer: { kind: 'follow-up', route } });
  }
  return job;
}

function runOffer(offer: Offer | undefined, thread: Thread): Job {
  if (offer?.kind === 'check') return { run: 'check', target: offer.target, symptom: offer.symptom, options: {} };
  if (offer?.kind === 'follow-up') return followUp(offer.route.action, offer.route, thread);
  if (offer?.kind === 'lab') return { run: 'lab', scenario: offer.scenario };
  if (offer?.kind === 'ask-target') return say({ kind: 'prompt', need: 'target', text: 'Which target? Type it as host:port (e.g. db.internal:5432) or host and port (db 5432).' });
  if (thread.hostWithoutPort) return say({ kind: 'prompt', need: 'port', text: `Which port on ${thread.hostWithoutPort}? Type the number (e.g. 443).` });
  return say({ kind: 'prompt', need: 'target', text: 'Nothing is waiting to run. Type a target (db.internal:5432), paste an error, or ask a question.' });
}

/** "app-1 and app-2", "the web servers group", "here". */
function fromWords(j: { names: string[]; group?: string }): string {
  if (j.group) return `all ${j.group} (an inventory group)`;
  const names = j.names.map((n) => (n === 'local' ? 'here' : n));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'elsewhere');
}

/** A watch in the chat: twenty checks, two a second (about ten seconds; Esc stops it). */
export const CHAT_WATCH = { count: 20, ratePerSecond: 2 } as const;
/** How long the chat's capture goes on listening after its own connection (Esc ends it sooner). */
export const CHAT_CAPTURE_LISTEN_MS = 5_000;

/** A hold in the chat: idle up to 90 s before the last probe (Esc stops it). */
export const CHAT_HOLD_MS = 90_000;

function followUp(action: FollowUpAction, route: Extract<Route, { kind: 'follow-up' }>, thread: Thread): Job {
  const t = route.target ?? thread.target;
  const address = thread.report?.target.addressUsed;
  const inside = !t && !route.host ? fromDrillNamespace(action, thread) : undefined;
  if (inside) return inside;
  switch (action) {
    case 'scan':
      if (route.host) return { run: 'scan', host: route.host, ports: route.ports };
      return t ? { run: 'scan', host: t.host, ports: route.ports, targetPort: t.port } : NEED_TARGET('Scan');
    case 'again':
      return t ? { run: 'check', target: t, symptom: thread.symptom, options: {} } : NEED_TARGET('Check');
    case 'tls':
      return t ? { run: 'check', target: { ...t, tls: true }, symptom: thread.symptom, options: { tls: true } } : NEED_TARGET('TLS to');
    case 'traceroute':
      return t ? { run: 'traceroute', target: t, address } : NEED_TARGET('Trace the route to');
    case 'capture':
      return t ? { run: 'capture', target: t, address } : NEED_TARGET('Capture');
    case 'why':
      if (thread.overTime) return say(overTimeWhy(thread.overTime));
      if (thread.report) return say(whyReply(thread.report));
      // No check yet, only a pasted error: its explanation again, with the offer still open.
      if (thread.explain) {
        const offer: Offer = t ? { kind: 'check', target: t } : { kind: 'ask-target' };
        return say({ ...thread.explain, kind: 'explain', offer, text: thread.explain.causes[0] ? `Most likely: ${thread.explain.causes[0]}` : undefined });
      }
      return NEED_CHECK('"Why?"');
    case 'firewall':
      if (thread.report) return say(firewallReply(thread.report, thread.scan));
      // A target is known but not checked yet: the answer needs the check, so offer it.
      if (t) return say(confirmReply(t, thread.symptom, `Whether a firewall is in the way shows in a check, and ${formatHostPort(t.host, t.port)} has not been checked yet.`));
      return NEED_CHECK('"Is it the firewall?"');
    case 'report':
      return thread.report ? { run: 'report', report: thread.report } : NEED_CHECK('A report');
    case 'stop':
      // "Forget it" to an offer: nothing ran, and the offer is dropped with this message.
      if (thread.offer) return say({ kind: 'ack', text: 'OK, not running it.' });
      return say({ kind: 'stopped', what: null, text: thread.drill ? 'Nothing is running. (Drill ' + thread.drill.id + ' is still up: "stop the drill" ends it.)' : 'Nothing is running.' });
    case 'watch':
      return t ? { run: 'watch', target: t, ...CHAT_WATCH } : NEED_TARGET('Watch');
    case 'hold':
      return t ? { run: 'hold', target: t, holdMs: CHAT_HOLD_MS } : NEED_TARGET('Hold a connection to');
    case 'from': {
      const from = route.from ?? { names: [] };
      const where = fromWords({ names: from.names, group: from.group });
      return t ? { run: 'from', target: t, names: from.names, ...(from.group ? { group: from.group } : {}) } : NEED_TARGET(`Check from ${where}`);
    }
  }
}

function command(route: Extract<Route, { kind: 'command' }>, thread: Thread): Job {
  const args = route.args;
  switch (route.name) {
    case 'help':
      return say(helpReply());
    case 'learn':
      return args ? { run: 'lesson', lesson: lessonFor(args) ?? args.toLowerCase(), topic: args } : { run: 'lesson' };
    case 'lab':
      return { run: 'lab', scenario: args ? (scenarioFor(args) ?? args.toLowerCase()) : undefined };
    case 'scan': {
      const f = args ? readFollowUp(`scan ${args}`) : { action: 'scan' as const };
      return f ? followUp('scan', { kind: 'follow-up', ...f, action: 'scan' }, thread) : say({ kind: 'error', text: `/scan takes ports (1-1024, 22,80) or a host: "${args}" is neither.` });
    }
    case 'capture':
      return followUp('capture', { kind: 'follow-up', action: 'capture' }, thread);
    case 'report':
      return thread.report ? { run: 'report', report: thread.report, file: args || undefined } : NEED_CHECK('A report');
    case 'clear':
      return say({ kind: 'clear', text: 'Cleared.' });
    case 'quit':
      return thread.drill ? { run: 'quit', drillId: thread.drill.id } : say({ kind: 'quit', text: 'Bye.' });
    case 'drill':
      return drillJob({ kind: 'drill', action: 'start' }, thread);
    case 'server':
      return say({ kind: 'prompt', need: 'port', text: '/server takes the port to check on this host: /server 5432' });
  }
}

/** What to do for `route`, and the thread as it stands before the job runs. */
export function plan(route: Route, thread: Thread, opts: PlanOptions = {}): { job: Job; thread: Thread } {
  // An offer and a pending host only last one message.
  const next: Thread = { ...thread, offer: undefined, hostWithoutPort: undefined, serverSideFor: undefined };
  switch (route.kind) {
    case 'accept':
      return { job: runOffer(thread.offer, thread), thread: next };
    case 'decline':
      return { job: say({ kind: 'ack', text: thread.offer ? 'OK, not running it.' : 'OK.' }), thread: next };
    case 'wait':
      // Nothing runs; the offer and a host waiting for its port stay as they were.
      return { job: say({ kind: 'ack', text: "Take your time; I'm here when you are ready.", ...(thread.offer ? { offer: thread.offer } : {}) }), thread: { ...next, hostWithoutPort: thread.hostWithoutPort } };
    case 'target': {
      const check: Job = { run: 'check', target: route.target, symptom: route.symptom, options: {} };
      // Understood, but not from a message that is only a target: ask first.
      if (route.act === false) return { job: say(confirmReply(route.target, route.symptom, 'I found a target in your message.')), thread: next };
      return { job: offered(check, opts), thread: next };
    }
    case 'needs-port':
      return { job: say({ kind: 'prompt', need: 'port', text: `Which port on ${route.host}? Type the number (e.g. 443), or host:port.` }), thread: { ...next, hostWithoutPort: route.host } };
    case 'error':
      return { job: { run: 'explain', text: route.text }, thread: next };
    case 'question':
      return { job: { run: 'ask', question: route.text, ...(route.lesson !== undefined ? { lesson: route.lesson } : {}) }, thread: next };
    case 'smalltalk':
      return { job: say(smalltalkReply(route.intent, thread.shownExamples)), thread: { ...next, shownExamples: true } };
    case 'follow-up':
      return { job: offered(followUp(route.action, route, thread), route.act === false ? { autoCheck: false } : opts, route), thread: next };
    case 'lesson':
      return { job: { run: 'lesson', lesson: route.lesson, topic: route.topic }, thread: next };
    case 'quiz':
      return { job: { run: 'quiz', lesson: route.lesson ?? thread.lesson }, thread: next };
    case 'quiz-answer': {
      const q = thread.quiz;
      return q ? { job: { run: 'quiz', lesson: q.lesson, index: q.index, choice: route.choice }, thread: next } : { job: say(unknownReply(String.fromCharCode(97 + route.choice))), thread: next };
    }
    case 'lab':
      return { job: { run: 'lab', scenario: route.scenario }, thread: next };
    case 'command':
      return { job: command(route, thread), thread: route.name === 'clear' ? thread : next };
    case 'invalid':
      return { job: say({ kind: 'error', text: route.reason }), thread: next };
    case 'unknown':
      return { job: say(thread.shownExamples ? unclearReply(route.text) : unknownReply(route.text)), thread: { ...next, shownExamples: true } };
    case 'drill':
    case 'drill-answer':
      return { job: drillJob(route, thread), thread: next };
    case 'server':
      return { job: { run: 'server', port: route.port }, thread: next };
    case 'server-side':
      return serverSideJob(route, thread, next);
  }
}

/** The thread after `reply` (the last target, report, explanation, lesson, offer, open quiz). */
export function threadAfter(thread: Thread, reply: Reply, job?: Job): Thread {
  const next: Thread = { ...thread, offer: reply.offer };
  switch (reply.kind) {
    case 'capture':
      return { ...next, overTime: reply };
    case 'check': {
      next.overTime = undefined;
      // A scan stays in the thread only while the checks are about its host.
      const scan = next.scan?.host === reply.target.host ? next.scan : undefined;
      if (job?.run === 'check') return { ...next, target: job.target, symptom: job.symptom, report: reply, scan };
      if (job?.run === 'two-sided' || job?.run === 'hold') return { ...next, target: job.target, report: reply, scan };
      return { ...next, report: reply, scan };
    }
    case 'scan':
      return { ...next, scan: reply };
    case 'watch':
      return job?.run === 'watch' ? { ...next, target: job.target, overTime: reply } : { ...next, overTime: reply };
    case 'from':
      return job?.run === 'from' ? { ...next, target: job.target } : next;
    case 'explain': {
      const target = targetOf(reply.host, reply.port);
      const hostOnly = reply.host && !reply.port ? reply.host : undefined;
      return { ...next, explain: reply, ...(target ? { target } : {}), ...(hostOnly ? { hostWithoutPort: hostOnly } : {}) };
    }
    case 'answer':
      return reply.lesson ? { ...next, lesson: reply.lesson } : next;
    case 'lesson':
      return { ...next, lesson: reply.lesson };
    case 'quiz':
      return { ...next, lesson: reply.lesson, quiz: reply.answered ? undefined : reply };
    case 'lab':
      return reply.report ? { ...next, report: reply.report, target: targetOf(reply.report.target.host, reply.report.target.port) ?? next.target } : next;
    case 'prompt':
      return next;
    case 'drill':
      return drillThread(next, reply);
    case 'drill-result':
      return { ...next, drill: undefined };
    default:
      return next;
  }
}

/** The thread after a drill reply: a started drill is kept (a loopback one also becomes the target); a stopped one is forgotten. */
function drillThread(next: Thread, reply: Extract<Reply, { kind: 'drill' }>): Thread {
  if (reply.action === 'stop') return { ...next, drill: undefined };
  if (reply.action !== 'start' || !reply.id || !reply.target || !reply.investigate || !reply.level) return next;
  const target = targetOf(...splitHostPort(reply.target));
  if (!target) return next;
  if (reply.investigate.includes('--tls')) target.tls = true;
  const namespace = reply.investigate[0] === 'ip' && reply.investigate[1] === 'netns' ? reply.investigate[3] : undefined;
  const drill: ThreadDrill = { id: reply.id, target, level: reply.level, investigate: reply.investigate, ...(namespace ? { namespace } : {}) };
  // From this machine a loopback drill's target is "it"; a namespace one is only reachable from inside.
  const aboutIt = namespace ? { target: undefined, report: undefined, scan: undefined } : { target, report: undefined, scan: undefined };
  return { ...next, ...aboutIt, drill, drillLevel: reply.level };
}

function splitHostPort(hp: string): [string | null, number | null] {
  const m = /^\[?(.+?)\]?:(\d+)$/.exec(hp);
  return m ? [m[1], Number(m[2])] : [null, null];
}
