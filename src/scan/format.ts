/**
 * How a finished scan is written: the `--json` object, and nmap-like plain lines (also the final
 * frame of the live table). Pure: strings in, strings out.
 */
import { filterPattern } from './filtering.js';
import type { Paint } from '../output/colors.js';
import { serviceName } from './services.js';
import { answeredRetransmittedSyn } from './timing.js';
import type { PortReason, PortResult, PortState, ScanResult } from './types.js';

export interface ScanReportMeta {
  host: string;
  /** Other addresses the name has (only the first is scanned). */
  otherAddresses?: string[];
  /** The port given with the host, if any. */
  targetPort?: number;
  /** Where the port list came from, e.g. `top 100 (nmap-services)`. */
  portsFrom: string;
  fdLimit?: number;
}

/** The `--json` object: `{ host, address, ports: [{ port, state, reason, rttMs }], durationMs }`. */
export function scanJson(host: string, r: ScanResult): { host: string; address: string; ports: Array<Pick<PortResult, 'port' | 'state' | 'reason' | 'rttMs'>>; durationMs: number } {
  return {
    host,
    address: r.address,
    ports: r.ports.map(jsonPort),
    durationMs: r.durationMs,
  };
}

/**
 * Writes the `--json` object with one port per line, in slices, so a 65535-port result never
 * becomes one large string in memory. The output is ordinary JSON.
 */
export function writeScanJson(write: (chunk: string) => void, host: string, r: ScanResult): void {
  write(`{\n  "host": ${JSON.stringify(host)},\n  "address": ${JSON.stringify(r.address)},\n  "ports": [`);
  const SLICE = 2048;
  for (let i = 0; i < r.ports.length; i += SLICE) {
    const lines = r.ports.slice(i, i + SLICE).map((p) => `\n    ${JSON.stringify(jsonPort(p))}`);
    write((i === 0 ? '' : ',') + lines.join(','));
  }
  write(`${r.ports.length ? '\n  ' : ''}],\n  "durationMs": ${r.durationMs}\n}\n`);
}

function jsonPort(p: PortResult): Pick<PortResult, 'port' | 'state' | 'reason' | 'rttMs'> {
  return { port: p.port, state: p.state, reason: p.reason, rttMs: p.rttMs === null ? null : Math.round(p.rttMs * 100) / 100 };
}

/** A group of ports too large to list (nmap's "Not shown"): more than this many with one state+reason. */
export const LIST_LIMIT = 25;

const STATE_TOKEN: Record<PortState, Parameters<Paint>[0]> = { open: 'ok', closed: 'muted', filtered: 'warn' };

/** The one duration formatter (src/duration.ts), re-exported for the scan's renderers. */
export { formatMs } from '../duration.js';
import { formatMs } from '../duration.js';

/** Which ports to list one by one; the rest are counted per state and reason. */
export function splitShown(ports: readonly PortResult[], targetPort?: number): { shown: PortResult[]; hidden: Array<{ state: PortState; reason: PortReason; count: number }> } {
  const groups = new Map<string, PortResult[]>();
  for (const p of ports) {
    const k = `${p.state}/${p.reason}`;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const shown: PortResult[] = [];
  const hidden: Array<{ state: PortState; reason: PortReason; count: number }> = [];
  for (const g of groups.values()) {
    if (g[0].state === 'open' || g.length <= LIST_LIMIT) shown.push(...g);
    else {
      const target = g.find((p) => p.port === targetPort);
      if (target) shown.push(target);
      hidden.push({ state: g[0].state, reason: g[0].reason, count: g.length - (target ? 1 : 0) });
    }
  }
  shown.sort((a, b) => a.port - b.port);
  hidden.sort((a, b) => b.count - a.count);
  return { shown, hidden };
}

/** The column titles above formatRow's rows. */
export const TABLE_HEADER = `${'PORT'.padEnd(11)} ${'STATE'.padEnd(9)} ${'REASON'.padEnd(17)} ${'CONNECT'.padStart(8)}   SERVICE`;

/** One table row: `22/tcp    open      syn-ack          0.1 ms   ssh`. */
export function formatRow(p: PortResult, paint: Paint, targetPort?: number): string {
  const service = serviceName(p.port) ?? '';
  const late = answeredRetransmittedSyn(p) ? ' (answered a retransmitted SYN)' : p.attempts > 1 && p.state !== 'filtered' ? ' (answered the late re-probe)' : '';
  const mark = p.port === targetPort ? '  ← your port' : '';
  return `${`${p.port}/tcp`.padEnd(11)} ${paint(STATE_TOKEN[p.state], p.state.padEnd(9))} ${p.reason.padEnd(17)} ${formatMs(p.rttMs).padStart(8)}   ${service}${late}${mark}`.trimEnd();
}

export function headerLine(meta: ScanReportMeta, address: string, count: number): string {
  const who = meta.host === address ? address : `${meta.host} (${address})`;
  return `tcpsleuth scan ${who}: ${count} port${count === 1 ? '' : 's'}, ${meta.portsFrom}`;
}

/** The full plain report of a finished scan. */
export function formatScanText(meta: ScanReportMeta, r: ScanResult, paint: Paint): string {
  const lines: string[] = [headerLine(meta, r.address, r.ports.length)];
  if (meta.otherAddresses?.length) lines.push(paint('muted', `other addresses of ${meta.host}: ${meta.otherAddresses.join(', ')} (not scanned)`));
  const { shown, hidden } = splitShown(r.ports, meta.targetPort);
  if (shown.length > 0) {
    lines.push(paint('strong', TABLE_HEADER));
    for (const p of shown) lines.push(formatRow(p, paint, meta.targetPort));
  }
  for (const h of hidden) lines.push(`Not shown: ${h.count} ${h.state} port${h.count === 1 ? '' : 's'} (${h.reason})`);
  const c = { open: 0, closed: 0, filtered: 0 };
  for (const p of r.ports) c[p.state]++;
  lines.push(`Done in ${formatMs(r.durationMs)}: ${c.open} open, ${c.closed} closed, ${c.filtered} filtered.`);
  lines.push(paint('muted', timingLine(r, meta.fdLimit)));
  const hint = interpretation(r.ports);
  if (hint) lines.push(hint);
  return lines.join('\n');
}

/** How the timing adapted, so the speed is explainable. */
export function timingLine(r: ScanResult, fdLimit?: number): string {
  const t = r.timing;
  const rtt = t.srttMs !== undefined ? `smoothed RTT ${formatMs(t.srttMs)}, ` : 'no RTT sample (nothing answered a first probe), ';
  const budget = t.fixedTimeout ? `fixed timeout ${formatMs(t.firstProbeTimeoutMs)}` : `silent after ${formatMs(t.firstProbeTimeoutMs)}, re-probed, given up after ${formatMs(t.reprobeTimeoutMs)}`;
  return `timing: ${rtt}${budget}; up to ${r.parallelism} sockets at once${fdLimit ? ` (ulimit -n ${fdLimit})` : ''}`;
}

/** Worth a live row while a scan runs: open ports, and filtered ones an ICMP error or a firewall explains. */
export function isNotable(r: PortResult): boolean {
  return r.state === 'open' || (r.state === 'filtered' && r.reason !== 'no-response');
}

/** One sentence on what the pattern of states suggests, or undefined. */
export function interpretation(ports: readonly PortResult[]): string | undefined {
  if (ports.length === 0) return undefined;
  const filtered = ports.filter((p) => p.state === 'filtered');
  const late = ports.filter(answeredRetransmittedSyn);
  const parts: string[] = [];
  const pattern = filterPattern(ports);
  if (pattern === 'host-wide') {
    const reasons = new Set(filtered.map((p) => p.reason));
    if (reasons.size === 1 && reasons.has('net-unreach')) parts.push('No route to this network: check the routing table or the VPN.');
    else if (reasons.size === 1 && reasons.has('host-unreach')) parts.push('Every port got a host-unreachable ICMP error: the host is down or a firewall rejects everything.');
    else parts.push('No port answered: the host is down, or a firewall drops everything to it (a host-wide rule, not a rule for one port). A host that is down on its own network is reported by an ICMP host-unreachable only after about 3 s of unanswered ARP, later than the scan waits: a check of one port waits long enough to tell the two apart.');
  } else if (pattern === 'per-port') {
    parts.push(`The host answers, but ${filtered.length} port${filtered.length === 1 ? ' is' : 's are'} filtered: a firewall rule for ${filtered.length === 1 ? 'that port' : 'those ports'}, not a host-wide block.`);
  }
  if (late.length > 0) {
    parts.push(`${late.length} port${late.length === 1 ? '' : 's'} answered only a retransmitted SYN: an ECN blackhole (ECN SYNs dropped) or a lossy path.`);
  }
  return parts.length ? parts.join(' ') : undefined;
}
