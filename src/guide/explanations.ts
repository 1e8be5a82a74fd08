/**
 * What the guide says: for each verdict, what it means, why, what to check next and whom to ask;
 * for each step, what it does and what its result means. Plain words for a helpdesk newcomer.
 * Lesson ids are files in lessons/ (see src/lab/scenarios.ts LessonId).
 */
import type { StepEvidence, StepId, Target, Verdict } from '../evidence.js';
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
export function verdictText(verdict: Verdict | 'undecided', t: Pick<Target, 'host' | 'port'>, address = t.host, source?: string): VerdictText {
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
          'Look at the resolver in /etc/resolv.conf (or resolvectl status) and whether it answers: getent ahosts ' + t.host,
          'No answer at all: is the resolver reachable (port 53)? NXDOMAIN: ask who owns the zone to add the record.',
        ],
        ask: `Ask the DNS owner: "${t.host} does not resolve from here (which resolver, which error)".`,
        lessons: ['dns', 'toolkit'],
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
        lessons: ['toolkit', 'firewalls', 'handshake'],
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
        lessons: ['rst', 'handshake', 'socket-states'],
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
        ],
        ask: `Ask the network/firewall team: "from ${from} to ${address} port ${t.port} at <time>: the SYN leaves, no SYN-ACK returns".`,
        lessons: ['firewalls', 'timeouts', 'handshake'],
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
        ],
        ask: `Ask the service owner (and the load-balancer team): "connections to ${hp} are reset right after connecting, at <time>".`,
        lessons: ['rst', 'tls', 'toolkit'],
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
        lessons: ['socket-states', 'handshake', 'tls'],
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
        lessons: ['tls'],
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
        lessons: ['handshake', 'socket-states'],
      };
    case 'undecided':
      return {
        title: 'No verdict: the connect step did not run',
        meaning: 'The connect step was skipped or could not run, so there is nothing to judge the port by.',
        why: 'The verdict needs the TCP handshake: was the SYN answered, and how?',
        next: ['Press r to run the check again, or type a new target.'],
        ask: 'Nothing to ask yet.',
        lessons: ['handshake'],
      };
  }
}

/** What a step does, in one line, and the command a person would type for it. */
export const STEP_INFO: Record<StepId, { title: string; does: string }> = {
  dns: { title: 'DNS', does: 'turns the name into addresses' },
  ping: { title: 'Ping', does: 'asks the host for ICMP echo replies (many hosts ignore ping)' },
  connect: { title: 'Connect', does: 'sends a SYN and waits for SYN-ACK, RST, ICMP or silence (like telnet or nc)' },
  observe: { title: 'Observe', does: 'keeps the connection open a moment: does RST or FIN follow?' },
  tls: { title: 'TLS', does: 'runs a TLS handshake on top of TCP' },
  scan: { title: 'Scan', does: 'tries neighbouring and common ports, like nmap' },
  capture: { title: 'Capture', does: 'records the packets of one connection attempt, like tcpdump' },
  traceroute: { title: 'Traceroute', does: 'shows each router on the way and where packets stop' },
  sockets: { title: 'Sockets', does: 'reads this machine\'s socket table: who LISTENs on the port, and where' },
};

/** The equivalent command a person could type for a step (the check's own, when it says). */
export function commandFor(step: StepId, t: Pick<Target, 'host' | 'port'>, ev?: StepEvidence, address = t.host): string {
  if (ev?.command) return ev.command;
  switch (step) {
    case 'dns':
      return `getent ahosts ${t.host}`;
    case 'ping':
      return `ping -c 3 ${address}`;
    case 'connect':
      return `nc -vz ${address} ${t.port}`;
    case 'observe':
      return `nc -v ${address} ${t.port}`;
    case 'tls':
      return `openssl s_client -connect ${address}:${t.port} -servername ${t.host}`;
    case 'scan':
      return `nmap -Pn -p ${t.port} ${address}`;
    case 'capture':
      return `sudo tcpdump -ni any host ${address} and port ${t.port}`;
    case 'traceroute':
      return `traceroute -T -p ${t.port} ${address}`;
    case 'sockets':
      return `tcpsleuth sockets --port ${t.port}`;
  }
}

/** What one finished step means, in plain words (the verdict card says what it all adds up to). */
export function stepMeaning(ev: StepEvidence): string {
  if (ev.outcome === 'skipped') return ev.reason === 'IP literal' ? 'An address needs no DNS.' : 'Skipped: this step says nothing about the problem.';
  if (ev.outcome === 'unavailable') return `Could not run${ev.reason ? ` (${ev.reason})` : ''}. That is not a failure of the target.${ev.fix ? ` To get it: ${ev.fix}` : ''}`;
  const pass = ev.outcome === 'pass';
  switch (ev.id) {
    case 'dns':
      return pass ? 'The name resolves: DNS is not the problem.' : 'The name did not resolve: no packet can be sent.';
    case 'ping':
      return pass
        ? 'The host is up and answers ICMP; the path works at the IP level.'
        : 'No echo reply. Many firewalls drop ping, so this alone proves nothing: the connect step decides.';
    case 'connect':
      return pass ? 'SYN, SYN-ACK, ACK: something listens on that port and the path is open.' : 'The handshake did not complete: see the verdict below.';
    case 'observe':
      return pass ? 'No RST and no FIN while we watched: the connection stays up.' : 'The connection did not survive: see the verdict below.';
    case 'tls':
      return pass ? 'TLS works on top of TCP.' : 'The TLS handshake failed.';
    case 'sockets': {
      const e = ev.evidence as { listening?: string[]; localhostOnly?: boolean };
      if (e.localhostOnly) return 'It LISTENs on the loopback address only: other machines (and other addresses) are refused. Bind it to 0.0.0.0 or the server\'s address.';
      if (e.listening?.length) return `It LISTENs on ${e.listening.join(', ')}: the service is there, so look at the address and port the client uses.`;
      return 'No program LISTENs on this port here: start the service, or find the port it really uses.';
    }
    case 'scan': {
      const e = ev.evidence as { filtering?: string; counts?: { open: number } };
      if (e.filtering === 'host-wide') return 'No port answers at all: a firewall drops everything to this host (or it is down). Ask the network team.';
      if (e.filtering === 'per-port') return 'The host answers other ports, so the silent ones have their own firewall rule: ask for that port to be opened.';
      if (e.counts && e.counts.open > 0) return 'Every port answered; some are open: is the service on one of those instead?';
      return 'Every port answered with RST: the host is up and nothing is filtered; the service is simply not listening.';
    }
    case 'traceroute': {
      const e = ev.evidence as { reached?: boolean; lastAnswering?: { address?: string; ttl: number } };
      if (e.reached) return 'Packets reach the host: the path is routed; the trouble is at the host or its own firewall.';
      return e.lastAnswering ? `Packets stop after ${e.lastAnswering.address} (hop ${e.lastAnswering.ttl}): the problem is at or just beyond that router.` : 'No hop answered: the trouble starts close to this machine (or ICMP is blocked everywhere).';
    }
    case 'capture':
      return captureMeaning(ev);
    default:
      return pass ? 'Done: see what it saw above.' : 'It found a problem: see what it saw above.';
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

/** The deeper "why" of each step: what it can tell apart, and why the guide runs it here. */
export const STEP_WHY: Record<StepId, { text: string; lessons: string[] }> = {
  dns: { text: 'Every connection starts with a name becoming an address. If this fails, nothing else can run, and the fix is in DNS, not in the network.', lessons: ['dns'] },
  ping: { text: 'Ping (ICMP echo) tells whether the host answers at the IP level and how far away it is (round-trip time). Many firewalls drop ping, so no answer is a hint, never a verdict: the TCP handshake decides.', lessons: ['toolkit'] },
  connect: { text: 'The client sends SYN. A listener answers SYN-ACK (open); a host with nothing listening answers RST (refused); a router that cannot deliver answers ICMP (unreachable); a firewall that drops answers nothing (filtered). While we wait, Linux keeps resending the SYN: the kernel line shows its socket in SYN_SENT and the retransmissions.', lessons: ['handshake', 'timeouts'] },
  observe: { text: 'A completed handshake does not mean the server wants us. Some servers (or load balancers) accept and then reset or close at once; some speak first (a banner). Listening a moment tells these apart.', lessons: ['rst', 'socket-states'] },
  tls: { text: 'TLS runs on top of TCP: ClientHello, ServerHello, certificate. A reset here usually comes from a middlebox that dislikes the ClientHello; an alert or an untrusted certificate is a TLS problem, not a network one.', lessons: ['tls'] },
  scan: { text: 'Trying a few other ports tells a one-port rule from a host-wide firewall: if every port is silent, the whole host is filtered; if some answer, only this port is.', lessons: ['firewalls', 'toolkit'] },
  capture: { text: 'A packet capture is proof: it shows the SYN leaving and what (if anything) came back, with TTLs that reveal whether a RST came from the server or from a box in between.', lessons: ['toolkit', 'rst'] },
  traceroute: { text: 'Traceroute sends probes with growing TTLs; each router that drops one says so with ICMP time-exceeded. The last hop that answers is where packets stop.', lessons: ['toolkit', 'firewalls'] },
  sockets: { text: 'The kernel socket table shows which programs LISTEN on which address. A service bound to 127.0.0.1 refuses connections that arrive on any other address.', lessons: ['socket-states'] },
};

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

interface CapturedConversation {
  handshakeSeen?: boolean;
  synRetransmits?: unknown[];
  rst?: { from: string; address: string; afterHandshakeMs?: number; ttl: number; synAckTtl?: number; ttlMismatch: boolean; duringTls: boolean };
  fin?: { from: string };
  icmp?: { from: string; role: string; meaning: string };
}

/** What the packets of the last captured attempt say, in words (who sent the RST, and from how far). */
export function captureMeaning(ev: StepEvidence): string {
  const e = ev.evidence as { conversations?: CapturedConversation[]; findings?: Array<{ text?: string }>; packets?: number };
  const c = e.conversations?.at(-1);
  const parts: string[] = [];
  if (c?.rst) {
    const r = c.rst;
    const when = r.afterHandshakeMs !== undefined ? ` ${Math.round(r.afterHandshakeMs)} ms after the handshake${r.duringTls ? ', during TLS' : ''}` : ' in answer to the SYN';
    const ttl = r.synAckTtl === undefined ? `TTL ${r.ttl}` : r.ttlMismatch ? `TTL ${r.ttl}, not the SYN-ACK's ${r.synAckTtl}: a box in between likely forged it` : `TTL ${r.ttl} like the SYN-ACK: the server itself sent it`;
    parts.push(`The RST came from the ${r.from} (${r.address})${when}; ${ttl}.`);
  } else if (c?.fin) parts.push(`The ${c.fin.from} closed first (FIN).`);
  if (c?.icmp) parts.push(`ICMP "${c.icmp.meaning}" came from ${c.icmp.from} (the ${c.icmp.role}).`);
  if (c && !c.handshakeSeen && c.synRetransmits?.length) parts.push(`The SYN left ${c.synRetransmits.length + 1} times and nothing came back.`);
  const findings = (e.findings ?? []).map((f) => f.text).filter(Boolean);
  if (!parts.length && !findings.length) return `Captured ${e.packets ?? 0} packets: open the file in Wireshark or run tcpsleuth analyze on it.`;
  return [...parts, ...findings].join(' ');
}
