/**
 * What `tcpsleuth drill` prints, as pure functions of the API's data. Nothing here names the fault
 * before the answer: the cause list and the verdict list are the same for every drill.
 */
import { VERDICTS } from '../evidence.js';
import { selfCommandLine } from '../self-command.js';
import { shellLine } from '../shell-words.js';
import { isRoot } from '../tools.js';
import { HINT_COST } from './catalogue.js';
import type { AnswerResult, DrillStatus, StartedDrill } from './index.js';

/** The command a person types to investigate (sudo in front of `ip netns exec` when not root). */
function investigateCommand(d: StartedDrill, root = isRoot()): string {
  return shellLine(d.investigate[0] === 'ip' && !root ? ['sudo', ...d.investigate] : d.investigate);
}

/** A tcpsleuth command line as this tool is started (`node dist/cli.js drill hint ID`). */
const me = (...args: string[]) => selfCommandLine(args);

/** The answer command with its three blanks for the learner to fill. */
const answerTemplate = (id: string) => `${me('drill', 'answer', id)} --verdict VERDICT --cause N --ask WHO`;

/** The choices: verdicts, causes by number, who to ask. */
function choiceLines(d: StartedDrill): string[] {
  return [
    `  verdict:  ${VERDICTS.join(', ')}`,
    '  cause:',
    ...d.causes.map((c, i) => `    ${String(i + 1).padStart(2)}. ${c.text}`),
    `  ask:      ${d.asks.map((a) => a.id).join(', ')}`,
  ];
}

/** `drill start`: the ticket, where to look from, how to answer. */
export function startLines(d: StartedDrill): string[] {
  return [
    `Drill ${d.id} (level ${d.level}). A ticket just came in:`,
    '',
    `  "${d.ticket}"`,
    '',
    `Investigate with anything: ${me('check')}, scan, sockets, check --capture, the chat, another terminal.`,
    `  from where the user stands:  ${investigateCommand(d)}`,
    '',
    'Then answer (the fault stays up until you answer or stop):',
    `  ${answerTemplate(d.id)}`,
    ...choiceLines(d),
    `  hint (−${HINT_COST} points each): ${me('drill', 'hint', d.id)}     give up: ${me('drill', 'stop', d.id)}`,
  ];
}

const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

/** `drill status`. */
export function statusLines(all: DrillStatus[]): string[] {
  if (!all.length) return [`No drill is running. Start one: ${me('drill', 'start')} [--level 1|2|3]`];
  return all.flatMap((d) => [
    `Drill ${d.id} (level ${d.level}), running for ${minutes(d.elapsedMs)}, ${d.hintsTaken} hint${d.hintsTaken === 1 ? '' : 's'} taken${d.up ? '' : ` (its fault is gone: ${me('drill', 'stop', d.id)})`}`,
    `  "${d.ticket}"`,
    `  investigate: ${investigateCommand(d)}`,
    `  answer:      ${answerTemplate(d.id)}`,
    ...choiceLines(d),
    '',
  ]);
}

const mark = (ok: boolean) => (ok ? 'right' : 'WRONG');

/** `drill answer`: each part right or wrong, the evidence, the lesson, the time. */
export function answerLines(r: AnswerResult): string[] {
  const part = (name: string, p: { given: string | null; correct: boolean; text: string }) =>
    `  ${name.padEnd(8)}${mark(p.correct)}  ${p.correct ? p.text : `you said ${p.given ?? 'nothing'}; it was: ${p.text}`}`;
  const e = r.evidence;
  return [
    `Drill ${r.id}: ${r.score}/${r.maxScore} points${r.hintsTaken ? ` (${r.hintsTaken} hint${r.hintsTaken === 1 ? '' : 's'}, −${r.hintsTaken * HINT_COST})` : ''} in ${minutes(r.durationMs)}`,
    part('verdict', r.verdict),
    part('cause', r.cause),
    part('ask', r.ask),
    '',
    `The fault: ${r.fault.title}`,
    `What tells it: ${r.tells}`,
    `  ${e.command}`,
    ...(e.error
      ? [`  (the check could not run now: ${e.error})`]
      : [
          `  verdict ${e.verdict}${e.cause ? `: ${e.cause}` : ''}`,
          ...(e.addresses ?? []).map((a) => `    ${a}`),
          ...(e.step ? [`  ${e.step.id} ${e.step.outcome}: ${e.step.summary}`] : []),
          `  findings: ${e.findings.length ? e.findings.join(', ') : 'none'}${r.finding ? ` (the telling one: ${r.finding}${e.findings.includes(r.finding) ? '' : ', needs --capture or the server side'})` : ''}`,
        ]),
    `Read next: ${r.lesson.command}`,
    `The fault is gone; the score is in your record (${me('learn', '--progress')}).`,
  ];
}
