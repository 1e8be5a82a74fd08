/**
 * The handshake as a Mermaid sequence diagram: from a capture (the real packets: tcpdump flags,
 * TTLs, times since the first SYN) or, without one, from what the check's steps saw. Pure.
 */
import type { CheckReport } from '../evidence.js';
import type { ConversationEvent, ConversationSummary } from '../packets/conversations.js';
import { neverArrived } from '../packets/sequence-diagram.js';

export interface HandshakeDiagram {
  mermaid: string;
  caption: string;
}

/** Mermaid message text: no `;`, `#` or line breaks (they end or escape a message). */
export function mermaidText(s: string): string {
  return s.replace(/[;#\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function ms(atMs: number): string {
  return atMs < 1 ? `${(atMs * 1000).toFixed(0)} µs` : atMs < 1000 ? `${atMs.toFixed(1)} ms` : `${(atMs / 1000).toFixed(2)} s`;
}

/** The packets of one captured conversation, each arrow labelled `[S.] ttl 64 · 0.1 ms`. */
export function handshakeFromCapture(c: ConversationSummary, events: ConversationEvent[]): HandshakeDiagram {
  const out = ['sequenceDiagram', `  participant C as client ${mermaidText(c.client)}`, `  participant S as server ${mermaidText(c.server)}`];
  const routers = new Map<string, string>();
  for (const e of events) {
    if (e.dir === 'icmp' && e.from && e.from !== c.serverAddr && !routers.has(e.from)) {
      const id = `R${routers.size + 1}`;
      routers.set(e.from, id);
      out.push(`  participant ${id} as router ${mermaidText(e.from)}`);
    }
  }
  for (const e of events) {
    const label = mermaidText(`${e.label} · ${ms(e.atMs)}`);
    if (e.dir === 'to-server') out.push(`  C->>S: ${label}`);
    else if (e.dir === 'to-client') out.push(`  S->>C: ${label}`);
    else out.push(`  ${e.from && routers.has(e.from) ? routers.get(e.from) : 'S'}-->>C: ${label}`);
  }
  if (events.length >= 400) out.push('  Note over C,S: only the first 400 packets are drawn');
  for (const m of neverArrived(c)) out.push(`  Note over C,S: ✗ ${mermaidText(m)}`);
  const n = events.length;
  return { mermaid: `${out.join('\n')}\n`, caption: `From the capture: conversation ${c.index}, ${n} packet${n === 1 ? '' : 's'} as they were seen (tcpdump flags, the TTL of each answer, time since the first SYN).` };
}

interface ConnectFacts {
  address?: string;
  port?: number;
  result?: string;
  code?: string;
  handshakeMs?: number;
  budgetMs?: number;
  localAddress?: string;
  localPort?: number;
  synRetransmits?: number;
}

/** What the steps saw, drawn as the packets that must have flowed (no capture: no TTLs). */
export function handshakeFromSteps(report: CheckReport): HandshakeDiagram | undefined {
  const connects = report.steps.filter((s) => s.id === 'connect');
  const last = connects[connects.length - 1];
  const dns = report.steps.find((s) => s.id === 'dns');
  const client = 'client';
  if (!last) {
    if (dns?.outcome !== 'fail') return undefined;
    const m = ['sequenceDiagram', `  participant C as ${client}`, '  participant D as DNS resolver', `  C->>D: where is ${mermaidText(report.target.host)}?`, `  D-->>C: ${mermaidText(dns.reason ?? dns.summary)}`, '  Note over C: no address, so no SYN was sent'];
    return { mermaid: `${m.join('\n')}\n`, caption: 'From the check\'s steps: the name never became an address.' };
  }
  const ev = (last.evidence ?? {}) as ConnectFacts;
  const local = ev.localAddress ? `client ${ev.localAddress}${ev.localPort ? `:${ev.localPort}` : ''}` : client;
  const server = `${ev.address ?? report.target.addressUsed ?? report.target.host}:${ev.port ?? report.target.port}`;
  const out = ['sequenceDiagram', `  participant C as ${mermaidText(local)}`, `  participant S as server ${mermaidText(server)}`];
  const rtt = ev.handshakeMs !== undefined ? ` · ${ms(ev.handshakeMs)}` : '';
  switch (ev.result) {
    case 'connected':
      out.push('  C->>S: [S] SYN', `  S->>C: [S.] SYN-ACK${rtt}`, '  C->>S: [.] ACK');
      break;
    case 'refused':
      out.push('  C->>S: [S] SYN', `  S->>C: [R.] RST${rtt} (ECONNREFUSED)`);
      break;
    case 'reset':
      out.push('  C->>S: [S] SYN', `  S->>C: [R] reset during the handshake${rtt}`);
      break;
    case 'timeout': {
      const n = ev.synRetransmits ?? 0;
      out.push('  C-xS: [S] SYN');
      for (let i = 0; i < Math.min(n, 6); i++) out.push(`  C-xS: [S] SYN again (retransmission ${i + 1})`);
      out.push(`  Note over C,S: ✗ no SYN-ACK, no RST, no ICMP within ${ms(ev.budgetMs ?? ev.handshakeMs ?? 0)}`);
      break;
    }
    case 'unreachable':
    case 'no-route':
      out.push('  C-xS: [S] SYN', `  Note over C,S: ✗ ${mermaidText(`${ev.code ?? 'ICMP unreachable'}: ${last.summary}`)}`);
      break;
    case 'local-firewall':
      out.push(`  Note over C: ✗ ${mermaidText(`this host's firewall dropped the SYN before it left (${ev.code ?? 'EPERM'})`)}`);
      break;
    default:
      out.push(`  Note over C,S: ${mermaidText(last.summary)}`);
  }
  if (ev.result === 'connected') {
    const obs = report.steps.find((s) => s.id === 'observe');
    const o = (obs?.evidence ?? {}) as { result?: string; banner?: string; bytes?: number };
    if (o.result === 'banner') out.push(`  S->>C: [P.] ${mermaidText(`banner: ${o.banner ?? ''}`).slice(0, 80)}`);
    else if (o.result === 'data') out.push(`  S->>C: [P.] ${o.bytes ?? 0} bytes`);
    else if (o.result === 'fin') out.push('  S->>C: [F.] FIN (the server closed)');
    else if (o.result === 'reset') out.push('  S->>C: [R] RST (the connection was reset)');
    else if (o.result === 'quiet') out.push('  Note over C,S: quiet: the server waits for the client to speak');
    const tls = report.steps.find((s) => s.id === 'tls');
    if (tls && tls.outcome !== 'skipped' && tls.outcome !== 'unavailable') {
      out.push('  C->>S: TLS ClientHello');
      out.push(tls.outcome === 'pass' ? '  S->>C: TLS ServerHello, certificate' : `  S-->>C: ✗ ${mermaidText(tls.reason ?? tls.summary).slice(0, 90)}`);
    }
  }
  return { mermaid: `${out.join('\n')}\n`, caption: 'From the check\'s steps (no capture: the arrows are what the socket calls imply; run with --capture for the real packets, TTLs and times).' };
}
