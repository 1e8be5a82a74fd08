/**
 * `tcpsleuth learn [ID]`: lessons with live experiments and quizzes. In a terminal it opens the
 * notebook UI; piped, it prints the lesson as plain text; `--json` and `--run` serve scripts.
 */
import { createInterface } from 'node:readline/promises';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { cellCounts, type ExperimentCell, type Lesson } from '../notebook/cells.js';
import { cellsToMarkdown, cellsToPlain, kernelLines } from '../notebook/export.js';
import { runExperiments } from '../notebook/experiment.js';
import { findLesson, readLessons } from '../notebook/lessons.js';
import { loadProgress, ProgressError, quizScore, resetProgress, saveProgress, stateDir } from '../notebook/progress.js';
import { helpdeskPath, pathLines, progressCsv, progressLines } from '../notebook/record.js';
import { userInfo } from 'node:os';
import { argEcho } from '../sinks/terminal.js';
import { selfCommandLine } from '../self-command.js';

/** The command line's options (test/docs checks `learn --help` lists the same). */
export const OPTIONS = {
  list: { type: 'boolean' },
  json: { type: 'boolean' },
  run: { type: 'boolean' },
  reset: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  markdown: { type: 'boolean' },
  progress: { type: 'boolean' },
  csv: { type: 'boolean' },
  path: { type: 'string' },
  html: { type: 'boolean' },
} as const;

export default async function run(argv: string[]): Promise<number> {
  try {
    return await learn(argv);
  } catch (err) {
    // A progress folder that cannot be written is the learner's to fix, not an internal error.
    if (!(err instanceof ProgressError)) throw err;
    process.stderr.write(`tcpsleuth: ${err.message}\n`);
    return 1;
  }
}

async function learn(argv: string[]): Promise<number> {
  const parsed = parseArgsOrUsage({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const { values: o, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`learn takes one lesson id, got ${positionals.length} (see --help)`);
  const id = positionals[0];
  const lessons = readLessons();
  if (!lessons) return 1;
  const lesson = id === undefined ? undefined : findLesson(id, lessons);
  if (id !== undefined && !lesson) throw new UsageError(`no lesson "${argEcho(id)}" (lessons: ${lessons.map((l) => l.id).join(', ')})`);

  if (o.csv && !o.progress) throw new UsageError(`--csv goes with --progress (${selfCommandLine(['learn', '--progress', '--csv'])})`);
  if (o.progress || o.path !== undefined) {
    if (id !== undefined) throw new UsageError(`--progress and --path take no lesson id`);
    if (o.progress) return showProgress(lessons, Boolean(o.json), Boolean(o.csv));
    return showPath(o.path!, lessons, Boolean(o.json));
  }
  if (o.reset) return reset(lesson?.id, Boolean(o.yes));
  if (o.run) {
    if (!lesson) throw new UsageError(`--run needs a lesson id, e.g. ${selfCommandLine(['learn', 'rst', '--run'])}`);
    return runAll(lesson, Boolean(o.json));
  }
  if (o.list || (!lesson && (o.json || !isInteractive()))) return list(lessons, Boolean(o.json));
  if (lesson && o.json) {
    process.stdout.write(`${JSON.stringify({ ...lesson, file: undefined }, null, 2)}\n`);
    return 0;
  }
  if (o.html) {
    if (!lesson) throw new UsageError(`--html needs a lesson id, e.g. ${selfCommandLine(['learn', 'rst', '--html'])} > rst.html`);
    const { lessonSvgs, lessonToHtml } = await import('../report/lesson-html.js');
    const { svgs, note } = await lessonSvgs(lesson, rootSignal);
    if (note) process.stderr.write(`tcpsleuth: ${note}\n`);
    process.stdout.write(lessonToHtml(lesson, svgs, note));
    return 0;
  }
  if (lesson && o.markdown) {
    process.stdout.write(cellsToMarkdown(lesson.cells));
    return 0;
  }
  if (lesson && !isInteractive()) {
    process.stdout.write(cellsToPlain(lesson.cells, { lessonId: lesson.id, width: process.stdout.columns ?? 80 }));
    return 0;
  }
  const { openNotebook } = await import('../ui/notebook/open.js');
  return openNotebook(lessons, lesson?.id);
}

const isInteractive = () => Boolean(process.stdout.isTTY && process.stdin.isTTY);

function list(lessons: Lesson[], json: boolean): number {
  if (json) {
    const out = lessons.map((l) => ({ id: l.id, title: l.title, topics: l.topics, minutes: l.minutes, cells: cellCounts(l) }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const progress = loadProgress();
  const lines = lessons.map((l) => {
    const lp = progress.lessons[l.id];
    const s = quizScore(lp, cellCounts(l).quiz);
    const mark = lp?.done ? '✓' : lp ? '…' : ' ';
    const score = s.answered ? `  quiz ${s.right}/${s.total}` : '';
    return `${mark} ${l.id.padEnd(14)} ${l.title}  (${l.minutes} min)${score}`;
  });
  process.stdout.write(`${lines.join('\n')}\n\nOpen one: ${selfCommandLine(['learn', 'ID'])}   (in a terminal: quizzes and experiments)\n`);
  return 0;
}

async function runAll(lesson: Lesson, json: boolean): Promise<number> {
  const cells = lesson.cells.filter((c): c is ExperimentCell => c.kind === 'experiment');
  const results = await runExperiments(cells, { signal: rootSignal });
  // A skipped experiment (it needs root) is not a failed one.
  const ok = results.every((r) => r.ok || r.skipped !== undefined);
  if (json) {
    process.stdout.write(`${JSON.stringify({ lesson: lesson.id, experiments: results }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  if (!results.length) process.stdout.write(`${lesson.id} has no experiments.\n`);
  for (const r of results) {
    if (r.skipped) {
      const sudo = /needs root/.test(r.skipped) ? 'sudo ' : '';
      process.stdout.write(`skip ${r.id}: ${r.skipped}: ${sudo}${selfCommandLine(['learn', lesson.id, '--run'])}\n`);
      const sample = (lesson.cells.find((c) => c.kind === 'experiment' && c.id === r.id) as ExperimentCell | undefined)?.sample;
      if (sample) process.stdout.write(`       a run as root showed: ${sample}\n`);
      continue;
    }
    process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.id}: expected ${r.expected}, observed ${r.observed}: ${r.summary}\n`);
    if (r.findings.length) process.stdout.write(`       findings: ${r.findings.join(', ')}\n`);
    for (const line of kernelLines(r)) process.stdout.write(`       ${line}\n`);
  }
  return ok ? 0 : 1;
}

async function reset(id: string | undefined, yes: boolean): Promise<number> {
  const what = id ? `lesson "${id}"` : 'all lessons';
  if (!yes) {
    if (!isInteractive()) throw new UsageError(`learn --reset asks for confirmation; not a terminal, so pass --yes to reset ${what}`);
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Forget saved progress for ${what}? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stdout.write('Nothing reset.\n');
      return 0;
    }
  }
  const progress = loadProgress();
  const removed = resetProgress(progress, id);
  saveProgress(progress);
  process.stdout.write(removed.length ? `Reset ${what} (${removed.join(', ')}) in ${stateDir()}.\n` : `Nothing saved for ${what}; nothing to reset.\n`);
  return 0;
}

/** Who the record belongs to (a trainer collects several): $USER, else the account name. */
function learnerName(): string {
  try {
    return process.env.USER || userInfo().username;
  } catch {
    return 'unknown';
  }
}

function showProgress(lessons: Lesson[], json: boolean, csv: boolean): number {
  if (json && csv) throw new UsageError('--json or --csv, not both');
  const progress = loadProgress();
  if (csv) process.stdout.write(progressCsv(progress, learnerName()));
  else if (json) process.stdout.write(`${JSON.stringify({ learner: learnerName(), ...progress, path: helpdeskPath(progress, lessons) }, null, 2)}\n`);
  else process.stdout.write(`${progressLines(progress, lessons).join('\n')}\n\nSaved in ${stateDir()}; --json or --csv export it.\n`);
  return 0;
}

function showPath(name: string, lessons: Lesson[], json: boolean): number {
  if (name !== 'helpdesk') throw new UsageError(`no path "${argEcho(name)}" (paths: helpdesk)`);
  const steps = helpdeskPath(loadProgress(), lessons);
  if (json) process.stdout.write(`${JSON.stringify({ path: 'helpdesk', steps, next: steps.find((s) => !s.done)?.id ?? null }, null, 2)}\n`);
  else process.stdout.write(`${pathLines(steps).join('\n')}\n`);
  return 0;
}
