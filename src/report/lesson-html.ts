/**
 * A lesson as one self-contained HTML page for trainers to hand out (`learn ID --html`): the text,
 * the diagrams as inline SVG (the committed diagrams/lessons/ SVGs when they are fresh, else
 * rendered now, else the Mermaid source with a note), quizzes with their answers at the end,
 * and the experiments as commands to run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, Lesson, QuizCell } from '../notebook/cells.js';
import { svgStamp } from './diagram-files.js';
import { diagramFigure, h, page } from './html-page.js';
import { inline, markdownToHtml } from './markdown-html.js';
import { renderMermaidSvgs } from './render.js';
import { isProbeId, PROBES } from '../notebook/probes/catalogue.js';
import { selfCommandLine } from '../self-command.js';
import { shippedDir } from '../shipped-dir.js';

/** The shipped diagrams/ folder (the one holding lessons/ drawings). */
export function diagramsDir(): string | undefined {
  return shippedDir('diagrams', (dir) => existsSync(join(dir, 'lessons')));
}

/** The committed SVG of a lesson's Nth diagram, when it was rendered from this very source. */
export function committedLessonSvg(lessonId: string, n: number, source: string): string | undefined {
  const dir = diagramsDir();
  if (!dir) return undefined;
  const file = join(dir, 'lessons', `${lessonId}-${n}.svg`);
  if (!existsSync(file)) return undefined;
  const svg = readFileSync(file, 'utf8');
  return svg.trimEnd().endsWith(svgStamp(`${source.trim()}\n`)) ? svg : undefined;
}

/** SVGs for every diagram cell (undefined where none could be had) and, if any is missing, why. */
export async function lessonSvgs(lesson: Lesson, signal?: AbortSignal): Promise<{ svgs: Array<string | undefined>; note?: string }> {
  const sources = lesson.cells.filter((c): c is Extract<Cell, { kind: 'diagram' }> => c.kind === 'diagram').map((c) => c.source);
  const svgs = sources.map((s, i) => committedLessonSvg(lesson.id, i + 1, s));
  const todo = svgs.map((s, i) => (s ? -1 : i)).filter((i) => i >= 0);
  if (!todo.length) return { svgs };
  const r = await renderMermaidSvgs(todo.map((i) => sources[i]), { signal, idPrefix: `tsl-${lesson.id}-live-` });
  if (!r.ok) return { svgs, note: `Diagram shown as Mermaid source: ${r.reason}. To draw it: ${r.fix}.` };
  todo.forEach((i, k) => (svgs[i] = r.svgs[k]));
  return { svgs };
}

function quiz(q: QuizCell, n: number): string {
  return `<section class="quiz"><p><strong>Question ${n}.</strong> ${inline(q.question)}</p><ol type="a">${q.choices.map((c) => `<li>${inline(c.text)}</li>`).join('')}</ol></section>`;
}

function answers(quizzes: QuizCell[]): string {
  if (!quizzes.length) return '';
  const items = quizzes.map((q, i) => {
    const right = q.choices.map((c, k) => ({ c, k })).filter((x) => x.c.correct);
    return `<li><p><strong>Question ${i + 1}:</strong> ${right.map((x) => `(${String.fromCharCode(97 + x.k)}) ${inline(x.c.text)}`).join('; ')}</p><ul>${q.choices.map((c, k) => `<li>(${String.fromCharCode(97 + k)}) ${inline(c.why)}</li>`).join('')}</ul></li>`;
  });
  return `<h2>Answers</h2><ol class="answers">${items.join('')}</ol>`;
}

/** An experiment as a command to run: predict first, then what it sets up and should show, and why. */
function experiment(cell: Extract<Cell, { kind: 'experiment' }>, run: string): string {
  const what = isProbeId(cell.scenario)
    ? `${h(PROBES[cell.scenario].title)}; expected outcome <code>${h(cell.expect)}</code>${PROBES[cell.scenario].needs === 'root' ? ', as root' : ''}`
    : `lab scenario <code>${h(cell.scenario)}</code>, expected verdict <code>${h(cell.expect)}</code>`;
  const predict = cell.predict ? `<p>Predict first: ${inline(cell.predict.question)} (${cell.predict.choices.map((c) => inline(c)).join(' / ')})</p>` : '';
  const sample = cell.sample ? `<p class="muted">A run showed: ${inline(cell.sample)}</p>` : '';
  return `<section class="experiment"><p><strong>Experiment:</strong> run <code>${h(run)}</code> (${what}).</p>${predict}${cell.explain ? `<p class="muted">${inline(cell.explain)}</p>` : ''}${sample}</section>`;
}

/** The page. `svgs` line up with the lesson's diagram cells. */
export function lessonToHtml(lesson: Lesson, svgs: Array<string | undefined>, note?: string): string {
  const run = selfCommandLine(['learn', lesson.id, '--run']);
  const body: string[] = [`<p class="muted">tcpsleuth lesson <code>${h(lesson.id)}</code> · about ${lesson.minutes} minutes · try it live: <code>${h(selfCommandLine(['learn', lesson.id]))}</code></p>`];
  const quizzes: QuizCell[] = [];
  let diagram = 0;
  let titled = false;
  for (const cell of lesson.cells) {
    switch (cell.kind) {
      case 'text':
        // The lesson's own "# Title" is the page's h1.
        if (/^#\s/m.test(cell.markdown)) titled = true;
        body.push(markdownToHtml(cell.markdown));
        break;
      case 'diagram':
        body.push(diagramFigure(cell.source, svgs[diagram++], cell.section ? `Diagram: ${cell.section}` : 'Diagram', note));
        break;
      case 'quiz':
        quizzes.push(cell);
        body.push(quiz(cell, quizzes.length));
        break;
      case 'experiment':
        body.push(experiment(cell, run));
        break;
      case 'output':
        body.push(`<pre><code>$ ${h(cell.command)}\n${h(cell.output.trimEnd())}</code></pre>${cell.explanation ? `<p>${inline(cell.explanation)}</p>` : ''}`);
        break;
    }
  }
  if (!titled) body.unshift(`<h1>${h(lesson.title)}</h1>`);
  body.push(answers(quizzes));
  return page(`tcpsleuth lesson: ${lesson.title}`, body.join('\n'));
}
