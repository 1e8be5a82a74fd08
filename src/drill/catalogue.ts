/**
 * The drill catalogue, as data keyed by lab scenario id: the ticket a user would write, the cause in
 * a person's words, who to ask, the level, what tells it and the hints. A scenario becomes a drill
 * by adding a row here (and its cause, if new); a row whose scenario the lab does not have is
 * simply never picked.
 */
import type { FindingId } from '../evidence.js';

/** Who the learner should hand the ticket to. */
export const ASKERS = {
  'service-owner': 'the service owner (the team that runs the application)',
  'network-team': 'the network team (routers, firewalls between hosts, load balancers)',
  'security-team': 'the security team (security policy: IPS, DPI, endpoint agents)',
} as const;
export type Asker = keyof typeof ASKERS;

/**
 * Every cause a learner can pick, written as a person would say it. The same list is shown for
 * every drill, in this order, so the list itself says nothing about the fault that is up.
 */
export const CAUSES = {
  'not-listening': 'nothing listens on the port (the service is down or on another port)',
  'localhost-only': 'the service only listens on localhost',
  'app-resets': 'the application accepts, then resets the connection itself',
  'app-closes': 'the application accepts, then closes at once without a word',
  'close-wait-leak': 'the application never closes its sockets and has run out of connections',
  'accept-queue-full': 'the accept queue is full (the service is hung and never accepts)',
  'syn-flood': 'a SYN flood fills the server\'s SYN queue',
  'server-firewall-drop': 'a firewall on the server drops the SYN',
  'server-firewall-reject': 'a firewall on the server rejects the connection with a reset',
  'path-firewall-reject': 'a firewall on the way rejects the connection with an ICMP error',
  'syn-ack-lost': 'the SYN-ACK is lost on the way back',
  'local-firewall': 'a firewall on the client itself blocks the outgoing SYN',
  'no-route': 'the client has no route to the server\'s network',
  'middlebox-rst': 'a middlebox forges the RST once data flows',
  'lb-tls-reset': 'the load balancer resets the connection during the TLS handshake',
  'ecn-blackhole': 'a middlebox drops SYNs that ask for ECN',
  'ecn-strip': 'a middlebox strips the ECN bits, so ECN is never used',
  'pmtu-blackhole': 'large packets are dropped on the way and the ICMP "too big" never comes back (PMTU blackhole)',
  'dns-nxdomain': 'the name does not exist in DNS',
  'dns-no-answer': 'the DNS resolver does not answer',
  'router-no-route': 'a router on the way has no route to the server\'s network',
  'ipv4-only': 'the service listens on IPv4 only, so clients that try IPv6 first are refused',
  'syn-loss': 'something on the way drops a share of the SYNs (a rate limit, an overloaded firewall or load balancer)',
  'dead-backend': 'one of the addresses behind the name has no working server',
  'idle-firewall': 'a firewall on the way forgets connections that sit idle',
  'path-loss': 'packets are lost on the way, so the sender keeps resending and slows down',
} as const;
export type CauseId = keyof typeof CAUSES;

export type DrillLevel = 1 | 2 | 3;

/** One drill: a lab scenario seen from the helpdesk. */
export interface DrillEntry {
  /** The lab scenario that makes the fault (src/lab/scenarios.ts). */
  scenario: string;
  level: DrillLevel;
  /** The ticket, in the user's words; `{target}` is replaced by host:port. */
  ticket: string;
  cause: CauseId;
  ask: Asker;
  /** What tells it, in the tool's terms: the step, the finding, the command that shows it (placeholders as in hints). */
  tells: string;
  /** A finding of `check` (or `check --capture`) that points at the cause, when there is one. */
  finding?: FindingId;
  /**
   * Hints from gentle to nearly the answer; each one taken costs HINT_COST points. A command in a
   * hint is written as `{sockets}`, `{capture}` or `{route}`: the drill fills in the one that runs
   * from where the learner stands (drillCommands in index.ts).
   */
  hints: string[];
  /** The lesson to read afterwards (defaults to the scenario's lesson). */
  lesson?: string;
}

/** Points: verdict 40, cause 40, who to ask 20; each hint costs 10. */
export const POINTS = { verdict: 40, cause: 40, ask: 20 } as const;
export const HINT_COST = 10;

export const DRILLS: readonly DrillEntry[] = [
  {
    scenario: 'refused',
    level: 1,
    ticket: 'Our intranet app at {target} gives "connection refused" since the deploy an hour ago. Nothing else changed, I swear.',
    cause: 'not-listening',
    ask: 'service-owner',
    tells: 'connect fails at once with a RST (refused); the server\'s socket table (`{sockets}`) shows no LISTEN row',
    hints: ['How fast does it fail? A quick failure means something answered.', 'Who answered the SYN, and with what? Look at the socket table for that port.'],
  },
  {
    scenario: 'localhost-only',
    level: 1,
    ticket: 'The new metrics API at {target} works when the devs test it on the box, but from my side it says connection refused.',
    cause: 'localhost-only',
    ask: 'service-owner',
    tells: 'refused on this address, yet `{sockets}` shows a LISTEN row on 127.0.0.1 (finding listening-localhost-only)',
    finding: 'listening-localhost-only',
    hints: ['Is anything listening on that port at all? `{sockets}`', 'Look at the LOCAL address of the LISTEN row.'],
  },
  {
    scenario: 'reset-after-connect',
    level: 1,
    ticket: 'The license server at {target} drops us: "connection reset by peer", every single time.',
    cause: 'app-resets',
    ask: 'service-owner',
    tells: 'the handshake completes, then a RST arrives at once (observe step: reset), from the server itself',
    hints: ['Did the handshake complete? The connect step says.', 'A RST right after a completed handshake: who sends it when nothing sits in between?'],
  },
  {
    scenario: 'closed-after-connect',
    level: 1,
    ticket: 'The report service at {target} answers with nothing: curl says "Empty reply from server".',
    cause: 'app-closes',
    ask: 'service-owner',
    tells: 'the handshake completes, then a FIN comes before any data (verdict closed)',
    hints: ['Does the connection open? What happens right after?', 'FIN is a polite close by the application. Are its sockets piling up anywhere (`{sockets}`)?'],
  },
  {
    scenario: 'close-wait-leak',
    level: 2,
    ticket: 'The order API at {target} worked fine this morning; now every call gets an empty reply. Restarting it fixes it for a few hours.',
    cause: 'close-wait-leak',
    ask: 'service-owner',
    tells: 'verdict closed (FIN right after the handshake), and `{sockets}` shows the server\'s ends piled up in CLOSE_WAIT',
    lesson: 'socket-states',
    hints: ['The verdict alone looks like a polite close. Look at the server\'s socket table.', 'Count the CLOSE_WAIT rows for that port: who forgot to call close()?'],
  },
  {
    scenario: 'accept-queue-full',
    level: 2,
    ticket: 'The payment gateway at {target} times out. The ops channel says the process is up and the port is listening.',
    cause: 'accept-queue-full',
    ask: 'service-owner',
    tells: 'connect times out (filtered) although a LISTEN row exists whose Recv-Q is above its backlog (finding accept-queue-full)',
    finding: 'accept-queue-full',
    hints: ['A timeout with a listener present: look at the LISTEN row\'s queue.', 'QUEUE shows waiting/backlog. What does a full one mean for a new SYN?'],
  },
  {
    scenario: 'drop',
    level: 2,
    ticket: 'The app can\'t reach the billing DB at {target} since this morning. It just hangs.',
    cause: 'server-firewall-drop',
    ask: 'network-team',
    tells: 'no answer to the SYN (verdict filtered, finding syn-retransmitted) while ping to the host works',
    finding: 'syn-retransmitted',
    hints: ['It hangs rather than fails: nothing answers the SYN. Does the host answer ping?', 'The host is up but the port is silent: what drops a SYN without a word?'],
  },
  {
    scenario: 'reject-rst',
    level: 2,
    ticket: 'Cache at {target}: "connection refused". The service owner says Redis is running and listening on all interfaces.',
    cause: 'server-firewall-reject',
    ask: 'network-team',
    tells: 'refused (RST to the SYN) although, per the ticket, the service listens: a REJECT rule with tcp-reset looks exactly like a closed port',
    hints: ['Refused means something sent a RST. If the service really listens, what else can?', 'iptables REJECT --reject-with tcp-reset.'],
  },
  {
    scenario: 'reject-icmp',
    level: 2,
    ticket: 'MySQL at {target} says "connection refused" from our subnet only; the DBA sees no connection attempts at all.',
    cause: 'path-firewall-reject',
    ask: 'network-team',
    tells: 'refused by ICMP port-unreachable from a router, not the server (`{capture}`: icmp-from-router)',
    finding: 'icmp-from-router',
    hints: ['Refused by whom? A RST from the server and an ICMP error from a router look the same to connect().', 'Capture it: `{capture}` names the sender of the ICMP.'],
  },
  {
    scenario: 'admin-prohibited',
    level: 2,
    ticket: 'The partner portal at {target}: "No route to host". But I can ping it!',
    cause: 'path-firewall-reject',
    ask: 'network-team',
    tells: 'unreachable: an ICMP administratively-prohibited answer to the SYN, while ping passes',
    hints: ['"No route to host" while ping works: an ICMP error answered the SYN only.', 'Which ICMP type? Administratively prohibited is a rule saying no.'],
  },
  {
    scenario: 'local-egress-drop',
    level: 2,
    ticket: 'From my laptop the DB at {target} times out; from the jump host it works fine.',
    cause: 'local-firewall',
    ask: 'security-team',
    tells: 'filtered, and the local OUTPUT rules drop the port (finding local-firewall): the SYN never leaves this machine',
    finding: 'local-firewall',
    hints: ['Works elsewhere, not here: look at this machine first.', 'Does the SYN even leave? Look at this machine\'s own firewall rules.'],
  },
  {
    scenario: 'no-route',
    level: 2,
    ticket: 'Since the VPN change, {target} fails immediately with "Network is unreachable".',
    cause: 'no-route',
    ask: 'network-team',
    tells: 'unreachable at once, without a packet sent: no route (finding no-route; `ip route` has no default)',
    finding: 'no-route',
    hints: ['It fails at once, without waiting: this machine decided.', '`{route}`: where would the packet go?'],
  },
  {
    scenario: 'syn-ack-drop',
    level: 3,
    ticket: 'The web backend at {target} times out. The server team says they see our SYNs arrive in their capture.',
    cause: 'syn-ack-lost',
    ask: 'network-team',
    tells: 'filtered (syn-retransmitted) although the server receives the SYN: the answer is lost on the way back (asymmetric path, stateful firewall)',
    hints: ['The SYN arrives at the server, yet the client sees nothing: which packet is missing?', 'Think of the way back: a stateful firewall that saw only one direction.'],
  },
  {
    scenario: 'syn-flood',
    level: 3,
    ticket: 'The shop front at {target} stopped taking connections 20 minutes ago; the server is up, the CPU is idle, the app logs nothing.',
    cause: 'syn-flood',
    ask: 'security-team',
    tells: 'filtered (syn-retransmitted) while the server\'s socket table shows a heap of SYN_RECV rows from one source (the socket table on the server)',
    hints: ['The SYN is dropped at the server, yet there is no firewall rule for it. Look at the server\'s socket table.', 'Count the SYN_RECV rows on the server, and look at where they come from. Are SYN cookies on?'],
  },
  {
    scenario: 'tls-delayed-reset',
    level: 3,
    ticket: 'https://{target} fails with "SSL_connect: Connection reset by peer" after a pause. Plain TCP checks say the port is open.',
    cause: 'lb-tls-reset',
    ask: 'network-team',
    tells: 'TCP is fine, the ClientHello goes unanswered, then a RST (finding reset-during-tls)',
    finding: 'reset-during-tls',
    hints: ['Check with --tls: TCP alone looks fine.', 'A stall after the ClientHello, then a RST: what sits in front of the TLS service?'],
  },
  {
    scenario: 'dpi-reset',
    level: 3,
    ticket: 'Only from our office, {target} fails with "Connection reset by peer" right after connecting over TLS. From home it works.',
    cause: 'middlebox-rst',
    ask: 'security-team',
    tells: 'reset during TLS (reset-during-tls); with `{capture}` the RST\'s TTL differs from the SYN-ACK\'s (rst-ttl-mismatch): someone on the way forged it',
    finding: 'rst-ttl-mismatch',
    hints: ['The reset comes after the ClientHello. Who sent it? Capture it: `{capture}`.', 'Compare the TTL of the RST with the TTL of the SYN-ACK.'],
  },
  {
    scenario: 'ecn-blackhole',
    level: 3,
    ticket: 'Every new connection to {target} takes a second longer than it should. It works, it is just slow to start.',
    cause: 'ecn-blackhole',
    ask: 'network-team',
    tells: 'open, but with `{capture}` the first SYN (with ECE+CWR) goes unanswered and the retry without ECN gets through (ecn-blackhole)',
    finding: 'ecn-blackhole',
    hints: ['A one-second delay is the first SYN retransmission. What differs between the first SYN and the retry?', 'Capture it and look at the SYN flags: [SEW] then [S].'],
  },
  {
    scenario: 'router-no-route',
    level: 2,
    ticket: 'Since the network change last night nobody here reaches {target}. Other sites still work.',
    cause: 'router-no-route',
    ask: 'network-team',
    tells: 'unreachable: a router on the way answered "Destination Net Unreachable" (icmp-from-router names it); later probes got silence because it rate-limits its ICMP errors (icmp-rate-limited)',
    finding: 'icmp-from-router',
    hints: ['Who answered? Look at where the ICMP error came from in the ping and connect steps.', 'The error comes from a router, not from the server: it has no route onwards.'],
  },
  {
    scenario: 'ipv6-refused',
    level: 3,
    ticket: 'Our new service at {target} works from my laptop but the deploy job says "Connection refused". Same name, same port.',
    cause: 'ipv4-only',
    ask: 'service-owner',
    tells: 'open overall, but the addresses disagree (addresses-disagree): the IPv6 address refuses while the IPv4 one answers; clients that try IPv6 without falling back fail',
    finding: 'addresses-disagree',
    hints: ['The name has more than one address. How does each one answer?', 'Compare the AAAA address with the A address in the connect step.'],
  },
  {
    scenario: 'pmtu-blackhole',
    level: 3,
    ticket: 'Over the VPN, {target} connects and then hangs forever during the TLS handshake. Small requests to other ports work fine.',
    cause: 'pmtu-blackhole',
    ask: 'network-team',
    tells: 'tls-error: TCP connected, the TLS handshake stalled, and the retry with the MSS clamped to 1200 completed (pmtu-blackhole)',
    finding: 'pmtu-blackhole',
    hints: ['The handshake completes; the server\'s first big packet (its certificate) never arrives. Why would only big packets vanish?', 'Look at the TLS step: what happened when the check asked for smaller segments?'],
    lesson: 'pmtu',
  },
  // Connects, but…: one check passes; watch (many connects) or check --hold (idle connections) tells.
  {
    scenario: 'syn-loss',
    level: 2,
    ticket: 'The API at {target} works 19 times out of 20. The other time the request just sits there for a second or so, then goes through. Nothing in the app logs.',
    cause: 'syn-loss',
    ask: 'network-team',
    tells: 'one check says open; `watch` shows a share of handshakes completing only after about a second, this kernel\'s SYN retransmission time (syn-retransmit-intermittent, with the share of SYNs lost)',
    finding: 'syn-retransmit-intermittent',
    hints: ['One check passes. Connect many times (watch) and look at how long each handshake takes.', 'A handshake that takes one second more than the others was sent twice: which packet went missing?'],
    lesson: 'intermittent',
  },
  {
    scenario: 'dead-address',
    level: 2,
    ticket: 'About half of our calls to {target} hang until the client gives up; pressing retry usually works. The name resolves fine, says DNS.',
    cause: 'dead-backend',
    ask: 'service-owner',
    tells: 'the name has two addresses; `watch` takes turns on them and every failure comes from the same one (one-address-bad), which check\'s connect step shows as filtered while the other is open (addresses-disagree)',
    finding: 'one-address-bad',
    hints: ['How many addresses does the name have, and does each one answer?', 'Connect many times (watch): do the failures come from everywhere, or always from the same place?'],
    lesson: 'intermittent',
  },
  {
    scenario: 'idle-firewall',
    level: 3,
    ticket: 'My ssh session to {target} dies if I go for coffee. Worse, the reporting app\'s database connection is dead after lunch: it hangs for 15 minutes, then errors out.',
    cause: 'idle-firewall',
    ask: 'network-team',
    tells: 'check says open; `check --hold` shows idle connections forgotten after about 20 s, in silence (idle-timeout), and data sent into them retried for tcp_retries2 (dead-peer-detection-slow): a stateful firewall\'s idle timeout',
    finding: 'idle-timeout',
    hints: ['A fresh connection works. What about one that has been quiet for a while? (check --hold)', 'Silence after a pause, and a 15-minute hang when writing: who keeps a table of connections and throws out quiet ones?'],
    lesson: 'keepalive',
  },
  {
    scenario: 'idle-reset',
    level: 3,
    ticket: 'The first query of the morning to our database at {target} always fails with "connection reset by peer"; the retry works. Busy hours are fine.',
    cause: 'idle-firewall',
    ask: 'network-team',
    tells: 'check says open; `check --hold` shows idle connections answered with an RST after about 20 s (idle-timeout by reset): something on the way forgot the flow and rejects its next packet',
    finding: 'idle-timeout',
    hints: ['Busy is fine, quiet is not: hold a connection idle and see (check --hold).', 'The reset comes after a pause, not at once: who forgets connections that stay quiet?'],
    lesson: 'keepalive',
  },
  {
    scenario: 'lossy-path',
    level: 2,
    ticket: 'Downloads from {target} crawl. The page opens fine, but a 1 MB file takes ages, and only from our office.',
    cause: 'path-loss',
    ask: 'network-team',
    tells: 'open, and quick to connect; a capture of a download (tcpdump in the client namespace, then `tcpsleuth analyze FILE`) names retransmissions from the server, a share of its bytes sent twice, with the client\'s duplicate ACKs',
    hints: [
      'The connection opens at once, so the handshake is not the problem. What happens once data flows?',
      'Capture one download and let analyze read it: who resent what, and how often?',
    ],
    lesson: 'slow-transfers',
  },
];

/** The catalogue row for a scenario, if it is a drill. */
export function drillFor(scenario: string): DrillEntry | undefined {
  return DRILLS.find((d) => d.scenario === scenario);
}

/** The ticket with its target filled in. */
export function ticketText(entry: DrillEntry, target: string): string {
  return entry.ticket.replaceAll('{target}', target);
}

/** The cause choices as shown to every learner: `{ id, text }`, always the same list and order. */
export function causeChoices(): { id: CauseId; text: string }[] {
  return (Object.keys(CAUSES) as CauseId[]).map((id) => ({ id, text: CAUSES[id] }));
}
