/**
 * `check --hold`'s own line: what the held connections showed. The findings and what to set are
 * the story's (diagnosis/hold.ts, story-advice.ts); this adds nothing.
 */
import type { HoldEvidence } from '../checks/hold.js';
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
