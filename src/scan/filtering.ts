/**
 * Host-wide or per-port filtering, from a scan's port states: the one rule the scan step's
 * evidence and the scan report's interpretation both use.
 */

/**
 * `host-wide`: nothing answered at all (the host is down, or a firewall drops everything to it);
 * `per-port`: the host answers some ports and others are silent (a rule for those ports);
 * `none`: nothing was filtered.
 */
export type FilterPattern = 'host-wide' | 'per-port' | 'none';

/** The pattern of a set of scanned ports. */
export function filterPattern(ports: readonly { state: 'open' | 'closed' | 'filtered' }[]): FilterPattern {
  const filtered = ports.filter((p) => p.state === 'filtered').length;
  if (filtered === 0) return 'none';
  return filtered === ports.length ? 'host-wide' : 'per-port';
}
