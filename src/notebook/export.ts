/**
 * Cells → Markdown (for a ticket or a lesson file) and cells → plain text (for a pipe).
 * Both take any cell list, so a recorded guide session exports the same way as a lesson.
 */
import type { Cell, ExperimentCell, QuizCell } from './cells.js';
import type { ExperimentResult } from './experiment.js';
import { selfCommandLine } from '../self-command.js';
import { hangingLines, hangingText, markdownToTerminal } from './markdown-terminal.js';
import { mermaidToText } from './mermaid-text.js';

export interface ExportOptions {
  title?: string;
  /** Results of experiments already run, by experiment id, shown under each experiment. */
  results?: Record<string, ExperimentResult>;
  /** Plain text only: show each quiz's answer and why (default true). */
  answers?: boolean;
  width?: number;
  /** For the "run it" hint under experiments. */
  lessonId?: string;
}

/** Renders cells as Markdown; diagrams stay ```mermaid blocks so GitHub draws them. */
export function cellsToMarkdown(cells: Cell[], opts: ExportOptions = {}): string {
  const out: string[] = [];
  if (opts.title) out.push(`# ${opts.title}`);
  for (const cell of cells) {
    switch (cell.kind) {
      case 'text':
        out.push(cell.markdown);
        break;
      case 'diagram':
        out.push('```mermaid\n' + cell.source + '\n```');
        break;
      case 'quiz':
        out.push(quizMarkdown(cell));
        break;
      case 'experiment':
        out.push(experimentMarkdown(cell, opts.results?.[cell.id]));
        break;
      case 'output':
        out.push([`\`\`\`console\n$ ${cell.command}\n${cell.output.trimEnd()}\n\`\`\``, cell.explanation ?? ''].filter(Boolean).join('\n\n'));
        break;
    }
  }
  return `${out.join('\n\n').trim()}\n`;
}

function quizMarkdown(q: QuizCell): string {
  const lines = [`**Quiz:** ${q.question}`, ''];
  for (const c of q.choices) lines.push(`- [${c.correct ? 'x' : ' '}] ${c.text}  \n  _${c.why}_`);
  return lines.join('\n');
}

function experimentMarkdown(e: ExperimentCell, r: ExperimentResult | undefined): string {
  // Predict first: the expected verdict comes after the question, never before it.
  const lines = [`**Experiment \`${e.id}\`** (scenario \`${e.scenario}\`)`];
  if (e.predict) lines.push('', `Predict: ${e.predict.question} (${e.predict.choices.join(' / ')})`);
  lines.push('', `Expected verdict: \`${e.expect}\``);
  if (r) lines.push('', `Result: \`${r.observed}\` ${r.ok ? '(as expected)' : '(NOT as expected)'}: ${r.summary}`, ...kernelLines(r).map((l) => `    ${l}`));
  if (e.explain) lines.push('', e.explain);
  return lines.join('\n');
}

/**
 * What the experiment saw, one line each: a probe's measurements, or the kernel's view of a
 * check, one line per change ("client +1359 ms  SYN_SENT     SYN retransmitted 1x").
 */
export function kernelLines(r: ExperimentResult): string[] {
  if (r.measured) return r.measured;
  const lines = r.kernel.map((k) => `${k.side.padEnd(6)} +${String(k.atMs).padStart(4)} ms  ${k.retransmits ? `${k.state.padEnd(11)}  retransmitted ${k.retransmits}x` : k.state}`);
  if (!r.kernel.some((k) => k.side === 'client') && process.platform === 'linux' && r.observed !== 'error' && r.where !== 'namespaces') {
    lines.unshift('client: our socket came and went between two looks (25 ms apart): loopback answers that fast');
  }
  if (r.listener && r.listener.acceptQueue > 0) lines.unshift(`server: the listener already had ${r.listener.acceptQueue} connection(s) waiting in its accept queue`);
  if (r.server) lines.unshift(`server: before we connected, its port already had ${Object.entries(r.server).map(([state, n]) => `${n} ${state}`).join(', ')}`);
  if (lines.length) lines.unshift(r.where === 'namespaces' ? "the server's kernel saw (/proc/net/tcp in its namespace):" : 'the kernel saw (/proc/net/tcp):');
  return lines;
}

/**
 * Markdown → plain words for a pipe, a search index or a chat line: emphasis and code marks
 * dropped, links as "text (url)", code indented, each paragraph on one line (no reflow).
 */
export function plainMarkdown(md: string): string {
  return markdownToTerminal(md, { width: Infinity });
}

/** Renders cells as plain text: prose, diagrams drawn as text, quizzes with their answers. */
export function cellsToPlain(cells: Cell[], opts: ExportOptions = {}): string {
  const width = opts.width ?? 80;
  const hang = (lead: string, text: string) => hangingLines(lead, text, { width });
  const hangPlain = (lead: string, text: string) => hangingText(lead, text, { width });
  const out: string[] = [];
  if (opts.title) out.push(`${opts.title}\n${'='.repeat(Math.min(opts.title.length, 72))}`);
  for (const cell of cells) {
    switch (cell.kind) {
      case 'text':
        out.push(markdownToTerminal(cell.markdown, { width }));
        break;
      case 'diagram':
        out.push(indent(mermaidToText(cell.source, Math.min(width, 72)), '    '));
        break;
      case 'quiz': {
        const letters = 'ABCDEFGH';
        const lines = [...hang('Quiz: ', cell.question), ...cell.choices.flatMap((c, i) => hang(`  ${letters[i]}. `, c.text))];
        if (opts.answers !== false) {
          const right = cell.choices.findIndex((c) => c.correct);
          lines.push(`  Answer: ${letters[right]}.`, ...cell.choices.flatMap((c, i) => hang(`    ${letters[i]}: `, c.why)));
        }
        out.push(lines.join('\n'));
        break;
      }
      case 'experiment': {
        const r = opts.results?.[cell.id];
        // Predict first: the expected verdict is said only with a result (learn ID --run shows both).
        const lines = [`Experiment ${cell.id}`];
        if (cell.predict) lines.push(...hang('  Predict: ', `${cell.predict.question} (${cell.predict.choices.join(' / ')})`));
        if (r) lines.push(...hangPlain('  Result: ', `${r.observed} (expected ${cell.expect})${r.ok ? '' : ' NOT as expected'}: ${r.summary}`), ...kernelLines(r).flatMap((l) => hangPlain('    ', l)));
        else lines.push(...hangPlain('  Run it: ', `${selfCommandLine(['learn', opts.lessonId ?? 'LESSON', '--run'])} (or open the lesson in a terminal)`));
        if (cell.explain) lines.push(...hang('  Why: ', cell.explain));
        out.push(lines.join('\n'));
        break;
      }
      case 'output':
        out.push([`$ ${cell.command}`, cell.output.trimEnd(), cell.explanation ?? ''].filter(Boolean).join('\n'));
        break;
    }
  }
  return `${out.join('\n\n').trim()}\n`;
}

const indent = (s: string, pad: string) =>
  s
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
