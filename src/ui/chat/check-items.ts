/**
 * A finished check reply as the guide's transcript items (step cards and the verdict card), so the
 * chat draws a check exactly as `tcpsleuth check` does, with the same components and words.
 */
import type { CheckReport, StepEvidence, StepId } from '../../evidence.js';
import { drawHandshake } from '../../guide/handshake.js';
import { stepItem, verdictCard, type TranscriptItem } from '../../guide/transcript.js';

export type CheckItem = Extract<TranscriptItem, { kind: 'step' | 'verdict' }>;

/** The step cards in the order they ran, then the verdict card. `key` prefixes the React keys. */
export function checkItems(report: CheckReport, key: string): CheckItem[] {
  const t = report.target;
  const address = t.addressUsed ?? t.host;
  const steps: Partial<Record<StepId, StepEvidence>> = {};
  const items: CheckItem[] = report.steps.map((ev, i) => {
    steps[ev.id] = ev;
    return stepItem(ev, t, address, `${key}s${i}`);
  });
  items.push({
    kind: 'verdict',
    key: `${key}v`,
    verdict: report.verdict,
    ...verdictCard(report.verdict, steps, t, address, report.story ?? report.details),
    handshake: drawHandshake(report.verdict, steps, 'you', address),
  });
  return items;
}
