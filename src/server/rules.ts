/**
 * The server checklist's rules: facts in, findings out. Pure and table-tested; `tcpsleuth server`
 * prints them and the two-sided check uses them to say why a SYN that arrived went unanswered.
 */
import { formatHostPort } from '../target.js';
import { selfCommandLine } from '../self-command.js';
import type { Finding } from '../evidence.js';
import { isLoopback } from '../checks/kernel.js';
import { blocks } from './counters.js';
import { rise, type ServerFacts } from './facts.js';

/** Stable ids of the server checklist's findings; scripts match on them. */
export type ServerFindingId =
  | 'not-listening'
  | 'listening-localhost-only'
  | 'listening-other-address'
  | 'accept-queue-full'
  | 'syn-flood-suspected'
  | 'syncookies-active'
  | 'close-wait-leak'
  | 'local-firewall-drops'
  | 'time-wait-many';

export interface ServerFinding extends Finding {
  id: ServerFindingId;
  /** `problem`: something is wrong (exit 1); `note`: worth knowing, not wrong by itself. */
  severity: 'problem' | 'note';
  /** local-firewall-drops: the rule (or policy) that blocks, as the firewall tool writes it. */
  rule?: string;
}

/** This many CLOSE_WAIT sockets on one port is a leak, not a moment between FIN and close(). */
export const CLOSE_WAIT_LEAK = 5;
/** Half-open handshakes on one port that look like a flood rather than a slow client. */
const SYN_FLOOD = 64;
/** TIME_WAIT on the port (or the host) worth a word: on the host, against the ephemeral range. */
const TIME_WAIT_MANY = 1000;

const WILDCARDS = new Set(['0.0.0.0', '::', '*']);

/** Everything the checklist finds wrong (or worth knowing) about the port, most basic first. */
export function serverFindings(f: ServerFacts): ServerFinding[] {
  const out: ServerFinding[] = [];
  const add = (id: ServerFindingId, text: string, severity: ServerFinding['severity'] = 'problem', rule?: string) => out.push({ id, text, severity, ...(rule ? { rule } : {}) });
  const who = (l: { process?: string; pid?: number }) => (l.process ? ` (${l.process}${l.pid ? `, pid ${l.pid}` : ''})` : '');

  if (!f.listeners.length) {
    add('not-listening', `Nothing listens on port ${f.port} here: clients get "refused" (RST). Start the service, or find the port it really uses (${selfCommandLine(['sockets', '--listening'])}).`);
  } else if (f.listeners.every((l) => isLoopback(l.address))) {
    const where = f.listeners.map((l) => formatHostPort(l.address, l.port) + who(l)).join(', ');
    add('listening-localhost-only', `Port ${f.port} listens on ${where} only: this host can connect, every other host is refused. Bind it to 0.0.0.0 or :: (or the address clients use).`);
  } else if (!f.listeners.some((l) => WILDCARDS.has(l.address))) {
    const where = f.listeners.map((l) => formatHostPort(l.address, l.port) + who(l)).join(', ');
    add('listening-other-address', `Port ${f.port} listens on ${where} only, not on every address: clients that reach this host through another address are refused.`, 'note');
  }

  const overflows = rise(f, 'ListenOverflows');
  const drops = rise(f, 'ListenDrops');
  // ListenOverflows counts for every port of the host: it blames this port only when this
  // port's queue holds connections and its backlog is unknown (read from /proc alone).
  const full = f.listeners.filter((l) => l.full || (l.backlog === undefined && (l.queued ?? 0) > 0 && overflows > 0));
  if (full.length) {
    const l = full[0];
    const now = `${formatHostPort(l.address, l.port)}${who(l)} has ${l.queued} connections waiting for accept()${l.backlog !== undefined ? ` against a backlog of ${l.backlog}` : ''}`;
    const rising = overflows || drops ? `; ListenOverflows rose by ${overflows} and ListenDrops by ${drops} in ${f.counters!.intervalMs} ms (host-wide counters)` : '';
    add('accept-queue-full', `${now}${rising}. The kernel silently drops new SYNs, which looks like a firewall from outside: the application is not calling accept() fast enough (stuck, or too few workers).`);
  }

  const synRecv = (f.states.SYN_RECV ?? 0) + (f.states.NEW_SYN_RECV ?? 0);
  const cookies = rise(f, 'SyncookiesSent') + rise(f, 'TCPReqQFullDoCookies');
  if (synRecv >= SYN_FLOOD) {
    add('syn-flood-suspected', `${synRecv} half-open handshakes (SYN_RECV) on port ${f.port}: SYNs arrive and the clients' final ACKs do not. A SYN flood (spoofed sources), or an asymmetric route or firewall eating the ACKs.`);
  }
  if (cookies > 0 && f.syncookies === 2) {
    add('syncookies-active', `The kernel sent ${cookies} SYN cookies in ${f.counters!.intervalMs} ms because tcp_syncookies=2 sends them for every SYN, not only when the SYN queue overflows: connections lose TCP options like window scaling. Set it to 1 unless a flood is going on.`, 'note');
  } else if (cookies > 0) {
    add('syncookies-active', `The kernel sent ${cookies} SYN cookies in ${f.counters!.intervalMs} ms (tcp_syncookies=${f.syncookies ?? '?'}): the SYN queue is overflowing. Connections still open, but without TCP options like window scaling; find out who sends the SYNs.`);
  }

  const closeWait = f.states.CLOSE_WAIT ?? 0;
  if (closeWait >= CLOSE_WAIT_LEAK) {
    const holder = f.closeWaitProcesses.length ? f.closeWaitProcesses.join(', ') : f.listeners.find((l) => l.process) ? `${f.listeners.find((l) => l.process)!.process} (the listener's process)` : 'the application on this port';
    add('close-wait-leak', `${closeWait} CLOSE_WAIT sockets on port ${f.port}: the clients closed, but ${holder} never called close(). A socket leak: each one holds a file descriptor until the process runs out.`);
  }

  const blocking = f.firewall.rules.filter((r) => blocks(r) && !r.policy);
  for (const r of blocking) {
    const now = r.delta > 0 ? `, ${r.delta} of them while we watched` : r.packets > 0 ? ', none while we watched' : '';
    add('local-firewall-drops', `This host's own firewall blocks port ${f.port} on the way in: ${r.tool} rule "${r.text}" has counted ${r.packets} packets${now}. Clients see "filtered" (DROP) or "refused" (REJECT); the service never sees the SYN.`, 'problem', r.text);
    break;
  }
  const policy = f.firewall.rules.find((r) => r.policy && blocks(r));
  const accepted = f.firewall.rules.some((r) => !r.policy && /^accept$/i.test(r.action) && new RegExp(`\\b${f.port}\\b`).test(r.text));
  if (!blocking.length && policy && !accepted) {
    add('local-firewall-drops', `This host's ${policy.tool} INPUT policy is ${policy.action.toUpperCase()} and no rule accepts port ${f.port}: its SYNs are dropped before the service sees them. Add an ACCEPT rule for the port.`, 'problem', `${policy.tool} INPUT policy ${policy.action.toUpperCase()}`);
  }

  const timeWait = f.states.TIME_WAIT ?? 0;
  const hostTw = f.timeWaitHost ?? 0;
  if (timeWait >= TIME_WAIT_MANY || (f.ephemeral && hostTw >= f.ephemeral.size / 2)) {
    const range = f.ephemeral ? ` (${hostTw} on the host, against ${f.ephemeral.size} ephemeral ports ${f.ephemeral.low}-${f.ephemeral.high})` : '';
    add('time-wait-many', `${timeWait} TIME_WAIT sockets on port ${f.port}${range}: this side closes many short connections. Normal in itself; a problem when outgoing connections run out of ephemeral ports. Reuse connections (keep-alive, pooling).`, f.ephemeral && hostTw >= f.ephemeral.size / 2 ? 'problem' : 'note');
  }
  return out;
}

/** 0 when nothing is wrong (notes alone are fine), 1 otherwise. */
export function serverExitCode(findings: ServerFinding[]): number {
  return findings.some((x) => x.severity === 'problem') ? 1 : 0;
}
