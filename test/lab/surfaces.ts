/**
 * One check, every surface (issue 18's "Done when"): a `check --json` report (with its story)
 * rendered as plain text, JSON, the guide's transcript, the chat's check items, drill feedback,
 * and the Markdown and HTML reports; then the facts they must agree on. The layout is theirs to
 * change: these checks read facts (verdict, per-address outcomes, give-up time), never columns.
 */
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { expect } from 'vitest';
import type { CheckReport, StepEvidence, StepId } from '../../src/evidence.js';
import { formatKernelMs } from '../../src/kernel-timing.js';
import { painter } from '../../src/output/colors.js';
import { formatStep, formatVerdict } from '../../src/output/plain.js';
import { stepItem, verdictCard, type TranscriptItem } from '../../src/guide/transcript.js';
import { drawHandshake } from '../../src/guide/handshake.js';
import { TranscriptItemView } from '../../src/ui/components/TranscriptItemView.js';
import { checkItems } from '../../src/ui/chat/check-items.js';
import { answerEvidence } from '../../src/drill/index.js';
import { answerLines } from '../../src/drill/text.js';
import { buildReportModel, renderHtml, renderMarkdown } from '../../src/report/index.js';

export type Surface = 'plain' | 'json' | 'guide' | 'chat' | 'drill' | 'markdown' | 'html';

/** Placeholders a renderer left unfilled. */
const PLACEHOLDER = /<time>|<the error>|&lt;time>|&lt;the error>|\bTODO\b|\bundefined\b|\bNaN\b/;
/** A runtime's internal code (Node's ERR_SOCKET_CLOSED and the like). */
const RUNTIME_CODE = /\bERR_[A-Z_]{4,}\b/;

/** Ink output as words: box borders gone and wrapped lines joined, so a sentence reads whole. */
const flat = (text: string) => text.replace(/[│╭╮╰╯]/g, ' ').replace(/\s+/g, ' ');

function drawItems(items: TranscriptItem[]): string {
  const frames: string[] = [];
  for (const item of items) {
    const r = render(createElement(TranscriptItemView, { item }));
    frames.push(r.lastFrame() ?? '');
    r.unmount();
  }
  return frames.join('\n');
}

/** The guide's transcript of a finished check: each step's card as it ran, then the verdict card. */
function guideItems(report: CheckReport): TranscriptItem[] {
  const t = report.target;
  const address = t.addressUsed ?? t.host;
  const steps: Partial<Record<StepId, StepEvidence>> = {};
  const items: TranscriptItem[] = report.steps.map((ev, i) => {
    steps[ev.id] = ev;
    return stepItem(ev, t, address, `s${i}`);
  });
  items.push({ kind: 'verdict', key: 'v', verdict: report.verdict, ...verdictCard(report.verdict, steps, t, address, report.story), handshake: drawHandshake(report.verdict, steps, 'you', address) });
  return items;
}

function drillFeedback(report: CheckReport, command: string): string {
  const part = <T extends string>(expected: T) => ({ given: null, correct: false, expected, text: expected });
  return answerLines({
    id: '000000',
    verdict: part(report.verdict),
    cause: part('not-listening' as const),
    ask: part('service-owner' as const),
    score: 0,
    maxScore: 100,
    hintsTaken: 0,
    tells: 'the check',
    fault: { scenario: 'lab', title: 'the lab fault' },
    evidence: answerEvidence(report, command),
    lesson: { id: report.lessons[0] ?? 'handshake', command: 'learn' },
    durationMs: 1000,
    allCorrect: false,
  }).join('\n');
}

/** Every surface's text for one report. */
export function renderSurfaces(report: CheckReport): Record<Surface, string> {
  const paint = painter(false);
  const model = buildReportModel(report, { origin: { hostname: 'lab-client', timeZone: 'UTC' } });
  return {
    plain: [...report.steps.map((s) => formatStep(s, paint)), formatVerdict(report, paint)].join('\n'),
    // The words --json says (a raw errno or runtime code stays in the steps' evidence, for scripts).
    json: JSON.stringify({ verdict: report.verdict, meaning: report.meaning, results: report.target.results, details: report.details, story: report.story }),
    guide: flat(drawItems(guideItems(report))),
    chat: flat(drawItems(checkItems(report, 'c'))),
    drill: drillFeedback(report, 'node dist/cli.js check lab'),
    markdown: renderMarkdown(model),
    html: renderHtml(model),
  };
}

/** Lines (or, for flattened Ink text, the whole) that speak about another address than the chosen one. */
function aboutOthers(text: string, others: string[]): boolean {
  return others.some((a) => text.includes(a));
}

/**
 * The words the evidence says about the other addresses (their connect steps, and the report's
 * kernel timeline of them), which may rightly differ from the verdict.
 */
function othersWords(report: CheckReport, others: string[]): string[] {
  const steps = report.steps.filter((s) => s.id === 'connect' && others.includes((s.evidence as { address?: string }).address ?? '')).flatMap((s) => [s.summary, s.reason ?? '']);
  const model = buildReportModel(report, { origin: { hostname: 'lab-client', timeZone: 'UTC' } });
  const timeline = model.kernel.filter((p) => p.address && others.includes(p.address)).map((p) => p.note ?? '');
  return [...steps, ...timeline].filter(Boolean);
}

/**
 * Asserts that every surface tells the report's story: the verdict, the per-address outcomes, the
 * kernel's give-up time, no placeholder, no runtime code, no sentence against the verdict.
 */
export function expectAgreement(id: string, report: CheckReport): void {
  const story = report.story;
  expect(story, `${id}: the report carries its story`).toBeDefined();
  const v = report.verdict;
  expect(story!.verdict, id).toBe(v);
  // Per-address outcomes: the story, target.results and the chosen address all agree.
  const results = report.target.results ?? [];
  expect(story!.perAddress.map((a) => [a.address, a.verdict]), `${id}: per-address outcomes`).toEqual(results.map((r) => [r.address, r.verdict]));
  const chosen = results.find((r) => r.address === report.target.addressUsed);
  if (v !== 'dns-error') expect(chosen?.verdict, `${id}: the chosen address says the verdict`).toBe(v);
  const others = results.filter((r) => r !== chosen).map((r) => r.address);
  const giveUp = formatKernelMs(story!.timings.giveUpMs);

  const surfaces = renderSurfaces(report);
  for (const [surface, text] of Object.entries(surfaces) as Array<[Surface, string]>) {
    const where = `${id} (${v}) on ${surface}`;
    expect(text.toLowerCase(), `${where}: names the verdict`).toContain(v);
    expect(text, `${where}: a placeholder`).not.toMatch(PLACEHOLDER);
    expect(text, `${where}: a runtime code`).not.toMatch(RUNTIME_CODE);
    // The give-up time, wherever a surface states one, is the kernel's (the evidence's).
    for (const m of text.matchAll(/(?:would wait|gives up after|gives up in) (\d+(?: min)?(?: \d+ s)?(?: s)?)/g)) {
      if (/gives up in/.test(m[0])) continue; // a countdown, not the give-up time
      expect(m[1], `${where}: the give-up time`).toBe(giveUp);
    }
    // Read as a reader sees it (the sinks' escapes undone); the sequence diagram's source is read
    // too: it draws the chosen address's conversation.
    const read = surface === 'markdown' ? text.replace(/\\(.)/g, '$1') : surface === 'html' ? text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : text;
    const own = othersWords(report, others).reduce((t, w) => t.split(w).join(' '), read);
    const sentences = surface === 'json' ? [] : own.split(/\n|(?<=[.!?])\s+/).filter((l) => !aboutOthers(l, others));
    for (const line of sentences) {
      if (v !== 'open') expect(line, `${where}: contradicts the verdict`).not.toMatch(/nothing went wrong|open and accepting/);
      else expect(line, `${where}: contradicts the verdict`).not.toMatch(/\brefused\b|ECONNREFUSED/);
    }
  }
  // Where a surface lists several addresses, each says what the story says for it.
  if (results.length > 1) {
    for (const a of story!.perAddress) {
      expect(surfaces.plain, `${id}: plain lists ${a.address}`).toContain(a.detail.text);
      expect(surfaces.guide, `${id}: the guide's card lists ${a.address}`).toContain(a.detail.text);
    }
  }
  // The report's kernel rows say which address each is about when there are several.
  const model = buildReportModel(report, { origin: { hostname: 'lab-client', timeZone: 'UTC' } });
  if (new Set(model.kernel.map((k) => k.address)).size > 1) expect(surfaces.markdown, `${id}: kernel rows name their address`).toMatch(/\| When \| Address \| State \|/);
  // The cause is the same sentence in plain, JSON (meaning), the guide and the drill feedback.
  const cause = story!.cause.text;
  expect(report.meaning, `${id}: --json meaning`).toBe(cause);
  expect(surfaces.plain, `${id}: plain cause`).toContain(cause);
  expect(surfaces.guide, `${id}: guide cause`).toContain(flat(cause));
  expect(surfaces.drill, `${id}: drill cause`).toContain(cause);
}
