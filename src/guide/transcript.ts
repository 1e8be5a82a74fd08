/**
 * The conversation as a list of items, derived from the session record alone (append-only, so
 * the UI can keep finished items in <Static>, and plain mode can print them as lines).
 */
import type { CheckReport, Finding, StepEvidence, StepId, Target, Verdict } from '../evidence.js';
import { addressResults, describeResult, diagnose } from '../diagnosis/index.js';
import { connectSteps } from '../diagnosis/addresses.js';
import { allAttempts } from './evidence-helpers.js';
import { formatMs } from '../duration.js';
import { orderedSteps } from './branching.js';
import { BRANCHES } from './machine.js';
import { storyText, symptomNote, UNDECIDED_TEXT, type VerdictText } from './explanations.js';
import type { Story } from '../diagnosis/story.js';
import { storyOf } from './story-context.js';
import { commandFor, STEP_INFO, stepMeaning } from './step-texts.js';
import { drawHandshake } from './handshake.js';
import type { RecordEntry } from './types.js';

export type TranscriptItem =
  | { kind: 'user'; key: string; text: string }
  | { kind: 'guide'; key: string; text: string }
  | { kind: 'step'; key: string; step: StepId; title: string; command: string; saw: string; means: string; evidence: StepEvidence; /** Connect to a name with several addresses: each one's outcome. */ addresses?: { text: string; open: boolean }[] }
  | { kind: 'verdict'; key: string; verdict: Verdict | 'undecided'; text: VerdictText; handshake: string[]; findings: Finding[]; /** The story the card tells (none before a verdict). */ story?: Story };

const isBranch = (s: string): s is Verdict | 'undecided' => (BRANCHES as readonly string[]).includes(s);

function parseTarget(because: string): Pick<Target, 'host' | 'port'> | undefined {
  const m = /^target (.+):(\d+)/.exec(because);
  return m ? { host: m[1], port: Number(m[2]) } : undefined;
}

/** Turns the session record into the transcript the user sees. */
export function transcriptItems(record: readonly RecordEntry[]): TranscriptItem[] {
  const items: TranscriptItem[] = [];
  let target: Pick<Target, 'host' | 'port'> = { host: '?', port: 0 };
  let steps: Partial<Record<StepId, StepEvidence>> = {};
  let address: string | undefined;
  let symptom: string | undefined;
  let startedAt: string | undefined;
  for (const e of record) {
    const key = String(e.seq);
    if (e.event === 'input' || e.event === 'user.target' || e.event === 'user.newTarget' || (e.to === 'dns' && e.event === 'user.rerun')) {
      target = parseTarget(e.because) ?? target;
      steps = {};
      address = undefined;
      symptom = /symptom: (.+)$/.exec(e.because)?.[1];
      startedAt = e.at;
      items.push({ kind: 'user', key: `${key}u`, text: `Check ${target.host}:${target.port}${symptom ? ` (it ${symptom.replace('-', ' ')})` : ''}` });
      items.push({ kind: 'guide', key: `${key}g`, text: `I will look up the name, try a TCP handshake to port ${target.port} on each of its addresses, ping the host, and tell you what each step saw.` });
      continue;
    }
    if (e.evidence) {
      const ev = e.evidence;
      steps = { ...steps, [ev.id]: ev };
      if (ev.id === 'connect') address = (ev.evidence as { address?: string })?.address ?? address;
      items.push(stepItem(ev, target, address ?? target.host, key));
      // A main step that ends the main path (or a follow-up that changes the verdict) brings the verdict.
      if (isBranch(e.to) && e.to !== e.from) {
        const v = e.to;
        items.push({
          kind: 'verdict',
          key: `${key}v`,
          verdict: v,
          ...verdictCard(v, steps, target, address, undefined, startedAt),
          handshake: drawHandshake(v === 'undecided' ? undefined : v, steps, 'you', address ?? target.host),
        });
        const note = symptomNote(symptom, v);
        if (note) items.push({ kind: 'guide', key: `${key}s`, text: note });
      }
      continue;
    }
    if (e.to === 'stopped') items.push({ kind: 'guide', key, text: 'Stopped.' });
    else if (e.to === 'done') items.push({ kind: 'guide', key, text: 'Done. Press n for a new target, r to run it again, q to quit.' });
  }
  return items;
}

/**
 * The verdict card's words and findings. Its lessons follow the same rule as `check --json`
 * (the verdict's and its findings', src/diagnosis lessonsFor), so both name the same lessons.
 */
/** A finished step's card: what ran, the command to try it, what it saw (every address for connect), what it means. */
export function stepItem(ev: StepEvidence, target: Pick<Target, 'host' | 'port'>, address: string, key: string): Extract<TranscriptItem, { kind: 'step' }> {
  const saw = ev.outcome === 'pass' || ev.outcome === 'fail' ? ev.summary : `${ev.summary}${ev.reason && ev.reason !== ev.summary ? ` (${ev.reason})` : ''}`;
  return {
    kind: 'step',
    key,
    step: ev.id,
    title: STEP_INFO[ev.id].title,
    command: commandFor(ev.id, target, ev, address),
    saw,
    // Each address's handshake (what came after it on the chosen one is the verdict card's to say).
    ...(ev.id === 'connect' && allAttempts(ev).length > 1 ? { addresses: addressResults(allAttempts(ev)).map((r) => ({ text: r.result === 'connected' ? `${r.address}: handshake completed; connect() returned after ${formatMs(r.durationMs)}` : describeResult(r), open: r.verdict === 'open' })) } : {}),
    means: stepMeaning(ev, { host: target.host, port: target.port, address }),
    evidence: ev,
  };
}

export function verdictCard(
  v: Verdict | 'undecided',
  steps: Partial<Record<StepId, StepEvidence>>,
  target: Pick<Target, 'host' | 'port'>,
  address?: string,
  /** A finished report's story (or, from older callers, its findings); else the story is told from the steps. */
  known?: Story | Finding[],
  /** When the check started (ISO); now when unknown. */
  startedAt?: string,
): { text: VerdictText; findings: Finding[]; story?: Story } {
  if (v === 'undecided') return { text: UNDECIDED_TEXT, findings: [] };
  const story = known && !Array.isArray(known) ? known : storyOf(reportOf(v, steps, target, address, startedAt, known));
  return { text: storyText(story), findings: story.findings, story };
}

/** The report a verdict card tells the story of: the steps so far, every address's connect in turn. */
function reportOf(v: Verdict, steps: Partial<Record<StepId, StepEvidence>>, target: Pick<Target, 'host' | 'port'>, address: string | undefined, startedAt = new Date().toISOString(), known?: Finding[]): CheckReport {
  const list = orderedSteps(steps);
  const diagnosed = diagnose(list);
  const d = known ? { ...diagnosed, findings: known.map((f) => f.id), details: known } : diagnosed;
  const addresses = connectSteps(list).map((c) => c.evidence.address);
  return {
    target: { host: target.host, port: target.port, addresses: addresses.length ? addresses : address ? [address] : [], addressUsed: address, results: addressResults(list, v) },
    verdict: v,
    meaning: d.meaning,
    steps: list,
    findings: d.findings,
    details: d.details,
    lessons: d.lessons,
    startedAt,
    durationMs: 0,
  };
}
