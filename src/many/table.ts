/**
 * Rows of the many-targets table, from each check's story: target, addresses (each marked with its
 * own outcome when it differs), verdict, time, main finding. Pure text: the live table in a
 * terminal and the plain lines in a pipe both print these.
 */
import { formatElapsed } from '../duration.js';
import type { CheckReport, Target, Verdict } from '../evidence.js';
import type { Paint } from '../output/colors.js';
import { verdictToken } from '../output/plain.js';
import { formatHostPort } from '../target.js';

export interface ManyRow {
  target: Target;
  state: 'waiting' | 'running' | 'done';
  startedAt?: number;
  report?: CheckReport;
}

export interface Widths {
  target: number;
  addresses: number;
}

/** Column widths that fit every target (bounded, so one long name does not push the rest off screen). */
export function widthsFor(rows: ManyRow[]): Widths {
  const target = Math.min(40, Math.max(6, ...rows.map((r) => formatHostPort(r.target.host, r.target.port).length)));
  const addresses = Math.min(40, Math.max(15, ...rows.map((r) => addressText(r).length)));
  return { target, addresses };
}

/** The addresses, each one whose own outcome differs from the row's verdict marked with it (`::1=refused`). */
function addressText(r: ManyRow): string {
  const story = r.report?.story;
  const marked = story?.perAddress.length
    ? story.perAddress.map((a) => (a.verdict === story.verdict ? a.address : `${a.address}=${a.verdict}`))
    : (r.report?.target.addresses ?? []);
  return marked.length > 2 ? `${marked.slice(0, 2).join(',')},+${marked.length - 2}` : marked.join(',') || '-';
}

const fit = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

/** The header line. */
export function formatHeaderRow(w: Widths, paint: Paint): string {
  return paint('muted', `${'TARGET'.padEnd(w.target)}  ${'ADDRESSES'.padEnd(w.addresses)}  ${'VERDICT'.padEnd(11)}  ${'TIME'.padStart(8)}  FINDING`);
}

/** One row: a finished check's verdict, or `running` with the time so far. */
export function formatRow(r: ManyRow, w: Widths, paint: Paint, now = performance.now()): string {
  const target = fit(formatHostPort(r.target.host, r.target.port), w.target);
  if (r.state !== 'done' || !r.report) {
    const t = r.state === 'running' && r.startedAt !== undefined ? formatElapsed(now - r.startedAt) : '';
    return `${target}  ${'-'.padEnd(w.addresses)}  ${paint('muted', (r.state === 'running' ? 'checking…' : 'waiting').padEnd(11))}  ${t.padStart(8)}`;
  }
  const rep = r.report;
  // The row renders the check's story: its verdict and its first finding.
  const verdict = rep.story?.verdict ?? rep.verdict;
  const finding = rep.story?.findings[0]?.id ?? rep.findings[0] ?? '';
  return `${target}  ${fit(addressText(r), w.addresses)}  ${paint(verdictToken(verdict), verdict.padEnd(11))}  ${formatElapsed(rep.durationMs).padStart(8)}  ${finding}`;
}

/** `5 targets in 1.4 s: 3 open, 1 refused, 1 filtered`. */
export function formatManySummary(reports: CheckReport[], wallMs: number, paint: Paint): string {
  const counts = new Map<Verdict, number>();
  for (const r of reports) if (r) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  const parts = [...counts].map(([v, n]) => paint(verdictToken(v), `${n} ${v}`));
  return `${reports.length} target${reports.length === 1 ? '' : 's'} in ${formatElapsed(wallMs)}: ${parts.join(', ')}`;
}
