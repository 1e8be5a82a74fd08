/**
 * The summary of a series: the numbers (stats.ts) and the findings (diagnosis/series.ts) over the
 * attempts so far. Pure: the live line calls it on every attempt, `--json` once at the end, so
 * both show the same facts.
 */
import { diagnoseSeries } from '../diagnosis/series.js';
import type { SynSchedule } from '../kernel-timing.js';
import { byAddress, countVerdicts, handshakeCompleted, quantiles, retransmitShare, synLossShare } from '../series/stats.js';
import type { Attempt, WatchSummary } from '../series/types.js';

export interface SeriesMeta {
  host: string;
  port: number;
  addresses: string[];
  ratePerSecond: number;
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  syn: Pick<SynSchedule, 'retransmitAtMs' | 'source'>;
}

/** Builds the summary of `attempts` (in any order; they are sorted by seq). */
export function summarize(attempts: readonly Attempt[], meta: SeriesMeta): WatchSummary {
  const sorted = [...attempts].sort((a, b) => a.seq - b.seq);
  const done = sorted.filter(handshakeCompleted);
  const details = diagnoseSeries({ attempts: sorted, intervalMs: 1000 / meta.ratePerSecond, retransmitAtMs: meta.syn.retransmitAtMs });
  return {
    target: { host: meta.host, port: meta.port, addresses: meta.addresses },
    startedAt: meta.startedAt,
    durationMs: meta.durationMs,
    ratePerSecond: meta.ratePerSecond,
    attempts: sorted.length,
    interrupted: meta.interrupted,
    byVerdict: countVerdicts(sorted),
    byAddress: byAddress(sorted, meta.addresses),
    handshakes: done.length,
    retransmitted: done.filter((a) => a.synRetransmits > 0).length,
    handshakeMs: quantiles(done.map((a) => a.handshakeMs)),
    retransmitShare: retransmitShare(sorted),
    synLossShare: synLossShare(sorted),
    findings: details.map((d) => d.id),
    details,
    lessons: details.length ? [...new Set(details.map((d) => d.lesson))] : [],
    kernel: { synRetransmitAtMs: [...meta.syn.retransmitAtMs], source: meta.syn.source },
  };
}

/** Exit 0 when every attempt was open and nothing was found; 1 otherwise (130 is the caller's, for Ctrl-C). */
export function watchExitCode(s: WatchSummary): number {
  const allOpen = s.attempts > 0 && (s.byVerdict.open ?? 0) === s.attempts;
  return allOpen && s.findings.length === 0 ? 0 : 1;
}
