/**
 * What a check saw, read once from its steps for the story's sentences: the chosen connect, the
 * observe and TLS steps, the capture's conversation with the target, the server side, and the
 * check's error in a few words. Pure.
 */
import type { CheckReport, FindingId, StepEvidence, StepId } from '../evidence.js';
import type { ConnectEvidence } from '../checks/connect.js';
import type { DnsEvidence } from '../checks/dns.js';
import type { ObserveEvidence } from '../checks/observe.js';
import type { TlsEvidence } from '../checks/tls.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { formatHostPort } from '../target.js';
import { formatMs } from '../duration.js';
import { chosenConnect, connectSteps } from './addresses.js';

type Step<D> = StepEvidence<StepId, D>;

export interface Seen {
  host: string;
  port: number;
  /** `host:port` as a person writes it (IPv6 bracketed). */
  hp: string;
  /** The address the verdict is about. */
  address: string;
  /** Where the check ran from: the connection's local address, or what the caller says. */
  from: string;
  /** When the check started, in words. */
  when: string;
  dns?: Step<DnsEvidence>;
  connect?: Step<ConnectEvidence>;
  observe?: Step<ObserveEvidence>;
  tls?: Step<TlsEvidence>;
  /** The capture step, when it ran and recorded packets. */
  capture?: StepEvidence;
  /** The capture's last conversation with the target (what the verdict is about). */
  conv?: ConversationSummary;
  conversations: ConversationSummary[];
  /** When the RST came after the handshake: the capture's wire time when it has one, else what the observe step measured. */
  rstAfterMs?: number;
  /** A step ran (passed or failed: it has something to say). */
  ran: (id: StepId) => boolean;
  has: (finding: FindingId) => boolean;
}

function last<D>(steps: readonly StepEvidence[], id: StepId): Step<D> | undefined {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i].id === id) return steps[i] as Step<D>;
  return undefined;
}

const said = (s: StepEvidence | undefined): boolean => s !== undefined && (s.outcome === 'pass' || s.outcome === 'fail');

/**
 * `2026-05-03 12:04:05 UTC`: an ISO time in `zone` (an IANA name), with the zone's offset when
 * it is not UTC. An unreadable time is returned as given.
 */
export function whenText(iso: string, zone = 'UTC'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' }).formatToParts(d);
  } catch {
    return whenText(iso, 'UTC');
  }
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const at = `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
  const offset = get('timeZoneName').replace('GMT', 'UTC') || 'UTC';
  if (/^(Etc\/)?(UTC|GMT|Zulu|UCT)$/.test(zone) || offset === 'UTC') return `${at} UTC`;
  return `${at} ${zone} (${offset})`;
}

/** Reads the report's steps once. `conversations` from the caller's capture analysis win over the step's. */
export function seenIn(report: CheckReport, opts: { conversations?: ConversationSummary[]; from?: string; timeZone?: string } = {}): Seen {
  const steps = report.steps ?? [];
  const connect = chosenConnect(connectSteps(steps)) ?? last<ConnectEvidence>(steps, 'connect');
  const { host, port } = report.target;
  const address = report.target.addressUsed ?? connect?.evidence?.address ?? host;
  const capture = last<{ conversations?: ConversationSummary[] }>(steps, 'capture');
  const conversations = opts.conversations ?? (said(capture) ? (capture!.evidence?.conversations ?? []) : []);
  const toTarget = conversations.filter((c) => c.serverAddr === address || c.server === formatHostPort(address, port));
  const ids = new Set(report.details?.map((d) => d.id) ?? report.findings ?? []);
  const ran = (id: StepId) => said(last(steps, id));
  const conv = toTarget.at(-1) ?? (conversations.length ? conversations.at(-1) : undefined);
  const observe = last<ObserveEvidence>(steps, 'observe');
  return {
    host,
    port,
    hp: formatHostPort(host, port),
    address,
    from: connect?.evidence?.localAddress ?? opts.from ?? 'this machine',
    when: whenText(report.startedAt, opts.timeZone),
    dns: last<DnsEvidence>(steps, 'dns'),
    connect: connect as Step<ConnectEvidence> | undefined,
    observe,
    tls: said(last(steps, 'tls')) ? last<TlsEvidence>(steps, 'tls') : undefined,
    capture: said(capture) && conversations.length ? capture : undefined,
    conv,
    rstAfterMs: conv?.rst?.afterHandshakeMs ?? (observe?.evidence?.result === 'reset' ? observe.evidence.eventMs : undefined),
    conversations,
    ran,
    has: (f) => ids.has(f),
  };
}

/** When an event came after the handshake, in words: ` right after the handshake` / ` 3.1 ms after the handshake`. */
export function afterHandshake(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 0.05 ? ' right after the handshake' : ` ${formatMs(ms)} after the handshake`;
}

/**
 * The check's error in a few words, as a ticket quotes it: the errno and what it means, the TLS
 * alert or certificate error, or what never came. Never a runtime's internal code.
 */
export function errorText(s: Seen): string {
  const c = s.connect?.evidence;
  if (s.dns?.outcome === 'fail') return `${s.dns.evidence.code ?? 'no answer'}: ${s.dns.summary.replace(/^[^:]*: /, '')}`;
  if (c && c.result !== 'connected') {
    if (c.result === 'timeout') return `no answer to the SYN within ${formatMs(c.budgetMs)}${c.synRetransmits !== undefined ? `, SYN sent ${c.synRetransmits + 1} times` : ''}`;
    if (c.result === 'reset') return `${c.code ?? 'ECONNRESET'}: the handshake completed, then RST`;
    const errno = c.code && /^E[A-Z]+$/.test(c.code) ? `${c.code}: ` : '';
    // The step's reason without its errno and result label ("ECONNREFUSED: refused: the SYN was …").
    return `${errno}${s.connect!.reason?.replace(/^[A-Z_]+: /, '').replace(/^[a-z-]+: /, '') ?? c.result}`;
  }
  const o = s.observe?.evidence;
  if (o?.result === 'reset') return `${o.code === 'EPIPE' ? 'EPIPE' : 'ECONNRESET'}: RST${afterHandshake(s.rstAfterMs)}`;
  if (o?.result === 'fin') return `the peer closed the connection (FIN)${afterHandshake(o.eventMs)}${o.banner ? `, saying "${o.banner}"` : ''}`;
  if (o?.result === 'error') return 'the connection ended without a FIN or RST the check could read';
  const t = s.tls?.evidence;
  if (t && s.tls!.outcome === 'fail') {
    if (t.alert) return `TLS alert "${t.alert}"`;
    if (t.authorizationError) return `certificate not trusted: ${t.authorizationError}${t.nameMatches === false ? `; not valid for ${t.checkedName}` : ''}`;
    if (t.nameMatches === false) return `certificate not valid for ${t.checkedName}`;
    return s.tls!.summary;
  }
  return 'none: the handshake completed';
}
