/**
 * Vantage points and what a check from each of them says: the `check --from` contract. One JSON
 * line per vantage point is a `VantageReport` (the `check --json` shape plus `from` and `vantage`),
 * then one `FleetSummary` line with the findings about the difference.
 */
import type { CheckReport, Finding, FindingId, Verdict } from '../evidence.js';
import type { SshDestination } from '../remote/ssh.js';

/** Where a check runs from: this machine, or a machine reached over ssh. */
export type Vantage = { kind: 'local'; label: 'local' } | { kind: 'ssh'; label: string; dest: SshDestination };

/** What is known about the vantage point itself (not about the target). */
export interface VantageFacts {
  kind: 'local' | 'ssh';
  /** `ssh://user@host:port` for an ssh vantage point. */
  ssh?: string;
  /** The vantage point's own name (`uname -n`), as it reported it: foreign text. */
  hostname?: string;
  /** The address its SYN left from (its socket, else `ip route get`). */
  source?: string;
  /** What opened the connection there: bash, nc, curl, python3 (or node here). */
  method?: string;
  /** Tools the probe looked for and did not find there. */
  missing?: string[];
}

/** Why a vantage point gave no verdict: ssh failed, or nothing there can connect. */
export interface VantageError {
  kind: string;
  reason: string;
  fix: string;
}

/**
 * One vantage point's check: a CheckReport plus where it ran from. `verdict` is null when there is
 * no verdict from there (`error` says why); such a vantage point is a row, never the end of a run.
 */
export interface VantageReport extends Omit<CheckReport, 'verdict'> {
  from: string;
  verdict: Verdict | null;
  vantage: VantageFacts;
  error?: VantageError;
}

/** The last JSON line of `check --from`: every verdict and the findings about their difference. */
export interface FleetSummary {
  summary: true;
  target: { host: string; port: number };
  /** Each vantage point's verdict (null: no verdict from there), in the order given. */
  verdicts: Array<{ from: string; verdict: Verdict | null; addresses: string[]; source?: string }>;
  /** `differs-by-vantage`, `dns-differs`, `source-address-matters`. */
  findings: FindingId[];
  details: Finding[];
  lessons: string[];
  durationMs: number;
}
