/**
 * The words for each finding and which lessons explain each verdict and finding. Data only.
 */
import type { FindingId, Verdict } from '../evidence.js';

/** Lessons (files in lessons/) that explain a verdict, most relevant first. */
export const VERDICT_LESSONS: Record<Verdict, string[]> = {
  'dns-error': ['dns', 'toolkit'],
  unreachable: ['firewalls', 'handshake', 'toolkit'],
  refused: ['handshake', 'rst', 'socket-states'],
  filtered: ['firewalls', 'timeouts', 'handshake'],
  reset: ['rst', 'socket-states'],
  closed: ['socket-states', 'handshake'],
  'tls-error': ['tls'],
  open: ['handshake'],
};

/** Extra lessons a finding brings. */
export const FINDING_LESSONS: Partial<Record<string, string[]>> = {
  // The hold's findings (diagnosis/hold.ts), so the story names their lessons too.
  'idle-timeout': ['keepalive'],
  'dead-peer-detection-slow': ['retransmission'],
  'accept-queue-full': ['syn-floods', 'socket-states'],
  'syn-retransmitted': ['timeouts'],
  'reset-during-tls': ['tls', 'rst'],
  'ecn-blackhole': ['ecn'],
  'ecn-not-negotiated': ['ecn'],
  'icmp-blocked-or-host-down': ['toolkit'],
  'ping-unavailable': ['toolkit'],
  'listening-localhost-only': ['socket-states'],
  'not-listening': ['socket-states'],
  'listening-other-address': ['socket-states'],
  'local-firewall': ['firewalls'],
  'tls-untrusted': ['tls'],
  'tls-expired': ['tls'],
  nxdomain: ['dns'],
  'icmp-from-router': ['firewalls'],
  'rst-ttl-mismatch': ['rst', 'firewalls'],
  'capture-unavailable': ['toolkit'],
  'resolver-unreachable': ['dns'],
  'syn-flood-suspected': ['syn-floods'],
  'syncookies-active': ['syn-floods'],
  'close-wait-leak': ['socket-states'],
  'local-firewall-drops': ['firewalls'],
  'time-wait-many': ['socket-states'],
  'syn-not-at-server': ['firewalls', 'handshake'],
  'syn-at-server-unanswered': ['firewalls', 'syn-floods'],
  'synack-lost': ['firewalls', 'handshake'],
  'rst-not-from-server': ['rst', 'firewalls'],
  'rst-from-server': ['rst'],
  'server-side-unavailable': ['toolkit'],
  'tls-not-tls': ['tls'],
  'tls-name-mismatch': ['tls'],
  'tls-client-cert-required': ['tls'],
  'tls-protocol-mismatch': ['tls'],
  'pmtu-blackhole': ['pmtu', 'tls'],
  'mss-retry-unavailable': ['pmtu'],
  'icmp-rate-limited': ['firewalls', 'toolkit'],
  'addresses-disagree': ['dns', 'socket-states'],
};

/**
 * The one rule for the lessons that explain a result: the verdict's own, then each finding's, in
 * order, without repeats. `check --json`, plain output and the guide's verdict card all use it.
 */
export function lessonsFor(verdict: Verdict | 'undecided', findings: readonly FindingId[] = []): string[] {
  const own = verdict === 'undecided' ? ['handshake'] : VERDICT_LESSONS[verdict];
  return [...new Set([...own, ...findings.flatMap((f) => FINDING_LESSONS[f] ?? [])])];
}

/** The verdict in plain words (the general case; diagnose() adds specifics). */
export const VERDICT_MEANING: Record<Verdict, string> = {
  'dns-error': 'The name did not resolve, so no connection was even tried.',
  unreachable: 'An ICMP error (or the routing table here) said this address cannot be reached: no route, host unreachable, or administratively prohibited.',
  refused: 'The host answered the SYN with a RST (or ICMP port-unreachable): it is reachable, but nothing accepts connections on this port, or a firewall rejects them.',
  filtered: 'Nothing answered the SYN within the budget: a firewall (or a full accept queue) silently dropped the SYN or the SYN-ACK.',
  reset: 'The handshake completed, then the other side sent RST: something accepted the connection and then threw it away.',
  closed: 'The handshake completed, then the peer closed the connection (FIN) before any exchange.',
  'tls-error': 'TCP works, but the TLS handshake failed (alert, protocol, certificate, plain text instead of TLS) or stalled.',
  open: 'The handshake completed and nothing went wrong while we watched: the port is open and accepting.',
};

/** Default sentence per finding id; diagnose() may phrase a more specific one. */
export const FINDING_TEXT: Record<string, string> = {
  'syn-retransmitted': 'The kernel sent the SYN again (retransmission) because nothing came back.',
  'icmp-from-router': 'The ICMP error came from a router on the way, not from the target itself.',
  'icmp-blocked-or-host-down': 'Ping got no replies. ICMP blocked is not host down: many hosts and firewalls drop ping.',
  'ping-unavailable': 'Ping could not run here, so there is no ICMP evidence either way.',
  'local-firewall': 'This machine\'s own firewall (an OUTPUT rule) dropped the SYN before it left: a rule in the OUTPUT chain counted it. connect() just waits and retransmits, exactly as if a remote firewall had dropped it.',
  'accept-queue-full': 'The server listens, but its accept queue is full, so the kernel drops new SYNs: the application is not calling accept() fast enough.',
  'listening-localhost-only': 'The service listens on 127.0.0.1 only, so it cannot be reached through other addresses.',
  'reset-during-tls': 'The RST came during the TLS handshake: typical of a TLS-inspecting middlebox, a load balancer without a backend, or a server rejecting the ClientHello.',
  'reset-after-connect': 'The RST came right after the handshake: the application (or a proxy in front of it) accepted and immediately aborted.',
  'tls-untrusted': 'The certificate is not trusted by this machine (self-signed, unknown CA, or the wrong name).',
  'tls-expired': 'The certificate has expired.',
  'banner-received': 'The server spoke first with a banner, which identifies what is listening.',
  'fell-back-to-next-address': 'The first address did not work; the connection used a later one, as clients with fallback would.',
  'resolver-unreachable': 'The DNS resolver did not answer: the problem is DNS itself, not the name.',
  nxdomain: 'The resolver answered that this name does not exist (NXDOMAIN): check the spelling and the search domain.',
  'no-route': 'This machine has no route to that network, so the SYN never left.',
  'not-listening': 'Nothing listens on this port on this host.',
  'listening-other-address': 'The service listens on this port, but on another of this host\'s addresses.',
  'capture-unavailable': 'No packet capture: tcpdump is missing or not permitted here.',
  'tls-not-tls': 'This port does not speak TLS: it answered the ClientHello in plain text.',
  'tls-name-mismatch': 'The certificate does not cover the name asked for (SNI, or the address).',
  'tls-client-cert-required': 'The server wants a client certificate (mutual TLS) and got none.',
  'tls-protocol-mismatch': 'The client and the server share no TLS version or cipher.',
  'pmtu-blackhole': 'Path MTU blackhole: small packets pass, full-size ones vanish, and the ICMP that would say so is filtered; a smaller MSS gets through.',
  'mss-retry-unavailable': 'The handshake stalled after TCP connected; the retry with a smaller MSS (PMTU blackhole test) needs socat.',
  'icmp-rate-limited': 'A probe got silence where an earlier one got an ICMP error: the router rate-limits its ICMP errors, so silence here is not a firewall.',
  'addresses-disagree': 'The addresses this name resolves to do not all answer the same way: clients that pick a failing one (no fallback, or IPv6 first) fail.',
};
