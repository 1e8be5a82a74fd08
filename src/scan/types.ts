/** What a scan reports per port. Shared by the engine, the check, the CLI and the UI. */

export type PortState = 'open' | 'closed' | 'filtered';

/**
 * Why a port got its state, from what the socket saw:
 * - `syn-ack`: connect() succeeded (open).
 * - `conn-refused`: ECONNREFUSED: a RST, or an ICMP port-unreachable; Linux reports both the same (closed).
 * - `no-response`: nothing came back within the adaptive budget, after one late re-probe (filtered).
 * - `host-unreach`: EHOSTUNREACH: ICMP host-unreachable, or a prohibited code (filtered).
 * - `admin-prohibited`: on IPv6, EACCES (ICMPv6 administratively prohibited: the error says so).
 *   On IPv4 the socket error cannot tell the ICMP codes apart (all EHOSTUNREACH), so it is deduced:
 *   EHOSTUNREACH for this port while the same host answered other ports means the host is up and
 *   something rejected this port with ICMP (a firewall's admin-/host-prohibited).
 * - `net-unreach`: ENETUNREACH: no route, or ICMP net-unreachable / net-prohibited (filtered).
 * - `local-firewall`: EPERM: this machine's own firewall refused to send the SYN (filtered). Linux
 *   TCP mostly retries instead of failing, so a local DROP usually shows as `no-response`.
 * - `local-error`: this machine could not make a socket (out of file descriptors or source ports).
 */
export type PortReason =
  | 'syn-ack'
  | 'conn-refused'
  | 'no-response'
  | 'host-unreach'
  | 'admin-prohibited'
  | 'net-unreach'
  | 'local-firewall'
  | 'local-error';

export interface PortResult {
  port: number;
  state: PortState;
  reason: PortReason;
  /** Time from connect() to the answer; null when nothing answered. */
  rttMs: number | null;
  /** 1 = answered the first probe; 2 = answered only the late re-probe. */
  attempts: number;
  /** The errno code behind a filtered/closed state, e.g. `EHOSTUNREACH`. */
  errorCode?: string;
}

export interface ScanProgress {
  total: number;
  done: number;
  open: number;
  closed: number;
  filtered: number;
  inFlight: number;
  /** Ports waiting for their late re-probe or in it. */
  reprobing: number;
  elapsedMs: number;
  /** Best guess of the time left; undefined before there is anything to go on. */
  etaMs?: number;
  /** The current no-response budget of a first probe, from the RTT learned so far. */
  timeoutMs: number;
  srttMs?: number;
}

export interface ScanResult {
  address: string;
  ports: PortResult[];
  durationMs: number;
  /** How many sockets were allowed at once, and why (the fd limit). */
  parallelism: number;
  timing: { srttMs?: number; firstProbeTimeoutMs: number; reprobeTimeoutMs: number; fixedTimeout: boolean };
}
