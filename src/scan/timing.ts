/**
 * Adaptive timing: how long to wait for an answer before calling a probe silent.
 *
 * A first probe is called silent after a few smoothed RTTs (RFC 6298 estimator, with a floor), or
 * INITIAL_MS before anything has answered. A silent port gets one re-probe (a fresh SYN, for a lost
 * one), while its first probe keeps waiting past Linux's own SYN retransmission (1 s after the
 * first SYN, TCP_TIMEOUT_INIT). That retransmission is what rescues an ECN blackhole: Linux resends
 * a lost ECN SYN without ECE/CWR. So a port that answers only a retransmitted SYN still comes out
 * open, and a dropped port costs about 1 s + margin, not the kernel's 127 s.
 */

/**
 * True when a port answered only after the kernel retransmitted a SYN: the answer came after the
 * SYN RTO (an ECN blackhole, or a lost SYN). A quick answer to the re-probe only means the first
 * probe was lost or slower than its budget. (A path with an RTT over a second would look the same.)
 */
export function answeredRetransmittedSyn(p: { rttMs: number | null; state: string }): boolean {
  return p.state !== 'filtered' && p.rttMs !== null && p.rttMs >= KERNEL_SYN_RTO_MS * 0.95;
}

/** Linux's retransmission timeout for a SYN (TCP_TIMEOUT_INIT); macOS and Windows use about 1 s too. */
export const KERNEL_SYN_RTO_MS = 1000;
/** First-probe budget before any RTT is known. */
export const INITIAL_MS = 200;
/** Never call a first probe silent sooner than this (event-loop jitter, busy hosts). */
export const FLOOR_MS = 200;
/** Call a first probe silent no later than this: its re-probe should start before the kernel retransmits. */
export const FIRST_PROBE_CAP_MS = 900;
/** Time to wait after the kernel's retransmit for its answer, before any RTT is known. */
export const REPROBE_MARGIN_MS = 200;

export class RttEstimator {
  srtt: number | undefined;
  rttvar = 0;
  samples = 0;

  /** Karn's rule: only answers that cannot be to a retransmitted SYN count. */
  add(rttMs: number): void {
    if (rttMs >= KERNEL_SYN_RTO_MS) return;
    if (this.srtt === undefined) {
      this.srtt = rttMs;
      this.rttvar = rttMs / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rttMs);
      this.srtt = 0.875 * this.srtt + 0.125 * rttMs;
    }
    this.samples++;
  }

  /** How long a first probe waits. */
  firstProbeTimeout(): number {
    if (this.srtt === undefined) return INITIAL_MS;
    const t = Math.max(3 * this.srtt, this.srtt + 4 * this.rttvar);
    return Math.round(Math.min(FIRST_PROBE_CAP_MS, Math.max(FLOOR_MS, t)));
  }

  /** How long a silent port is waited for, from its first SYN: past the kernel's SYN retransmit, plus the answer's way back. */
  reprobeTimeout(): number {
    if (this.srtt === undefined) return KERNEL_SYN_RTO_MS + REPROBE_MARGIN_MS;
    const margin = Math.max(200, 2 * this.srtt + 4 * this.rttvar);
    return Math.round(KERNEL_SYN_RTO_MS + Math.min(3000, margin));
  }
}
