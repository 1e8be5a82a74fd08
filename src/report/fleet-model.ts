/**
 * The model of a `check TARGET --from … --report FILE` report: every vantage point side by side,
 * from the same data the `--from` table prints (each vantage point's report and the fleet summary
 * from runFromVantages): where from, what the name resolved to there, the verdict, the time, the
 * main finding; the findings about the difference first; then each vantage point's own story.
 * Pure: the renderers (fleet-markdown.ts, fleet-html.ts) only lay it out.
 */
import type { CheckReport, Verdict } from '../evidence.js';
import type { FleetSummary, VantageReport } from '../vantage/types.js';
import { mainFinding, verdictCounts } from '../diagnosis/vantage.js';
import { buildStory } from '../diagnosis/story.js';
import type { TcpTimings } from '../kernel-timing.js';
import { formatElapsed } from '../duration.js';
import { shellLine } from '../shell-words.js';
import { formatHostPort } from '../target.js';
import { localTime, reportStep, type ReportAddress, type ReportFinding, type ReportOrigin, type ReportStep } from './model.js';
import type { Provenance } from './provenance.js';

/** One vantage point's row: the `--from` table's columns, and what the row's reader needs beside them. */
export interface FleetRow {
  from: string;
  /** What the name resolved to there (foreign text from a remote resolver). */
  addresses: string[];
  verdict: Verdict | null;
  /** `1.8 s`, as the table writes it. */
  time: string;
  finding?: ReportFinding;
  /** Where its SYN left from. */
  source?: string;
  /** Why there is no verdict from there, and the fix. */
  error?: { reason: string; fix: string };
}

/** One vantage point in detail: its machine, its story's cause, each address, its steps. */
export interface FleetVantage {
  from: string;
  verdict: Verdict | null;
  kind: 'local' | 'ssh';
  /** `ssh://user@host:port` for an ssh vantage point. */
  ssh?: string;
  /** The machine's own name, as it reported it (foreign text). */
  hostname?: string;
  source?: string;
  /** What opened the connection there (bash, nc, curl, python3, node). */
  method?: string;
  missing: string[];
  title?: string;
  cause?: string;
  addresses: ReportAddress[];
  steps: ReportStep[];
  error?: { reason: string; fix: string };
}

export interface FleetReportModel {
  kind: 'fleet';
  /** `db.internal:5432 from 3 vantage points`. */
  subject: string;
  /** The label above the fold: the one verdict they share, `differs`, or `no verdict`. */
  label: string;
  tone: 'good' | 'bad';
  /** What the label means, in a sentence: the difference, or that every vantage point agrees. */
  headline: string;
  /** One line for a chat: `3 vantage points in 1.8 s: 1 filtered, 1 refused, 1 open`. */
  summary: string;
  difference: ReportFinding[];
  rows: FleetRow[];
  vantages: FleetVantage[];
  lessons: Array<{ id: string; command: string }>;
  origin: ReportOrigin;
  startedAt: string;
  startedLocal: string;
  durationMs: number;
  provenance?: Provenance;
}

export interface FleetExtras {
  origin: ReportOrigin;
  /** This machine's timings (a vantage point's own sysctls, in its evidence, win in its story). */
  timings: TcpTimings;
  provenance?: Provenance;
  self?: readonly string[];
}

function labelOf(reports: readonly VantageReport[]): { label: string; tone: 'good' | 'bad' } {
  const said = [...new Set(reports.map((r) => r.verdict).filter((v): v is Verdict => v !== null))];
  if (!said.length) return { label: 'no verdict', tone: 'bad' };
  if (said.length > 1) return { label: 'differs', tone: 'bad' };
  const all = reports.every((r) => r.verdict === said[0]);
  return { label: all ? said[0] : `${said[0]} or none`, tone: all && said[0] === 'open' ? 'good' : 'bad' };
}

function headlineOf(label: string, summary: FleetSummary, n: number): string {
  // Verdicts differ: which vantage points say what, in one line (the difference findings explain it below).
  if (label === 'differs') {
    const by = new Map<string, string[]>();
    for (const v of summary.verdicts) by.set(v.verdict ?? 'no verdict', [...(by.get(v.verdict ?? 'no verdict') ?? []), v.from]);
    return `${[...by].map(([verdict, from]) => `${verdict} from ${from.join(', ')}`).join('; ')}.`;
  }
  if (label === 'open') return `Open from all ${n} vantage points: the network path works from each of them.`;
  if (label === 'no verdict') return `No vantage point gave a verdict: see why under each.`;
  const judged = summary.verdicts.filter((v) => v.verdict !== null).length;
  const verdict = label.replace(/ or none$/, '');
  if (n === 1) return `${verdict} from ${summary.verdicts[0].from}, the one vantage point: see its steps below.`;
  return `${verdict} from ${judged === n ? `all ${n}` : `${judged} of ${n}`} vantage points: the same everywhere, so the cause is at the target (or on a path they all share).`;
}

function vantageOf(r: VantageReport, extras: FleetExtras): FleetVantage {
  const v = r.vantage;
  const base = { from: r.from, verdict: r.verdict, kind: v.kind, ssh: v.ssh, hostname: v.hostname, source: v.source, method: v.method, missing: v.missing ?? [], steps: r.steps.map(reportStep), ...(r.error ? { error: { reason: r.error.reason, fix: r.error.fix } } : {}) };
  if (r.verdict === null) return { ...base, addresses: [] };
  // The story of this vantage point's own check (its cause and per-address outcomes), told from there.
  const story = buildStory({ ...r, verdict: r.verdict, story: undefined } as CheckReport, { timings: extras.timings, self: extras.self, from: v.hostname ?? r.from, source: v.source, timeZone: extras.origin.timeZone });
  return { ...base, title: story.title, cause: story.cause.text, addresses: story.perAddress.map((a) => ({ address: a.address, outcome: a.verdict, summary: a.detail.text, used: a.chosen })) };
}

/** The model of a report of one target checked from several vantage points. */
export function buildFleetReportModel(reports: readonly VantageReport[], summary: FleetSummary, extras: FleetExtras): FleetReportModel {
  const { label, tone } = labelOf(reports);
  const n = reports.length;
  const self = extras.self ?? ['tcpsleuth'];
  const counts = verdictCounts(summary.verdicts).map(([v, k]) => `${k} ${v}`).join(', ');
  const startedAt = reports.map((r) => r.startedAt).filter(Boolean).sort()[0] ?? new Date().toISOString();
  const hp = formatHostPort(summary.target.host, summary.target.port);
  return {
    kind: 'fleet',
    subject: `${hp} from ${n} vantage point${n === 1 ? '' : 's'}`,
    label,
    tone,
    headline: headlineOf(label, summary, n),
    summary: `${hp}: ${n} vantage point${n === 1 ? '' : 's'} in ${formatElapsed(summary.durationMs)}: ${counts}.`,
    difference: summary.details.map((d) => ({ id: d.id, text: d.text })),
    rows: reports.map((r) => {
      const f = r.verdict !== null ? mainFinding(r) : undefined;
      return {
        from: r.from,
        addresses: r.target.addresses,
        verdict: r.verdict,
        time: formatElapsed(r.durationMs),
        ...(f ? { finding: { id: f.id, text: f.text } } : {}),
        ...(r.vantage.source ? { source: r.vantage.source } : {}),
        ...(r.error ? { error: { reason: r.error.reason, fix: r.error.fix } } : {}),
      };
    }),
    vantages: reports.map((r) => vantageOf(r, extras)),
    lessons: summary.lessons.map((id) => ({ id, command: shellLine([...self, 'learn', id]) })),
    origin: extras.origin,
    startedAt,
    startedLocal: localTime(startedAt, extras.origin.timeZone),
    durationMs: summary.durationMs,
    provenance: extras.provenance,
  };
}
