/**
 * `watch` in plain lines: one line per attempt as it finishes, and the summary at the end. Lays
 * out the summary (summary.ts) and nothing else: every number and sentence comes from there.
 */
import { formatMs } from '../duration.js';
import type { Paint, Token } from '../output/colors.js';
import { selfCommandLine } from '../self-command.js';
import { termLine } from '../sinks/terminal.js';
import { formatHostPort } from '../target.js';
import { VERDICT_SEVERITY } from '../verdict-tone.js';
import type { Verdict } from '../evidence.js';
import { formatShare } from '../series/stats.js';
import { sparkline } from './sparkline.js';
import type { Attempt, Quantiles, VerdictCounts, WatchSummary } from '../series/types.js';

const TOKEN: Record<'ok' | 'warn' | 'fail', Token> = { ok: 'ok', warn: 'warn', fail: 'bad' };

/** A verdict in its colour. */
export const paintVerdict = (v: Verdict, paint: Paint, text: string = v): string => paint(TOKEN[VERDICT_SEVERITY[v]], text);

/** `SYN sent twice (1 retransmission)`, or '' for none. */
export function retransmitNote(n: number): string {
  if (!n) return '';
  return `SYN sent ${n + 1} times (${n} retransmission${n === 1 ? '' : 's'})`;
}

/** `#12  198.19.0.2  open  1.00 s  SYN sent 2 times (1 retransmission)`. */
export function attemptLine(a: Attempt, paint: Paint, addressWidth = 15): string {
  const time = a.verdict === 'open' ? formatMs(a.handshakeMs) : `after ${formatMs(a.handshakeMs)}`;
  const code = a.verdict !== 'open' && a.code ? ` (${a.code})` : '';
  const note = retransmitNote(a.synRetransmits);
  return `#${String(a.seq).padEnd(5)} ${a.address.padEnd(addressWidth)} ${paintVerdict(a.verdict, paint, a.verdict.padEnd(11))} ${`${time}${code}`.padEnd(22)} ${note ? paint(a.verdict === 'open' ? 'warn' : 'muted', note) : ''}`.trimEnd();
}

/** `open 22, filtered 2`. */
export function countsText(counts: VerdictCounts, paint: Paint): string {
  return (Object.entries(counts) as Array<[Verdict, number]>)
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => paintVerdict(v, paint, `${v} ${n}`))
    .join(', ');
}

/** `p50 0.3 ms · p90 1.00 s · p99 1.02 s · max 1.02 s`. */
export function quantilesText(q: Quantiles | null): string {
  if (!q) return 'no handshake completed';
  return `p50 ${formatMs(q.p50)} · p90 ${formatMs(q.p90)} · p99 ${formatMs(q.p99)} · max ${formatMs(q.max)}`;
}

/** The header: `watch db:5432 (10.0.0.1, 10.0.0.2), 24 attempts in 4.8 s at 5/s`. */
export function headerText(s: Pick<WatchSummary, 'target' | 'attempts' | 'durationMs' | 'ratePerSecond' | 'interrupted'>): string {
  const { host, port, addresses } = s.target;
  const where = formatHostPort(termLine(host, 200), port);
  const list = addresses.length > 1 || addresses[0] !== host ? ` (${addresses.join(', ')})` : '';
  return `watch ${where}${list}: ${s.attempts} attempt${s.attempts === 1 ? '' : 's'} in ${formatMs(s.durationMs)} at ${s.ratePerSecond}/s${s.interrupted ? ', stopped by Ctrl-C' : ''}`;
}

/** The share of completed handshakes that needed a SYN retransmission, and the SYN loss behind it. */
export function retransmitText(s: Pick<WatchSummary, 'retransmitShare' | 'synLossShare' | 'handshakes' | 'retransmitted'>): string {
  if (s.retransmitShare === null) return 'no handshake completed';
  const loss = s.synLossShare ? `; about ${formatShare(s.synLossShare)} of SYNs lost` : '';
  return `${formatShare(s.retransmitShare)} of handshakes (${s.retransmitted} of ${s.handshakes})${loss}`;
}

/** The summary block, as plain lines (with the attempts' sparkline when they are given). */
export function summaryLines(s: WatchSummary, paint: Paint, opts: { attempts?: readonly Attempt[]; lessonCommand?: (id: string) => string } = {}): string[] {
  const lessonCommand = opts.lessonCommand ?? ((id: string) => selfCommandLine(['learn', id]));
  const failed = s.attempts - (s.byVerdict.open ?? 0);
  const width = Math.max(15, ...s.byAddress.map((r) => r.address.length));
  const lines = [
    paint('strong', headerText(s)),
    `  verdicts        ${countsText(s.byVerdict, paint) || 'none'}${failed ? ` (${formatShare(failed / Math.max(1, s.attempts))} failed)` : ''}`,
    // connect()'s clock: a SYN resent after 1 s shows; a loopback round trip (µs) does not.
    `  connect() took  ${quantilesText(s.handshakeMs)}`,
    ...(opts.attempts?.length ? [`                  ${sparkline(opts.attempts, 60)}`] : []),
    `  SYN retransmit  ${retransmitText(s)}`,
  ];
  if (s.byAddress.length > 1) {
    for (const r of s.byAddress) {
      const retr = r.retransmitShare === null ? '' : `, SYN retransmitted ${formatShare(r.retransmitShare)}`;
      lines.push(`  ${r.address.padEnd(width)} ${r.attempts} attempts: ${countsText(r.byVerdict, paint)}${retr}${r.handshakeMs ? `, p50 ${formatMs(r.handshakeMs.p50)}` : ''}`);
    }
  }
  if (!s.details.length) {
    lines.push(s.attempts && !failed ? paint('ok', 'no finding: every attempt was open') : 'no finding');
  }
  for (const d of s.details) lines.push('', `${paint('warn', d.id)}: ${d.text}`);
  for (const lesson of s.lessons) lines.push(`  lesson: ${lessonCommand(lesson)}`);
  return lines;
}
