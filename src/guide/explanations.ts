/**
 * What the guide says about each verdict: what it means, why, what to check next and whom to ask,
 * and how the user's own words compare. Plain words for a helpdesk newcomer (steps: step-texts.ts).
 * The lessons per verdict come from src/diagnosis/ (VERDICT_LESSONS), as in `check --json`.
 */
import type { Target, Verdict } from '../evidence.js';
import { VERDICT_LESSONS } from '../diagnosis/findings.js';
import type { FollowUp } from './types.js';

export interface VerdictText {
  title: string;
  /** One or two sentences: what happened. */
  meaning: string;
  /** The deeper "why?": how TCP produces this. */
  why: string;
  /** What to check next, in order. */
  next: string[];
  /** Who can fix it and what to tell them. */
  ask: string;
  lessons: string[];
}

/** Everything the guide says about a verdict, with the target filled in. */
export function verdictText(
  verdict: Verdict | 'undecided',
  t: Pick<Target, 'host' | 'port'>,
  address = t.host,
  source?: string,
  resolvers: readonly string[] = [],
): VerdictText {
  // The same lessons `check --json` names for this verdict: one table, in src/diagnosis/.
  const lessons = verdict === 'undecided' ? ['handshake'] : VERDICT_LESSONS[verdict];
  return { ...verdictWords(verdict, t, address, source, resolvers), lessons };
}

function verdictWords(
  verdict: Verdict | 'undecided',
  t: Pick<Target, 'host' | 'port'>,
  address: string,
  source: string | undefined,
  resolvers: readonly string[],
): Omit<VerdictText, 'lessons'> {
  const hp = `${t.host}:${t.port}`;
  const from = source ?? '<this host>';
  switch (verdict) {
    case 'dns-error':
      return {
        title: 'DNS: the name did not resolve',
        meaning: `${t.host} never became an address, so no TCP packet was sent. The problem is the name or the resolver, not the network path or the server.`,
        why: 'Before any SYN can leave, the name must become an IP address. NXDOMAIN means a resolver answered "no such name"; EAI_AGAIN means no resolver answered at all.',
        next: [
          'Check the spelling, and whether the name only exists on an internal DNS (VPN connected?).',
          resolvers.length
            ? `The resolver${resolvers.length > 1 ? 's' : ''} this machine asks: ${resolvers.join(', ')} (/etc/resolv.conf). Does it answer? dig @${resolvers[0]} ${t.host}`
            : 'Look at the resolver in /etc/resolv.conf (or resolvectl status) and whether it answers: getent ahosts ' + t.host,
          'No answer at all: is the resolver reachable (port 53)? NXDOMAIN: ask who owns the zone to add the record.',
        ],
        ask: `Ask the DNS owner: "${t.host} does not resolve from here${resolvers.length ? ` (resolver ${resolvers[0]})` : ' (which resolver)'}, with this error".`,
      };
    case 'unreachable':
      return {
        title: 'Unreachable: an ICMP error said no',
        meaning: `A router (or this machine) answered the SYN with an ICMP error: there is no way to ${address} from here, or a rule prohibits it.`,
        why: 'Routers that cannot forward a packet say so with ICMP: host unreachable when ARP for the last hop fails (about 3 s), network unreachable or no route, or administratively prohibited when a firewall rejects with ICMP. Linux reports them as EHOSTUNREACH / ENETUNREACH.',
        next: [
          `Where did the ICMP come from? traceroute -T -p ${t.port} ${address} shows how far packets get.`,
          'Check the route on this machine: ip route get ' + address,
          'Is the server up and on the address you think (a moved VM, a stale IP)?',
        ],
        ask: `Ask the network team: "from ${from}, packets to ${address} port ${t.port} get ICMP unreachable (from which hop), at <time>".`,
      };
    case 'refused':
      return {
        title: 'Refused: the host answered, nothing listens there',
        meaning: `${address} answered the SYN with RST: the machine is up and reachable, but no program listens on port ${t.port} (or a firewall rejects with a reset).`,
        why: 'A kernel that gets a SYN for a port with no listening socket answers RST at once. That answer proves the path works; the problem is on the server: the service is down, on another port, or bound to 127.0.0.1 only.',
        next: [
          'Is the service running on the server? (systemctl status, docker ps)',
          `Does it LISTEN on 0.0.0.0 or only 127.0.0.1? On the server: tcpsleuth sockets --port ${t.port} (or ss -ltnp)`,
          `Is it on another port? Scan the neighbours: nmap -Pn -p ${Math.max(1, t.port - 1)}-${Math.min(65535, t.port + 1)},22,80,443 ${address}`,
        ],
        ask: `Ask the server's owner: "nothing accepts connections on ${hp}; is the service up and listening on the right address?"`,
      };
    case 'filtered':
      return {
        title: 'Filtered: the SYN got no answer',
        meaning: `Nothing came back: the SYN to ${address}:${t.port} was dropped on the way, or the answer was. A firewall that drops (rather than rejects) looks exactly like this.`,
        why: 'With nothing listening the kernel would answer RST, and a router with no way on would send ICMP. Silence means something discarded a packet. Linux would resend the SYN for about 127 s before giving up; the guide stops sooner.',
        next: [
          'Scan common ports: if every port is silent, the firewall covers the host; if others answer, it is a rule for this port.',
          `Traceroute to see where packets stop: traceroute -T -p ${t.port} ${address}`,
          `Capture to prove the SYN leaves and nothing returns: sudo tcpdump -ni any host ${address} and port ${t.port}`,
          `Check from the server side too (did the SYN arrive? was it answered?): tcpsleuth check ${hp} --server ssh://USER@SERVER`,
        ],
        ask: `Ask the network/firewall team: "from ${from} to ${address} port ${t.port} at <time>: the SYN leaves, no SYN-ACK returns".`,
      };
    case 'reset':
      return {
        title: 'Reset: connected, then RST',
        meaning: `The handshake with ${hp} completed, then a RST tore the connection down. Something accepted the connection and then rejected what came next.`,
        why: 'A RST after the handshake comes from the application (it closed with unread data or aborts), or from a middlebox such as a load balancer or firewall that sends RST on the server\'s behalf, often right after the TLS ClientHello when it dislikes the name (SNI) or the protocol.',
        next: [
          'Does it reset right after the first bytes? Try the TLS step or send what the client sends.',
          'Capture the RST: its TTL differs from the SYN-ACK\'s if a middlebox forged it.',
          'Check the server/application log at that time; check a load balancer between you.',
          `Check from the server side too (did the server send that RST?): tcpsleuth check ${hp} --server ssh://USER@SERVER`,
        ],
        ask: `Ask the service owner (and the load-balancer team): "connections to ${hp} are reset right after connecting, at <time>".`,
      };
    case 'closed':
      return {
        title: 'Closed: connected, then FIN',
        meaning: `The handshake with ${hp} completed, then the other side closed the connection (FIN) before any exchange.`,
        why: 'A server that accepts and closes at once is often refusing the client politely: an IP allow-list, too many connections, or a protocol mismatch (plain text to a TLS port, or the other way round).',
        next: [
          'Is this the protocol the port expects (TLS or not)?',
          'Check the server log for why it closed (allow-lists, connection limits).',
          'Capture to see who sent the FIN and when.',
        ],
        ask: `Ask the service owner: "${hp} accepts the connection and closes it at once, at <time>".`,
      };
    case 'tls-error':
      return {
        title: 'TLS error: TCP is fine, the TLS handshake failed',
        meaning: `The TCP connection to ${hp} works; the TLS handshake on top of it failed (a certificate, a version or an alert).`,
        why: 'TLS starts after TCP: the client sends a ClientHello, the server a certificate. An untrusted or expired certificate, a name mismatch, or no shared version ends it with an alert, which is not a network problem.',
        next: [
          `Look at the certificate: openssl s_client -connect ${hp} -servername ${t.host}`,
          'Check the name, the expiry date and the chain (is an intermediate missing?).',
          'Old client or server? Compare TLS versions.',
        ],
        ask: `Ask the service owner: "the TLS handshake with ${hp} fails: <the error>".`,
      };
    case 'open':
      return {
        title: 'Open: the network path is fine',
        meaning: `The handshake with ${hp} completed and nothing went wrong while we watched: the network and the listener are fine. Look at the application.`,
        why: 'SYN, SYN-ACK, ACK means the port is open and reachable from here. If the application still fails, the cause is above TCP: credentials, the protocol, TLS, timeouts in the client, or a different host in the client\'s config.',
        next: [
          'Does the client connect to this same host and port (config, DNS, proxy settings)?',
          'Read the application\'s own error (authentication, protocol, TLS).',
          'Intermittent? Run the check again at the failing time; check from the client machine itself.',
        ],
        ask: 'No network ticket needed: take the application error to the service owner.',
      };
    case 'undecided':
      return {
        title: 'No verdict: the connect step did not run',
        meaning: 'The connect step was skipped or could not run, so there is nothing to judge the port by.',
        why: 'The verdict needs the TCP handshake: was the SYN answered, and how?',
        next: ['Press r to run the check again, or type a new target.'],
        ask: 'Nothing to ask yet.',
      };
  }
}

/** Why the guide offers each follow-up, per verdict, shown in the choice list. */
export function followUpLabel(f: FollowUp, verdict: Verdict | undefined): string {
  switch (f) {
    case 'scan':
      return verdict === 'refused' ? 'Scan neighbouring and common ports (is it on another port?)' : 'Scan common ports (a host-wide firewall, or a rule for this port?)';
    case 'traceroute':
      return 'Traceroute (how far do packets get?)';
    case 'capture':
      return verdict === 'filtered' ? 'Capture packets (does the SYN leave? does anything return?)' : 'Capture packets (who sent the RST/FIN, and when?)';
    case 'sockets':
      return 'Look at this machine\'s listening sockets (is it LISTEN on 127.0.0.1 only?)';
    case 'tls':
      return 'Try the TLS handshake (the application step)';
  }
}

/** What the user said against what the guide found: agreement is reassuring, a mismatch is a clue. */
export function symptomNote(symptom: string | undefined, verdict: Verdict | 'undecided'): string | undefined {
  if (!symptom || verdict === 'undecided') return undefined;
  const expected: Record<string, Verdict[]> = {
    'times-out': ['filtered', 'unreachable'],
    refused: ['refused'],
    reset: ['reset', 'closed'],
    'tls-error': ['tls-error', 'reset'],
    slow: ['open'],
  };
  const words = symptom.replace('-', ' ');
  if (symptom === 'slow' && verdict === 'open') return 'You said it is slow: the handshake time above is the network\'s round trip; if that is small, the slowness is in the application or the server.';
  if (expected[symptom]?.includes(verdict)) return `You said it ${words}: that matches what the network shows here.`;
  if (verdict === 'open') return `You said it ${words}, but from here the port answers: the problem may be intermittent, or depend on where the client runs (its network, its firewall, its DNS). Run the check from the client machine.`;
  return `You said it ${words}, but from here it is ${verdict}: the client may see a different path or address; the evidence above is what this machine sees.`;
}

