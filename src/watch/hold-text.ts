/**
 * `check --hold` in plain lines: what the held connections showed, then each finding with what to
 * set. Lays out the hold evidence and its findings (diagnosis/hold.ts); adds nothing.
 */
import type { HoldEvidence } from '../checks/hold.js';
import type { HoldFinding } from '../diagnosis/hold.js';
import { formatMs } from '../duration.js';
import type { Paint } from '../output/colors.js';

const GONE: Record<string, string> = { reset: 'reset (an RST)', silent: 'silence', closed: 'closed by the server (FIN)' };

/** One line: how many connections were held, for which idle times, and what they showed. */
export function holdLine(e: HoldEvidence, paint: Paint): string {
  const connected = e.probes.filter((p) => p.outcome !== 'not-connected');
  const idles = connected.map((p) => p.idleMs);
  const range = idles.length ? `${formatMs(Math.min(...idles))}–${formatMs(Math.max(...idles))}` : '-';
  const held = `${connected.length} connection${connected.length === 1 ? '' : 's'} held idle (${range}${e.rounds > 1 ? `, ${e.rounds} rounds` : ''}, TCP keepalive probes)`;
  switch (e.outcome) {
    case 'alive':
      return `${paint('ok', 'ok  ')} hold     ${held}: every one answered, alive after ${formatMs(e.aliveUpToMs ?? 0)} idle`;
    case 'reset':
    case 'silent':
    case 'closed':
      return `${paint('bad', 'FAIL')} hold     ${held}: alive after ${formatMs(e.aliveUpToMs ?? 0)}, gone after ${formatMs(e.deadAfterMs ?? 0)}: ${GONE[e.outcome]}`;
    default:
      return `${paint('warn', 'n/a ')} hold     ${e.reason ?? e.outcome}`;
  }
}

/** What to set, per finding that has settings: the story above already states the findings and their lessons. */
export function holdFindingLines(findings: readonly HoldFinding[], paint: Paint): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    if (f.id !== 'idle-timeout') continue;
    lines.push('', `${paint('warn', f.id)}: keep connections from idling ${f.keepaliveS} s or more:`);
    for (const a of f.advice) lines.push(`    - ${a}`);
  }
  return lines;
}
