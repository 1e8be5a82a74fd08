/**
 * Both ends of one connection: the client's packets and the server's, joined by the SYN's initial
 * sequence number (NAT may rewrite addresses and ports, never the ISN), or by the client's port
 * when only the server captured. Never by time alone: clocks differ and retransmissions repeat.
 * Pure: the packets in, what only both sides together show out.
 */
import { formatHostPort } from '../target.js';
import type { Finding } from '../evidence.js';
import { isRst, isSyn, isSynAck, type TcpPacket } from '../packets/handshake-packets.js';

export interface BothEndsInput {
  port: number;
  /** The addresses the client connected to (the target's). */
  addresses: string[];
  /** The client's own capture, when it ran (root here). */
  client?: TcpPacket[];
  /** The client's local port, from the connect step, for when there is no client capture. */
  clientPort?: number;
  /** The client's verdict saw an RST (refused or reset): used when the client did not capture. */
  clientSawRst?: boolean;
  server: TcpPacket[];
  /** The server checklist's findings (ids, words, and the blocking rule when a firewall blocks), to say why a SYN went unanswered. */
  serverFindings?: Array<Finding & { rule?: string }>;
}

export interface BothEndsJoin {
  joinedBy: 'syn-sequence' | 'client-port' | 'none';
  /** The SYN's initial sequence number. */
  isn?: number;
  /** The connection as the client saw it, and as the server saw it (they differ behind NAT). */
  clientTuple?: string;
  serverTuple?: string;
  synAtServer: boolean;
  synAcksSent: number;
  synAckAtClient?: boolean;
  rstsAtClient?: number;
  rstsFromServer: number;
  findings: Finding[];
}

const tuple = (p: TcpPacket) => `${formatHostPort(p.src, p.srcPort)} → ${formatHostPort(p.dst, p.dstPort)}`;

/** Joins the two captures and names what went wrong between them. */
export function joinBothEnds(input: BothEndsInput): BothEndsJoin {
  const { port } = input;
  const out: BothEndsJoin = { joinedBy: 'none', synAtServer: false, synAcksSent: 0, rstsFromServer: 0, findings: [] };
  const clientSyns = input.client?.filter((p) => isSyn(p) && p.dstPort === port && (!input.addresses.length || input.addresses.includes(p.dst)));
  const clientSyn = clientSyns?.[clientSyns.length - 1];
  let serverSyn: TcpPacket | undefined;
  if (clientSyn) {
    out.isn = clientSyn.seq;
    out.clientTuple = tuple(clientSyn);
    out.joinedBy = 'syn-sequence';
    serverSyn = input.server.filter((p) => isSyn(p) && p.dstPort === port && p.seq === clientSyn.seq).pop();
  } else if (input.clientPort) {
    serverSyn = input.server.filter((p) => isSyn(p) && p.dstPort === port && p.srcPort === input.clientPort).pop();
    if (serverSyn) {
      out.joinedBy = 'client-port';
      out.isn = serverSyn.seq;
    }
  }
  if (out.joinedBy === 'none') return out;

  const sent = clientSyns?.filter((p) => p.seq === out.isn).length ?? 0;
  if (!serverSyn) {
    out.findings.push({
      id: 'syn-not-at-server',
      text: `The SYN (seq ${out.isn}${sent > 1 ? `, sent ${sent} times` : ''}) never reached the server: its capture has no SYN with that sequence number. Something on the way in dropped it (a firewall, a security group, a router), not the server.`,
    });
    return out;
  }
  out.synAtServer = true;
  out.serverTuple = tuple(serverSyn);
  // The server's view of the conversation: its own port to the client's address and port as it saw them.
  const fromServer = (p: TcpPacket) => p.srcPort === port && p.dst === serverSyn!.src && p.dstPort === serverSyn!.srcPort;
  const synAcks = input.server.filter((p) => fromServer(p) && isSynAck(p) && p.ack === ((out.isn! + 1) >>> 0));
  const serverRsts = input.server.filter((p) => fromServer(p) && isRst(p));
  out.synAcksSent = synAcks.length;
  out.rstsFromServer = serverRsts.length;

  if (!synAcks.length && !serverRsts.length) {
    out.findings.push({ id: 'syn-at-server-unanswered', text: unansweredText(input.serverFindings ?? []) });
    return out;
  }

  const toClient = clientSyn ? (p: TcpPacket) => p.srcPort === port && p.dst === clientSyn.src && p.dstPort === clientSyn.srcPort : undefined;
  if (synAcks.length && toClient) {
    out.synAckAtClient = input.client!.some((p) => toClient(p) && isSynAck(p) && p.ack === ((out.isn! + 1) >>> 0));
    if (!out.synAckAtClient) {
      out.findings.push({
        id: 'synack-lost',
        text: `The server answered: it sent ${synAcks.length} SYN-ACK${synAcks.length > 1 ? 's' : ''} for seq ${out.isn}, and none reached the client. The answer is dropped on the way back: a firewall that only sees one direction, or asymmetric routing (the reply leaves by another path).`,
      });
    }
  }

  const clientRsts = toClient ? input.client!.filter((p) => toClient(p) && isRst(p)) : undefined;
  out.rstsAtClient = clientRsts?.length;
  const sawRst = clientRsts ? clientRsts.length > 0 : Boolean(input.clientSawRst);
  if (sawRst) {
    // A server RST keeps its sequence number through NAT; a forged one was never sent by the server at all.
    const forged = clientRsts ? clientRsts.filter((r) => !serverRsts.some((s) => s.seq === r.seq)) : serverRsts.length ? [] : [undefined];
    if (forged.length) {
      const ttl = forged[0] ? ` (it arrived with TTL ${forged[0].ttl}${synAcks.length && input.client?.find((p) => toClient!(p) && isSynAck(p)) ? `, the server's SYN-ACK with TTL ${input.client.find((p) => toClient!(p) && isSynAck(p))!.ttl}` : ''})` : '';
      out.findings.push({
        id: 'rst-not-from-server',
        text: `The client got an RST${ttl} that the server never sent: the server's capture has no RST on this connection. A box in between forged it (a firewall, IPS or load balancer resetting the flow); the server still thinks the connection is fine.`,
      });
    } else {
      out.findings.push({
        id: 'rst-from-server',
        text: `The RST really came from the server (its capture shows it sending ${serverRsts.length} on this connection): look at the server's application or its own firewall (REJECT with tcp-reset), not at the network.`,
      });
    }
  }
  return out;
}

function unansweredText(serverFindings: Array<Finding & { rule?: string }>): string {
  const head = 'The SYN reached the server, and the server neither answered it (no SYN-ACK) nor refused it (no RST)';
  const fw = serverFindings.find((f) => f.id === 'local-firewall-drops');
  // The checklist's own finding follows with the details; name the cause here in a few words.
  if (fw) return `${head}: its own firewall drops it${fw.rule ? ` (${fw.rule})` : ''}. See local-firewall-drops.`;
  const queue = serverFindings.find((f) => f.id === 'accept-queue-full');
  if (queue) return `${head}: its accept queue is full, so the kernel drops new SYNs. See accept-queue-full.`;
  const cookies = serverFindings.find((f) => f.id === 'syn-flood-suspected' || f.id === 'syncookies-active');
  if (cookies) return `${head}: its SYN queue is overflowing. See ${cookies.id}.`;
  return `${head}. Neither its INPUT rules nor its accept queue explain it (as far as the checklist could read): look at the server's other firewalls (a host agent, an eBPF filter, a security group on its interface).`;
}
