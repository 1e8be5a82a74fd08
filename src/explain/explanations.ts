/**
 * What each class means at the packet level, its likely causes (most likely first) and the lessons
 * that teach it. Plain words for people who arrive with an error, not with a packet capture.
 */
import type { ErrorClass } from './types.js';

export interface ClassText {
  /** The class in words, for the first line of plain output. */
  title: string;
  /** The class as a noun phrase, for "it also shows ...". */
  noun: string;
  /** What happened on the wire; `{target}` and `{port}` are filled in. */
  packets: string;
  causes: string[];
  lessons: string[];
}

export const CLASS_TEXT: Record<ErrorClass, ClassText> = {
  refused: {
    title: 'Connection refused',
    noun: 'a refusal',
    packets:
      'Your SYN to {target} was answered by RST (or an ICMP port-unreachable): the host is up and reachable, but nothing accepts connections on {port}.',
    causes: [
      'The service is not running (crashed, not started yet, still starting up).',
      'It listens on another port, or only on 127.0.0.1/::1 while you connect from elsewhere (or the reverse).',
      'You reached a different machine than you think (wrong host, stale DNS, wrong container or pod).',
      'A firewall rule REJECTs with tcp-reset or icmp-port-unreachable instead of dropping.',
    ],
    lessons: ['handshake', 'rst', 'socket-states'],
  },
  timeout: {
    title: 'Timed out',
    noun: 'a timeout',
    packets:
      'Nothing came back in time from {target}: no SYN-ACK to your SYN (the client retransmitted it and gave up), or the connection went silent later. Something dropped packets on the way, or the peer stopped answering.',
    causes: [
      'A firewall or security group silently DROPs the SYN (or the SYN-ACK on the way back).',
      'The host is down or the address is wrong, and nobody sends an ICMP error back.',
      'A routing problem: the packets go somewhere that never answers (VPN, asymmetric route).',
      'The server is overloaded: its accept queue is full, so it ignores new SYNs.',
      'The client timeout is shorter than the real latency (slow link, slow server).',
    ],
    lessons: ['timeouts', 'firewalls', 'handshake', 'syn-floods'],
  },
  reset: {
    title: 'Connection reset',
    noun: 'a reset',
    packets:
      'The TCP connection to {target} was established, then an RST arrived: the peer (or a box in the middle) aborted it instead of closing it cleanly.',
    causes: [
      'The server process crashed or was restarted while the connection was open.',
      'The server rejected what you sent (wrong protocol: plain text to a TLS port, or TLS to a plain port).',
      'A proxy, load balancer or firewall killed an idle or unexpected connection.',
      'The server closed with unread data in its buffer, which TCP turns into an RST.',
    ],
    lessons: ['rst', 'socket-states', 'firewalls'],
  },
  unreachable: {
    title: 'Host or network unreachable',
    noun: 'an unreachable host or network',
    packets:
      'No path to {target}: a router answered your SYN with an ICMP unreachable (host, net or administratively prohibited), or this machine has no route to that address at all.',
    causes: [
      'There is no route to that network here (VPN down, wrong subnet, missing default route).',
      'The host is off, or its address has no owner on the local network (ARP gets no answer).',
      'A firewall on the way rejects with ICMP host-unreachable or admin-prohibited.',
      'IPv6 was tried on a network without IPv6 connectivity.',
    ],
    lessons: ['firewalls', 'toolkit', 'handshake'],
  },
  dns: {
    title: 'Name did not resolve',
    noun: 'a DNS failure',
    packets:
      'No TCP packet was sent: {name} could not be turned into an address (NXDOMAIN, no answer, or the resolver was unreachable).',
    causes: [
      'A typo in the host name, or the name does not exist in this DNS view.',
      'An internal name used from outside its network (VPN, split DNS, search domain missing).',
      'The resolver itself is down or unreachable (/etc/resolv.conf, container DNS).',
      'A temporary resolver failure (EAI_AGAIN): retrying may work.',
    ],
    lessons: ['dns', 'toolkit'],
  },
  tls: {
    title: 'TLS handshake failed',
    noun: 'a TLS failure',
    packets:
      'TCP to {target} worked, then the TLS handshake on top of it failed (a certificate, version or protocol problem, or the peer aborted during the handshake).',
    causes: [
      'The certificate is not trusted here (self-signed, private CA not installed, expired, wrong name).',
      'TLS spoken to a plain-text port, or plain text to a TLS port ("wrong version number").',
      'No TLS version or cipher in common (old server, strict client).',
      'A middlebox (proxy, firewall, IPS) interferes with the handshake.',
      'The server wants a client certificate (mutual TLS: "certificate required", or a bare "handshake failure").',
      'It stalls, then times out: the server\'s big certificate flight never arrives (a path MTU blackhole on a VPN; tcpsleuth learn pmtu).',
    ],
    lessons: ['tls', 'rst', 'handshake'],
  },
  closed: {
    title: 'Connection closed by the peer',
    noun: 'a close by the peer',
    packets:
      'The connection to {target} was open, then the peer closed it (a FIN, read as EOF) before the exchange finished; writing after that gives "broken pipe".',
    causes: [
      'The server closed an idle connection (keep-alive or pool timeout shorter than the client\'s).',
      'The server rejected the client after accepting it (limits, access rules, wrong protocol) and hung up.',
      'The server process stopped or restarted gracefully.',
      'A proxy or load balancer in the middle closed its side.',
    ],
    lessons: ['socket-states', 'rst', 'timeouts'],
  },
  other: {
    title: 'Other TCP-level problem',
    noun: 'another socket problem',
    packets:
      'The failure is about sockets but is none of refused, timeout, reset, unreachable, DNS, TLS or closed: for example a local port already in use, too many open files, a proxy that refused the tunnel, or a local firewall forbidding the connect.',
    causes: [
      'Another process already listens on that port (address already in use).',
      'The process ran out of file descriptors or ephemeral ports.',
      'A proxy between you and the target failed or asked for authentication.',
      'A local firewall or permission forbids the socket operation.',
    ],
    lessons: ['socket-states', 'toolkit', 'firewalls'],
  },
  unknown: {
    title: 'Not recognised',
    noun: 'nothing recognised',
    packets:
      'The text names no TCP-level failure this tool knows (no errno, code, exception or phrase it recognises).',
    causes: [
      'The failure is above TCP (HTTP status, authentication, application error).',
      'The message is cut short: paste the whole error, including "Caused by" lines.',
    ],
    lessons: ['toolkit'],
  },
};

/** The kinds of `other` that have their own packet-level words. */
const OTHER_PACKETS: ReadonlyArray<[readonly string[], string]> = [
  [['address already in use', 'eaddrinuse', 'already allocated', 'only one usage of each socket address'], 'Nothing went on the wire: bind() failed because another socket on this machine already holds that local address and port.'],
  [['too many open files', 'emfile', 'enfile'], 'Nothing went on the wire: the process could not even open a socket, it has used up its file descriptors.'],
  [['proxy', 'tunnel'], 'TCP to the proxy worked, but the proxy refused or failed to open the tunnel to the real target (an HTTP error from the proxy, not from the target).'],
];

/** Packet-level words for a known kind of `other`, or null. */
export function otherPackets(lower: string): string | null {
  for (const [words, text] of OTHER_PACKETS) if (words.some((w) => lower.includes(w))) return text;
  return null;
}

/** When a timeout happened: while connecting (no SYN-ACK) or after (no answer to a request). */
export type TimeoutPhase = 'connect' | 'read';

const TIMEOUT_PACKETS: Record<TimeoutPhase, string> = {
  connect:
    'Your SYN to {target} got no answer: no SYN-ACK and no RST came back, the client retransmitted the SYN and gave up. Something dropped the SYN or the SYN-ACK (a firewall that DROPs, a host that is down, a wrong route).',
  read:
    'The connection to {target} was up, but the answer did not come in time: the server is slow or stuck, or the path silently drops the data packets (a firewall or NAT that forgot the connection, an MTU black hole).',
};

const READ_WORDS = ['read timed out', 'readtimeout', 'read timeout', 'while reading', 'awaiting headers', 'awaiting response', 'operation too slow', 'response timeout', 'request timed out', 'timeout of '];
const CONNECT_WORDS = ['connect timed out', 'connecttimeout', 'connect timeout', 'connection timed out', 'etimedout', 'dial tcp', 'did not properly respond', 'took too long to respond', 'connection attempt failed', 'operation timed out', 'connect call failed', 'connection to node'];

/** Reads from the words whether a timeout hit while connecting or while waiting for data. */
export function timeoutPhase(lower: string): TimeoutPhase | null {
  if (READ_WORDS.some((w) => lower.includes(w))) return 'read';
  if (CONNECT_WORDS.some((w) => lower.includes(w))) return 'connect';
  return null;
}

/** Fills the packet-level sentence with the target the message names. */
export function describePackets(cls: ErrorClass, host: string | null, port: number | null, phase: TimeoutPhase | null = null): string {
  const hostText = host ? (host.includes(':') ? `[${host}]` : host) : null;
  const target = hostText ? (port ? `${hostText}:${port}` : hostText) : 'the server';
  const template = cls === 'timeout' && phase ? TIMEOUT_PACKETS[phase] : CLASS_TEXT[cls].packets;
  return template
    .replaceAll('{target}', target)
    .replaceAll('{name}', host ? `the name ${host}` : 'the host name')
    .replaceAll('{port}', port ? `port ${port}` : 'that port');
}
