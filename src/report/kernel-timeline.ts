/**
 * The kernel's view of our socket over time (Linux /proc/net/tcp*): the states the check saw
 * while it waited, or, without progress samples, the last view the connect step kept. Pure.
 */
import type { CheckReport, KernelSocketView, Progress } from '../evidence.js';

export interface KernelPoint {
  /** Since the step began, when known. */
  atMs?: number;
  state: string;
  retransmits: number;
  local?: string;
  remote?: string;
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
  return { atMs, state: v.state, retransmits: v.retransmits, local: v.local, remote: v.remote, note: `${NOTES[v.state] ?? ''}${again}`.replace(/^, /, '') || undefined };
}

/** Keeps a progress sample when the state or the retransmit count changed (a collector for check). */
export function kernelCollector(): { onProgress: (p: Progress) => void; points: KernelPoint[] } {
  const points: KernelPoint[] = [];
  return {
    points,
    onProgress(p) {
      if (!p.kernel) return;
      const prev = points[points.length - 1];
      if (prev && prev.state === p.kernel.state && prev.retransmits === p.kernel.retransmits) return;
      points.push(point(p.kernel, p.elapsedMs));
    },
  };
}

/** The timeline the report alone holds: the connect step's last kernel view, then how it ended. */
export function kernelTimeline(report: CheckReport): KernelPoint[] {
  const out: KernelPoint[] = [];
  for (const s of report.steps) {
    if (s.id !== 'connect') continue;
    const ev = (s.evidence ?? {}) as { kernel?: KernelSocketView; result?: string; handshakeMs?: number; address?: string };
    if (ev.kernel) out.push(point(ev.kernel));
    const end = ev.result === 'connected' ? 'ESTABLISHED' : ev.result === 'timeout' ? 'given up (SYN_SENT → closed by us)' : ev.result ? `closed (${ev.result})` : undefined;
    if (end) out.push({ atMs: ev.handshakeMs, state: end, retransmits: ev.kernel?.retransmits ?? 0, remote: ev.address, note: s.summary });
  }
  return out;
}
