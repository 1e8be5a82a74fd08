/**
 * The vantage-point table: where from, what the name resolved to there, the verdict, the time and
 * the main finding; then the findings about the difference. Pure text for the live table in a
 * terminal and the plain lines in a pipe. Names, addresses and reasons that came from elsewhere
 * (inventories, remote resolvers, ssh's own words) pass through the terminal sink.
 */
import { formatElapsed } from '../duration.js';
import type { Paint } from '../output/colors.js';
import { verdictToken } from '../output/plain.js';
import { termLine } from '../sinks/terminal.js';
import type { FleetSummary, VantageReport } from './types.js';
import { mainFinding, verdictCounts } from '../diagnosis/vantage.js';

export interface VantageRow {
  from: string;
  state: 'waiting' | 'running' | 'done';
  startedAt?: number;
  report?: VantageReport;
}

export interface VantageWidths {
  from: number;
  addresses: number;
}

const fit = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

function addressText(r: VantageRow): string {
  const a = r.report?.target.addresses ?? [];
  return a.length > 2 ? `${a.slice(0, 2).join(',')},+${a.length - 2}` : a.join(',') || '-';
}

/** Column widths that fit the rows (bounded, so one long name does not push the rest off screen). */
export function vantageWidths(rows: readonly VantageRow[]): VantageWidths {
  return {
    from: Math.min(36, Math.max(4, ...rows.map((r) => termLine(r.from).length))),
    addresses: Math.min(36, Math.max(15, ...rows.map((r) => addressText(r).length))),
  };
}

/** The header line. */
export function formatVantageHeader(w: VantageWidths, paint: Paint): string {
  return paint('muted', `${'FROM'.padEnd(w.from)}  ${'ADDRESSES'.padEnd(w.addresses)}  ${'VERDICT'.padEnd(11)}  ${'TIME'.padStart(8)}  FINDING`);
}

/** One row: a finished check's verdict (or why there is none), or the time so far. */
export function formatVantageRow(r: VantageRow, w: VantageWidths, paint: Paint, now = performance.now()): string {
  const from = fit(termLine(r.from), w.from);
  const rep = r.report;
  if (r.state !== 'done' || !rep) {
    const t = r.state === 'running' && r.startedAt !== undefined ? formatElapsed(now - r.startedAt) : '';
    return `${from}  ${'-'.padEnd(w.addresses)}  ${paint('muted', (r.state === 'running' ? 'checking…' : 'waiting').padEnd(11))}  ${t.padStart(8)}`;
  }
  const time = formatElapsed(rep.durationMs).padStart(8);
  const addresses = fit(termLine(addressText(r)), w.addresses);
  if (rep.verdict === null) return `${from}  ${addresses}  ${paint('warn', 'no verdict'.padEnd(11))}  ${time}  ${termLine(rep.error?.reason ?? '', 100)}`;
  return `${from}  ${addresses}  ${paint(verdictToken(rep.verdict), rep.verdict.padEnd(11))}  ${time}  ${mainFinding(rep)?.id ?? ''}`;
}

/** After the table: why some vantage points gave no verdict, and the fix. */
export function formatNoVerdicts(reports: readonly VantageReport[], paint: Paint): string[] {
  return reports
    .filter((r) => r.verdict === null && r.error)
    .map((r) => `${paint('warn', 'no verdict')} from ${termLine(r.from)}: ${termLine(r.error!.reason)}\n  ${paint('warn', `fix: ${termLine(r.error!.fix)}`)}`);
}

/** The findings about the difference, and the closing count: `3 vantage points in 3.6 s: 2 open, 1 filtered`. */
export function formatFleetSummary(summary: FleetSummary, paint: Paint, learn: (lesson: string) => string): string {
  const out: string[] = [];
  if (summary.details.length) {
    out.push(paint('strong', 'the difference:'));
    for (const d of summary.details) out.push(`  - ${paint('accent', d.id)}: ${termLine(d.text)}`);
  }
  const parts = verdictCounts(summary.verdicts).map(([v, n]) => paint(v === 'no verdict' ? 'warn' : verdictToken(v as Parameters<typeof verdictToken>[0]), `${n} ${v}`));
  const n = summary.verdicts.length;
  out.push(`${n} vantage point${n === 1 ? '' : 's'} in ${formatElapsed(summary.durationMs)}: ${parts.join(', ')}`);
  if (summary.lessons.length) out.push(paint('muted', `learn more: ${summary.lessons.map(learn).join(', ')}`));
  return out.join('\n');
}
