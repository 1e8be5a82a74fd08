/**
 * The report model: the story (verdict, cause, whom to ask, ticket, per-address rows, advice),
 * the ladder on its time axis, the one lesson figure, the capture and the provenance, decided
 * once. The Markdown and HTML renderers only lay this out; they never pick words or outcomes.
 * Pure: every input that needs I/O (origin, capture, timings, provenance) is passed in.
 */
import type { CheckReport, StepEvidence, StepId, Verdict } from '../evidence.js';
import type { ConversationEvent, ConversationSummary } from '../packets/conversations.js';
import { CLASSIC_SYN, retries2GiveUpMs, synSchedule, type TcpTimings } from '../kernel-timing.js';
import { conversationOutcome, ladderFromCapture, ladderFromSteps, type Ladder } from '../diagnosis/ladder.js';
import { captureFindings } from '../diagnosis/capture-findings.js';
import { buildStory, type Citation, type Story } from '../diagnosis/story.js';
import { VERDICT_TITLE } from '../diagnosis/story-words.js';
import { shellLine } from '../shell-words.js';
import { formatHostPort } from '../target.js';
import { kernelTimeline, namesAddresses, type KernelPoint } from './kernel-timeline.js';
import { ladderCaption, ladderMermaid } from './sequence.js';
import { expectedFigure } from './figure.js';
import { ladderRows, localTime, type LadderRow } from './times.js';
import type { Provenance } from './provenance.js';

export { localTime } from './times.js';
export type { LadderRow } from './times.js';

/** One address of the name and how its own check ended, in the verdict's vocabulary. */
export interface ReportAddress {
  address: string;
  outcome: string;
  summary?: string;
  /** The verdict is about this address. */
  used: boolean;
}
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
  /** The conversation the ladder draws (the one that tells the check's story). */
  drawn?: ConversationSummary;
  /** The arrows of `drawn`, in order. */
  events: ConversationEvent[];
  /** `drawn`'s bytes over time, for the time-sequence plot (time-sequence.ts). */
  timeSequence?: TimeSequence;
}

/** What else a report draws on besides the CheckReport. */
export interface ReportExtras {
  origin: ReportOrigin;
  capture?: ReportCapture;
  /** The kernel's view of our socket as the check saw it change (from check progress). */
  kernel?: KernelPoint[];
  /** The pcap's path relative to the report, once it is saved beside it. */
  pcapRelative?: string;
  /** This kernel's TCP timings (readTcpTimings): the SYN schedule the ladder is drawn with, and the story's. */
  timings?: TcpTimings;
  provenance?: Provenance;
  /** How tcpsleuth was started (selfCommand()), so the commands a report prints run as printed. */
  self?: readonly string[];
  /** The story to tell; default: the one `check --json` carried, else told now from the report. */
  story?: Story;
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

export interface ReportFinding {
  id: string;
  text: string;
}

/** A sentence that states a fact, with where the evidence says it (`step connect`, `packet RST of conversation 1`). */
export interface ReportFact {
  text: string;
  sources: string[];
}

/** The verdict above the fold. */
export interface ReportVerdict {
  id: Verdict;
  /** `good` for open, `bad` otherwise: the label's colour. */
  tone: 'good' | 'bad';
  title: string;
  cause: string;
  why?: string;
  whomToAsk?: string;
  ask?: string;
}

/** The ladder as every renderer needs it: Mermaid source, caption and the time-axis rows. */
export interface ReportLadder {
  ladder: Ladder;
  mermaid: string;
  caption: string;
  /** The first SYN's absolute time in the report's zone, when known. */
  firstSynLocal?: string;
  rows: LadderRow[];
}

/** Expected vs yours: the textbook ladder beside the real one, and the lesson that explains it. */
export interface ReportFigure {
  lesson: string;
  /** `learn ID`, as a command that runs as printed. */
  command: string;
  expectedMermaid: string;
  expectedCaption: string;
  yoursCaption: string;
}

/** Everything a report says, in the order it says it. */
export interface ReportModel {
  kind: 'check' | 'capture';
  title: string;
  /** What the verdict is about: the target `host:port`, or the drawn conversation's server. */
  subject: string;
  /** One line a person can paste into a chat. */
  summary: string;
  verdict?: ReportVerdict;
  /** What to paste into a ticket, the time and the error filled in. */
  ticket?: string;
  target?: { host: string; port: number; addresses: string[]; addressUsed?: string };
  origin: ReportOrigin;
  startedAt: string;
  /** startedAt written in origin.timeZone, with the zone: `2026-11-29 15:04:05 Europe/Berlin (UTC+01:00)`. */
  startedLocal: string;
  durationMs?: number;
  addresses: ReportAddress[];
  steps: ReportStep[];
  findings: ReportFinding[];
  ladder?: ReportLadder;
  figure?: ReportFigure;
  kernel: KernelPoint[];
  /** The kernel rows are about several addresses: each names its own. */
  kernelByAddress?: true;
  /** What the packets, findings and a hold show (the steps' own facts are in `steps`). */
  facts: ReportFact[];
  /** Their heading: what they were seen in (the packets, connections held idle, or both). */
  factsTitle: string;
  advice: Array<{ text: string; because?: string; settings?: string[] }>;
  lessons: Array<{ id: string; command: string }>;
  /** This kernel's SYN give-up time, in words, as the story states it. */
  synGiveUp?: string;
  capture?: {
    path: string;
    packets: number;
    truncated: boolean;
    drawn?: number;
    conversations: Array<{ index: number; client: string; server: string; outcome: string; packets: number }>;
    /** The drawn conversation's bytes over time, when it carried data. */
    timeSequence?: { index: number; client: string; server: string; samples: TimeSequence };
  };
  provenance?: Provenance;
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

/** The classic Linux timings, for a model built where this kernel's were not passed in. */
const CLASSIC_TIMINGS: TcpTimings = {
  syn: synSchedule(CLASSIC_SYN, 'classic'),
  retries2: { value: 15, giveUpMs: retries2GiveUpMs(15), source: 'classic' },
  keepalive: { timeS: 7200, intervalS: 75, probes: 9, source: 'classic' },
};

/** `no data from the server` → `No data from the server.` */
function sentence(text: string): string {
  return `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** The heading over the facts: what they were seen in (packets, connections held idle, or both). */
function factsTitle(facts: Story['facts']): string {
  const held = facts.some((f) => f.cites.some((x) => 'hold' in x));
  const packets = facts.some((f) => f.cites.some((x) => !('hold' in x) && !('step' in x)));
  return held ? (packets ? 'What the packets and the held connections show' : 'What the held connections show') : 'What the packets show';
}

function citation(c: Citation): string {
  if ('step' in c) return `step ${c.step}${c.address ? ` (${c.address})` : ''}`;
  if ('finding' in c) return `finding ${c.finding}`;
  if ('hold' in c) return `connections held idle on ${c.hold}`;
  return `packet ${c.packet} of conversation ${c.conversation}${c.atMs !== undefined ? ` at ${c.atMs} ms` : ''}`;
}

/** One step as a report lists it (title, outcome, what it saw, the command to try it). */
export function reportStep(s: StepEvidence): ReportStep {
  return { id: s.id, title: STEP_TITLES[s.id] ?? s.id, outcome: s.outcome, summary: s.summary, command: s.command, reason: s.reason, fix: s.fix, durationMs: s.durationMs };
}

/** The capture step names the file the report saved beside it, not the temporary one it was written to. */
function savedBeside(r: ReportStep, s: StepEvidence, pcap: string | undefined): ReportStep {
  const file = (s.evidence as { file?: unknown } | undefined)?.file;
  if (s.id !== 'capture' || !pcap || typeof file !== 'string' || !file) return r;
  return { ...r, summary: r.summary.split(file).join(`${pcap} (beside this report)`) };
}

function captureRows(c: ReportCapture, path: string, clientIsUs: boolean): ReportModel['capture'] {
  return {
    path,
    packets: c.packets,
    truncated: c.truncated,
    drawn: c.drawn?.index,
    conversations: c.conversations.map((v) => ({ index: v.index, client: v.client, server: v.server, outcome: conversationOutcome(v, clientIsUs), packets: v.packets })),
    timeSequence: c.drawn && c.timeSequence && (c.drawn.bytes.client || c.drawn.bytes.server) ? { index: c.drawn.index, client: c.drawn.client, server: c.drawn.server, samples: c.timeSequence } : undefined,
  };
}

function reportLadder(ladder: Ladder | undefined, zone: string): ReportLadder | undefined {
  if (!ladder) return undefined;
  const firstSynLocal = ladder.firstSynAt ? localTime(ladder.firstSynAt, zone, { fraction: true }) : undefined;
  return { ladder, mermaid: ladderMermaid(ladder, firstSynLocal), caption: ladderCaption(ladder), firstSynLocal, rows: ladderRows(ladder, zone) };
}

function figureOf(verdict: Verdict, lessons: string[], ladder: Ladder | undefined, tls: boolean, self: readonly string[]): ReportFigure | undefined {
  if (!ladder) return undefined;
  const f = expectedFigure(verdict, lessons, { tls, client: '', server: '' });
  if (!f) return undefined;
  return {
    lesson: f.lesson,
    command: shellLine([...self, 'learn', f.lesson]),
    expectedMermaid: ladderMermaid(f.expected),
    expectedCaption: f.expectedCaption,
    yoursCaption: `Yours: ${verdict}, ${ladder.source === 'capture' ? 'as captured' : 'as the steps saw it'}.`,
  };
}

/** The model of a `check` report, from `check --json`'s report and what went with it. */
export function buildReportModel(report: CheckReport, extras: ReportExtras): ReportModel {
  const { host, port, addresses, addressUsed } = report.target;
  const zone = extras.origin.timeZone;
  const self = extras.self ?? ['tcpsleuth'];
  const timings = extras.timings ?? CLASSIC_TIMINGS;
  const c = extras.capture;
  const story = extras.story ?? report.story ?? buildStory(report, { timings, self, capture: c ? { conversations: c.conversations } : undefined, from: extras.origin.hostname, timeZone: zone });
  const ladder = c?.drawn
    ? ladderFromCapture(c.drawn, c.events, { clientIsUs: true, synRtoMs: story.timings.syn.retransmitAtMs[0] })
    : ladderFromSteps(report, { synRetransmitAtMs: story.timings.syn.retransmitAtMs, localFallback: extras.origin.localAddress });
  const tls = report.steps.some((s) => s.id === 'tls' && s.outcome !== 'skipped' && s.outcome !== 'unavailable');
  const kernel = extras.kernel?.length ? extras.kernel : kernelTimeline(report);
  return {
    kind: 'check',
    title: `${formatHostPort(host, port)}: ${story.verdict}`,
    subject: formatHostPort(host, port),
    summary: story.summary,
    verdict: { id: story.verdict, tone: story.verdict === 'open' && !story.but ? 'good' : 'bad', title: story.title, cause: story.cause.text, why: story.why, whomToAsk: story.whomToAsk?.who, ask: story.whomToAsk?.text },
    ticket: story.ticket,
    target: { host, port, addresses, addressUsed },
    origin: extras.origin,
    startedAt: report.startedAt,
    startedLocal: localTime(report.startedAt, zone),
    durationMs: report.durationMs,
    addresses: story.perAddress.map((a) => ({ address: a.address, outcome: a.verdict, summary: a.detail.text, used: a.chosen })),
    steps: report.steps.map((s) => savedBeside(reportStep(s), s, extras.pcapRelative)),
    findings: story.findings.map((d) => ({ id: d.id, text: d.text })),
    ladder: reportLadder(ladder, zone),
    figure: figureOf(story.verdict, story.lessons, ladder, tls, self),
    kernel,
    ...(namesAddresses(kernel) ? { kernelByAddress: true as const } : {}),
    facts: story.facts.filter((f) => f.cites.some((x) => !('step' in x))).map((f) => ({ text: f.text, sources: f.cites.map(citation) })),
    factsTitle: factsTitle(story.facts.filter((f) => f.cites.some((x) => !('step' in x)))),
    advice: story.advice.map((a) => ({ text: a.text, because: a.because, ...(a.settings ? { settings: a.settings } : {}) })),
    lessons: story.lessons.map((id, i) => ({ id, command: story.lessonCommands[i] ?? shellLine([...self, 'learn', id]) })),
    synGiveUp: story.timings.text,
    capture: c ? captureRows(c, extras.pcapRelative ?? c.path, true) : undefined,
    provenance: extras.provenance,
  };
}

/** The model of an `analyze FILE` report: the capture alone (no live check ran). */
export function buildCaptureReportModel(capture: ReportCapture, extras: Omit<ReportExtras, 'capture' | 'story'> & { startedAt: string }): ReportModel {
  const d = capture.drawn;
  const n = capture.conversations.length;
  const zone = extras.origin.timeZone;
  const self = extras.self ?? ['tcpsleuth'];
  const shownAs = extras.pcapRelative ?? capture.path;
  const startedLocal = localTime(d?.startedAt ?? extras.startedAt, zone);
  const what = d ? `conversation ${d.index} ${d.client} → ${d.server} is ${conversationOutcome(d, false)}` : 'no TCP conversation in it';
  // The banner is about the drawn conversation: with others that ended otherwise, it says so, never "the path is fine".
  const counts = new Map<string, number>();
  for (const c of capture.conversations) counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
  const mixed = counts.size > 1;
  const tally = [...counts].map(([o, k]) => `${k} ${o}`).join(', ');
  const title = d ? (mixed ? `Conversation ${d.index} is ${d.outcome}; the capture holds ${n}: ${tally}` : VERDICT_TITLE[d.outcome]) : undefined;
  const ladder = d ? ladderFromCapture(d, capture.events, { clientIsUs: false, synRtoMs: extras.timings?.syn.retransmitAtMs[0] }) : undefined;
  const lessons = d ? [...new Set(['handshake', ...(d.rst ? ['rst'] : []), ...(d.ecn.state === 'blackhole' || d.ecn.state === 'negotiated' ? ['ecn'] : []), ...d.findings.map((f) => f.lesson)])] : [];

  return {
    kind: 'capture',
    title: `capture: ${d ? `${d.server} ${d.outcome}` : 'no conversation'}`,
    subject: d ? `${d.server} (conversation ${d.index})` : shownAs,
    summary: `Capture ${shownAs}: ${capture.packets} packets, ${n} TCP conversation${n === 1 ? '' : 's'}${mixed ? ` (${tally})` : ''}; ${what}.`,
    verdict: d && title ? { id: d.outcome, tone: d.outcome === 'open' && [...counts.keys()].every((o) => o === 'open' || o === 'closed') ? 'good' : 'bad', title, cause: sentence(ladder?.missing[0] ?? what) } : undefined,
    origin: extras.origin,
    startedAt: d?.startedAt ?? extras.startedAt,
    startedLocal,
    addresses: [],
    steps: [],
    findings: [...captureFindings(d ? [d] : capture.conversations.slice(0, 1000)), ...(d ? d.findings.map((f) => ({ id: f.id, text: `${transferFindingText(f)} (${transferFindingWhere(f)})` })) : [])],
    ladder: reportLadder(ladder, zone),
    figure: d ? figureOf(d.outcome, lessons, ladder, d.bytes.client > 0 && ladder?.events.some((e) => e.label === 'ClientHello') === true, self) : undefined,
    kernel: [],
    facts: [],
    factsTitle: 'What the packets show',
    advice: [],
    lessons: lessons.map((id) => ({ id, command: shellLine([...self, 'learn', id]) })),
    capture: captureRows(capture, shownAs, false),
    provenance: extras.provenance,
  };
}
