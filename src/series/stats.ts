/**
 * The numbers of a series, derived once: counts by verdict and address, handshake-time quantiles,
 * the share of handshakes that needed a SYN retransmission and the SYN loss rate behind it. Pure.
 */
import type { AddressStats, Attempt, Quantiles, VerdictCounts } from './types.js';

/**
 * SYN retransmissions of one handshake: the kernel's own count, or how many of this kernel's
 * retransmission times (`synSchedule(...).retransmitAtMs`) the handshake outlasted. A timer
 * fires late, never early, so a handshake that took 1.0 s on a 1 s schedule did see one.
 */
export function inferSynRetransmits(handshakeMs: number, kernelCount: number | undefined, retransmitAtMs: readonly number[]): number {
  const byTime = retransmitAtMs.filter((t) => handshakeMs >= t).length;
  return Math.max(kernelCount ?? 0, byTime);
}

/** The handshake completed (open, or reset after it): its time is a handshake time. */
export function handshakeCompleted(a: Attempt): boolean {
  return a.result === 'connected' || a.result === 'reset';
}

/** Nearest-rank quantiles of `values` (null for none). */
export function quantiles(values: readonly number[]): Quantiles | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[sorted.length - 1] };
}

export function countVerdicts(attempts: readonly Attempt[]): VerdictCounts {
  const counts: VerdictCounts = {};
  for (const a of attempts) counts[a.verdict] = (counts[a.verdict] ?? 0) + 1;
  return counts;
}

/** Completed handshakes that needed a SYN retransmission, as a fraction (null when none completed). */
export function retransmitShare(attempts: readonly Attempt[]): number | null {
  const done = attempts.filter(handshakeCompleted);
  return done.length ? done.filter((a) => a.synRetransmits > 0).length / done.length : null;
}

/**
 * Retransmitted SYNs / all SYNs sent, over completed handshakes: the loss rate of SYNs (or of
 * their SYN-ACKs) itself. A dropped retransmission is a SYN too, so this is the share a firewall
 * dropping every 4th SYN gives as 25%, while a third of the handshakes needed a retransmission.
 */
export function synLossShare(attempts: readonly Attempt[]): number | null {
  const done = attempts.filter(handshakeCompleted);
  if (!done.length) return null;
  const retransmits = done.reduce((n, a) => n + a.synRetransmits, 0);
  return retransmits / (done.length + retransmits);
}

/** The 95% Wilson score interval of k successes in n trials. */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** One row per address, in the order `addresses` lists them (addresses never tried are left out). */
export function byAddress(attempts: readonly Attempt[], addresses: readonly string[]): AddressStats[] {
  const order = [...addresses, ...attempts.map((a) => a.address).filter((a) => !addresses.includes(a))];
  const rows: AddressStats[] = [];
  for (const address of new Set(order)) {
    const mine = attempts.filter((a) => a.address === address);
    if (!mine.length) continue;
    const done = mine.filter(handshakeCompleted);
    const retransmitted = done.filter((a) => a.synRetransmits > 0).length;
    rows.push({
      address,
      family: mine[0].family,
      attempts: mine.length,
      byVerdict: countVerdicts(mine),
      retransmitted,
      retransmitShare: done.length ? retransmitted / done.length : null,
      handshakeMs: quantiles(done.map((a) => a.handshakeMs)),
    });
  }
  return rows;
}

/** `33%`: a share for people (one decimal below 10%). */
export function formatShare(share: number): string {
  const pct = share * 100;
  return pct > 0 && pct < 10 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
}
