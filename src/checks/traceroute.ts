/**
 * The traceroute follow-up: the system `traceroute` (TCP SYN probes to the port when root, so
 * they meet the same firewall rules as the connection; UDP otherwise), else `tracepath`. Bounded
 * by hop count and wait; aborting the signal kills the tool. A plain check: no Ink.
 */
import type { CheckContext, StepEvidence } from '../evidence.js';
import { installHint, isRoot, runTool, which } from '../tools.js';

export interface TracerouteInput {
  address: string;
  port: number;
  maxHops?: number;
}

export interface Hop {
  ttl: number;
  /** Who answered this TTL; undefined for `*` (no answer). */
  address?: string;
  rttMs?: number;
  /** `!H`, `!N`, `!X`: the hop answered with an ICMP unreachable. */
  annotation?: string;
}

export interface TracerouteEvidence {
  address: string;
  tool: 'traceroute' | 'tracepath';
  probe: 'tcp' | 'udp';
  hops: Hop[];
  reached: boolean;
  /** The last hop that answered, when the target did not. */
  lastAnswering?: Hop;
}

export type TracerouteStep = StepEvidence<'traceroute', TracerouteEvidence>;

/** Parses `traceroute -n` or `tracepath -n` output into hops. Pure. */
export function parseTraceroute(text: string): Hop[] {
  const hops = new Map<number, Hop>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)[?:]?\s+(.*)$/.exec(line);
    if (!m) continue;
    const ttl = Number(m[1]);
    const rest = m[2];
    const addr = /((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]*:[0-9a-f:]+)/i.exec(rest)?.[1];
    const rtt = /([\d.]+)\s*ms/.exec(rest)?.[1];
    const annotation = /(![A-Z]?\d*)/.exec(rest)?.[1];
    if (/no reply/.test(rest) && !addr) {
      if (!hops.has(ttl)) hops.set(ttl, { ttl });
      continue;
    }
    const prev = hops.get(ttl);
    if (prev?.address && !addr) continue;
    hops.set(ttl, { ttl, address: addr, rttMs: rtt ? Number(rtt) : undefined, annotation });
  }
  return [...hops.values()].sort((a, b) => a.ttl - b.ttl);
}

/** Runs traceroute (or tracepath) to `address`. */
export async function traceroute(input: TracerouteInput, ctx: CheckContext = {}): Promise<TracerouteStep> {
  const maxHops = input.maxHops ?? 12;
  const started = performance.now();
  const tr = which('traceroute');
  const tp = which('tracepath');
  const tcp = Boolean(tr) && isRoot();
  const tool: TracerouteEvidence['tool'] = tr ? 'traceroute' : 'tracepath';
  const args = tr
    ? ['-n', '-q', '1', '-w', '1', '-m', String(maxHops), ...(tcp ? ['-T', '-p', String(input.port)] : []), input.address]
    : ['-n', '-m', String(maxHops), input.address];
  const command = `${tool} ${args.join(' ')}`;
  const base = { id: 'traceroute' as const, command };
  const evidence: TracerouteEvidence = { address: input.address, tool, probe: tcp ? 'tcp' : 'udp', hops: [], reached: false };
  if (!tr && !tp) {
    return { ...base, outcome: 'unavailable', durationMs: 0, summary: 'neither traceroute nor tracepath is installed', reason: 'not found on PATH', fix: installHint('traceroute'), evidence };
  }
  ctx.onProgress?.({ step: 'traceroute', message: `${tool} to ${input.address} (up to ${maxHops} hops)` });
  const r = await runTool((tr ?? tp)!, args, { timeoutMs: (maxHops * 2 + 5) * 1000, signal: ctx.signal });
  const durationMs = performance.now() - started;
  if (r.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  if (r.spawnError) {
    return { ...base, outcome: 'unavailable', durationMs, summary: `${tool} could not start`, reason: r.spawnError.message, fix: installHint(tool), evidence };
  }
  const hops = parseTraceroute(r.stdout);
  const reached = hops.some((h) => h.address === input.address);
  const answering = hops.filter((h) => h.address && h.address !== input.address);
  const lastAnswering = reached ? undefined : answering.at(-1);
  const done: TracerouteEvidence = { ...evidence, hops, reached, lastAnswering };
  if (hops.length === 0) {
    return { ...base, outcome: 'unavailable', durationMs, summary: `${tool} printed nothing I can read`, reason: (r.stderr || r.stdout).trim().split('\n')[0] || `exit ${r.code}`, evidence: done };
  }
  if (reached) {
    const n = hops.find((h) => h.address === input.address)!.ttl;
    return { ...base, outcome: 'pass', durationMs, summary: `reached ${input.address} in ${n} hop${n === 1 ? '' : 's'} (${done.probe} probes)`, evidence: done };
  }
  const where = lastAnswering ? `the last hop that answered is ${lastAnswering.address} (hop ${lastAnswering.ttl}${lastAnswering.annotation ? `, ${lastAnswering.annotation}` : ''})` : 'no hop answered at all';
  return { ...base, outcome: 'fail', durationMs, summary: `did not reach ${input.address}: ${where}`, reason: where, evidence: done };
}
