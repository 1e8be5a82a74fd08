/**
 * What a series of connects to one target says (`tcpsleuth watch`): pure rules from the attempts
 * to findings, each with its evidence sentence and lesson. Table-tested in test/watch/series.test.ts.
 */
import { formatMs } from '../duration.js';
import { formatKernelMs } from '../kernel-timing.js';
import { countVerdicts, formatShare, handshakeCompleted, synLossShare, wilsonInterval } from '../series/stats.js';
import type { Attempt, SeriesFinding, VerdictCounts } from '../series/types.js';

export interface SeriesInput {
  attempts: readonly Attempt[];
  /** Milliseconds between the starts of two attempts (1000 / rate). */
  intervalMs: number;
  /** This kernel's SYN retransmission times, ms after the first SYN. */
  retransmitAtMs: readonly number[];
}

/** The lesson every series finding points to (lessons/intermittent.md). */
export const SERIES_LESSON = 'intermittent';

/** Fewer failures than this on one address proves nothing about it. */
const MIN_ONE_ADDRESS_FAILURES = 3;
/** Fewer bursts than this make no period (three gaps at least). */
const MIN_EPISODES = 4;

/** Every finding the series supports, in a stable order. */
export function diagnoseSeries(input: SeriesInput): SeriesFinding[] {
  const found: SeriesFinding[] = [];
  const syn = synRetransmitIntermittent(input);
  if (syn) found.push(syn);
  const one = oneAddressBad(input.attempts);
  if (one) found.push(one);
  // Failures at every other attempt of a two-address name are "periodic" only because the
  // addresses take turns: one-address-bad already says it.
  const periodic = one ? undefined : periodicFailure(input);
  if (periodic) found.push(periodic);
  for (const verdict of ['refused', 'reset'] as const) {
    const f = someOf(input.attempts, verdict);
    if (f) found.push(f);
  }
  return found;
}

function synRetransmitIntermittent({ attempts, retransmitAtMs }: SeriesInput): SeriesFinding | undefined {
  const done = attempts.filter(handshakeCompleted);
  const retransmitted = done.filter((a) => a.synRetransmits > 0);
  // Every handshake retransmitted is not intermittent (a path that always loses the first SYN,
  // e.g. an ECN blackhole, is what `check --capture` names); one alone is noise.
  if (retransmitted.length < 2 || retransmitted.length === done.length) return undefined;
  const share = retransmitted.length / done.length;
  const interval = wilsonInterval(retransmitted.length, done.length);
  const loss = synLossShare(done) ?? 0;
  const delaysMs = [...new Set(retransmitted.map((a) => retransmitAtMs[Math.min(a.synRetransmits, retransmitAtMs.length) - 1]).filter((t) => t !== undefined))].sort((a, b) => a - b);
  const later = delaysMs.map((t) => formatKernelMs(t)).join(' or ');
  const where = new Set(attempts.map((a) => a.address)).size > 1 ? sameAddress(retransmitted) : undefined;
  const noAnswer = attempts.filter((a) => a.verdict === 'filtered').length;
  const text =
    `${retransmitted.length} of ${done.length} handshakes (${formatShare(share)}, 95% interval ${formatShare(interval[0])}–${formatShare(interval[1])}) ` +
    `completed only after the SYN was sent again, ${later} later: this kernel's retransmission schedule` +
    `${where ? `, all of them at ${where}` : ''}. So about ${formatShare(loss)} of SYNs (or their SYN-ACKs) are lost on the way: ` +
    `a rate limit, an overloaded firewall or load balancer, or a lossy link drops a share of them` +
    `${noAnswer ? `; ${noAnswer} more attempt${noAnswer === 1 ? '' : 's'} got no answer at all` : ''}.`;
  return { id: 'syn-retransmit-intermittent', text, lesson: SERIES_LESSON, share, interval, retransmitted: retransmitted.length, handshakes: done.length, synLossShare: loss, delaysMs };
}

function oneAddressBad(attempts: readonly Attempt[]): SeriesFinding | undefined {
  const addresses = [...new Set(attempts.map((a) => a.address))];
  if (addresses.length < 2) return undefined;
  const failed = attempts.filter((a) => a.verdict !== 'open');
  const bad = sameAddress(failed);
  if (!bad || failed.length < MIN_ONE_ADDRESS_FAILURES) return undefined;
  const there = attempts.filter((a) => a.address === bad);
  const others = attempts.filter((a) => a.address !== bad);
  // The others must have been tried enough to count as good, and the bad one must fail mostly
  // (or often enough that three out of three on one address is not a coin's luck).
  if (others.length < 2 || (failed.length / there.length < 0.5 && failed.length < 6)) return undefined;
  const byVerdict = countVerdicts(failed);
  const good = [...new Set(others.map((a) => a.address))];
  const text =
    `All ${failed.length} failures came from ${bad} (${failed.length} of its ${there.length} attempts: ${describeCounts(byVerdict)}), ` +
    `while ${good.join(', ')} answered all ${others.length} of ${good.length === 1 ? 'its' : 'their'} own: one address of the name is bad ` +
    `(a dead backend behind DNS round-robin, or one blocked on the way), and clients that pick it ${byVerdict.filtered ? 'hang, then ' : ''}fail.`;
  return { id: 'one-address-bad', text, lesson: SERIES_LESSON, address: bad, failed: failed.length, attempts: there.length, byVerdict };
}

/**
 * Failures that come in bursts at a steady period: runs of consecutive failed attempts, at least
 * MIN_EPISODES of them, whose starts are evenly spaced (each gap within 15% of the median, or
 * within 1.5 attempt intervals, whichever is wider).
 */
function periodicFailure({ attempts, intervalMs }: SeriesInput): SeriesFinding | undefined {
  const ordered = [...attempts].sort((a, b) => a.seq - b.seq);
  const starts: number[] = [];
  let inEpisode = false;
  for (const a of ordered) {
    const failed = a.verdict !== 'open';
    if (failed && !inEpisode) starts.push(a.atMs);
    inEpisode = failed;
  }
  if (starts.length < MIN_EPISODES) return undefined;
  const gaps = starts.slice(1).map((s, i) => s - starts[i]);
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  const slack = Math.max(0.15 * median, 1.5 * intervalMs);
  if (median < 2 * intervalMs || gaps.some((g) => Math.abs(g - median) > slack)) return undefined;
  const spread = Math.max(...gaps.map((g) => Math.abs(g - median)));
  const failed = attempts.filter((a) => a.verdict !== 'open').length;
  const text =
    `The ${failed} failures come in ${starts.length} bursts, one every ${formatMs(median)} (±${formatMs(spread)}): ` +
    `something on a timer, such as a flapping link, a scheduled restart, or a health check that evicts the backend.`;
  return { id: 'periodic-failure', text, lesson: SERIES_LESSON, periodMs: median, episodes: starts.length, failed };
}

const WHAT: Record<'refused' | 'reset', string> = {
  refused: 'were refused (RST or ICMP port-unreachable to the SYN)',
  reset: 'were reset right after the handshake',
};

const WHY: Record<'refused' | 'reset', string> = {
  refused: 'a pool where some members do not listen (or a service that restarts)',
  reset: 'a pool where some members accept and then abort (a full backend, a proxy without a backend)',
};

function someOf(attempts: readonly Attempt[], verdict: 'refused' | 'reset'): SeriesFinding | undefined {
  const hit = attempts.filter((a) => a.verdict === verdict);
  if (!hit.length || hit.length === attempts.length) return undefined;
  const share = hit.length / attempts.length;
  const addresses = [...new Set(hit.map((a) => a.address))];
  const text = `${hit.length} of ${attempts.length} attempts (${formatShare(share)}) ${WHAT[verdict]} while the others got through${addresses.length ? ` (at ${addresses.join(', ')})` : ''}: ${WHY[verdict]}.`;
  return { id: `${verdict}-intermittent`, text, lesson: SERIES_LESSON, count: hit.length, attempts: attempts.length, share, addresses };
}

/** The one address all of `attempts` share, if they all share one (and there are some). */
function sameAddress(attempts: readonly Attempt[]): string | undefined {
  const set = new Set(attempts.map((a) => a.address));
  return set.size === 1 ? [...set][0] : undefined;
}

/** `filtered 12, refused 3`. */
export function describeCounts(counts: VerdictCounts): string {
  return Object.entries(counts)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
}
