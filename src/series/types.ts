/**
 * The series `tcpsleuth watch` builds: one Attempt per connect, and the summary every renderer
 * (live line, plain lines, --json, the chat) lays out. Data only.
 */
import type { Verdict } from '../evidence.js';
import type { ConnectResult } from '../checks/connect.js';

/** One connect of the series, as the connect check saw it. */
export interface Attempt {
  /** 1, 2, 3 … in the order the attempts started. */
  seq: number;
  address: string;
  family: 4 | 6;
  /** When the attempt started, in ms after the watch began. */
  atMs: number;
  /**
   * What this attempt says: the connect step's result as a verdict, or, once connected, what the
   * short watch after the handshake saw (an RST makes it `reset`, a FIN `closed`), as `check` does.
   */
  verdict: Verdict;
  result: ConnectResult;
  /** The errno, e.g. ECONNREFUSED, or TIMEOUT. */
  code?: string;
  /** From the SYN to connect() returning (or to giving up). */
  handshakeMs: number;
  /**
   * SYN retransmissions: what the kernel counted (/proc/net/tcp) or what the handshake time says
   * against this kernel's retransmission schedule, whichever is more.
   */
  synRetransmits: number;
  localPort?: number;
}

/** Handshake-time quantiles (nearest rank), in ms. */
export interface Quantiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export type VerdictCounts = Partial<Record<Verdict, number>>;

/** One address of the name over the series. */
export interface AddressStats {
  address: string;
  family: 4 | 6;
  attempts: number;
  byVerdict: VerdictCounts;
  /** Completed handshakes that needed at least one SYN retransmission. */
  retransmitted: number;
  /** retransmitted / completed handshakes at this address (null when none completed). */
  retransmitShare: number | null;
  handshakeMs: Quantiles | null;
}

/** Stable ids of what the series shows; scripts match on them. */
export type SeriesFindingId = 'syn-retransmit-intermittent' | 'one-address-bad' | 'periodic-failure' | 'refused-intermittent' | 'reset-intermittent';

interface FindingBase<Id extends SeriesFindingId> {
  id: Id;
  /** The evidence in one or two sentences. */
  text: string;
  /** The lesson that explains it (lessons/<id>.md). */
  lesson: string;
}

export type SeriesFinding =
  | (FindingBase<'syn-retransmit-intermittent'> & {
      /** Completed handshakes that needed a SYN retransmission, as a fraction. */
      share: number;
      /** The share's 95% confidence interval (Wilson). */
      interval: [number, number];
      retransmitted: number;
      handshakes: number;
      /** Retransmitted SYNs / all SYNs sent for the completed handshakes: the loss rate itself. */
      synLossShare: number;
      /** How much later than usual those handshakes completed (this kernel's schedule), in ms. */
      delaysMs: number[];
    })
  | (FindingBase<'one-address-bad'> & { address: string; failed: number; attempts: number; byVerdict: VerdictCounts })
  | (FindingBase<'periodic-failure'> & { periodMs: number; episodes: number; failed: number })
  | (FindingBase<'refused-intermittent'> & { count: number; attempts: number; share: number; addresses: string[] })
  | (FindingBase<'reset-intermittent'> & { count: number; attempts: number; share: number; addresses: string[] });

/** What `watch --json` prints once, at the end; the live line and the plain summary show the same facts. */
export interface WatchSummary {
  target: { host: string; port: number; addresses: string[] };
  startedAt: string;
  durationMs: number;
  /** Attempts started per second, as asked. */
  ratePerSecond: number;
  attempts: number;
  /** Ended by Ctrl-C (or the caller's signal) before its count or duration. */
  interrupted: boolean;
  byVerdict: VerdictCounts;
  byAddress: AddressStats[];
  /** Completed handshakes (open, and reset after the handshake) and those that needed a SYN retransmission. */
  handshakes: number;
  retransmitted: number;
  /** Over completed handshakes. */
  handshakeMs: Quantiles | null;
  /** retransmitted / handshakes (null when none completed). */
  retransmitShare: number | null;
  synLossShare: number | null;
  findings: SeriesFindingId[];
  details: SeriesFinding[];
  lessons: string[];
  /** This kernel's SYN retransmission times (ms after the first SYN), which the timing inference used. */
  kernel: { synRetransmitAtMs: number[]; source: 'this-kernel' | 'classic' };
}
