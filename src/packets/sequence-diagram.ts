/**
 * A terminal sequence diagram of one conversation: client and server columns, one arrow per
 * packet with tcpdump's flag notation and the time since the first packet, and at the end what
 * never arrived (the SYN-ACK of a filtered port, the answer to an ECN SYN...).
 */
import type { ConversationEvent, ConversationSummary } from './conversations.js';

const WIDTH = 44;

function arrow(label: string, toServer: boolean): string {
  const inner = ` ${label} `;
  const dashes = Math.max(2, WIDTH - 2 - inner.length);
  const left = Math.floor(dashes / 2);
  const right = dashes - left;
  return toServer ? `${'─'.repeat(left)}${inner}${'─'.repeat(right)}▶` : `◀${'─'.repeat(left)}${inner}${'─'.repeat(right)}`;
}

/** Seconds with microseconds, like tcpdump: loopback and LAN answers come in well under 1 ms. */
function time(ms: number): string {
  return `${(ms / 1000).toFixed(6)} s`.padStart(12);
}

/** What the conversation was waiting for and never saw, in plain words. */
export function neverArrived(c: ConversationSummary): string[] {
  const out: string[] = [];
  const syns = c.synRetransmits.length + 1;
  if (c.outcome === 'filtered') out.push(`no SYN-ACK: ${syns} SYN${syns > 1 ? 's' : ''} went out and nothing came back (something dropped the SYN or the SYN-ACK)`);
  if (c.ecn.state === 'blackhole') out.push('the SYN asking for ECN ([SEW]) got no answer; only the plain SYN retry did (an ECN blackhole)');
  if (c.outcome === 'unreachable' && c.icmp) out.push(`no SYN-ACK: ${c.icmp.role === 'router' ? `the router ${c.icmp.from}` : 'the target'} answered with ICMP ${c.icmp.meaning}`);
  if (c.outcome === 'reset' && c.rst?.duringTls) out.push('no TLS ServerHello: the server reset the connection after the ClientHello');
  if (c.outcome === 'open' && c.handshakeSeen && c.bytes.server === 0 && c.bytes.client > 0) out.push('no data from the server');
  return out;
}

/** Renders the diagram as lines of text (no colour). */
export function sequenceDiagram(c: ConversationSummary, events: ConversationEvent[]): string {
  const pad = ' '.repeat(14);
  const lines: string[] = [];
  lines.push(`conversation ${c.index}: ${c.client} → ${c.server}   ${c.outcome}`);
  lines.push('');
  lines.push(`${pad}${'client'.padEnd(WIDTH + 2)}server`);
  lines.push(`${pad}${c.client.padEnd(WIDTH + 2)}${c.server}`);
  for (const e of events) {
    if (e.dir === 'icmp') {
      lines.push(`${time(e.atMs)}  │◀${'╌'.repeat(6)} ${e.label} from ${e.from}${e.from === c.serverAddr ? ' (the target)' : ' (a router)'}`);
    } else {
      lines.push(`${time(e.atMs)}  │${arrow(e.label, e.dir === 'to-server')}│`);
    }
  }
  if (events.length >= 400) lines.push(`${pad}… (only the first 400 packets are drawn)`);
  const missing = neverArrived(c);
  if (missing.length) {
    lines.push('');
    for (const m of missing) lines.push(`${pad}✗ ${m}`);
  }
  return `${lines.join('\n')}\n`;
}
