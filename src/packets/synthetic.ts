/**
 * Synthetic conversations, packet by packet, as a real Linux client would see them: for the
 * committed fixtures of link types we cannot capture here, the fuzzer's seeds and the benchmark.
 */
import { TCP_FLAGS as F } from './decode.js';
import { frame, icmpErrorPacket, tcpPacket, type TcpSpec } from './frame-builder.js';

export interface SyntheticPacket {
  /** Microseconds after the conversation starts. */
  atUs: number;
  /** An IP packet (no link layer yet). */
  ip: Buffer;
  /** Sent by the client (true), or received (false). */
  fromClient: boolean;
}

export type Scenario =
  | 'open'
  | 'refused'
  | 'filtered'
  | 'reset-during-tls'
  | 'unreachable-router'
  | 'closed'
  | 'ecn-negotiated'
  | 'ecn-not-negotiated'
  | 'ecn-blackhole'
  | 'retransmits';

export interface Endpoints {
  client: string;
  server: string;
  clientPort: number;
  serverPort: number;
  /** An address on the way (the router that sends ICMP errors). */
  router?: string;
  /** TTL the server's packets arrive with (63: one router on the way). */
  serverTtl?: number;
  /** TTL of a RST injected by a middlebox (differs from the server's). */
  middleboxTtl?: number;
}

const CLIENT_HELLO = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x2c, 0x01, 0x00, 0x00, 0x28, 0x03, 0x03, ...Array(32).fill(7)]);

/** The packets of one conversation following `scenario`. */
export function scenarioPackets(scenario: Scenario, e: Endpoints): SyntheticPacket[] {
  const out: SyntheticPacket[] = [];
  const ttl = e.serverTtl ?? 63;
  const isnC = (e.clientPort * 7919 + 1) >>> 0;
  const isnS = (e.serverPort * 104729 + e.clientPort) >>> 0;
  const c = (atUs: number, flags: number, extra: Partial<TcpSpec> = {}) =>
    out.push({ atUs, fromClient: true, ip: tcpPacket({ src: e.client, dst: e.server, srcPort: e.clientPort, dstPort: e.serverPort, flags, ...extra }) });
  const s = (atUs: number, flags: number, extra: Partial<TcpSpec> = {}) =>
    out.push({ atUs, fromClient: false, ip: tcpPacket({ src: e.server, dst: e.client, srcPort: e.serverPort, dstPort: e.clientPort, flags, ttl, ...extra }) });
  const handshake = (ecnSyn = false, ecnAck = false) => {
    c(0, F.SYN | (ecnSyn ? F.ECE | F.CWR : 0), { seq: isnC });
    s(800, F.SYN | F.ACK | (ecnAck ? F.ECE : 0), { seq: isnS, ack: isnC + 1 });
    c(850, F.ACK, { seq: isnC + 1, ack: isnS + 1 });
  };
  switch (scenario) {
    case 'open':
    case 'ecn-negotiated':
    case 'ecn-not-negotiated': {
      const ecn = scenario === 'ecn-negotiated';
      handshake(scenario !== 'open', ecn);
      c(1000, F.PSH | F.ACK, { seq: isnC + 1, ack: isnS + 1, payload: 100, ecn: ecn ? 2 : 0 });
      s(1800, F.PSH | F.ACK, { seq: isnS + 1, ack: isnC + 101, payload: 300, ecn: ecn ? 3 : 0 });
      c(1900, F.ACK | (ecn ? F.ECE : 0), { seq: isnC + 101, ack: isnS + 301 });
      c(2000, F.FIN | F.ACK, { seq: isnC + 101, ack: isnS + 301 });
      s(2800, F.FIN | F.ACK, { seq: isnS + 301, ack: isnC + 102 });
      c(2850, F.ACK, { seq: isnC + 102, ack: isnS + 302 });
      break;
    }
    case 'refused':
      c(0, F.SYN, { seq: isnC });
      s(60, F.RST | F.ACK, { ack: isnC + 1, ttl: e.serverTtl ?? 64 });
      break;
    case 'filtered':
      for (const t of [0, 1_000_000, 3_000_000, 7_000_000]) c(t + 37, F.SYN, { seq: isnC });
      break;
    case 'ecn-blackhole':
      c(0, F.SYN | F.ECE | F.CWR, { seq: isnC });
      c(1_020_000, F.SYN, { seq: isnC });
      s(1_020_800, F.SYN | F.ACK, { seq: isnS, ack: isnC + 1 });
      c(1_020_850, F.ACK, { seq: isnC + 1, ack: isnS + 1 });
      break;
    case 'reset-during-tls':
      handshake();
      c(1000, F.PSH | F.ACK, { seq: isnC + 1, ack: isnS + 1, payload: CLIENT_HELLO });
      s(1600, F.ACK, { seq: isnS + 1, ack: isnC + 1 + CLIENT_HELLO.length });
      s(2_501_000, F.RST | F.ACK, { seq: isnS + 1, ack: isnC + 1 + CLIENT_HELLO.length, ttl: e.middleboxTtl ?? 255 });
      break;
    case 'unreachable-router': {
      c(0, F.SYN, { seq: isnC });
      const syn = out[0].ip;
      out.push({ atUs: 400, fromClient: false, ip: icmpErrorPacket(e.router ?? e.server, e.client, e.client.includes(':') ? 1 : 3, e.client.includes(':') ? 1 : 13, syn) });
      break;
    }
    case 'closed':
      handshake();
      s(1200, F.FIN | F.ACK, { seq: isnS + 1, ack: isnC + 1 });
      c(1300, F.FIN | F.ACK, { seq: isnC + 1, ack: isnS + 2 });
      s(1400, F.ACK, { seq: isnS + 2, ack: isnC + 2 });
      break;
    case 'retransmits':
      handshake();
      for (let i = 0; i < 3; i++) c(1000 + i * 200_000 * 2 ** i, F.PSH | F.ACK, { seq: isnC + 1, ack: isnS + 1, payload: 1200 });
      s(2_000_000, F.ACK, { seq: isnS + 1, ack: isnC + 1201 });
      c(2_000_100, F.FIN | F.ACK, { seq: isnC + 1201, ack: isnS + 1 });
      s(2_000_900, F.RST, { seq: isnS + 1 });
      break;
  }
  return out;
}

/** The benchmark's mix: mostly open, with every fault in proportion. */
export const BENCH_MIX: readonly Scenario[] = ['open', 'open', 'open', 'retransmits', 'reset-during-tls', 'refused', 'filtered', 'ecn-negotiated', 'ecn-blackhole', 'closed', 'unreachable-router', 'open'];

/**
 * Ethernet frames of `count` packets of overlapping conversations (one starts every `spacingUs`,
 * cycling through `mix`), handed to `onFrame` in capture order, timestamps in µs. Many hosts
 * and ports, one gateway MAC (F5's OUI), as a client behind a load balancer would capture.
 */
export function syntheticTraffic(
  count: number,
  onFrame: (tsUs: number, frame: Buffer) => void,
  opts: { spacingUs?: number; mix?: readonly Scenario[]; startUs?: number } = {},
): void {
  const mix = opts.mix ?? BENCH_MIX;
  const spacing = opts.spacingUs ?? 300;
  const up = { linkType: 1, srcMac: '00:14:22:0a:0b:0c', dstMac: '00:01:d7:aa:bb:cc' };
  const down = { linkType: 1, srcMac: '00:01:d7:aa:bb:cc', dstMac: '00:14:22:0a:0b:0c' };
  let n = 0;
  let t = opts.startUs ?? Date.UTC(2026, 10, 21, 9) * 1000;
  for (let i = 0; n < count; i++) {
    const e = {
      client: `198.18.${(i >> 8) & 0xff}.${(i & 0xff) || 1}`,
      server: `198.19.0.${2 + (i % 50)}`,
      router: '198.18.0.1',
      clientPort: 32768 + (i % 28000),
      serverPort: [443, 5432, 8080, 22][i % 4],
    };
    for (const p of scenarioPackets(mix[i % mix.length], e)) {
      if (n >= count) break;
      onFrame(t + p.atUs, frame(p.ip, p.fromClient ? up : down));
      n++;
    }
    t += spacing;
  }
}
