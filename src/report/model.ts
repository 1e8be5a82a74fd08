/**
 * The report model: every fact a report shows, decided once from the evidence (a CheckReport,
 * a capture analysis, where the check ran from). The Markdown and HTML renderers only lay this
 * out; they never pick words or outcomes themselves. Pure: no I/O.
 */
import type { CheckReport, StepEvidence, StepId, Verdict } from '../evidence.js';
import type { ConversationEvent, ConversationSummary } from '../packets/conversations.js';
import { neverArrived } from '../packets/sequence-diagram.js';
import { verdictText } from '../guide/explanations.js';
import { handshakeFromCapture, handshakeFromSteps } from './sequence.js';
import { kernelTimeline, type KernelPoint } from './kernel-timeline.js';
import { captureFindings } from '../diagnosis/capture-findings.js';
import { describeResult } from '../diagnosis/addresses.js';
import type { TimeSequence } from '../packets/time-sequence-samples.js';
import { transferFindingText, transferFindingWhere } from '../packets/transfer-text.js';

/** Where the check ran from. Collected by `collectOrigin` (origin.ts); nothing else about the host. */
export interface ReportOrigin {
  hostname: string;
  localAddress?: string;
  localPort?: number;
  /** The interface holding localAddress, when one does. */
  interface?: string;
  /** The IANA zone the times are written in, e.g. `Europe/Berlin` or `UTC`. */
  timeZone: string;
}

/** A capture that goes with the report: the file and what analysis found in it. */
export interface ReportCapture {
  /** Where the pcap is now (a temp file for `check --capture`, the user's file for `analyze`). */
  path: string;
  packets: number;
  truncated: boolean;
  conversations: ConversationSummary[];
  /** The conversation the diagram draws (the last one with the target). */
  drawn?: ConversationSummary;
  /** The arrows of `drawn`, in order. */
  events: ConversationEvent[];
  /** `drawn`'s bytes over time, for the time-sequence plot (time-sequence.ts). */
  timeSequence?: TimeSequence;
}

/** What else a report may draw on besides the CheckReport. */
export interface ReportExtras {
  origin: ReportOrigin;
  capture?: ReportCapture;
  /** The kernel's view of our socket as the check saw it change (from check progress). */
  kernel?: KernelPoint[];
  /** The pcap's path relative to the report, once it is saved beside it. */
  pcapRelative?: string;
}

export interface ReportStep {
  id: StepId;
  title: string;
  outcome: StepEvidence['outcome'];
  summary: string;
  command?: string;
  reason?: string;
  fix?: string;
  durationMs: number;
}

export interface ReportAddress {
  address: string;
  outcome: string;
  summary?: string;
  used: boolean;
}

export interface ReportFinding {
  id: string;
  text: string;
}

export interface ReportDiagram {
  /** Mermaid source. */
  mermaid: string;
  /** Where the arrows came from, in words ("the capture: 4 packets" / "the check's steps"). */
  caption: string;
}

/** Everything a report says, in the order it says it. */
export interface ReportModel {
  kind: 'check' | 'capture';
  title: string;
  /** One line a person can paste into a chat. */
  summary: string;
  target?: { host: string; port: number; addresses: string[]; addressUsed?: string };
  origin: ReportOrigin;
  startedAt: string;
  /** startedAt written in origin.timeZone, with the zone: `2026-11-29 15:04:05 Europe/Berlin (UTC+01:00)`. */
  startedLocal: string;
  durationMs?: number;
  addresses: ReportAddress[];
  steps: ReportStep[];
  verdict?: { id: Verdict; title: string; meaning: string; why: string };
  findings: ReportFinding[];
  handshake?: ReportDiagram;
  /** What the capture waited for and never saw. */
  missing: string[];
  kernel: KernelPoint[];
  next: string[];
  ask?: string;
  lessons: string[];
  capture?: {
    path: string;
    packets: number;
    truncated: boolean;
    conversations: Array<{ index: number; client: string; server: string; outcome: string; packets: number }>;
    /** The drawn conversation's bytes over time, when it carried data. */
    timeSequence?: { index: number; client: string; server: string; samples: TimeSequence };
  };
}

const STEP_TITLES: Record<StepId, string> = {
  dns: 'Name resolution (DNS)',
  ping: 'Ping (ICMP echo)',
  connect: 'TCP handshake',
  observe: 'Listening after the handshake',
  tls: 'TLS handshake',
  scan: 'Port scan',
  capture: 'Packet capture',
  traceroute: 'Traceroute',
  sockets: 'Local sockets',
  'server-capture': 'Capture on the server (over ssh)',
  'server-sockets': 'Server-side checklist (over ssh)',
};

/** Each address the name resolved to and how it went (`target.results`, or the connect steps). */
function addressesOf(report: CheckReport): ReportAddress[] {
  const t = report.target;
  const used = t.addressUsed;
  if (t.results?.length) {
    return t.results.map((r) => ({ address: r.address, outcome: r.verdict, summary: describeResult(r), used: r.address === used }));
  }
  // Without per-address results: the connect steps say how each address tried went.
  const connects = report.steps.filter((s) => s.id === 'connect');
  const seen = new Map<string, ReportAddress>();
  for (const s of connects) {
    const ev = s.evidence as { address?: string; result?: string } | undefined;
    if (!ev?.address) continue;
    seen.set(ev.address, { address: ev.address, outcome: ev.result ?? s.outcome, summary: s.summary, used: ev.address === used });
  }
  for (const a of t.addresses) if (!seen.has(a)) seen.set(a, { address: a, outcome: 'not tried', used: false });
  return [...seen.values()];
}

/** `2026-11-29 15:04:05 Europe/Berlin (UTC+01:00)` in `zone` (abbreviations like CST are ambiguous); `… UTC` in UTC. */
export function localTime(iso: string, zone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const off = offset === 'GMT' ? 'UTC+00:00' : offset.replace('GMT', 'UTC');
  const when = `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
  return /^(Etc\/)?(UTC|GMT|Zulu|UCT)$/.test(zone) ? `${when} UTC` : `${when} ${zone} (${off})`;
}

function step(s: StepEvidence): ReportStep {
  return { id: s.id, title: STEP_TITLES[s.id] ?? s.id, outcome: s.outcome, summary: s.summary, command: s.command, reason: s.reason, fix: s.fix, durationMs: s.durationMs };
}

function captureFacts(c: ReportCapture): ReportModel['capture'] {
  return {
    path: c.path,
    packets: c.packets,
    truncated: c.truncated,
    conversations: c.conversations.map((v) => ({ index: v.index, client: v.client, server: v.server, outcome: v.outcome, packets: v.packets })),
    timeSequence: c.drawn && c.timeSequence && (c.drawn.bytes.client || c.drawn.bytes.server) ? { index: c.drawn.index, client: c.drawn.client, server: c.drawn.server, samples: c.timeSequence } : undefined,
  };
}

/** The model of a `check` report, from `check --json`'s report and what went with it. */
export function buildReportModel(report: CheckReport, extras: ReportExtras): ReportModel {
  const { host, port, addresses, addressUsed } = report.target;
  const address = addressUsed ?? host;
  const from = extras.origin.localAddress ? `${extras.origin.hostname} (${extras.origin.localAddress})` : extras.origin.hostname;
  const words = verdictText(report.verdict, { host, port }, address, from);
  const startedLocal = localTime(report.startedAt, extras.origin.timeZone);
  const where = addressUsed && addressUsed !== host ? ` (${addressUsed})` : '';
  const summary = `${host}:${port}${where}: ${report.verdict}. ${report.meaning.split(/(?<=\.)\s/)[0]} Checked from ${from} at ${startedLocal}.`;
  const c = extras.capture;
  const handshake = c?.drawn ? handshakeFromCapture(c.drawn, c.events) : handshakeFromSteps(report, extras.origin.localAddress);
  return {
    kind: 'check',
    title: `${host}:${port}: ${report.verdict}`,
    summary,
    target: { host, port, addresses, addressUsed },
    origin: extras.origin,
    startedAt: report.startedAt,
    startedLocal,
    durationMs: report.durationMs,
    addresses: addressesOf(report),
    steps: report.steps.map(step),
    verdict: { id: report.verdict, title: words.title, meaning: report.meaning, why: words.why },
    findings: report.details.map((d) => ({ id: d.id, text: d.text })),
    handshake,
    missing: c?.drawn ? neverArrived(c.drawn) : [],
    kernel: extras.kernel?.length ? extras.kernel : kernelTimeline(report),
    next: words.next,
    ask: words.ask,
    lessons: report.lessons,
    capture: c ? { ...captureFacts(c)!, path: extras.pcapRelative ?? c.path } : undefined,
  };
}

/** The model of an `analyze FILE` report: the capture alone (no live check ran). */
export function buildCaptureReportModel(capture: ReportCapture, extras: Omit<ReportExtras, 'capture'> & { startedAt: string }): ReportModel {
  const d = capture.drawn;
  const n = capture.conversations.length;
  const startedLocal = localTime(d?.startedAt ?? extras.startedAt, extras.origin.timeZone);
  const what = d ? `conversation ${d.index} ${d.client} → ${d.server} is ${d.outcome}` : 'no TCP conversation in it';
  const summary = `Capture ${extras.pcapRelative ?? capture.path}: ${capture.packets} packets, ${n} TCP conversation${n === 1 ? '' : 's'}; ${what}.`;
  return {
    kind: 'capture',
    title: `capture: ${d ? `${d.server} ${d.outcome}` : 'no conversation'}`,
    summary,
    origin: extras.origin,
    startedAt: d?.startedAt ?? extras.startedAt,
    startedLocal,
    addresses: [],
    steps: [],
    findings: [...captureFindings(d ? [d] : capture.conversations.slice(0, 1000)), ...(d ? d.findings.map((f) => ({ id: f.id, text: `${transferFindingText(f)} (${transferFindingWhere(f)})` })) : [])],
    handshake: d ? handshakeFromCapture(d, capture.events) : undefined,
    missing: d ? neverArrived(d) : [],
    kernel: [],
    next: [],
    lessons: d ? [...new Set(['handshake', ...(d.rst ? ['rst'] : []), ...(d.ecn.state === 'blackhole' || d.ecn.state === 'negotiated' ? ['ecn'] : []), ...d.findings.map((f) => f.lesson)])] : [],
    capture: { ...captureFacts(capture)!, path: extras.pcapRelative ?? capture.path },
  };
}
