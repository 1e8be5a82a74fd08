/**
 * The learner's record, for a trainer: saved progress as text, JSON or CSV (one row per lesson,
 * quiz answer, experiment and drill, so a team's files can be concatenated), and the suggested
 * path for a new helpdesk engineer. Pure functions of the progress, the lessons and the drills.
 */
import { cellCounts, type Lesson } from './cells.js';
import { quizScore, type Progress } from './progress.js';
import { selfCommandLine } from '../self-command.js';

/** The helpdesk path: lessons in this order, then drills level by level. */
export const HELPDESK_LESSONS = [
  'handshake',
  'socket-states',
  'rst',
  'timeouts',
  'firewalls',
  'toolkit',
  'dns',
  'tls',
  'syn-floods',
  'ecn',
  // "Connects, but…": the tickets after "cannot connect".
  'intermittent',
  'keepalive',
  'retransmission',
  'time-wait',
  'flow-control',
  'nagle',
  'slow-transfers',
] as const;
/** Drills that count for a level: this many answered with at least PASS_SCORE points. */
export const DRILLS_PER_LEVEL = 3;
export const PASS_SCORE = 70;

export interface PathStep {
  kind: 'lesson' | 'drills';
  /** Lesson id, or `level-1`… for drills. */
  id: string;
  title: string;
  done: boolean;
  /** What is done so far, in words ("quiz 2/3", "2/3 drills passed"). */
  detail: string;
  command: string;
}

/** The suggested path with what is done; the first step not done is the next one. */
export function helpdeskPath(progress: Progress, lessons: Lesson[]): PathStep[] {
  const steps: PathStep[] = [];
  for (const id of HELPDESK_LESSONS) {
    const lesson = lessons.find((l) => l.id === id);
    if (!lesson) continue;
    const lp = progress.lessons[id];
    const s = quizScore(lp, cellCounts(lesson).quiz);
    const detail = [lp?.done ? 'read' : lp ? 'started' : 'not started', s.answered ? `quiz ${s.right}/${s.total}` : ''].filter(Boolean).join(', ');
    steps.push({ kind: 'lesson', id, title: lesson.title, done: Boolean(lp?.done), detail, command: selfCommandLine(['learn', id]) });
  }
  const titles = { 1: 'Drills, level 1: the application end', 2: 'Drills, level 2: firewalls, routes and queues', 3: 'Drills, level 3: the subtle ones' };
  for (const level of [1, 2, 3] as const) {
    const passed = progress.drills.filter((d) => d.level === level && d.outcome === 'answered' && (d.score ?? 0) >= PASS_SCORE).length;
    steps.push({
      kind: 'drills',
      id: `level-${level}`,
      title: titles[level],
      done: passed >= DRILLS_PER_LEVEL,
      detail: `${Math.min(passed, DRILLS_PER_LEVEL)}/${DRILLS_PER_LEVEL} drills passed (${PASS_SCORE}+ points)`,
      command: selfCommandLine(['drill', 'start', '--level', String(level)]),
    });
  }
  return steps;
}

/** `learn --path helpdesk` as text: ✓ done, ▶ next, the rest plain. */
export function pathLines(steps: PathStep[]): string[] {
  const next = steps.findIndex((s) => !s.done);
  const lines = ['A path for a new helpdesk engineer: read the lessons, then practise on hidden faults.', ''];
  steps.forEach((s, i) => {
    const mark = s.done ? '✓' : i === next ? '▶' : ' ';
    lines.push(`${mark} ${String(i + 1).padStart(2)}. ${s.title.padEnd(46)} ${s.detail}`);
    if (i === next) lines.push(`       next: ${s.command}`);
  });
  if (next === -1) lines.push('', `All done. Drills stay open for practice: ${selfCommandLine(['drill', 'start'])}`);
  return lines;
}

/** `learn --progress` as text. */
export function progressLines(progress: Progress, lessons: Lesson[]): string[] {
  const lines = ['Lessons'];
  for (const l of lessons) {
    const lp = progress.lessons[l.id];
    if (!lp) continue;
    const s = quizScore(lp, cellCounts(l).quiz);
    const exps = Object.values(lp.experiments);
    lines.push(
      `  ${lp.done ? '✓' : '…'} ${l.id.padEnd(14)} quiz ${s.right}/${s.total}${exps.length ? `, experiments ${exps.filter((e) => e.ok).length}/${exps.length} as expected` : ''}`,
    );
  }
  if (lines.length === 1) lines.push(`  none yet: ${selfCommandLine(['learn'])}`);
  lines.push('', 'Drills');
  for (const d of progress.drills) {
    const score = d.outcome === 'answered' ? `${d.score}/${d.maxScore}` : 'stopped';
    lines.push(`  ${d.endedAt.slice(0, 16).replace('T', ' ')}  level ${d.level}  ${d.scenario.padEnd(22)} ${score.padEnd(8)} ${Math.round(d.durationMs / 1000)} s, ${d.hintsTaken} hints`);
  }
  if (!progress.drills.length) lines.push(`  none yet: ${selfCommandLine(['drill', 'start'])}`);
  return lines;
}

/** The CSV header; every row has these columns. */
export const CSV_COLUMNS = ['learner', 'kind', 'id', 'item', 'result', 'score', 'max_score', 'seconds', 'hints', 'at'] as const;

/** One CSV field: quoted when it holds a comma, quote or newline (RFC 4180). */
export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The whole record as CSV: lessons, quiz answers, experiments, drills; one row each. */
export function progressCsv(progress: Progress, learner: string): string {
  const rows: (string | number | null)[][] = [];
  for (const [id, lp] of Object.entries(progress.lessons)) {
    rows.push([learner, 'lesson', id, '', lp.done ? 'done' : 'started', null, null, null, null, lp.updatedAt]);
    for (const [q, a] of Object.entries(lp.quiz)) rows.push([learner, 'quiz', id, q, a.correct ? 'right' : 'wrong', a.correct ? 1 : 0, 1, null, null, a.at]);
    for (const [e, r] of Object.entries(lp.experiments)) rows.push([learner, 'experiment', id, e, r.ok ? 'as-expected' : `observed-${r.observed}`, null, null, null, null, r.at]);
  }
  for (const d of progress.drills) {
    const result = d.outcome === 'stopped' ? 'stopped' : d.parts ? (['verdict', 'cause', 'ask'] as const).map((p) => `${p}:${d.parts![p] ? 'right' : 'wrong'}`).join(' ') : 'answered';
    rows.push([learner, 'drill', d.id, d.scenario, result, d.score, d.maxScore, Math.round(d.durationMs / 1000), d.hintsTaken, d.endedAt]);
  }
  return [CSV_COLUMNS.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}
