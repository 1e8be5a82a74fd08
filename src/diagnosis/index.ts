/**
 * Pure rules: the steps' evidence in, the verdict, findings and lessons out. No I/O, so the CLI,
 * the guide machine and the tests all get the same answer from the same evidence.
 */
import type { Finding, FindingId, StepEvidence, Verdict } from '../evidence.js';
import type { ConnectEvidence } from '../checks/connect.js';
import type { DnsEvidence } from '../checks/dns.js';
import type { ObserveEvidence } from '../checks/observe.js';
import type { PingEvidence } from '../checks/ping.js';
import type { TlsEvidence } from '../checks/tls.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { captureFindings } from './capture-findings.js';
import { rateLimitSign, routerErrors, type IcmpKind } from './icmp.js';
import { addressesDisagree, addressResults, chosenConnect, connectSteps } from './addresses.js';
import { FINDING_LESSONS, FINDING_TEXT, VERDICT_LESSONS, VERDICT_MEANING, lessonsFor } from './findings.js';
import { addTlsFindings, tlsTrustWords } from './tls.js';

export { FINDING_TEXT, VERDICT_LESSONS, VERDICT_MEANING, lessonsFor } from './findings.js';
export { captureFindings, type CaptureFinding } from './capture-findings.js';
export { addressResults, describeResult } from './addresses.js';

export interface Diagnosis {
  verdict: Verdict;
  /** The specific cause when a rule named one (a router, this host's firewall, a TLS alert), else the verdict's general meaning. */
  meaning: string;
  /** The specific cause a rule named, when one did. */
  cause?: string;
  findings: FindingId[];
  details: Finding[];
  lessons: string[];
}

type Step<D> = StepEvidence<StepEvidence['id'], D>;

function last<D>(steps: StepEvidence[], id: StepEvidence['id']): Step<D> | undefined {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i].id === id) return steps[i] as Step<D>;
  return undefined;
}

/** Turns the steps of one check into its verdict, findings and lessons. */
export function diagnose(steps: StepEvidence[]): Diagnosis {
  const found = new Map<FindingId, string>();
  const add = (id: FindingId, text = FINDING_TEXT[id] ?? id) => {
    if (!found.has(id)) found.set(id, text);
  };
  let meaning: string | undefined;
  const verdict = decide(steps, add, (m) => (meaning = m));
  // Judged once the verdict is known: the chosen address's outcome is the verdict.
  const disagree = addressesDisagree(addressResults(steps, verdict));
  if (disagree) add('addresses-disagree', `The addresses of this name disagree: ${disagree}`);
  addSideFindings(steps, verdict, add);

  const findings = [...found.keys()];
  const lessons = lessonsFor(verdict, findings);
  return {
    verdict,
    meaning: meaning ?? VERDICT_MEANING[verdict],
    ...(meaning ? { cause: meaning } : {}),
    findings,
    details: findings.map((id) => ({ id, text: found.get(id)! })),
    lessons,
  };
}

type Add = (id: FindingId, text?: string) => void;

function decide(steps: StepEvidence[], add: Add, say: (m: string) => void): Verdict {
  const dns = last<DnsEvidence>(steps, 'dns');
  if (dns?.outcome === 'fail') {
    const f = dns.evidence.failure;
    if (f === 'nxdomain') add('nxdomain');
    else if (f === 'resolver-unreachable' || f === 'timeout') add('resolver-unreachable');
    say(`${dns.evidence.host} did not resolve: ${dns.summary.replace(/^[^:]*: /, '')}. No connection was tried.`);
    return 'dns-error';
  }

  const connects = steps.filter((s) => s.id === 'connect') as Step<ConnectEvidence>[];
  // Every address was tried: the verdict is what a client that tries them in order and falls back gets.
  const conn = chosenConnect(connectSteps(connects)) ?? connects[connects.length - 1];
  if (!conn) return 'dns-error';
  if (connects.length > 1 && conn.evidence.result === 'connected' && connects[0] !== conn) add('fell-back-to-next-address');
  const c = conn.evidence;
  switch (c.result) {
    case 'refused': {
      const local = c.localListeners ?? [];
      if (c.localListeners && !local.length) {
        add('not-listening', `Nothing listens on port ${c.port} on this host (the kernel's socket table has no LISTEN socket for it): start the service, or check which port it uses (the sockets command lists what listens where).`);
        say(`${c.address} answered the SYN with RST (${c.code ?? 'ECONNREFUSED'}), and this host's socket table has no LISTEN socket on port ${c.port}: nothing listens there. Start the service, or find the port it really uses.`);
      }
      const wildcard = local.some((l) => l.address === '0.0.0.0' || l.address === '::');
      const bound = local.map((l) => l.address).join(', ');
      if (local.length && local.every((l) => l.address.startsWith('127.') || l.address === '::1')) {
        add('listening-localhost-only', `The service listens on ${bound} only, so ${c.address} is refused: bind it to 0.0.0.0 (or this address) to reach it from elsewhere.`);
        say(`${c.address} answered the SYN with RST (${c.code ?? 'ECONNREFUSED'}): the service on port ${c.port} listens on ${bound} only, so connections to ${c.address} are refused. It is running; it is bound to the wrong address.`);
      } else if (local.length && !wildcard && !local.some((l) => l.address === c.address)) {
        add('listening-other-address', `The service listens on ${local.map((l) => l.address).join(', ')}, not on ${c.address}: connect to that address, or bind the service to 0.0.0.0.`);
      }
      return 'refused';
    }
    case 'unreachable':
    case 'error':
      fromRouter(steps, c.address, add, say);
      return 'unreachable';
    case 'no-route':
      // ENETUNREACH is this host's routing table, unless a router on the way said "net unreachable".
      if (!fromRouter(steps, c.address, add, say)) add('no-route');
      return 'unreachable';
    case 'local-firewall':
      add('local-firewall', c.localDropRules?.length ? `This machine's own firewall dropped the SYN: OUTPUT rule "${c.localDropRules[0]}" counted it.` : undefined);
      say(`This machine's own firewall stopped the SYN before it left (${c.code === 'EPERM' ? 'connect() failed at once with EPERM' : 'an OUTPUT rule counted it'}): look at the OUTPUT chain here, not at the server.`);
      return 'filtered';
    case 'timeout': {
      // Silence for the SYN, yet another probe of the same address got an ICMP error from a router:
      // the router cannot deliver there, and rate-limited its errors (the SYN got none).
      if (fromRouter(steps, c.address, add, say, ['net', 'host', 'admin'])) return 'unreachable';
      if ((c.synRetransmits ?? 0) > 0) add('syn-retransmitted', `The kernel sent the SYN ${c.synRetransmits! + 1} times and nothing came back.`);
      const full = c.localListeners?.find((l) => l.queueFull);
      if (full) {
        add('accept-queue-full', `${full.address}:${full.port} listens, but its accept queue is full (${full.queued} waiting, backlog ${full.backlog}): the kernel drops new SYNs until the application calls accept().`);
        say('The server listens but never accepts: its accept queue is full, so the kernel silently drops new SYNs, which looks exactly like a firewall from outside.');
      }
      return 'filtered';
    }
    case 'reset':
      add('reset-after-connect');
      return 'reset';
    case 'connected':
      break;
  }

  const obs = last<ObserveEvidence>(steps, 'observe');
  if (obs?.evidence.result === 'reset') {
    add('reset-after-connect');
    return 'reset';
  }
  if (obs?.evidence.result === 'fin') {
    if (obs.evidence.banner) {
      add('banner-received', `The server spoke first: "${obs.evidence.banner}".`);
      say(`The handshake completed, then the server said "${obs.evidence.banner}" and closed the connection (FIN): read its words, it is telling you why (too many connections, access denied, shutting down …).`);
    }
    return 'closed';
  }
  if (obs?.evidence.result === 'banner') add('banner-received', `The server spoke first: "${obs.evidence.banner}".`);

  const tls = last<TlsEvidence>(steps, 'tls');
  if (tls && tls.outcome !== 'skipped' && tls.outcome !== 'unavailable') {
    const t = tls.evidence;
    if (t.result === 'reset') {
      add('reset-during-tls');
      say('TCP connected, then the connection was reset during the TLS handshake, after our ClientHello.');
      return 'reset';
    }
    if (t.result === 'untrusted') {
      // Evidence without chainTrusted (older reports) reads as "the chain is the problem", as before.
      if (t.chainTrusted !== true) add('tls-untrusted', `The certificate is not trusted: ${t.authorizationError ?? 'unknown reason'}.`);
      if (t.authorizationError === 'CERT_HAS_EXPIRED' || (t.certificate?.daysLeft ?? 1) < 0) add('tls-expired');
      addTlsFindings(t, add);
      say(`TCP and the TLS handshake work, but the certificate is not trusted (${tlsTrustWords(t)}): clients that verify certificates will refuse it.`);
      return 'tls-error';
    }
    if (addTlsFindings(t, add, say)) return 'tls-error';
    if (t.result !== 'ok') {
      say(`TCP works, but the TLS handshake failed: ${tls.summary}.`);
      return 'tls-error';
    }
  }
  return 'open';
}

/**
 * Names the router whose ICMP error (seen by any step) explains the verdict for `address`, with
 * `icmp-rate-limited` when a later probe got silence instead. Returns false when no router spoke.
 */
function fromRouter(steps: StepEvidence[], address: string, add: Add, say: (m: string) => void, kinds?: IcmpKind[]): boolean {
  const err = routerErrors(steps, address).find((e) => !kinds || kinds.includes(e.kind));
  if (!err) return false;
  add('icmp-from-router', `Router ${err.from} answered "${err.text}" for ${address} (seen by ${err.step}): it cannot deliver to that address.`);
  addRateLimit(steps, address, add);
  const what = err.kind === 'net' ? 'has no route to that network' : err.kind === 'admin' ? 'refuses to forward to it (administratively prohibited)' : 'cannot reach that host';
  say(`Router ${err.from} said "${err.text}" for ${address}: it ${what}, so no SYN can get there. Ask whoever runs ${err.from} about the route to ${address}.`);
  return true;
}

/**
 * The one `icmp-rate-limited` rule: a router spoke about `address`, and a later probe of it got
 * silence where an earlier one got the error.
 */
function addRateLimit(steps: StepEvidence[], address: string, add: Add): void {
  const err = routerErrors(steps, address)[0];
  const limited = err && rateLimitSign(steps, address);
  if (!limited) return;
  add('icmp-rate-limited', `${limited[0].toUpperCase()}${limited.slice(1)}: the router rate-limits its ICMP errors, so a probe can get silence where another got "${err.text}". Silence after an error is the router saving its breath, not a firewall.`);
}

function addSideFindings(steps: StepEvidence[], verdict: Verdict, add: Add): void {
  // Steps that judge for themselves (scan) carry their own findings: they join the verdict's.
  // A capture's conversations are judged here (SYN retransmits, ICMP senders, RST TTLs, ECN).
  for (const step of steps) {
    const own = (step.evidence as { findings?: unknown } | undefined)?.findings;
    if (Array.isArray(own)) for (const f of own as Finding[]) if (f && typeof f.id === 'string') add(f.id, f.text);
    const conversations = step.id === 'capture' ? (step.evidence as { conversations?: ConversationSummary[] } | undefined)?.conversations : undefined;
    if (Array.isArray(conversations)) for (const f of captureFindings(conversations)) add(f.id, f.text);
    if (step.id === 'capture' && step.outcome === 'unavailable') add('capture-unavailable', `No capture: ${step.reason ?? 'unavailable'}.${step.fix ? ` ${step.fix}` : ''}`);
    if ((step.id === 'server-capture' || step.id === 'server-sockets') && step.outcome === 'unavailable') add('server-side-unavailable', `${step.summary}: ${step.reason ?? 'unavailable'}.${step.fix ? ` ${step.fix}` : ''}`);
  }
  const ping = last<PingEvidence>(steps, 'ping');
  if (ping?.evidence?.address) addRateLimit(steps, ping.evidence.address, add);
  if (ping?.outcome === 'unavailable') add('ping-unavailable', `Ping could not run (${ping.reason ?? 'unavailable'}), so there is no ICMP evidence either way.`);
  if (ping?.outcome === 'fail') {
    const errs = ping.evidence.stats?.errorLines ?? [];
    const target = ping.evidence.address;
    const routers = new Set(routerErrors(steps, target).filter((r) => r.step === 'ping').map((r) => r.from));
    const fromRouter = errs.find((e) => e.from && routers.has(e.from));
    if (fromRouter) add('icmp-from-router', `Router ${fromRouter.from} answered "${fromRouter.text}" for ${target}.`);
    else if (!errs.length && verdict !== 'unreachable' && verdict !== 'dns-error') {
      const alive = verdict !== 'filtered';
      add('icmp-blocked-or-host-down', alive ? 'Ping got no replies, yet TCP answered: ICMP is blocked, the host is not down.' : FINDING_TEXT['icmp-blocked-or-host-down']);
    }
  }
}
