/**
 * An open verdict with a finding that implicates the path: the port answers, but not on every
 * address of the name, or not after the connection sat idle. The story's title, whom to ask and
 * the deeper "why" then say so, instead of "the network path is fine". Pure.
 */
import { formatMs } from '../duration.js';
import type { Finding, FindingId, StoryAddress } from '../evidence.js';
import type { Seen } from './story-seen.js';
import { idleTimeoutIn } from './hold.js';

export interface OpenBut {
  /** The finding that decides these words. */
  finding: FindingId;
  title: string;
  cause: string;
  why: string;
  who: string;
  text: string;
}

/** The words for an open verdict whose findings say part of the path fails; undefined when none does. */
export function openBut(findings: readonly Finding[], s: Seen, addresses: readonly StoryAddress[]): OpenBut | undefined {
  const idle = idleTimeoutIn(findings);
  if (idle) {
    const after = idle.idleTimeoutMs !== undefined ? `after about ${formatMs(idle.idleTimeoutMs)}` : 'after a while';
    if (idle.by === 'closed') {
      // The server's FIN: its own idle timeout, not the path's.
      return {
        finding: 'idle-timeout',
        title: 'Open, but the server closes idle connections',
        cause: `New connections to ${s.hp} open, but the server closes one left idle ${after} of silence: its FIN arrives (the server's choice, not the network's).`,
        why: "New connections work, so the port and the path are fine. The server (or the application behind it) has its own idle timeout and closes a connection that says nothing for longer; a client that reuses such a connection later finds it closed. Keeping connections busier than the timeout, or a longer timeout on the server, avoids it.",
        who: "the server's administrator or the application's owner",
        text: `Ask the server's administrator or the application's owner: "${s.hp} closes idle TCP connections from ${s.from} ${after} of silence (${s.when}): which idle or wait timeout is that, and can it be raised?"`,
      };
    }
    const then = idle.by === 'reset' ? 'is answered with an RST' : 'goes unanswered';
    return {
      finding: 'idle-timeout',
      title: 'Open, but idle connections are dropped on the way',
      cause: `New connections to ${s.hp} open, but one left idle is forgotten on the way ${after} of silence: its next packet ${then}.`,
      why: 'New connections work, so the port and the path are fine for them. A stateful middlebox (firewall, NAT, load balancer) keeps a table entry per connection and forgets one that stays idle longer than its timeout; the next packet of that connection is then dropped or answered with RST. Keepalive below the timeout, or a longer timeout, keeps it alive.',
      who: 'the network/firewall team',
      text: `Ask the network/firewall team: "idle TCP connections from ${s.from} to ${s.hp} are dropped ${after} of silence (${s.when}): which firewall, NAT or load balancer on the path has that idle timeout, and can it be raised for this service?"`,
    };
  }
  if (findings.some((f) => f.id === 'addresses-disagree')) {
    const failing = addresses.filter((a) => a.verdict !== 'open');
    const list = failing.map((a) => `${a.address} ${a.verdict}`).join(', ');
    return {
      finding: 'addresses-disagree',
      title: 'Open on one address, failing on another',
      cause: `${s.hp} opens on ${s.address}, but ${list || 'another address of the name'} does not: a client that tries ${failing.length === 1 ? 'that address' : 'those addresses'} first fails.`,
      why: 'A name can resolve to several addresses, and each is its own path to its own server. A client that tries the failing address first (no fallback, IPv6 first, or DNS round-robin) fails while another, or this check, connects.',
      who: 'the service owner (and the DNS owner)',
      text: `Ask the service owner (and whoever runs DNS for ${s.host}): "${s.host} resolves to addresses that do not all answer on port ${s.port}${list ? ` (${list})` : ''}, ${s.when}: bring the service up there, or take the address out of DNS."`,
    };
  }
  return undefined;
}
