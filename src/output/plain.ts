/**
 * Plain lines for pipes and `--plain`: one line per step as it finishes, then the verdict and
 * what it means, then the findings and lessons. No cursor codes, no spinners.
 */
import type { CheckReport, Outcome, Progress, StepEvidence, Verdict } from '../evidence.js';
import { formatHostPort } from '../target.js';
import { colorEnabled, painter, type Paint } from './colors.js';
import { VERDICT_SEVERITY } from '../verdict-tone.js';
import { storyOf } from '../guide/story-context.js';

/** The paint token of a verdict, from the one severity table (its `fail` is this printer's `bad`). */
export const verdictToken = (v: Verdict) => (VERDICT_SEVERITY[v] === 'fail' ? 'bad' : VERDICT_SEVERITY[v]);

const MARK: Record<Outcome, [string, Parameters<Paint>[0]]> = {
  pass: ['ok  ', 'ok'],
  fail: ['FAIL', 'bad'],
  skipped: ['skip', 'muted'],
  unavailable: ['n/a ', 'warn'],
};

/** `ok   dns       db → 10.0.0.5 in 1.2 ms`. */
export function formatStep(step: StepEvidence, paint: Paint): string {
  const [mark, token] = MARK[step.outcome];
  const lines = [`${paint(token, mark)} ${step.id.padEnd(8)} ${step.summary}`];
  if (step.outcome === 'unavailable' && step.reason) lines.push(`              ${paint('muted', step.reason)}`);
  if (step.fix) lines.push(`              ${paint('warn', `fix: ${step.fix}`)}`);
  // The command a person could type to see the same thing themselves.
  if (step.command && step.outcome !== 'skipped' && step.outcome !== 'unavailable') lines.push(`              ${paint('muted', `$ ${step.command}`)}`);
  return lines.join('\n');
}

/** A progress line for `check --progress` in plain mode (written to stderr). */
function formatProgress(p: Progress, paint: Paint): string {
  return paint('muted', `  … ${p.step}: ${p.message}`);
}


/** The header line printed before the steps. */
export function formatHeader(host: string, port: number, paint: Paint): string {
  return paint('strong', `checking ${formatHostPort(host, port)}`);
}

/**
 * The verdict as its story tells it: the verdict and the address it is about, the cause, every
 * address (when there are several), the findings, what to check next, whom to ask, the lessons.
 */
export function formatVerdict(report: CheckReport, paint: Paint): string {
  const story = report.story ?? storyOf(report);
  const out = [''];
  const used = report.target.addressUsed && report.target.addressUsed !== report.target.host ? ` (via ${report.target.addressUsed})` : '';
  out.push(`${paint('strong', 'verdict:')} ${paint(verdictToken(story.verdict), story.verdict)}${used}`);
  out.push(story.cause.text);
  // What the packets show (the capture's sentences): stated here, since no step line says it.
  for (const f of story.facts.filter((x) => x.cites.some((c) => 'conversation' in c))) out.push(`  ${paint('muted', '·')} ${f.text}`);
  if (story.perAddress.length > 1) {
    out.push(paint('strong', 'every address:'));
    for (const a of story.perAddress) out.push(`  ${a.chosen ? '>' : '-'} ${paint(verdictToken(a.verdict), a.detail.text)}${a.chosen ? ' (the verdict)' : ''}`);
  }
  for (const d of story.findings) out.push(`  - ${paint('accent', d.id)}: ${d.text}`);
  if (story.advice.length) {
    out.push(paint('strong', 'next:'));
    story.advice.forEach((a, i) => {
      out.push(`  ${i + 1}. ${a.text}`);
      for (const line of a.settings ?? []) out.push(`     - ${line}`);
    });
  }
  // An open story names whom to ask only when a finding says part of the path fails.
  if (story.whomToAsk && (story.verdict !== 'open' || story.but)) out.push(story.whomToAsk.text);
  if (story.lessonCommands.length) out.push(paint('muted', `learn more: ${story.lessonCommands.join(', ')}`));
  return out.join('\n');
}

/** What prints one check in plain lines: the header, each step as it finishes, progress (stderr), the verdict. */
export interface PlainCheckPrinter {
  header(host: string, port: number): void;
  onStep(step: StepEvidence): void;
  /** Set with `--progress`: the live progress lines, on stderr. */
  onProgress?: (p: Progress) => void;
  verdict(report: CheckReport): void;
}

/** The one plain printer of `check` (with or without --report), colour decided per stream. */
export function plainCheckPrinter(opts: { progress: boolean }, out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): PlainCheckPrinter {
  const paint = painter(colorEnabled(out));
  const errPaint = painter(colorEnabled(err));
  return {
    header: (host, port) => void out.write(`${formatHeader(host, port, paint)}\n`),
    onStep: (step) => void out.write(`${formatStep(step, paint)}\n`),
    onProgress: opts.progress ? (p) => void err.write(`${formatProgress(p, errPaint)}\n`) : undefined,
    verdict: (report) => void out.write(`${formatVerdict(report, paint)}\n`),
  };
}
