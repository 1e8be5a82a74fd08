/**
 * The fault lab's catalogue: every classic TCP failure the lab can reproduce, what it imitates in
 * real life, the lesson that explains it, and the verdict `tcpsleuth check` must reach against it
 * (DESIGN.md, "The verdict"). Data only: building a scenario lives in loopback.ts and faults.ts.
 */
import type { FindingId, Verdict } from '../evidence.js';

export const SCENARIO_IDS = [
  'open',
  'refused',
  'reset-after-connect',
  'closed-after-connect',
  'accept-queue-full',
  'tls-delayed-reset',
  'localhost-only',
  'drop',
  'reject-rst',
  'reject-icmp',
  'admin-prohibited',
  'syn-ack-drop',
  'dpi-reset',
  'ecn-blackhole',
  'ecn-strip',
  'local-egress-drop',
  'no-route',
  'close-wait-leak',
  'syn-flood',
  'tls-not-tls',
  'tls-name-mismatch',
  'tls-client-cert',
  'tls-protocol-mismatch',
  'pmtu-blackhole',
  'router-no-route',
  'name-one-dead',
  'ipv6-refused',
  'syn-loss',
  'dead-address',
  'idle-firewall',
  'idle-reset',
  'lossy-path',
  'zero-window',
  'nagle',
] as const;

export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** Lesson ids (files in lessons/; test/lab/cli.test.ts reads that folder and holds the catalogue to it). */
export type LessonId = 'handshake' | 'socket-states' | 'rst' | 'timeouts' | 'firewalls' | 'ecn' | 'syn-floods' | 'toolkit' | 'tls' | 'dns' | 'pmtu' | 'intermittent' | 'keepalive' | 'retransmission' | 'slow-transfers' | 'flow-control' | 'nagle' | 'time-wait';

export interface ScenarioInfo {
  id: ScenarioId;
  /** One line: what is wrong. */
  title: string;
  /** Where you meet this in real life. */
  imitates: string;
  /** What an application says when it hits this (the words people paste into tickets). */
  symptom: string;
  /** The lesson that explains it (`tcpsleuth learn <lesson>`). */
  lesson: LessonId;
  /** `loopback` runs for any user on 127.0.0.0/8; `namespace` builds client ── router ── server. */
  kind: 'loopback' | 'namespace';
  needsRoot: boolean;
  /** Why root is needed (namespace scenarios only). */
  reason?: string;
  /** The verdict a check must reach. */
  expect: Verdict;
  /** Findings the check must report here (from sockets, the kernel's view, local rules). */
  findings: FindingId[];
  /** Findings that need a packet capture (`check --capture`, root) to be seen. */
  captureFindings?: FindingId[];
  /** The port the lab's server uses (namespace scenarios; loopback ones pick a free port). */
  port?: number;
  /** The check probes TLS (it must send data for the fault to show). */
  tls?: boolean;
  /** A fault that one check does not show, but a series or an idle hold does (`lab run` runs it after the check). */
  overTime?: OverTime;
}

/** `tcpsleuth watch TARGET ARGS` or `tcpsleuth check TARGET --hold …`, and the findings it must report. */
export interface OverTime {
  command: 'watch' | 'hold';
  /** The flags after the target, e.g. `['--rate', '10', '--count', '24']`. */
  args: string[];
  findings: FindingId[];
}

const ROOT_REASON = 'needs root: it builds network namespaces, veth pairs and iptables rules';

function loopback(s: Omit<ScenarioInfo, 'kind' | 'needsRoot'>): ScenarioInfo {
  return { ...s, kind: 'loopback', needsRoot: false };
}

function namespaced(s: Omit<ScenarioInfo, 'kind' | 'needsRoot' | 'reason'>): ScenarioInfo {
  return { ...s, kind: 'namespace', needsRoot: true, reason: ROOT_REASON };
}

export const SCENARIOS: readonly ScenarioInfo[] = [
  loopback({
    id: 'open',
    title: 'A healthy service: the handshake completes and the connection stays up',
    imitates: 'Any working server; the baseline to compare every fault with.',
    symptom: 'curl connects at once; the server waits for the request',
    lesson: 'handshake',
    expect: 'open',
    findings: [],
  }),
  loopback({
    id: 'refused',
    title: 'Nothing listens on the port: the SYN is answered with RST',
    imitates: 'A service that crashed, has not started yet, or listens on another port.',
    symptom: 'curl: (7) Failed to connect: Connection refused (ECONNREFUSED)',
    lesson: 'rst',
    expect: 'refused',
    findings: [],
  }),
  loopback({
    id: 'reset-after-connect',
    title: 'The server accepts, then answers with RST at once',
    imitates: 'An application that rejects clients it does not like (IP allow-list, connection limit) by aborting the socket.',
    symptom: 'curl: (56) Recv failure: Connection reset by peer (ECONNRESET)',
    lesson: 'rst',
    expect: 'reset',
    findings: [],
  }),
  loopback({
    id: 'closed-after-connect',
    title: 'The server accepts, then closes with FIN before saying anything',
    imitates: 'A proxy or inetd-style service whose backend is gone, or a server at its connection limit closing politely.',
    symptom: 'curl: (52) Empty reply from server',
    lesson: 'socket-states',
    expect: 'closed',
    findings: [],
  }),
  loopback({
    id: 'accept-queue-full',
    title: 'The listener never calls accept(): its queue is full and new SYNs are dropped',
    imitates: 'An overloaded or hung server (stuck event loop, exhausted worker pool): the port is open, yet connects time out.',
    symptom: 'curl: (28) Failed to connect: Connection timed out, although `ss -lnt` shows the port LISTENing',
    lesson: 'syn-floods',
    expect: 'filtered',
    findings: ['accept-queue-full'],
  }),
  loopback({
    id: 'tls-delayed-reset',
    title: 'TCP works, the ClientHello is read, then after a stall the connection is reset',
    imitates: 'A load balancer or TLS-inspecting proxy that resets clients it cannot match to a backend or certificate.',
    symptom: 'curl: (35) OpenSSL SSL_connect: Connection reset by peer',
    lesson: 'tls',
    expect: 'reset',
    findings: ['reset-during-tls'],
    tls: true,
  }),
  loopback({
    id: 'localhost-only',
    title: 'The service is bound to 127.0.0.1 only, and is reached through another address',
    imitates: 'A database or dev server listening on localhost, reached from a container or another host: "works on my machine".',
    symptom: 'Connection refused from anywhere but the machine itself (127.0.0.1 works)',
    lesson: 'socket-states',
    expect: 'refused',
    findings: ['listening-localhost-only'],
  }),
  namespaced({
    id: 'drop',
    title: 'A firewall on the server drops SYNs: the client waits in SYN_SENT',
    imitates: 'A host firewall or cloud security group without a rule for the port: the classic connection timeout.',
    symptom: 'curl: (28) Failed to connect: Connection timed out (ETIMEDOUT after ~2 min without a client timeout)',
    lesson: 'firewalls',
    expect: 'filtered',
    findings: ['syn-retransmitted'],
    port: 5432,
  }),
  namespaced({
    id: 'reject-rst',
    title: 'A firewall on the server rejects with a TCP reset',
    imitates: 'iptables REJECT --reject-with tcp-reset: looks exactly like a closed port.',
    symptom: 'curl: (7) Failed to connect: Connection refused, although the service runs',
    lesson: 'firewalls',
    expect: 'refused',
    findings: [],
    port: 6379,
  }),
  namespaced({
    id: 'reject-icmp',
    title: 'The router answers the SYN with ICMP port-unreachable',
    imitates: 'A firewall between you and the server using the default REJECT (icmp-port-unreachable).',
    symptom: 'curl: (7) Failed to connect: Connection refused, answered by a router rather than the server',
    lesson: 'firewalls',
    expect: 'refused',
    findings: [],
    captureFindings: ['icmp-from-router'],
    port: 3306,
  }),
  namespaced({
    id: 'admin-prohibited',
    title: 'The router answers with ICMP administratively prohibited',
    imitates: 'A router ACL or firewall saying "not allowed" out loud (REJECT --reject-with icmp-admin-prohibited).',
    symptom: 'curl: (7) Failed to connect: No route to host (EHOSTUNREACH), although ping works',
    lesson: 'firewalls',
    expect: 'unreachable',
    findings: [],
    captureFindings: ['icmp-from-router'],
    port: 8443,
  }),
  namespaced({
    id: 'syn-ack-drop',
    title: 'The SYN arrives, but the router drops the SYN-ACK on the way back',
    imitates: 'Asymmetric routing through a stateful firewall that saw only one direction of the flow.',
    symptom: 'curl: (28) Failed to connect: Connection timed out, while the server sees SYNs arrive',
    lesson: 'firewalls',
    expect: 'filtered',
    findings: ['syn-retransmitted'],
    port: 8080,
  }),
  namespaced({
    id: 'dpi-reset',
    title: 'The handshake completes, then the router injects RST once data flows',
    imitates: 'Deep packet inspection, an IPS or a censorship box that resets flows after reading the first payload (the TLS ClientHello).',
    symptom: 'curl: (35) OpenSSL SSL_connect: Connection reset by peer, for some destinations only',
    lesson: 'rst',
    expect: 'reset',
    findings: ['reset-during-tls'],
    // The RST comes from the router, one hop closer than the server: its TTL gives it away.
    captureFindings: ['rst-ttl-mismatch'],
    port: 443,
    tls: true,
  }),
  namespaced({
    id: 'ecn-blackhole',
    title: 'The router drops SYNs that ask for ECN; Linux retries without ECN and gets through',
    imitates: 'Old firewalls and middleboxes that discard packets with the ECE/CWR bits set.',
    symptom: 'works, but every new connection takes one second longer than it should',
    lesson: 'ecn',
    expect: 'open',
    findings: [],
    captureFindings: ['ecn-blackhole'],
    port: 8080,
  }),
  namespaced({
    id: 'ecn-strip',
    title: 'The router clears the ECN bits of the SYN: the connection works without ECN',
    imitates: 'Middleboxes that "normalise" TCP headers and silently remove ECN negotiation.',
    symptom: 'works; nothing visible, ECN is simply never used',
    lesson: 'ecn',
    expect: 'open',
    findings: [],
    captureFindings: ['ecn-not-negotiated'],
    port: 8080,
  }),
  namespaced({
    id: 'local-egress-drop',
    title: "The client's own firewall drops outgoing SYNs (OUTPUT DROP)",
    imitates: 'A local firewall, endpoint-security agent or corporate policy blocking the port on your own machine.',
    symptom: 'curl: (28) Failed to connect: Connection timed out, and no packet ever leaves the machine',
    lesson: 'firewalls',
    expect: 'filtered',
    findings: ['local-firewall'],
    port: 5432,
  }),
  namespaced({
    id: 'no-route',
    title: 'The client has no route to the server',
    imitates: 'A VPN that is down, a missing default gateway, or a subnet nobody announced.',
    symptom: 'curl: (7) Failed to connect: Network is unreachable (ENETUNREACH), at once',
    lesson: 'toolkit',
    expect: 'unreachable',
    findings: ['no-route'],
    port: 8080,
  }),
  loopback({
    id: 'close-wait-leak',
    title: 'The server never closes its sockets: they pile up in CLOSE_WAIT until it turns new clients away',
    imitates: 'An application that forgets close() when the client hangs up (a leaked connection pool): fine after a restart, broken hours later.',
    symptom: 'curl: (52) Empty reply from server, after it worked for a while; `ss -tn state close-wait` shows hundreds of rows',
    lesson: 'socket-states',
    expect: 'closed',
    findings: [],
  }),
  namespaced({
    id: 'syn-flood',
    title: 'A SYN flood fills the server\'s SYN queue (SYN_RECV) and SYN cookies are off: new SYNs are dropped',
    imitates: 'A flood of spoofed SYNs (or a crowd of clients whose SYN-ACKs get lost) against a server without SYN cookies.',
    symptom: 'curl: (28) Failed to connect: Connection timed out, while the server shows a heap of SYN_RECV sockets',
    lesson: 'syn-floods',
    expect: 'filtered',
    findings: ['syn-retransmitted'],
    port: 80,
  }),
  loopback({
    id: 'tls-not-tls',
    title: 'The port speaks plain HTTP: the ClientHello is answered with "400 Bad Request"',
    imitates: 'https:// to a plain-HTTP port (8080 instead of 8443), or a TLS client pointed at an SSH or SMTP port.',
    symptom: 'curl: (35) OpenSSL/3.0: error:0A00010B:SSL routines::wrong version number',
    lesson: 'tls',
    expect: 'tls-error',
    findings: ['tls-not-tls'],
    tls: true,
  }),
  loopback({
    id: 'tls-name-mismatch',
    title: 'The certificate is self-signed and for another name (www.other-site.test)',
    imitates: 'A default certificate on a load balancer or ingress, served when the SNI matches no configured site.',
    symptom: "curl: (60) SSL: no alternative certificate subject name matches target host name '127.0.0.1'",
    lesson: 'tls',
    expect: 'tls-error',
    findings: ['tls-untrusted', 'tls-name-mismatch'],
    tls: true,
  }),
  loopback({
    id: 'tls-client-cert',
    title: 'The server requires a client certificate (mutual TLS) and we send none',
    imitates: 'An API gateway, a service mesh or a database set up for mutual TLS.',
    symptom: 'curl: (56) OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required',
    lesson: 'tls',
    expect: 'tls-error',
    findings: ['tls-client-cert-required'],
    tls: true,
  }),
  loopback({
    id: 'tls-protocol-mismatch',
    title: 'The server speaks only TLS 1.0, which modern clients refuse',
    imitates: 'An old appliance, printer, IPMI card or legacy Java server never upgraded past TLS 1.0.',
    symptom: 'curl: (35) OpenSSL/3.0: error:0A00042E:SSL routines::tlsv1 alert protocol version',
    lesson: 'tls',
    expect: 'tls-error',
    findings: ['tls-protocol-mismatch'],
    tls: true,
  }),
  namespaced({
    id: 'pmtu-blackhole',
    title: "A link on the way has a smaller MTU and the router's ICMP \"fragmentation needed\" is filtered",
    imitates: 'A VPN or tunnel (IPsec, WireGuard, GRE, PPPoE) whose smaller MTU nobody announces, because ICMP is blocked somewhere.',
    symptom: 'curl -v hangs after "TLS handshake, Client hello (1)", then curl: (28) SSL connection timeout; ssh hangs at "expecting SSH2_MSG_KEX_ECDH_REPLY"',
    lesson: 'pmtu',
    expect: 'tls-error',
    findings: ['pmtu-blackhole'],
    captureFindings: ['pmtu-blackhole'],
    port: 443,
    tls: true,
  }),
  namespaced({
    id: 'router-no-route',
    title: 'A router on the way has no route to the server\'s network, and rate-limits its ICMP errors',
    imitates: 'A missing route on a core router or firewall, a VPN route withdrawn upstream: ping prints "Destination Net Unreachable from <router>".',
    symptom: 'curl: (7) Failed to connect: Network is unreachable, or a timeout when the router\'s ICMP allowance is spent',
    lesson: 'firewalls',
    expect: 'unreachable',
    findings: ['icmp-from-router'],
    port: 8080,
  }),
  namespaced({
    id: 'name-one-dead',
    title: 'One name, two addresses, and the first has no host behind it',
    imitates: 'A DNS record left pointing at a decommissioned server, or a load-balanced name with one dead member.',
    symptom: 'works from some machines and hangs for seconds (or fails) from others; curl -v shows it trying two addresses',
    lesson: 'dns',
    expect: 'open',
    findings: ['addresses-disagree', 'fell-back-to-next-address'],
    port: 8080,
  }),
  namespaced({
    id: 'ipv6-refused',
    title: 'One name with IPv4 and IPv6 addresses; the service listens on IPv4 only, so IPv6 is refused',
    imitates: 'A service bound to 0.0.0.0 but not ::, behind a name with an AAAA record: clients preferring IPv6 are refused first.',
    symptom: 'curl works (it falls back to IPv4), a client without fallback says Connection refused',
    lesson: 'socket-states',
    expect: 'open',
    findings: ['addresses-disagree'],
    port: 8080,
  }),
  // Connects, but…: faults a single check passes, that a series (watch) or an idle hold shows.
  namespaced({
    id: 'syn-loss',
    title: 'The router drops every 4th SYN: a share of handshakes complete only after a retransmission, a second (or two) late',
    imitates: 'An overloaded firewall or load balancer, a SYN rate limit, or a lossy link: connections work, but a share of them take one second (or three) longer.',
    symptom: '"works 19 times out of 20": now and then a request hangs for a second, then works; clients with a short connect timeout fail',
    lesson: 'intermittent',
    expect: 'open',
    findings: [],
    port: 8080,
    overTime: { command: 'watch', args: ['--rate', '10', '--count', '24'], findings: ['syn-retransmit-intermittent'] },
  }),
  namespaced({
    id: 'dead-address',
    title: 'One name, two addresses, and the second is silent: every other connection hangs',
    imitates: 'DNS round-robin with one dead backend, or one blackholed by a firewall: half the clients (or half the requests) hang until their connect timeout.',
    symptom: 'half the requests hang, then time out; retrying usually works',
    lesson: 'intermittent',
    expect: 'open',
    findings: ['addresses-disagree'],
    port: 8080,
    overTime: { command: 'watch', args: ['--rate', '10', '--count', '20'], findings: ['one-address-bad'] },
  }),
  namespaced({
    id: 'idle-firewall',
    title: 'The router\'s stateful firewall forgets connections idle for 20 s, then silently drops their packets',
    imitates: 'A firewall, NAT gateway or cloud load balancer with a short idle timeout (conntrack, AWS NLB 350 s, Azure LB 4 min): idle SSH sessions and pooled database connections die.',
    symptom: '"my ssh session dies if I go for coffee"; "the database connection is dead after lunch and the app hangs for 15 minutes"',
    lesson: 'keepalive',
    expect: 'open',
    findings: [],
    port: 5432,
    overTime: { command: 'hold', args: ['--hold', '30s'], findings: ['idle-timeout', 'dead-peer-detection-slow'] },
  }),
  namespaced({
    id: 'idle-reset',
    title: 'The router forgets connections idle for 20 s and answers their next packet with an RST',
    imitates: 'A firewall or proxy that rejects packets of flows it no longer knows (REJECT with tcp-reset): the first request after a pause fails at once.',
    symptom: '"connection reset by peer" on the first request after a quiet spell; the retry works',
    lesson: 'keepalive',
    expect: 'open',
    findings: [],
    port: 5432,
    overTime: { command: 'hold', args: ['--hold', '30s'], findings: ['idle-timeout'] },
  }),
  namespaced({
    id: 'lossy-path',
    title: 'The path drops 3% of the server\'s segments and squeezes the rest through a 10 Mbit/s link with a short queue: downloads crawl',
    imitates: 'A congested or faulty link (a bad cable, Wi-Fi, an overloaded uplink or VPN): every lost segment is resent and the sender slows down.',
    symptom: 'downloads start, then crawl; `curl -o` shows a fraction of the line speed; `tcpsleuth analyze` on a capture names retransmissions',
    lesson: 'slow-transfers',
    expect: 'open',
    findings: [],
    port: 8080,
  }),
  namespaced({
    id: 'zero-window',
    title: 'The server stops reading: its receive window closes and the uploading client waits',
    imitates: 'A hung or overloaded application (a stuck worker, a full disk, a slow database behind it) that no longer reads its socket.',
    symptom: 'uploads hang part-way without an error; the capture shows [.] win 0 from the server and the client probing it',
    lesson: 'flow-control',
    expect: 'open',
    findings: [],
    port: 8080,
  }),
  namespaced({
    id: 'nagle',
    title: 'A client writes each request in two small writes with Nagle on; the server delays its ACK: 40 ms per request',
    imitates: 'An RPC or database client that sends header and body separately without TCP_NODELAY, against a Linux server (delayed ACK).',
    symptom: 'every request takes 40 ms more than it should, however fast the network; at most 25 requests a second per connection',
    lesson: 'nagle',
    expect: 'open',
    findings: [],
    port: 8080,
  }),
];

/** True when `id` names a scenario. */
export function isScenarioId(id: string): id is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(id);
}

/** The catalogue entry for `id`, or undefined. */
export function scenarioInfo(id: string): ScenarioInfo | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
