/**
 * The story's words per verdict: its title, the cause filled in from the evidence, the deeper
 * "why" (with this kernel's numbers), and whom to ask with the real time and error. Pure.
 */
import type { Verdict } from '../evidence.js';
import { formatMs, formatRttMs } from '../duration.js';
import { afterHandshake, errorText, refusedWhen, type Seen } from './story-seen.js';

/** One title per verdict. */
export const VERDICT_TITLE: Record<Verdict | 'undecided', string> = {
  'dns-error': 'DNS: the name did not resolve',
  unreachable: 'Unreachable: an ICMP error said no',
  refused: 'Refused: the host answered, nothing listens there',
  filtered: 'Filtered: the SYN got no answer',
  reset: 'Reset: connected, then RST',
  closed: 'Closed: connected, then FIN',
  'tls-error': 'TLS error: TCP is fine, the TLS handshake failed',
  open: 'Open: the network path is fine',
  undecided: 'No verdict: the connect step did not run',
};

/** A TLS error's title names what failed when a finding says it (a trusted handshake that ends in an untrusted certificate did not "fail"). */
export const TLS_TITLE: Partial<Record<string, string>> = {
  'tls-name-mismatch': 'TLS error: the certificate is for another name',
  'tls-expired': 'TLS error: the certificate has expired',
  'tls-untrusted': 'TLS error: the certificate is not trusted here',
  'tls-not-tls': 'TLS error: the port does not speak TLS',
  'tls-client-cert-required': 'TLS error: the server wants a client certificate',
  'tls-protocol-mismatch': 'TLS error: no TLS version or cipher in common',
};

/** A refusal whose socket table shows the service running, on 127.0.0.1 only: not "nothing listens". */
export const LOCALHOST_ONLY_TITLE = 'Refused: the service listens on 127.0.0.1 only';

export const PMTU_TITLE = 'TLS error: connected, then the data stopped (a path MTU blackhole)';

/**
 * The one-line cause from the evidence, when no rule named a more specific one: who answered
 * what, and when. Falls back to the verdict's general words when a step's evidence is missing.
 */
export function causeText(verdict: Verdict, s: Seen): string {
  const c = s.connect?.evidence;
  const o = s.observe?.evidence;
  const a = s.address;
  switch (verdict) {
    case 'dns-error':
      return `${s.host} never became an address, so no TCP packet was sent: the problem is the name or the resolver, not the network path or the server.`;
    case 'unreachable':
      return `An ICMP error (or this machine's routing table) said ${a} cannot be reached${c?.code ? ` (${c.code})` : ''}: no route, host unreachable, or administratively prohibited.`;
    case 'refused':
      return `${a} answered the SYN with RST${c?.code || s.refusedAfter ? ` (${[c?.code, s.refusedAfter && refusedWhen(s.refusedAfter)].filter(Boolean).join('; ')})` : ''}: the host is up and reachable, but nothing accepts connections on port ${s.port} there, or a firewall rejects them with a reset.`;
    case 'filtered': {
      const sent = c?.synRetransmits !== undefined ? ` (sent ${c.synRetransmits + 1} time${c.synRetransmits ? 's' : ''})` : '';
      const within = c?.budgetMs !== undefined ? ` within ${formatMs(c.budgetMs)}` : '';
      return `The SYN to ${a} port ${s.port} got no answer${within}${sent}: something dropped the SYN or its answer. A firewall that drops (rather than rejects) looks exactly like this.`;
    }
    case 'reset':
      if (c?.result === 'reset') return `The handshake with ${s.hp} completed, then the peer reset the connection (RST)${s.rstAfter ? `${afterHandshake(s.rstAfter)},` : ''} before connect() returned: something accepted the connection and threw it away at once.`;
      return `The handshake with ${s.hp} completed, then the peer reset the connection (RST)${afterHandshake(s.rstAfter)}, before we sent anything: something accepted the connection and threw it away.`;
    case 'closed':
      return `The handshake with ${s.hp} completed, then the peer closed the connection (FIN)${afterHandshake(s.finAfter)}, before any exchange.`;
    case 'tls-error':
      return `TCP to ${s.hp} works, but the TLS handshake failed: ${errorText(s)}.`;
    case 'open': {
      // The network's time when the kernel said it; else connect()'s, named as such.
      const hs = c?.kernelRttUs !== undefined ? ` (round trip ${formatRttMs(c.kernelRttUs / 1000)})` : c?.handshakeMs !== undefined ? ` (connect() returned after ${formatMs(c.handshakeMs)})` : '';
      const window = o?.windowMs ? ` in the ${o.windowMs} ms we watched` : ' while we watched';
      const tls = s.tls?.outcome === 'pass' ? ', and TLS works on top of it' : '';
      return `The handshake with ${s.hp} completed${hs} and nothing went wrong${window}${tls}: the port is open and accepting. If the application still fails, look above TCP.`;
    }
  }
}

/** The deeper "why": how TCP produces this verdict. `giveUp` is this kernel's SYN give-up, in words. */
export function whyText(verdict: Verdict | 'undecided', giveUp: string, pmtu = false): string {
  if (pmtu) {
    return 'TCP picks its segment size from each end\'s own link. A tunnel in the middle with a smaller MTU must answer over-size packets with ICMP "fragmentation needed" (IPv4) or Packet Too Big (IPv6) so the server sends smaller ones; when a firewall drops that ICMP, the big packets vanish and the connection hangs after the handshake.';
  }
  switch (verdict) {
    case 'dns-error':
      return 'Before any SYN can leave, the name must become an IP address. NXDOMAIN means a resolver answered "no such name"; EAI_AGAIN means no resolver answered at all.';
    case 'unreachable':
      return 'Routers that cannot forward a packet say so with ICMP: host unreachable when ARP for the last hop fails (about 3 s), network unreachable or no route, or administratively prohibited when a firewall rejects with ICMP. Linux reports them as EHOSTUNREACH / ENETUNREACH.';
    case 'refused':
      return 'A kernel that gets a SYN for a port with no listening socket answers RST at once, and a firewall rule that REJECTs with tcp-reset does the same. That answer proves the path works; the problem is on the server: the service is down, on another port, bound to 127.0.0.1 only, or rejected by a rule.';
    case 'filtered':
      return `With nothing listening the kernel would answer RST, and a router with no way on would send ICMP. Silence means something discarded a packet. Linux keeps resending the SYN and gives up after ${giveUp}; the check stops sooner.`;
    case 'reset':
      return 'A RST after the handshake comes from the application (it closed with unread data, or aborts), or from a middlebox such as a load balancer or firewall that sends RST on the server\'s behalf, often right after the TLS ClientHello when it dislikes the name (SNI) or the protocol.';
    case 'closed':
      return 'A server that accepts and closes at once is often refusing the client politely: an IP allow-list, too many connections, or a protocol mismatch (plain text to a TLS port, or the other way round).';
    case 'tls-error':
      return 'TLS starts after TCP: the client sends a ClientHello, the server a certificate. An untrusted or expired certificate, a name mismatch, no shared version or a missing client certificate ends it with an alert, which is not a network problem. A handshake that stalls with nothing coming back is different: on VPNs, the server\'s full-size packets can vanish on a link with a smaller MTU (a PMTU blackhole).';
    case 'open':
      return 'SYN, SYN-ACK, ACK means the port is open and reachable from here. If the application still fails, the cause is above TCP: credentials, the protocol, TLS, timeouts in the client, or a different host in the client\'s config.';
    case 'undecided':
      return 'The verdict needs the TCP handshake: was the SYN answered, and how?';
  }
}

/** Whom to ask, and the words to send them (the real time and error filled in). */
export function askText(verdict: Verdict, s: Seen, o: { resolver?: string; router?: string; pmtu?: boolean; mss?: number; localFirewall?: boolean; acceptQueue?: boolean; certificate?: boolean; localhostOnly?: boolean; notListening?: boolean }): { who: string; text: string } {
  const err = errorText(s);
  const at = `at ${s.when}`;
  if (o.pmtu) {
    const size = o.mss ? ` of ${o.mss} bytes` : ' with a smaller MSS';
    return { who: 'the network (VPN/firewall) team', text: `Ask the network (VPN/firewall) team: "to ${s.address} port ${s.port}, TCP connects but full-size packets are lost; segments${size} pass (${at}). Please allow ICMP fragmentation-needed (type 3 code 4) and ICMPv6 Packet Too Big, or clamp the MSS on the VPN gateway."` };
  }
  if (o.localFirewall) return { who: "this machine's administrator", text: `Ask whoever runs this machine's firewall: "an OUTPUT rule on ${s.from} drops connections to ${s.address} port ${s.port} (${at})".` };
  if (o.localhostOnly) return { who: 'the service owner', text: `Ask the service owner: "the service on port ${s.port} listens on 127.0.0.1 only, so ${s.hp} is refused (${err}, ${at}); can it bind to 0.0.0.0, or to ${s.address}?"` };
  if (o.notListening) return { who: 'the service owner', text: `Ask the service owner: "nothing listens on port ${s.port} on ${s.address} (${err}, ${at}); is the service running, and on which port?"` };
  if (o.acceptQueue) return { who: 'the service owner', text: `Ask the service owner: "${s.hp} listens but never accepts: its accept queue is full and new SYNs are dropped (${at})".` };
  switch (verdict) {
    case 'dns-error':
      return { who: 'the DNS owner', text: `Ask the DNS owner: "${s.host} does not resolve from ${s.from}${o.resolver ? ` (resolver ${o.resolver})` : ''} ${at}: ${err}".` };
    case 'unreachable':
      return { who: 'the network team', text: `Ask the network team: "from ${s.from}, packets to ${s.address} port ${s.port} get ${o.router ? `an ICMP error from router ${o.router}` : 'ICMP unreachable'} (${err}), ${at}".` };
    case 'refused':
      return { who: "the server's owner", text: `Ask the server's owner: "nothing accepts connections on ${s.hp} (${err}, ${at}); is the service up and listening on the right address, or does a firewall reject it?"` };
    case 'filtered':
      return { who: 'the network/firewall team', text: `Ask the network/firewall team: "from ${s.from} to ${s.address} port ${s.port} ${at}: the SYN leaves, no SYN-ACK returns (${err})".` };
    case 'reset':
      return { who: 'the service owner (and the load-balancer team)', text: `Ask the service owner (and the load-balancer team): "connections to ${s.hp} are reset right after connecting (${err}), ${at}".` };
    case 'closed':
      return { who: 'the service owner', text: `Ask the service owner: "${s.hp} accepts the connection and closes it at once (${err}), ${at}".` };
    case 'tls-error':
      // The handshake itself completed when only the certificate is refused: say that, not "fails".
      if (o.certificate) return { who: 'the service owner', text: `Ask the service owner: "the certificate ${s.hp} presents is not accepted by clients that verify it (${err}), ${at}".` };
      return { who: 'the service owner', text: `Ask the service owner: "the TLS handshake with ${s.hp} fails (${err}), ${at}".` };
    case 'open':
      return { who: 'the service owner', text: 'No network ticket needed: take the application error to the service owner.' };
  }
}
