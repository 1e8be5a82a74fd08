/**
 * What the guide says about each step: what it does, the command a person would type for it,
 * what its result means (a capture: who sent the RST), and the deeper "why?".
 */
import type { StepEvidence, StepId, Target } from '../evidence.js';
import { captureSentences } from '../diagnosis/story-facts.js';
import { storyConversation } from '../diagnosis/ladder.js';
import { selfCommand } from '../self-command.js';
import { shellLine } from '../shell-words.js';
import type { ConversationSummary } from '../packets/conversations.js';

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
  'server-capture': { title: 'Server capture', does: 'runs tcpdump on the server over ssh: did our SYN arrive, what did the server send?' },
  'server-sockets': { title: 'Server checklist', does: 'reads the server\'s sockets, accept queue, SYN cookies and INPUT rules over ssh' },
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
      return shellLine([...selfCommand(), 'sockets', '--port', String(t.port)]);
    case 'server-capture':
      return `ssh SERVER tcpdump -ni any port ${t.port}`;
    case 'server-sockets':
      return `ssh SERVER tcpsleuth server ${t.port}`;
  }
}

/** What a failed TLS step means, by its result (src/checks/tls.ts). */
const TLS_FAILURE: Record<string, string> = {
  'not-tls': 'This port does not speak TLS: it answered in plain text (see what it said).',
  untrusted: 'The handshake worked, but the certificate is not trusted or not for this name.',
  'client-cert-required': 'The server wants a client certificate (mutual TLS).',
  'protocol-mismatch': 'No TLS version or cipher in common with the server.',
  timeout: 'Nothing came back after the ClientHello: not TLS, or the answer is lost on the way.',
  reset: 'Reset during the TLS handshake: a middlebox or the server rejected the ClientHello.',
};

/** What one finished step means, in plain words (the verdict card says what it all adds up to). */
export function stepMeaning(ev: StepEvidence, about?: { host: string; port: number; address: string }): string {
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
    case 'connect': {
      if (pass) return 'SYN, SYN-ACK, ACK: something listens on that port and the path is open.';
      // ECONNRESET at connect time: SYN-ACK came back, then RST: the handshake did complete.
      const reset = (ev.evidence as { result?: string } | undefined)?.result === 'reset';
      return reset ? 'The handshake completed (SYN, SYN-ACK, ACK), then the other side reset the connection (RST): see the verdict below.' : 'The handshake did not complete: see the verdict below.';
    }
    case 'observe':
      return pass ? 'No RST and no FIN while we watched: the connection stays up.' : 'The connection did not survive: see the verdict below.';
    case 'tls': {
      if (pass) return 'TLS works on top of TCP.';
      const e = ev.evidence as { result?: string; mssRetry?: { worksWithMss?: number } };
      if (e.result === 'timeout' && e.mssRetry?.worksWithMss) return `Stalled with full-size packets, fine with MSS ${e.mssRetry.worksWithMss}: a path MTU blackhole, not a TLS problem.`;
      return TLS_FAILURE[e.result ?? ''] ?? 'The TLS handshake failed.';
    }
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
      return captureMeaning(ev, about);
    default:
      return pass ? 'Done: see what it saw above.' : 'It found a problem: see what it saw above.';
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
  'server-capture': { text: 'Only the server can say whether the SYN arrived: its capture, joined to ours by the SYN\'s sequence number, tells "dropped on the way in" from "arrived and unanswered" from "answered, and the answer was lost", and whether an RST was really the server\'s.', lessons: ['firewalls', 'rst'] },
  'server-sockets': { text: 'The server\'s own view: does it LISTEN, on which address, is its accept queue full, does its firewall count our SYNs, does it leak CLOSE_WAIT sockets.', lessons: ['socket-states', 'syn-floods'] },
};

/**
 * What the packets say, in words (who sent the RST, and from how far): the story's own sentences
 * about the conversation it tells (storyConversation), with the address the verdict is about when
 * the caller knows it.
 */
export function captureMeaning(ev: StepEvidence, about?: { host: string; port: number; address: string }): string {
  const e = ev.evidence as { conversations?: ConversationSummary[]; packets?: number };
  const conversations = e.conversations ?? [];
  const target = about ? { target: { host: about.host, port: about.port, addresses: [about.address], addressUsed: about.address } } : undefined;
  const said = captureSentences(storyConversation(target, conversations), conversations).map((x) => x.text);
  if (!said.length) return `Captured ${e.packets ?? 0} packets: open the file in Wireshark or run ${shellLine([...selfCommand(), 'analyze', 'FILE'])} on it.`;
  return said.join(' ');
}
