/**
 * The chat's real actors: the guide with the real checks, and promise actors over the existing
 * commands' cores (ask's index, the scan engine, traceroute, capture, the lab, lessons, quizzes,
 * the report writer). Each passes its signal on, so leaving a state aborts the work.
 */
import { fromPromise } from 'xstate';
import { guideMachine } from '../guide/machine.js';
import { realActors } from '../guide/actors.js';
import { traceroute } from '../checks/traceroute.js';
import { runChatCapture } from './capture-actor.js';
import { findLesson, loadLessons } from '../notebook/lessons.js';
import { buildIndex } from '../notebook/search.js';
import { rootPrefix, selfCommandLine } from '../self-command.js';
import { answerFor } from './ask-answer.js';
import { sharedLessonText } from './lesson-text.js';
import { placeReport, reportDir } from './report-name.js';
import { plainMarkdown } from '../notebook/export.js';
import type { Lesson, QuizCell } from '../notebook/cells.js';
import { scanPorts } from '../scan/engine.js';
import { scanJson } from '../scan/format.js';
import { PortSpecError } from '../scan/spec.js';
import { choosePorts } from '../scan/options.js';
import { scanParallelism } from '../scan/limits.js';
import { resolveScanHost, ResolveError } from '../scan/target.js';
import { formatHostPort } from '../target.js';
import { holdSeen } from '../diagnosis/hold.js';
import type { JobInput } from './machine.js';
import { route } from './route.js';
import { SCENARIOS } from '../lab/scenarios.js';
import { explainReply } from './replies.js';
import { drillAndServerActors } from './drill-actors.js';
import type { AnswerReply, LabReply, LessonReply, QuizReply, Reply, ReportReply } from './types.js';

let index: ReturnType<typeof buildIndex> | undefined;
/** The lessons' search index, built once per process (ask's own index). */
function askIndex(): ReturnType<typeof buildIndex> {
  index ??= buildIndex(loadLessons());
  return index;
}

/** At most this much of a question goes to the search index. */
const QUESTION_CHARS = 1000;

/** A question answered from the lesson the chat chose (`lesson`), or an honest "no lesson covers that yet". */
export async function answerQuestion(question: string, lesson?: string | null): Promise<AnswerReply> {
  const a = answerFor(askIndex(), question.slice(0, QUESTION_CHARS), lesson);
  if (!a.lesson) return { kind: 'answer', topic: null, lesson: null, section: null, answer: null, related: [], text: a.note };
  // Where the lesson has a fault the lab builds without root, offer to show it ("yes" runs it).
  const scenario = SCENARIOS.find((s) => s.lesson === a.lesson && !s.needsRoot && s.id !== 'open');
  const offer = scenario ? { offer: { kind: 'lab' as const, scenario: scenario.id }, text: `See it happen? "yes" runs the lab's ${scenario.id} scenario and checks it.` } : {};
  return { kind: 'answer', topic: a.topic, lesson: a.lesson, section: a.section, answer: a.answer, related: a.related, learnMore: selfCommandLine(['learn', a.lesson]), ...offer };
}

/** "It works sometimes": many checks over time, summarised with the watch's own lines. */
export async function runChatWatch(input: JobInput<'watch'>, signal: AbortSignal): Promise<Reply> {
  const { runWatch, WatchError } = await import('../watch/run.js');
  const { summaryLines } = await import('../watch/text.js');
  try {
    const summary = await runWatch({ host: input.target.host, port: input.target.port, count: input.count, ratePerSecond: input.ratePerSecond }, { signal });
    const lines = summaryLines(summary, (_t, x) => x, { lessonCommand: (id) => selfCommandLine(['learn', id]) });
    const failed = summary.attempts - (summary.byVerdict.open ?? 0);
    const text = `${summary.attempts} checks of ${formatHostPort(input.target.host, input.target.port)}: ${failed ? `${failed} failed` : 'all open'}${summary.findings.length ? `; ${summary.findings.join(', ')}` : ''}. Longer: ${selfCommandLine(['watch', formatHostPort(input.target.host, input.target.port)])}`;
    return { kind: 'watch', ...summary, lines, text };
  } catch (err) {
    if (err instanceof WatchError) return { kind: 'error', text: err.message };
    throw err;
  }
}

/** "Keeps dropping after a while": the check, then a connection held idle; the report carries what the hold found. */
export async function runChatHold(input: JobInput<'hold'>, signal: AbortSignal): Promise<Reply> {
  const { checkThenHold } = await import('../watch/hold-run.js');
  const { report, hold } = await checkThenHold(input.target, { holdMs: input.holdMs, signal });
  const hp = formatHostPort(input.target.host, input.target.port);
  const text = !hold
    ? `${hp} was ${report.verdict}: there was no connection to hold open.`
    : `${hp}: ${holdSeen(hold)}. Longer: ${selfCommandLine(['check', hp, '--hold', '10m'])}`;
  return { kind: 'check', ...report, text };
}

/** The chat's scan: the spec asked for ("1-1024", "top 50"), else the scan command's own default. */
function portsFor(spec: string | undefined, targetPort: number | undefined): number[] {
  // A spec replaces the default ports ("scan 1-1024" means just those; "top 50" the 50 most often open); else the scan command's rule.
  const top = spec ? /^top\s*(\d{1,5})$/i.exec(spec.trim()) : null;
  if (top) return choosePorts({ top: Number(top[1]), targetPort }).ports;
  return spec ? choosePorts({ spec }).ports : choosePorts({ targetPort }).ports;
}

export async function runScan(input: JobInput<'scan'>, signal: AbortSignal): Promise<Reply> {
  let ports: number[];
  try {
    ports = portsFor(input.ports, input.targetPort);
  } catch (err) {
    if (err instanceof PortSpecError) return { kind: 'error', text: err.message };
    throw err;
  }
  let addresses: string[];
  try {
    addresses = await resolveScanHost(input.host);
  } catch (err) {
    if (err instanceof ResolveError) return { kind: 'error', text: err.message };
    throw err;
  }
  const { parallel } = await scanParallelism();
  const result = await scanPorts(addresses[0], ports, { signal, parallel });
  const json = scanJson(input.host, result);
  const open = json.ports.filter((p) => p.state === 'open').map((p) => p.port);
  return { kind: 'scan', ...json, text: `${ports.length} ports of ${input.host} scanned: ${open.length ? `open: ${open.slice(0, 12).join(', ')}${open.length > 12 ? '…' : ''}` : 'none open'}.` };
}

function lessonSummary(lesson: Lesson): string {
  const first = lesson.cells.find((c) => c.kind === 'text' && c.markdown.trim() !== '');
  // The lesson's title is shown above: drop a heading (and its underline) at the top of the prose.
  const text = first?.kind === 'text' ? plainMarkdown(first.markdown).replace(/^[^\n]*\n[-=]{3,}\n+/, '').trim() : '';
  return text.length > 600 ? `${text.slice(0, 600).replace(/\s+\S*$/, '')}…` : text;
}

export async function openLesson(input: JobInput<'lesson'>): Promise<Reply> {
  const lessons = loadLessons();
  if (!input.lesson) {
    return { kind: 'help', text: 'Lessons (say "teach me about …" or /learn ID):', commands: lessons.map((l) => ({ name: `/learn ${l.id}`, description: l.title })), examples: ['teach me about ECN', '/learn rst'] };
  }
  const lesson = findLesson(input.lesson, lessons);
  if (!lesson) return answerQuestion(input.topic ?? input.lesson);
  const reply: LessonReply = { kind: 'lesson', lesson: lesson.id, title: lesson.title, topics: lesson.topics, minutes: lesson.minutes, summary: lessonSummary(lesson), command: selfCommandLine(['learn', lesson.id]) };
  return reply;
}

export async function runQuiz(input: JobInput<'quiz'>): Promise<Reply> {
  const lessons = loadLessons();
  const quizzes: Array<{ lesson: string; cell: QuizCell; index: number }> = [];
  for (const l of lessons) {
    if (input.lesson && l.id !== input.lesson) continue;
    l.cells.filter((c): c is QuizCell => c.kind === 'quiz').forEach((cell, index) => quizzes.push({ lesson: l.id, cell, index }));
  }
  if (quizzes.length === 0) return { kind: 'error', text: `No quiz in lesson "${input.lesson}".`, fix: 'Say "quiz me" for any lesson.' };
  const pick = input.index !== undefined ? quizzes.find((q) => q.index === input.index) : quizzes[Math.floor(Math.random() * quizzes.length)];
  if (!pick) return { kind: 'error', text: 'That quiz is gone; say "quiz me" for a new one.' };
  const reply: QuizReply = { kind: 'quiz', lesson: pick.lesson, index: pick.index, question: pick.cell.question, choices: pick.cell.choices.map((c) => c.text) };
  if (input.choice === undefined) return { ...reply, text: 'Answer with a letter (a, b, c…).' };
  const chosen = pick.cell.choices[input.choice];
  if (!chosen) return { kind: 'error', text: `There is no choice ${String.fromCharCode(97 + input.choice)}: pick one of a–${String.fromCharCode(96 + reply.choices.length)}.` };
  const answer = pick.cell.choices.findIndex((c) => c.correct);
  return { ...reply, answered: { choice: input.choice, correct: chosen.correct, answer, why: chosen.why }, text: chosen.correct ? 'Right.' : `Not quite: the answer is ${String.fromCharCode(97 + answer)}.` };
}

export async function runLab(input: JobInput<'lab'>, signal: AbortSignal): Promise<Reply> {
  const lab = await import('../lab/index.js');
  const list = () => lab.listScenarios().map((s) => ({ id: s.id, title: s.title, needsRoot: s.needsRoot }));
  if (!input.scenario) return { kind: 'lab', scenario: '', title: 'Lab scenarios', lesson: 'handshake', scenarios: list(), text: 'Pick one: say "show me a SYN being dropped" or /lab ID.' };
  const info = lab.scenarioInfo(input.scenario);
  if (!info) return { kind: 'lab', scenario: input.scenario, title: 'No such scenario', lesson: 'handshake', scenarios: list(), reason: `no lab scenario "${input.scenario}"` };
  const base: LabReply = { kind: 'lab', scenario: info.id, title: info.title, lesson: info.lesson, expected: info.expect };
  try {
    const r = await lab.runScenario(info.id, { signal });
    // The lab is torn down by now: the commands its check printed (ip netns exec …) need it up again.
    const again = info.kind === 'namespace' ? ` The lab is down again: its commands below run while it is up (${rootPrefix()}${selfCommandLine(['lab', 'up', info.id])} in another terminal).` : '';
    return { ...base, command: r.command, report: r.report, text: `${info.title}. The check said ${r.report.verdict}.${again} Learn why: ${selfCommandLine(['learn', info.lesson])}` };
  } catch (err) {
    if (err instanceof lab.LabError) return { ...base, reason: err.message };
    throw err;
  }
}

export async function writeChatReport(input: JobInput<'report'>, signal: AbortSignal): Promise<ReportReply> {
  const { host, port } = input.report.target;
  const stamp = input.report.startedAt.replace(/[:.]/g, '-').slice(0, 19);
  const name = input.file ?? `tcpsleuth-${host.replace(/[^\w.-]/g, '_')}-${port}-${stamp}.md`;
  const command = selfCommandLine(['check', formatHostPort(host, port), '--report', name]);
  const place = placeReport(name, reportDir());
  if (!place.ok) return { kind: 'report', command, text: `Not saved: ${place.reason}.` };
  const { writeReport, ReportFileError } = await import('../report/index.js');
  try {
    const written = await writeReport({ report: input.report, file: place.file, signal });
    return { kind: 'report', file: written.written[0], command, text: `Saved ${written.written.join(' and ')}.${written.notes.length ? ` ${written.notes.join(' ')}` : ''}` };
  } catch (err) {
    if (err instanceof ReportFileError) return { kind: 'report', command, text: `Not saved: ${err.message}. Name another file: /report NAME.md` };
    throw err;
  }
}

/**
 * Pays the one-time costs (lessons read, search index and the lessons' text model built, the readers' first run) before the
 * first message, so no reply carries them. The pipe calls it at start; a UI should call it right
 * after its first render.
 */
export function warmUp(): void {
  try {
    askIndex().search('why does a socket sit in SYN_SENT');
    sharedLessonText();
    route('curl: (7) Failed to connect to db port 5432: Connection refused', {});
    route('teach me about ECN', {});
    explainReply('java.net.ConnectException: Connection refused\n\tat x.y(Z.java:1)');
  } catch {
    // A broken lessons folder is reported when a lesson is asked for, not here.
  }
}

/** The real actors for `chatMachine.provide({ actors: realChatActors() })`. */
export function realChatActors() {
  return {
    guide: guideMachine.provide({ actors: realActors() as never }),
    ask: fromPromise<Reply, JobInput<'ask'>>(({ input }) => answerQuestion(input.question, input.lesson)),
    scan: fromPromise<Reply, JobInput<'scan'>>(({ input, signal }) => runScan(input, signal)),
    watch: fromPromise<Reply, JobInput<'watch'>>(({ input, signal }) => runChatWatch(input, signal)),
    from: fromPromise<Reply, JobInput<'from'>>(async ({ input, signal }) => (await import('./from-actor.js')).runChatFrom(input, signal)),
    hold: fromPromise<Reply, JobInput<'hold'>>(({ input, signal }) => runChatHold(input, signal)),
    traceroute: fromPromise<Reply, JobInput<'traceroute'>>(async ({ input, signal }) => {
      const step = await traceroute({ address: input.address ?? input.target.host, port: input.target.port }, { signal });
      const hops = (step.evidence?.hops ?? []).map((h) => ({ ttl: h.ttl, address: h.address ?? null, rttMs: h.rttMs ?? null }));
      return { kind: 'traceroute', target: formatHostPort(input.target.host, input.target.port), outcome: step.outcome, summary: step.summary, hops, ...(step.fix ? { text: step.fix } : {}) };
    }),
    capture: fromPromise<Reply, JobInput<'capture'>>(({ input, signal }) => runChatCapture(input, signal)),
    lab: fromPromise<Reply, JobInput<'lab'>>(({ input, signal }) => runLab(input, signal)),
    lesson: fromPromise<Reply, JobInput<'lesson'>>(({ input }) => openLesson(input)),
    quiz: fromPromise<Reply, JobInput<'quiz'>>(({ input }) => runQuiz(input)),
    report: fromPromise<Reply, JobInput<'report'>>(({ input, signal }) => writeChatReport(input, signal)),
    ...drillAndServerActors(),
  };
}
