/**
 * Every MAC address seen, with a role worked out from the IP traffic it carried: the client's own
 * card, the target itself (on the same link), or a gateway (it carries the far side's packets
 * with a TTL that has been decremented, or carries several remote hosts, or sends ICMP errors).
 */
import { macText, type DecodedPacket } from './decode.js';
import type { SenderEnd } from './conversations.js';
import { macVendor } from './oui.js';

export type MacRole = 'client' | 'target' | 'gateway' | 'unknown';

export interface MacEntry {
  mac: string;
  vendor: string | null;
  role: MacRole;
}

interface Seen {
  client: number;
  target: number;
  gateway: number;
  /** The IP addresses it carried from (IPv4 as int32, IPv6 as text). */
  sources: Set<number | string>;
}

/** Initial TTLs of common stacks: a packet arriving with one of these crossed no router. */
const INITIAL_TTLS = new Set([32, 64, 128, 255]);
const MAX_MACS = 4096;

export class MacTable {
  private readonly seen = new Map<number, Seen>();

  /** The last two MACs looked up: a capture's frames mostly go back and forth between two. */
  private readonly lastMac = new Float64Array(2);
  private readonly lastSeen: Array<Seen | undefined> = [undefined, undefined];

  private get(mac: number | undefined): Seen | undefined {
    if (!mac) return undefined;
    if (mac === this.lastMac[0]) return this.lastSeen[0];
    if (mac === this.lastMac[1]) return this.lastSeen[1];
    const s = this.lookup(mac);
    this.lastMac[1] = this.lastMac[0];
    this.lastSeen[1] = this.lastSeen[0];
    this.lastMac[0] = mac;
    this.lastSeen[0] = s;
    return s;
  }

  private lookup(mac: number): Seen | undefined {
    let s = this.seen.get(mac);
    if (s) return s;
    // Broadcast and multicast destinations are not machines.
    if (Math.floor(mac / 0x10000000000) & 1) return undefined;
    if (!s && this.seen.size < MAX_MACS) {
      s = { client: 0, target: 0, gateway: 0, sources: new Set() };
      this.seen.set(mac, s);
    }
    return s;
  }

  /** Notes a packet; `sender` is which end of its conversation sent it, when it has one. */
  add(p: DecodedPacket, sender?: SenderEnd): void {
    const src = this.get(p.srcMac);
    const dst = this.get(p.dstMac);
    if (!src && !dst) return;
    if (src && src.sources.size < 8) src.sources.add(p.ipVersion === 4 ? p.srcN : p.src6);
    if (p.icmp?.quoted && src) src.gateway += p.src === p.icmp.quoted.dst ? 0 : 1;
    if (sender === undefined) return;
    if (sender === 'client') {
      if (src) src.client++;
    } else if (sender === 'server') {
      // Linux cooked captures mark our own packets "outgoing": then the sender is us, not them.
      if (src && p.outgoing) src.client++;
      else if (src) {
        if (INITIAL_TTLS.has(p.ttl)) src.target++;
        else src.gateway++;
      }
      if (dst) dst.client++;
    }
  }

  /** Every MAC with its vendor and its most likely role. */
  entries(): MacEntry[] {
    const out: MacEntry[] = [];
    for (const [num, s] of this.seen) {
      const mac = macText(num);
      let role: MacRole = 'unknown';
      if (s.sources.size > 1 && s.gateway + s.target > 0) role = 'gateway';
      else if (s.gateway > 0 && s.gateway >= s.target) role = 'gateway';
      else if (s.target > 0) role = 'target';
      else if (s.client > 0) role = 'client';
      out.push({ mac, vendor: macVendor(mac) ?? null, role });
    }
    return out;
  }
}
