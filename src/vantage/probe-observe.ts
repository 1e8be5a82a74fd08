/**
 * Two steps of a vantage point's check in the local check's terms: what the peer did right after
 * the handshake (observe), and ping. Pure.
 */
import type { StepEvidence } from '../evidence.js';
import type { ObserveEvidence, ObserveResult } from '../checks/observe.js';
import { printableBanner } from '../checks/observe.js';
import type { PingEvidence } from '../checks/ping.js';
import { isPermissionProblem, parsePing } from '../checks/ping-parse.js';
import { installHint } from '../tools.js';
import { numArg, recordOf, type ProbeOutput } from './probe-output.js';
import type { ProbeConnect } from './probe-connect.js';

/** The observe step for the connection the probe kept (or `skipped`, saying why the tool cannot tell). */
export function observeStep(pc: ProbeConnect, port: number): StepEvidence<'observe', ObserveEvidence | Record<string, never>> {
  const command = `nc -v ${pc.address} ${port}`;
  const o = pc.observe;
  if (!o) return { id: 'observe', command, outcome: 'skipped', durationMs: 0, summary: 'not observed after the handshake', reason: pc.observeGap ?? 'the tool cannot observe', evidence: {} };
  const banner = o.data.length ? printableBanner(o.data) : undefined;
  const result: ObserveResult = o.result === 'data' && banner ? 'banner' : o.result;
  const evidence: ObserveEvidence = {
    result,
    windowMs: o.windowMs,
    bytes: o.data.length,
    banner,
    firstBytesHex: o.data.length && !banner ? o.data.subarray(0, 16).toString('hex') : undefined,
    eventMs: o.eventMs,
    code: o.code,
  };
  const base = { id: 'observe' as const, command, durationMs: o.windowMs, evidence };
  switch (result) {
    case 'fin':
      return { ...base, outcome: 'fail', summary: banner ? `the peer said "${banner}" and closed the connection (FIN)` : 'the peer closed the connection (FIN)', reason: 'FIN before any exchange' };
    case 'reset':
      return { ...base, outcome: 'fail', summary: 'the peer reset the connection (RST)', reason: `${o.code ?? 'ECONNRESET'}: reset after the handshake` };
    case 'error':
      return { ...base, outcome: 'fail', summary: `the connection failed: ${o.code ?? 'error'}`, reason: o.code ?? 'error' };
    case 'banner':
      return { ...base, outcome: 'pass', summary: `banner: ${banner}` };
    case 'data':
      return { ...base, outcome: 'pass', summary: `${o.data.length} bytes of non-text data first (${evidence.firstBytesHex})` };
    default:
      return { ...base, outcome: 'pass', summary: `connection stays open, the server waits for us to speak (${o.windowMs} ms)` };
  }
}

const SETCAP_FIX = 'ping there needs an ICMP socket: sudo setcap cap_net_raw+ep $(which ping), or sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"';

/** The ping step from `@tsl ping ADDRESS RC MS` (or `ping-unavailable`). */
export function pingStep(out: ProbeOutput): StepEvidence<'ping', PingEvidence> | undefined {
  const gone = recordOf(out, 'ping-unavailable');
  if (gone) {
    const address = gone.args[0] ?? '';
    return { id: 'ping', outcome: 'unavailable', durationMs: 0, summary: 'ping is not installed on this vantage point', reason: 'ping not found on its PATH', fix: installHint('ping'), evidence: { address } };
  }
  const rec = recordOf(out, 'ping');
  if (!rec) return undefined;
  const address = rec.args[0] ?? '';
  const durationMs = numArg(rec, 2) || 0;
  const text = rec.lines.join('\n');
  const base = { id: 'ping' as const, command: `ping -n -c 3 -W 1 ${address}`, durationMs };
  const stats = parsePing(text, 'linux');
  if (!stats || (stats.sent === 0 && isPermissionProblem(text))) {
    const first = rec.lines.find((l) => l.trim())?.trim() ?? `exit ${rec.args[1]}`;
    if (isPermissionProblem(text)) return { ...base, outcome: 'unavailable', summary: 'ping is not permitted on this vantage point', reason: first, fix: SETCAP_FIX, evidence: { address, output: text } };
    return { ...base, outcome: 'unavailable', summary: 'ping printed nothing I can read', reason: first, evidence: { address, output: text } };
  }
  const evidence: PingEvidence = { address, stats };
  if (stats.received > 0) {
    const rtt = stats.rttMs ? `, rtt avg ${stats.rttMs.avg} ms` : '';
    return { ...base, outcome: 'pass', summary: `${stats.received}/${stats.sent} replies from ${address}${rtt}`, evidence };
  }
  const icmp = stats.errorLines[0];
  const why = icmp ? `${icmp.text}${icmp.from ? ` (from ${icmp.from})` : ''}` : 'no replies: ICMP may be blocked; that does not mean the host is down';
  return { ...base, outcome: 'fail', summary: `0/${stats.sent} replies from ${address}: ${why}`, reason: why, evidence };
}
