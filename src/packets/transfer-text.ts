/**
 * A transfer finding in words: one sentence that lays out the finding's own evidence (who, how
 * many, how long, which packets). The plain output and the reports print these; none of them
 * adds a fact the finding does not hold.
 */
import { formatKernelMs } from '../kernel-timing.js';
import type { Side, TransferFinding } from './transfer-findings.js';

const other = (s: Side): Side => (s === 'client' ? 'server' : 'client');
const msText = (ms: number) => (ms < 1000 ? `${Math.round(ms * 10) / 10} ms` : `${(ms / 1000).toFixed(1)} s`);
const times = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** `1.9 MiB`, `256 KiB`, `12 B`. */
export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${Math.round(n / 1024)} KiB`;
  return `${n} B`;
}

/** What the finding means, from its evidence. */
export function transferFindingText(f: TransferFinding): string {
  switch (f.id) {
    case 'retransmissions':
      return (
        `the ${f.sender} resent ${times(f.retransmitted, 'segment')} (${pct(f.share)} of its bytes): ` +
        `${f.rto} after a timeout, ${f.fast} without waiting for one (the ${other(f.sender)} sent ${times(f.dupAcks, 'duplicate ACK')}); ` +
        'the network lost them, and each loss slowed the sender down'
      );
    case 'zero-window':
      return (
        `the ${f.reader} closed its receive window (advertised 0) ${f.stalls === 1 ? 'once' : `${f.stalls} times`} and kept it shut for ${msText(f.stalledMs)}` +
        `${f.stillClosed ? ', still shut at the end' : ''}: its application stopped reading; the network was not the bottleneck`
      );
    case 'receiver-limited':
      return (
        `the ${other(f.reader)} filled the ${f.reader}'s whole receive window ${times(f.windowFull, 'time')}` +
        `${f.largestWindow ? ` (the largest it offered: ${formatBytes(f.largestWindow)})` : ''}: the ${f.reader}'s buffer, not the network, set the pace`
      );
    case 'nagle-delayed-ack':
      return (
        `${times(f.stalls, 'request')} waited about ${msText(f.delayMs / f.stalls)} each (${msText(f.delayMs)} in all): the ${f.writer} wrote in two small pieces, ` +
        `Nagle held the second until the ${other(f.writer)}'s delayed ACK (one write per request, or TCP_NODELAY, removes it)`
      );
    case 'idle-then-reset':
      return (
        `after ${msText(f.idleMs)} of silence the connection was reset by the ${f.resetBy}` +
        `${f.ttlMismatch ? ' with another TTL than the SYN-ACK (a firewall on the way, most likely, that forgot the idle connection)' : ''}: ` +
        'something forgot the idle connection; keepalives shorter than its idle timeout keep it alive'
      );
    case 'rto-timeout':
      return (
        `the ${f.sender}'s data was never acknowledged${f.idleBeforeMs !== undefined ? ` (sent after ${msText(f.idleBeforeMs)} of silence)` : ''}: ` +
        `it retransmitted ${times(f.retransmissions, 'time')} with growing gaps over ${msText(f.waitedMs)}, then ` +
        `${f.endedBy === 'reset' ? 'the connection was reset' : f.endedBy === 'fin' ? 'the connection was closed' : 'the capture ends'}; ` +
        `Linux retries for ${formatKernelMs(f.giveUpMs)} before it gives up (tcp_retries2=${f.retries2} on this machine)`
      );
  }
}

/** The packets that show it, as a short reference: `packet 38 at 8.6 ms` / `packets 7, 8, 9 at 97.4 ms`. */
export function transferFindingWhere(f: TransferFinding): string {
  const list = f.packets.filter((n) => n > 0);
  if (!list.length) return `at ${msText(f.atMs)}`;
  return `${list.length === 1 ? 'packet' : 'packets'} ${list.join(', ')} at ${msText(f.atMs)}`;
}
