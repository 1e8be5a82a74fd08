/**
 * The kernel's view of our socket over time (Linux /proc/net/tcp*): the states the check saw
 * while it waited, or, without progress samples, the last view the connect step kept. Pure.
 */
import type { CheckReport, KernelSocketView, Progress } from '../evidence.js';
import { formatRttMs } from '../duration.js';
import { formatKernelMs } from '../kernel-timing.js';
import { addressPart } from '../diagnosis/story-seen.js';

export interface KernelPoint {
  /** Since the step began, when known. */
  atMs?: number;
  state: string;
  retransmits: number;
  local?: string;
  remote?: string;
  /** The target address this socket connected to (bare, without the port). */
  address?: string;
  /** What it means here, in a few words. */
  note?: string;
}

const NOTES: Record<string, string> = {
  SYN_SENT: 'SYN sent, waiting for SYN-ACK',
  ESTABLISHED: 'handshake complete',
  CLOSE: 'closed',
  CLOSE_WAIT: 'the peer closed (FIN)',
  TIME_WAIT: 'we closed first',
  FIN_WAIT1: 'we sent FIN',
  FIN_WAIT2: 'our FIN acknowledged',
};

function point(v: KernelSocketView, atMs?: number): KernelPoint {
  const again = v.retransmits ? `, retransmitted ${v.retransmits}×` : '';
  return { atMs, state: v.state, retransmits: v.retransmits, local: v.local, remote: v.remote, address: addressPart(v.remote) ?? v.remote, note: `${NOTES[v.state] ?? ''}${again}`.replace(/^, /, '') || undefined };
}

/** The timeline names each row's address when it holds more than one (several addresses tried). */
export function namesAddresses(points: readonly KernelPoint[]): boolean {
  return new Set(points.map((p) => p.address).filter(Boolean)).size > 1;
}

/** Keeps a progress sample when the state or the retransmit count changed (a collector for check). */
export function kernelCollector(): { onProgress: (p: Progress) => void; points: KernelPoint[] } {
  const points: KernelPoint[] = [];
  return {
    points,
    onProgress(p) {
      if (!p.kernel) return;
      // Several addresses are tried at once: a change is a change of that socket's own state.
      const prev = points.findLast((x) => x.remote === p.kernel!.remote);
      if (prev && prev.state === p.kernel.state && prev.retransmits === p.kernel.retransmits) return;
      points.push(point(p.kernel, p.elapsedMs));
    },
  };
}

/** How the connect step's socket ended, in the kernel's words and ours. */
function ending(ev: { result?: string; code?: string; handshakeMs?: number; kernelGivesUpMs?: number; kernelRttUs?: number }): { state: string; note: string } | undefined {
  switch (ev.result) {
    case 'connected':
      // The row's time is connect()'s; the SYN-ACK itself came one round trip after the SYN.
      return { state: 'ESTABLISHED', note: `connect() returned; the SYN-ACK came ${ev.kernelRttUs !== undefined ? `${formatRttMs(ev.kernelRttUs / 1000)} after the SYN (the kernel's round trip)` : 'and our ACK went before this'}` };
    case 'timeout':
      return { state: 'SYN_SENT → closed by us', note: `no answer; we gave up${ev.kernelGivesUpMs ? ` (the kernel alone would have kept trying until ${formatKernelMs(ev.kernelGivesUpMs)})` : ''}` };
    case 'reset':
      return { state: 'ESTABLISHED → CLOSE', note: `the handshake completed, then an RST closed the socket (${ev.code ?? 'ECONNRESET'})` };
    case 'refused':
      return { state: 'CLOSE', note: `RST received: connect() failed with ${ev.code ?? 'ECONNREFUSED'}` };
    case undefined:
      return undefined;
    default:
      return { state: 'CLOSE', note: `connect() failed: ${ev.code ?? ev.result}` };
  }
}

/** The timeline the report alone holds: the connect step's last kernel view, then how it ended. */
export function kernelTimeline(report: CheckReport): KernelPoint[] {
  const out: KernelPoint[] = [];
  for (const s of report.steps) {
    if (s.id !== 'connect') continue;
    const ev = (s.evidence ?? {}) as { kernel?: KernelSocketView; result?: string; code?: string; handshakeMs?: number; address?: string; kernelGivesUpMs?: number; kernelRttUs?: number };
    if (ev.kernel) out.push(point(ev.kernel));
    const end = ending(ev);
    if (end) out.push({ atMs: ev.handshakeMs, state: end.state, retransmits: ev.kernel?.retransmits ?? 0, remote: ev.address, address: ev.address, note: end.note });
  }
  return out;
}
