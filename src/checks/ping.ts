/**
 * The ping step: the system `ping`, 3 probes, bounded time. A ping that cannot run is
 * `unavailable` (not a failure of the host); a ping that gets no answer never stops the check,
 * because ICMP blocked is not host down.
 */
import { isIP } from 'node:net';
import type { CheckContext, StepEvidence } from '../evidence.js';
import { installHint, isRoot, runTool, which } from '../tools.js';
import { isPermissionProblem, parsePing, type PingPlatform, type PingStats } from './ping-parse.js';

export interface PingInput {
  address: string;
  count?: number;
  /** Per-probe wait in seconds. */
  waitS?: number;
  platform?: PingPlatform;
}

export interface PingEvidence {
  address: string;
  stats?: PingStats;
  /** The tool's own words when it could not run or printed nothing we know. */
  output?: string;
}

export type PingStep = StepEvidence<'ping', PingEvidence>;

/** The argument array for each platform (never a shell string). */
export function pingArgs(address: string, platform: PingPlatform, count = 3, waitS = 1, intervalS = 0.2): string[] {
  if (platform === 'win32') return ['-n', String(count), '-w', String(waitS * 1000), address];
  // 0.2 s is the fastest interval ping allows without root; -W bounds the wait for the last reply.
  if (platform === 'darwin') return ['-n', '-c', String(count), '-i', String(intervalS), '-t', String(count * waitS + 1), address];
  return ['-n', '-c', String(count), '-i', String(intervalS), '-W', String(waitS), address];
}

const SETCAP_FIX = 'ping needs an ICMP socket: sudo setcap cap_net_raw+ep $(which ping), or allow your group: sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"';

/** Pings one address with the system tool and reads its summary. */
export async function ping(input: PingInput, ctx: CheckContext = {}): Promise<PingStep> {
  const platform = input.platform ?? (process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux');
  const count = input.count ?? 3;
  const waitS = input.waitS ?? 1;
  const tool = platform === 'darwin' && isIP(input.address) === 6 ? 'ping6' : 'ping';
  // As root, probes 50 ms apart keep the whole ping under the time a person notices.
  const args = pingArgs(input.address, platform, count, waitS, platform === 'linux' && isRoot() ? 0.05 : 0.2);
  const base = { id: 'ping' as const, command: `${tool} ${args.join(' ')}` };
  const started = performance.now();
  const file = which(tool);
  if (!file && platform !== 'win32') {
    return { ...base, outcome: 'unavailable', durationMs: 0, summary: `${tool} is not installed`, reason: `${tool} not found on PATH`, fix: installHint('ping'), evidence: { address: input.address } };
  }
  ctx.onProgress?.({ step: 'ping', message: `pinging ${input.address} (${count} probes)` });
  const r = await runTool(file ?? tool, args, { timeoutMs: (count * waitS + 3) * 1000, signal: ctx.signal });
  const durationMs = performance.now() - started;
  if (r.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  const output = `${r.stdout}\n${r.stderr}`.trim();
  if (r.spawnError) {
    return { ...base, outcome: 'unavailable', durationMs, summary: `${tool} could not start (${r.spawnError.code})`, reason: r.spawnError.message, fix: installHint('ping'), evidence: { address: input.address } };
  }
  const stats = parsePing(r.stdout, platform);
  if (!stats || (stats.sent === 0 && isPermissionProblem(output))) {
    if (isPermissionProblem(output)) {
      return { ...base, outcome: 'unavailable', durationMs, summary: 'ping is not permitted here', reason: firstLine(output), fix: SETCAP_FIX, evidence: { address: input.address, output } };
    }
    return { ...base, outcome: 'unavailable', durationMs, summary: 'ping printed nothing I can read', reason: firstLine(output) || `exit ${r.code}`, evidence: { address: input.address, output } };
  }
  const evidence: PingEvidence = { address: input.address, stats };
  if (stats.received > 0) {
    const rtt = stats.rttMs ? `, rtt avg ${stats.rttMs.avg} ms` : '';
    return { ...base, outcome: 'pass', durationMs, summary: `${stats.received}/${stats.sent} replies from ${input.address}${rtt}`, evidence };
  }
  const icmp = stats.errorLines[0];
  const why = icmp ? `${icmp.text}${icmp.from ? ` (from ${icmp.from})` : ''}` : 'no replies: ICMP may be blocked; that does not mean the host is down';
  return { ...base, outcome: 'fail', durationMs, summary: `0/${stats.sent} replies from ${input.address}: ${why}`, reason: why, evidence };
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim())?.trim() ?? '';
}
