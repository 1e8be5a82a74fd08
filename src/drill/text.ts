/**
 * What `tcpsleuth drill` prints, as pure functions of the API's data. Nothing here names the fault
 * before the answer: the cause list and the verdict list are the same for every drill.
 */
import { VERDICTS } from '../evidence.js';
import { HINT_COST } from './catalogue.js';
import type { AnswerResult, DrillStatus, StartedDrill } from './index.js';

const shellArgv = (argv: string[]) => argv.map((w) => (/^[\w.,:/=+@[\]-]+$/.test(w) ? w : `'${w}'`)).join(' ');

/** The command a person types to investigate (sudo in front of `ip netns exec` when not root). */
export function investigateCommand(d: StartedDrill, root = process.getuid?.() === 0): string {
  const cmd = shellArgv(d.investigate);
  return d.investigate[0] === 'ip' && !root ? `sudo ${cmd}` : cmd;
}

/** The choices: verdicts, causes by number, who to ask. */
export function choiceLines(d: StartedDrill): string[] {
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
    'Investigate with anything: tcpsleuth check, scan, sockets, check --capture, the chat, another terminal.',
    `  from where the user stands:  ${investigateCommand(d)}`,
    '',
    'Then answer (the fault stays up until you answer or stop):',
    `  tcpsleuth drill answer ${d.id} --verdict VERDICT --cause N --ask WHO`,
    ...choiceLines(d),
    `  hint (−${HINT_COST} points each): tcpsleuth drill hint ${d.id}     give up: tcpsleuth drill stop ${d.id}`,
  ];
}

const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

/** `drill status`. */
export function statusLines(all: DrillStatus[]): string[] {
  if (!all.length) return ['No drill is running. Start one: tcpsleuth drill start [--level 1|2|3]'];
  return all.flatMap((d) => [
    `Drill ${d.id} (level ${d.level}), running for ${minutes(d.elapsedMs)}, ${d.hintsTaken} hint${d.hintsTaken === 1 ? '' : 's'} taken${d.up ? '' : ' (its fault is gone: tcpsleuth drill stop ' + d.id + ')'}`,
    `  "${d.ticket}"`,
    `  investigate: ${investigateCommand(d)}`,
    `  answer:      tcpsleuth drill answer ${d.id} --verdict VERDICT --cause N --ask WHO`,
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
          `  verdict ${e.verdict}${e.step ? `; ${e.step.id} ${e.step.outcome}: ${e.step.summary}` : ''}`,
          `  findings: ${e.findings.length ? e.findings.join(', ') : 'none'}${r.finding ? ` (the telling one: ${r.finding}${e.findings.includes(r.finding) ? '' : ', needs --capture or the server side'})` : ''}`,
        ]),
    `Read next: ${r.lesson.command}`,
    'The fault is gone; the score is in your record (tcpsleuth learn --progress).',
  ];
}
