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
import { storyConversation } from './ladder.js';

type Step<D> = StepEvidence<StepId, D>;

/**
 * A time after the handshake, with the clock that measured it: `wire` from the capture's packet
 * times (the SYN-ACK to the RST), `socket` from this process's view (connect() returning to the
 * event reaching it, which adds the scheduling of both ends). One event can have both; a sentence
 * names the one it uses.
 */
export interface Timed {
  ms: number;
  clock: 'wire' | 'socket';
}

export interface Seen {
  host: string;
  port: number;
  /** `host:port` as a person writes it (IPv6 bracketed). */
  hp: string;
  /** The address the verdict is about. */
  address: string;
  /** Where the check ran from: the machine's name with the connection's local address, either alone, or the route's source. */
  from: string;
  /** When the check started, in words. */
  when: string;
  dns?: Step<DnsEvidence>;
  connect?: Step<ConnectEvidence>;
  observe?: Step<ObserveEvidence>;
  tls?: Step<TlsEvidence>;
  /** The capture step, when it ran and recorded packets. */
  capture?: StepEvidence;
  /** The captured conversation the verdict is about (storyConversation: the one the report's ladder draws). */
  conv?: ConversationSummary;
  conversations: ConversationSummary[];
  /** When the RST came: the capture's wire time after the handshake when it has one, else the observe step's time after connect() returned. */
  rstAfter?: Timed;
  /** When the peer's FIN came, as the observe step measured it (connect()'s view). */
  finAfter?: Timed;
  /** When a refusing RST came: after the first SYN on the wire when the capture saw it, else connect()'s whole time. */
  refusedAfter?: Timed;
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

/** The address part of `198.18.0.2:40000` / `[fd00::2]:40000` (formatHostPort's inverse); undefined for anything else. */
export function addressPart(hostPort: string | undefined): string | undefined {
  const m = hostPort ? /^\[([^\]]+)\]:\d+$|^([^:]+):\d+$/.exec(hostPort) : null;
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Where the check ran from, as far as the evidence knows: the socket's local address (or the one
 * the kernel showed while the SYN waited); else the machine's name with the route's source address
 * when the caller looked it up; else the machine's name. Never an address nobody saw.
 */
function fromText(c: ConnectEvidence | undefined, opts: { from?: string; source?: string }): string {
  const local = c?.localAddress ?? addressPart(c?.kernel?.local);
  // The machine's name and the connection's address, as the report's facts name them ("vm (127.0.0.1)").
  if (local && local !== '0.0.0.0' && local !== '::') return opts.from ? `${opts.from} (${local})` : local;
  const name = opts.from ?? 'this machine';
  return opts.source ? `${name} (source address ${opts.source}, per its route)` : name;
}

/** Reads the report's steps once. `conversations` from the caller's capture analysis win over the step's. */
export function seenIn(report: CheckReport, opts: { conversations?: ConversationSummary[]; from?: string; source?: string; timeZone?: string } = {}): Seen {
  const steps = report.steps ?? [];
  const connect = chosenConnect(connectSteps(steps)) ?? last<ConnectEvidence>(steps, 'connect');
  const { host, port } = report.target;
  const address = report.target.addressUsed ?? connect?.evidence?.address ?? host;
  const capture = last<{ conversations?: ConversationSummary[] }>(steps, 'capture');
  const conversations = opts.conversations ?? (said(capture) ? (capture!.evidence?.conversations ?? []) : []);
  const ids = new Set(report.details?.map((d) => d.id) ?? report.findings ?? []);
  const ran = (id: StepId) => said(last(steps, id));
  // The same conversation the report's ladder draws (the TLS one in a TLS check, never our teardown or another address's).
  const conv = storyConversation({ ...report, steps }, conversations);
  const observe = last<ObserveEvidence>(steps, 'observe');
  return {
    host,
    port,
    hp: formatHostPort(host, port),
    address,
    from: fromText(connect?.evidence, opts),
    when: whenText(report.startedAt, opts.timeZone),
    dns: last<DnsEvidence>(steps, 'dns'),
    connect: connect as Step<ConnectEvidence> | undefined,
    observe,
    tls: said(last(steps, 'tls')) ? last<TlsEvidence>(steps, 'tls') : undefined,
    capture: said(capture) && conversations.length ? capture : undefined,
    conv,
    rstAfter: rstTime(conv, observe?.evidence),
    refusedAfter: conv?.outcome === 'refused' && conv.rst?.from === 'server' ? { ms: conv.rst.atMs, clock: 'wire' } : connect?.evidence?.result === 'refused' && connect.evidence.handshakeMs !== undefined ? { ms: connect.evidence.handshakeMs, clock: 'socket' } : undefined,
    finAfter: observe?.evidence?.result === 'fin' && observe.evidence.eventMs !== undefined ? { ms: observe.evidence.eventMs, clock: 'socket' } : undefined,
    conversations,
    ran,
    has: (f) => ids.has(f),
  };
}

/** When a refusing answer came, in words that name the clock: `the RST came 0.4 ms after the SYN on the wire`, `connect() failed after 1.9 ms`. */
export function refusedWhen(t: Timed): string {
  if (t.clock === 'socket') return `connect() failed after ${formatMs(t.ms)}`;
  return t.ms < 0.05 ? 'the RST came right after the SYN on the wire' : `the RST came ${formatMs(t.ms)} after the SYN on the wire`;
}

/** The RST's time: the wire's (the capture saw the handshake and the RST) wins over the socket's. */
function rstTime(conv: ConversationSummary | undefined, o: ObserveEvidence | undefined): Timed | undefined {
  if (conv?.rst?.from === 'server' && conv.rst.afterHandshakeMs !== undefined) return { ms: conv.rst.afterHandshakeMs, clock: 'wire' };
  if (o?.result === 'reset' && o.eventMs !== undefined) return { ms: o.eventMs, clock: 'socket' };
  return undefined;
}

/**
 * When an event came, in words that name the clock: ` 0.4 ms after the handshake on the wire`,
 * ` 2.5 ms after connect() returned`, ` right after …`.
 */
export function afterHandshake(t: Timed | undefined): string {
  if (!t) return '';
  const since = t.clock === 'wire' ? 'the handshake on the wire' : 'connect() returned';
  return t.ms < 0.05 ? ` right after ${since}` : ` ${formatMs(t.ms)} after ${since}`;
}

/**
 * The check's error in a few words, as a ticket quotes it: the errno and what it means, the TLS
 * alert or certificate error, or what never came. Never a runtime's internal code.
 */
export function errorText(s: Seen): string {
  const c = s.connect?.evidence;
  if (s.dns?.outcome === 'fail') {
    const said = s.dns.summary.replace(/^[^:]*: /, '');
    const code = s.dns.evidence.code ?? 'no answer';
    // The step's words often name the code already ("the resolver did not answer (EAI_AGAIN)").
    return said.includes(code) ? said : `${code}: ${said}`;
  }
  if (c && c.result !== 'connected') {
    if (c.result === 'timeout') return `no answer to the SYN within ${formatMs(c.budgetMs)}${c.synRetransmits !== undefined ? `, SYN sent ${c.synRetransmits + 1} times` : ''}`;
    if (c.result === 'reset') return `${c.code ?? 'ECONNRESET'}: the handshake completed, then RST${afterHandshake(s.rstAfter)}`;
    const errno = c.code && /^E[A-Z]+$/.test(c.code) ? `${c.code}: ` : '';
    // The step's reason without its errno and result label ("ECONNREFUSED: refused: the SYN was …").
    return `${errno}${s.connect!.reason?.replace(/^[A-Z_]+: /, '').replace(/^[a-z-]+: /, '') ?? c.result}`;
  }
  const o = s.observe?.evidence;
  if (o?.result === 'reset') return `${o.code === 'EPIPE' ? 'EPIPE' : 'ECONNRESET'}: RST${afterHandshake(s.rstAfter)}`;
  if (o?.result === 'fin') return `the peer closed the connection (FIN)${afterHandshake(s.finAfter)}${o.banner ? `, saying "${o.banner}"` : ''}`;
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
