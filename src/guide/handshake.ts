/**
 * A text drawing of the handshake as observed: client ⇄ server arrows with SYN, SYN-ACK, ACK,
 * RST, FIN, ICMP, and a line for what never came back. Pure: evidence in, lines out.
 */
import type { StepEvidence, StepId, Verdict } from '../evidence.js';

export interface Arrow {
  /** `out`: client → server; `in`: server → client; `none`: something that never came. */
  dir: 'out' | 'in' | 'none';
  label: string;
  note?: string;
}

type Steps = Partial<Record<StepId, StepEvidence>>;

function connectEvidence(steps: Steps): { result?: string; synRetransmits?: number } {
  return (steps.connect?.evidence ?? {}) as { result?: string; synRetransmits?: number };
}

/** The packets the evidence shows, in order, for the verdict reached. */
export function handshakeArrows(verdict: Verdict | undefined, steps: Steps): Arrow[] {
  const established: Arrow[] = [
    { dir: 'out', label: 'SYN' },
    { dir: 'in', label: 'SYN-ACK' },
    { dir: 'out', label: 'ACK', note: 'connected' },
  ];
  const tlsTried = steps.tls !== undefined && steps.tls.outcome !== 'skipped' && steps.tls.outcome !== 'unavailable';
  switch (verdict) {
    case 'dns-error':
      return [{ dir: 'none', label: 'no packet sent', note: 'the name never became an address' }];
    case 'refused':
      return [{ dir: 'out', label: 'SYN' }, { dir: 'in', label: 'RST', note: 'nothing listens (or a REJECT rule)' }];
    case 'unreachable':
      return [{ dir: 'out', label: 'SYN' }, { dir: 'in', label: 'ICMP unreachable', note: 'from a router or this host' }];
    case 'filtered': {
      const n = (connectEvidence(steps).synRetransmits ?? 0) + 1;
      return [
        { dir: 'out', label: n > 1 ? `SYN ×${n}` : 'SYN', note: n > 1 ? 'retransmitted' : undefined },
        { dir: 'none', label: 'SYN-ACK', note: 'never came back' },
      ];
    }
    case 'reset':
      return [
        ...established,
        ...(tlsTried ? [{ dir: 'out' as const, label: 'ClientHello' }] : []),
        { dir: 'in', label: 'RST', note: 'connection torn down' },
      ];
    case 'closed':
      return [...established, { dir: 'in', label: 'FIN', note: 'the peer closed first' }];
    case 'tls-error':
      return [...established, { dir: 'out', label: 'ClientHello' }, tlsAnswer(steps)];
    case 'open':
      return tlsTried
        ? [...established, { dir: 'out', label: 'ClientHello' }, { dir: 'in', label: 'ServerHello', note: 'TLS works' }]
        : established;
    default:
      return steps.connect?.outcome === 'pass' ? established : [];
  }
}

/** What came back for the ClientHello: an alert, plain text, a certificate, or nothing (a stall). */
function tlsAnswer(steps: Steps): Arrow {
  const t = (steps.tls?.evidence ?? {}) as { result?: string; plaintextKind?: string; mssRetry?: { worksWithMss?: number } };
  if (t.result === 'not-tls') return { dir: 'in', label: 'plain text', note: `not TLS: ${t.plaintextKind ?? 'a plain-text service'}` };
  if (t.result === 'untrusted') return { dir: 'in', label: 'certificate', note: 'not trusted here' };
  if (t.result === 'timeout' && t.mssRetry?.worksWithMss) return { dir: 'none', label: 'certificate', note: `full-size segments lost; MSS ${t.mssRetry.worksWithMss} works` };
  if (t.result === 'timeout') return { dir: 'none', label: 'ServerHello', note: 'nothing came back' };
  return { dir: 'in', label: 'TLS alert', note: 'TLS failed, TCP is fine' };
}

const WIDTH = 30;

/** One arrow as a line between the two ends, e.g. `  ───── SYN ─────▶  `. */
function arrowLine(a: Arrow): string {
  const text = ` ${a.label} `;
  const left = Math.max(2, Math.floor((WIDTH - text.length) / 2));
  const right = Math.max(2, WIDTH - text.length - left);
  if (a.dir === 'out') return `${'─'.repeat(left)}${text}${'─'.repeat(right - 1)}▶`;
  if (a.dir === 'in') return `◀${'─'.repeat(left - 1)}${text}${'─'.repeat(right)}`;
  return `${' '.repeat(left)}✗ ${a.label}`.padEnd(WIDTH);
}

/** The whole drawing as plain lines (the UI colours them; plain mode prints them). */
export function drawHandshake(verdict: Verdict | undefined, steps: Steps, client = 'you', server = 'server'): string[] {
  const arrows = handshakeArrows(verdict, steps);
  if (arrows.length === 0) return [];
  const head = `  ${client.padEnd(Math.max(client.length + 1, WIDTH + 2 - server.length))}${server}`;
  return [head, ...arrows.map((a) => `  │${arrowLine(a)}│${a.note ? `  ${a.note}` : ''}`)];
}
