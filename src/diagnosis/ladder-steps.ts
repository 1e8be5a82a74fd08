/**
 * The ladder without a capture: the packets the check's socket calls prove, in order. connect()
 * returning means SYN, SYN-ACK and ACK; ECONNRESET from connect() means the handshake completed
 * and then an RST came (never "a reset during the handshake"); the TLS step is a connection of its
 * own. Only the times a step measured are given (the handshake's, the kernel's SYN schedule for
 * retransmissions it counted); the rest stay unknown rather than guessed. Pure.
 */
import type { CheckReport, StepEvidence } from '../evidence.js';
import type { ConnectEvidence } from '../checks/connect.js';
import type { ObserveEvidence } from '../checks/observe.js';
import type { TlsEvidence } from '../checks/tls.js';
import { formatHostPort } from '../target.js';
import { formatMs } from '../duration.js';
import { formatKernelMs } from '../kernel-timing.js';
import type { Ladder, LadderEvent } from './ladder.js';
import { chosenConnect, connectSteps } from './addresses.js';

export interface StepsLadderOptions {
  /** When the kernel resends an unanswered SYN (ms after the first), from this kernel's sysctls. */
  synRetransmitAtMs?: number[];
  /** The local address to name the client by when the connect step has none (the route's source). */
  localFallback?: string;
}

const ms2us = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.round(ms * 1000));

function handshake(at: number | undefined): LadderEvent[] {
  return [
    { atUs: 0, from: 'client', label: 'SYN' },
    { atUs: at, from: 'server', label: 'SYN-ACK' },
    { atUs: at, from: 'client', label: 'ACK' },
  ];
}

/** The ladder the steps of `report` prove, or undefined when no connection was tried. */
export function ladderFromSteps(report: CheckReport, opts: StepsLadderOptions = {}): Ladder | undefined {
  // The connect step the verdict is about (with several addresses, not whichever finished last).
  const connects = report.steps.filter((s) => s.id === 'connect') as Array<StepEvidence<'connect', ConnectEvidence>>;
  const last = chosenConnect(connectSteps(report.steps)) ?? connects[connects.length - 1];
  const dns = report.steps.find((s) => s.id === 'dns');
  if (!last) {
    if (dns?.outcome !== 'fail') return undefined;
    return {
      source: 'steps',
      client: '',
      server: 'DNS resolver',
      events: [
        { from: 'client', label: 'query', quote: report.target.host },
        { from: 'server', label: 'answer', quote: dns.reason ?? dns.summary },
      ],
      missing: ['no address, so no SYN was sent'],
    };
  }
  const ev = (last.evidence ?? {}) as Partial<ConnectEvidence>;
  const local = ev.localAddress ? formatHostPort(ev.localAddress, ev.localPort ?? 0).replace(/:0$/, '') : opts.localFallback;
  const server = formatHostPort(ev.address ?? report.target.addressUsed ?? report.target.host, ev.port ?? report.target.port);
  const rtt = ev.kernelRttUs ?? ms2us(ev.handshakeMs);
  const events: LadderEvent[] = [];
  const missing: string[] = [];
  switch (ev.result) {
    case 'connected':
      events.push(...handshake(rtt));
      break;
    case 'refused':
      events.push({ atUs: 0, from: 'client', label: 'SYN' }, { atUs: rtt, from: 'server', label: `refused: RST or ICMP port-unreachable (${ev.code ?? 'ECONNREFUSED'})` });
      break;
    case 'reset':
      // connect() failing with ECONNRESET: the handshake completed, then the RST arrived.
      events.push(...handshake(undefined), { atUs: rtt, from: 'server', label: 'RST', packet: ev.code ?? 'ECONNRESET' });
      break;
    case 'timeout': {
      events.push({ atUs: 0, from: 'client', label: 'SYN' }, { atUs: 0, from: 'server', label: 'SYN-ACK', expected: `SYN-ACK expected within ${formatKernelMs(opts.synRetransmitAtMs?.[0] ?? 1000)}` });
      const n = Math.min(ev.synRetransmits ?? ev.kernel?.retransmits ?? 0, opts.synRetransmitAtMs?.length ?? 6);
      let prev = 0;
      for (let i = 0; i < n; i++) {
        const at = ms2us(opts.synRetransmitAtMs?.[i]);
        // Placed by this kernel's schedule, not measured: the socket calls do not time each resent SYN.
        events.push({ atUs: at, from: 'client', label: `SYN again (retransmission ${i + 1}, when this kernel's schedule sends it)`, ...(at !== undefined ? { gapBeforeUs: at - prev } : {}) });
        prev = at ?? prev;
      }
      missing.push(`no SYN-ACK, no RST, no ICMP within ${formatMs(ev.budgetMs ?? ev.handshakeMs)}: the check stopped waiting`);
      break;
    }
    case 'unreachable':
      events.push({ atUs: 0, from: 'client', label: 'SYN' }, { atUs: rtt, from: 'middlebox', label: `ICMP unreachable (${ev.code ?? 'EHOSTUNREACH'})` });
      break;
    case 'no-route':
      missing.push(`no route to ${server} on this host (${ev.code ?? 'ENETUNREACH'}): no SYN left`);
      break;
    case 'local-firewall':
      missing.push(`this host's firewall dropped the SYN before it left (${ev.code ?? 'EPERM'})`);
      break;
    default:
      missing.push(last.summary);
  }
  if (ev.result === 'connected') events.push(...afterHandshake(report, rtt));
  return { source: 'steps', client: local ?? '', server, events, missing };
}

/**
 * The observe step's window and the TLS step's own connection, as arrows. What the observe step
 * saw is timed from the handshake (its `eventMs`), so it lands `rtt` + that after the first SYN.
 */
function afterHandshake(report: CheckReport, rtt: number | undefined): LadderEvent[] {
  const out: LadderEvent[] = [];
  const observe = report.steps.find((s) => s.id === 'observe') as StepEvidence<'observe', ObserveEvidence> | undefined;
  const o = observe?.evidence;
  if (o) {
    const at = rtt !== undefined && o.eventMs !== undefined ? { atUs: rtt + Math.round(o.eventMs * 1000) } : {};
    if (o.result === 'banner') out.push({ ...at, from: 'server', label: `data ${o.bytes} B`, quote: o.banner });
    else if (o.result === 'data') out.push({ ...at, from: 'server', label: `data ${o.bytes} B` });
    else if (o.result === 'fin') out.push({ ...at, from: 'server', label: 'FIN' });
    else if (o.result === 'reset') out.push({ ...at, from: 'server', label: 'RST' });
    // The check hangs up after listening (observe.ts destroys the socket): our FIN.
    if (o.result === 'quiet' || o.result === 'banner' || o.result === 'data') out.push({ from: 'client', label: 'FIN', ours: true });
  }
  const tls = report.steps.find((s) => s.id === 'tls' && s.outcome !== 'skipped' && s.outcome !== 'unavailable') as StepEvidence<'tls', TlsEvidence> | undefined;
  if (!tls) return out;
  const t = tls.evidence;
  out.push(...handshake(undefined).map((e) => ({ ...e, label: `${e.label}${e.label === 'SYN' ? ' (the TLS step\u2019s own connection)' : ''}` })));
  out.push({ from: 'client', label: 'ClientHello' });
  const hello: LadderEvent = { from: 'server', label: 'ServerHello', packet: t.protocol };
  switch (t.result) {
    case 'ok':
    case 'untrusted':
      out.push(hello);
      break;
    case 'alert':
    case 'protocol-mismatch':
      out.push({ from: 'server', label: 'Alert', quote: t.alert });
      break;
    case 'client-cert-required':
      out.push(hello, { from: 'server', label: 'Alert', quote: t.alert ?? 'certificate required' });
      break;
    case 'reset':
      out.push({ from: 'server', label: 'ServerHello', expected: 'ServerHello expected after the ClientHello' }, { from: 'server', label: 'RST' });
      break;
    case 'closed':
      out.push({ from: 'server', label: 'ServerHello', expected: 'ServerHello expected after the ClientHello' }, { from: 'server', label: 'FIN' });
      break;
    case 'timeout':
      out.push({ from: 'server', label: 'ServerHello', expected: 'ServerHello expected after the ClientHello' });
      break;
    case 'not-tls':
      out.push({ from: 'server', label: 'data (not TLS)', quote: t.plaintext });
      break;
    default:
      out.push({ from: 'server', label: 'TLS error', quote: t.message ?? t.code });
  }
  return out;
}
