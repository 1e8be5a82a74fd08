/**
 * Every ICMP error any step saw, as one body of evidence: ping's error lines, traceroute's `!N`
 * `!H` `!X` hops, the ICMP a capture recorded, and the connect step's own errno. Pure.
 *
 * Routers rate-limit the ICMP errors they send (Linux: one token per net.ipv4.icmp_ratelimit ms,
 * and a "no route" error also pays net.ipv4.route.error_cost from the same per-host bucket), so
 * one probe can get the error and the next one silence. Silence after an error from the same path
 * is not a firewall: it is the router saving its breath.
 */
import type { StepEvidence, StepId } from '../evidence.js';
import type { ConnectEvidence } from '../checks/connect.js';
import type { PingEvidence } from '../checks/ping.js';
import type { TracerouteEvidence } from '../checks/traceroute.js';

export type IcmpKind = 'net' | 'host' | 'admin' | 'port' | 'other';

/** One ICMP error some step saw, about one target address. */
export interface IcmpSighting {
  step: StepId;
  /** Who sent the error. */
  from: string;
  /** The address the probe was for. */
  about: string;
  /** The tool's words, e.g. "Destination Net Unreachable". */
  text: string;
  kind: IcmpKind;
}

/** What an ICMP error's words say it is. */
function icmpKind(text: string): IcmpKind {
  if (/prohibit|filtered|admin|!X|!A|!C/i.test(text)) return 'admin';
  if (/port|!P/i.test(text)) return 'port';
  if (/net|no route|!N|beyond scope/i.test(text)) return 'net';
  if (/host|address unreachable|!H/i.test(text)) return 'host';
  return 'other';
}

/** Every ICMP error in the steps, in step order. */
function icmpSightings(steps: readonly StepEvidence[]): IcmpSighting[] {
  const out: IcmpSighting[] = [];
  for (const s of steps) {
    if (s.id === 'ping') {
      const e = s.evidence as PingEvidence | undefined;
      for (const l of e?.stats?.errorLines ?? []) {
        if (l.from && e) out.push({ step: 'ping', from: l.from, about: e.address, text: l.text, kind: icmpKind(l.text) });
      }
    } else if (s.id === 'traceroute') {
      const e = s.evidence as TracerouteEvidence | undefined;
      for (const h of e?.hops ?? []) {
        if (h.annotation && h.address && e) out.push({ step: 'traceroute', from: h.address, about: e.address, text: `${h.annotation} (hop ${h.ttl})`, kind: icmpKind(h.annotation) });
      }
    } else if (s.id === 'capture') {
      const convs = (s.evidence as { conversations?: Array<{ serverAddr?: string; icmp?: { from: string; meaning: string } }> } | undefined)?.conversations ?? [];
      for (const c of convs) {
        if (c.icmp && c.serverAddr) out.push({ step: 'capture', from: c.icmp.from, about: c.serverAddr, text: c.icmp.meaning, kind: icmpKind(c.icmp.meaning) });
      }
    }
  }
  return out;
}

/** ICMP errors about `address` sent by someone else (a router on the way), first seen first. */
export function routerErrors(steps: readonly StepEvidence[], address: string): IcmpSighting[] {
  // Our own kernel reports a failed ARP as "From <our address> ... Host Unreachable": not a router.
  const own = ownAddresses(steps);
  return icmpSightings(steps).filter((i) => i.about === address && i.from !== address && !own.has(i.from));
}

/** This host's addresses as the connect steps saw them (the socket's local end). */
function ownAddresses(steps: readonly StepEvidence[]): Set<string> {
  const own = new Set<string>();
  for (const s of steps) {
    if (s.id !== 'connect') continue;
    const c = s.evidence as ConnectEvidence | undefined;
    if (c?.localAddress) own.add(c.localAddress);
    const local = c?.kernel?.local;
    if (local) own.add(local.replace(/^\[(.*)\]:\d+$/, '$1').replace(/^([^:]*):\d+$/, '$1'));
  }
  return own;
}

/** A probe's fate, in the order probes were sent. */
type Fate = { what: 'error' | 'silence'; label: string };

/** Connect results that an ICMP error causes (ENETUNREACH, EHOSTUNREACH). */
const ICMP_RESULTS = new Set(['unreachable', 'no-route']);

function fates(steps: readonly StepEvidence[], address: string): Fate[] {
  const out: Fate[] = [];
  for (const s of steps) {
    if (s.id === 'connect') {
      const c = s.evidence as ConnectEvidence | undefined;
      if (c?.address !== address) continue;
      if (c.result === 'timeout') out.push({ what: 'silence', label: `the SYN${(c.synRetransmits ?? 0) > 0 ? ` (sent ${c.synRetransmits! + 1} times)` : ''}` });
      else if (ICMP_RESULTS.has(c.result)) out.push({ what: 'error', label: `the SYN (${c.code ?? c.result})` });
    } else if (s.id === 'ping') {
      const e = s.evidence as PingEvidence | undefined;
      const st = e?.stats;
      // Replies mean the path works: a missing one is ordinary loss, not a rate limit.
      if (!st || e.address !== address || st.received > 0 || !st.errorLines.length) continue;
      const bySeq = new Map(st.errorLines.filter((l) => l.seq !== undefined).map((l) => [l.seq!, l]));
      if (!bySeq.size) continue;
      for (let seq = 1; seq <= st.sent; seq++) out.push({ what: bySeq.has(seq) ? 'error' : 'silence', label: `ping probe ${seq}` });
    }
  }
  return out;
}

/**
 * When a later probe to `address` got silence where an earlier one got an ICMP error: the sentence
 * that says which, or undefined.
 */
export function rateLimitSign(steps: readonly StepEvidence[], address: string): string | undefined {
  const list = fates(steps, address);
  const first = list.findIndex((f) => f.what === 'error');
  if (first < 0) return undefined;
  const silent = list.slice(first + 1).filter((f) => f.what === 'silence');
  if (!silent.length) return undefined;
  return `${list[first].label} got an ICMP error, then ${silent.map((f) => f.label).join(', ')} got nothing`;
}
