/**
 * A finished check reply as the guide's transcript items (step cards and the verdict card), so the
 * chat draws a check exactly as `tcpsleuth check` does, with the same components and words.
 */
import type { CheckReport, StepEvidence, StepId } from '../../evidence.js';
import { verdictText } from '../../guide/explanations.js';
import { drawHandshake } from '../../guide/handshake.js';
import { commandFor, STEP_INFO, stepMeaning } from '../../guide/step-texts.js';
import type { TranscriptItem } from '../../guide/transcript.js';

export type CheckItem = Extract<TranscriptItem, { kind: 'step' | 'verdict' }>;

/** The step cards in the order they ran, then the verdict card. `key` prefixes the React keys. */
export function checkItems(report: CheckReport, key: string): CheckItem[] {
  const t = report.target;
  const address = t.addressUsed ?? t.host;
  const steps: Partial<Record<StepId, StepEvidence>> = {};
  const items: CheckItem[] = report.steps.map((ev, i) => {
    steps[ev.id] = ev;
    const saw = ev.outcome === 'pass' || ev.outcome === 'fail' ? ev.summary : `${ev.summary}${ev.reason && ev.reason !== ev.summary ? ` (${ev.reason})` : ''}`;
    return { kind: 'step', key: `${key}s${i}`, step: ev.id, title: STEP_INFO[ev.id].title, command: commandFor(ev.id, t, ev, address), saw, means: stepMeaning(ev), evidence: ev };
  });
  const source = (steps.connect?.evidence as { localAddress?: string } | undefined)?.localAddress;
  const resolvers = (steps.dns?.evidence as { resolvers?: string[] } | undefined)?.resolvers;
  items.push({
    kind: 'verdict',
    key: `${key}v`,
    verdict: report.verdict,
    text: verdictText(report.verdict, t, address, source, resolvers),
    handshake: drawHandshake(report.verdict, steps, 'you', address),
    findings: report.details,
  });
  return items;
}
