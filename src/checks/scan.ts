/**
 * The guide's scan step: scans the target port, its neighbours and the common ports of the same
 * address, to tell a host-wide firewall (nothing answers) from a rule for one port (the host
 * answers other ports). A plain async check: no Ink, stops when the signal aborts.
 */
import { filterPattern, type FilterPattern } from '../scan/filtering.js';
import type { CheckContext, StepEvidence } from '../evidence.js';
import { scanPorts } from '../scan/engine.js';
import { formatMs } from '../scan/format.js';
import { scanParallelism } from '../scan/limits.js';
import { topPorts } from '../scan/services.js';
import { formatPortSpec } from '../scan/spec.js';
import { answeredRetransmittedSyn } from '../scan/timing.js';
import type { PortReason, PortResult, PortState, ScanResult } from '../scan/types.js';

export interface ScanInput {
  host: string;
  /** The IP address to scan (the one the connect step used). */
  address: string;
  /** Ports to scan; default: guideScanPorts(targetPort). */
  ports?: number[];
  /** The port the user asked about, if any: always scanned, and judged in the summary. */
  targetPort?: number;
  timeoutMs?: number;
  rate?: number;
}

export type { FilterPattern } from '../scan/filtering.js';

export interface ScanEvidence {
  host: string;
  address: string;
  ports: PortResult[];
  counts: Record<PortState, number>;
  targetPort?: number;
  target?: { state: PortState; reason: PortReason; rttMs: number | null };
  filtering: FilterPattern;
  /** Ports that answered only the late re-probe (after a SYN retransmission): ECN blackhole or loss. */
  lateAnswers: number[];
  timing: ScanResult['timing'];
  parallelism: number;
}

/** The guide's default: the target port and two neighbours each side, then the top 20 ports. */
export function guideScanPorts(targetPort?: number): number[] {
  const near = targetPort === undefined ? [] : [-2, -1, 0, 1, 2].map((d) => targetPort + d).filter((p) => p >= 1 && p <= 65535);
  return [...new Set([...near, ...topPorts(20)])];
}

/** Scans and summarises; `pass` when the target port (or, without one, any port) is open. */
export async function scanCheck(input: ScanInput, ctx: CheckContext = {}): Promise<StepEvidence<'scan', ScanEvidence>> {
  const started = performance.now();
  const ports = [...new Set([...(input.ports ?? guideScanPorts(input.targetPort)), ...(input.targetPort ? [input.targetPort] : [])])];
  const { parallel } = await scanParallelism();
  const result = await scanPorts(input.address, ports, {
    signal: ctx.signal,
    parallel,
    rate: input.rate,
    timeoutMs: input.timeoutMs,
    progressEveryMs: 250,
    onProgress: (p) =>
      ctx.onProgress?.({
        step: 'scan',
        message: `${p.done}/${p.total} ports: ${p.open} open, ${p.closed} closed, ${p.filtered} filtered${p.reprobing ? `, ${p.reprobing} silent (re-probing late)` : ''}`,
        elapsedMs: p.elapsedMs,
      }),
  });
  const evidence = summarise(input, result);
  const t = evidence.target;
  const pass = t ? t.state === 'open' : evidence.counts.open > 0;
  return {
    id: 'scan',
    outcome: pass ? 'pass' : 'fail',
    durationMs: Math.round(performance.now() - started),
    summary: summaryLine(evidence),
    reason: pass ? undefined : t ? `port ${input.targetPort} is ${t.state} (${t.reason})` : 'no port is open',
    command: `nmap -sT -Pn -p ${formatPortSpec(ports)} ${input.address}`,
    evidence,
  };
}

/** Pure: the evidence a scan result amounts to. */
export function summarise(input: Pick<ScanInput, 'host' | 'targetPort'>, result: ScanResult): ScanEvidence {
  const counts: Record<PortState, number> = { open: 0, closed: 0, filtered: 0 };
  for (const p of result.ports) counts[p.state]++;
  const target = input.targetPort === undefined ? undefined : result.ports.find((p) => p.port === input.targetPort);
  const filtering = filterPattern(result.ports);
  return {
    host: input.host,
    address: result.address,
    ports: result.ports,
    counts,
    targetPort: input.targetPort,
    target: target ? { state: target.state, reason: target.reason, rttMs: target.rttMs } : undefined,
    filtering,
    lateAnswers: result.ports.filter(answeredRetransmittedSyn).map((p) => p.port),
    timing: result.timing,
    parallelism: result.parallelism,
  };
}

/** One line: what answered, what did not, and what that pattern means. */
export function summaryLine(e: ScanEvidence): string {
  const list = (state: PortState, max = 5) => {
    const ps = e.ports.filter((p) => p.state === state);
    const shown = ps.slice(0, max).map((p) => (state === 'filtered' ? `${p.port} ${p.reason}` : String(p.port)));
    return ps.length ? ` (${shown.join(', ')}${ps.length > max ? ', …' : ''})` : '';
  };
  const parts = [`${e.counts.open} open${list('open')}`, `${e.counts.closed} closed`, `${e.counts.filtered} filtered${list('filtered')}`];
  const t = e.target ? `port ${e.targetPort} ${e.target.state} (${e.target.reason}${e.target.rttMs !== null ? `, ${formatMs(e.target.rttMs)}` : ''}); ` : '';
  const meaning =
    e.filtering === 'host-wide'
      ? 'no port answers: the host is down or a firewall drops everything to it'
      : e.filtering === 'per-port'
        ? 'the host answers, so the filtered ports have their own firewall rule'
        : 'no port is filtered';
  const late = e.lateAnswers.length ? `; ${e.lateAnswers.length} answered only a retransmitted SYN (ECN blackhole or loss)` : '';
  return `${t}${e.ports.length} ports of ${e.address}: ${parts.join(', ')}: ${meaning}${late}`;
}
