/**
 * The story of one check: every fact a surface says about it, derived once from the evidence.
 * Plain output, `--json`, the guide, the chat, drill feedback and the reports all render a Story;
 * a renderer lays it out, shortens or colours it, and never adds a fact. Pure: the kernel's
 * timings and the command the tool is started by arrive as data (kernel-timing.ts, self-command.ts).
 */
import type { AddressResult, CheckReport, Citation, Finding, StepId, Story, StoryAddress, StoryAdvice, StorySentence, StoryTimings, Verdict } from '../evidence.js';
import type { ConnectEvidence } from '../checks/connect.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { describeSynGiveUp, synSchedule, type TcpTimings } from '../kernel-timing.js';
import { shellLine } from '../shell-words.js';
import { addressResults, describeResult } from './addresses.js';
import { diagnose } from './index.js';
import { lessonsFor } from './findings.js';
import { chooseAdvice } from './story-advice.js';
import { captureSentences, stepFacts } from './story-facts.js';
import { errorText, seenIn, type Seen } from './story-seen.js';
import { holdIn, holdSeen } from './hold.js';
import { askText, causeText, LOCALHOST_ONLY_TITLE, PMTU_TITLE, TLS_TITLE, VERDICT_TITLE, whyText } from './story-words.js';
import { openBut } from './story-open-but.js';

export type { Citation, Story, StoryAddress, StoryAdvice, StorySentence, StoryTimings } from '../evidence.js';

export interface StoryContext {
  /** This machine's timings (readTcpTimings()); the check's own evidence wins when it has them. */
  timings: TcpTimings;
  /** The capture's analysis, when the caller has it (else the capture step's conversations). */
  capture?: { conversations: ConversationSummary[] };
  /** How tcpsleuth was started (selfCommand()), for the commands the story prints; `tcpsleuth` by default. */
  self?: readonly string[];
  /** The machine's name, when the check has no local address to name it by. */
  from?: string;
  /** The route's source address towards the target (`ip route get`), when the socket never had a local address. */
  source?: string;
  /** The IANA zone the time is written in (default UTC). */
  timeZone?: string;
  /** The named network namespace the check ran in (`ip netns exec NAME …`): advice runs from there too. */
  netns?: string;
  /**
   * The check ran on another machine (a vantage point over ssh): wraps a command line so it runs
   * there (`ssh app-1 '…'`). tcpsleuth's own commands are not offered then: it is not installed there.
   */
  via?: (commandLine: string) => string;
}

/** The deciding step of each verdict, cited by the cause. */
const DECIDED_BY: Record<Verdict, StepId> = { 'dns-error': 'dns', unreachable: 'connect', refused: 'connect', filtered: 'connect', reset: 'observe', closed: 'observe', 'tls-error': 'tls', open: 'observe' };

/** Findings that change the cause's words, cited beside the deciding step. */
const CAUSE_FINDINGS = new Set(['icmp-from-router', 'local-firewall', 'accept-queue-full', 'reset-during-tls', 'banner-received', 'pmtu-blackhole', 'tls-not-tls', 'tls-untrusted', 'tls-name-mismatch', 'tls-client-cert-required', 'tls-protocol-mismatch', 'not-listening', 'listening-localhost-only']);

function timingsOf(seen: Seen, ctx: StoryContext): StoryTimings {
  const c = seen.connect?.evidence as ConnectEvidence | undefined;
  if (c?.kernelSyn) {
    const syn = synSchedule(c.kernelSyn);
    return { syn, giveUpMs: syn.giveUpMs, text: describeSynGiveUp(syn), from: 'evidence' };
  }
  const syn = ctx.timings.syn;
  if (c?.kernelGivesUpMs !== undefined && c.kernelGivesUpMs !== syn.giveUpMs) {
    const own = { ...syn, giveUpMs: c.kernelGivesUpMs };
    return { syn: own, giveUpMs: own.giveUpMs, text: describeSynGiveUp(own).replace(/ \(.*\)$/, ' on the machine that ran the check'), from: 'evidence' };
  }
  return { syn, giveUpMs: syn.giveUpMs, text: describeSynGiveUp(syn), from: syn.source };
}

function causeCites(verdict: Verdict, seen: Seen, findings: Finding[]): Citation[] {
  let step = DECIDED_BY[verdict];
  // A reset at connect() time, or during TLS, was decided by that step.
  if (verdict === 'reset' && (seen.connect?.evidence as ConnectEvidence | undefined)?.result === 'reset') step = 'connect';
  if (verdict === 'reset' && findings.some((f) => f.id === 'reset-during-tls')) step = 'tls';
  if (verdict === 'open' && !seen.observe) step = 'connect';
  const cite: Citation = step === 'connect' ? { step, address: seen.address } : { step };
  return [cite, ...findings.filter((f) => CAUSE_FINDINGS.has(f.id)).map((f) => ({ finding: f.id }))];
}

function perAddress(report: CheckReport, steps: CheckReport['steps'], verdict: Verdict): StoryAddress[] {
  const chosen = report.target.addressUsed;
  const results: AddressResult[] = steps.length ? addressResults(steps, verdict) : (report.target.results ?? []);
  return results.map((r) => ({
    address: r.address,
    family: r.family,
    verdict: r.verdict,
    chosen: r.address === chosen,
    detail: { text: describeResult(r), cites: [{ step: 'connect', address: r.address }] },
  }));
}

/** Builds the story of one check from its report (steps, verdict, target, time). */
export function buildStory(report: CheckReport, ctx: StoryContext): Story {
  const steps = report.steps ?? [];
  const d = steps.length ? diagnose(steps) : undefined;
  const verdict = report.verdict;
  // The report's findings when it has them (diagnose gave them, or the server's side joined); else the steps'.
  const findings = report.details ?? d?.details ?? [];
  const ids = findings.map((f) => f.id);
  const seen = seenIn({ ...report, steps, details: findings }, { conversations: ctx.capture?.conversations, from: ctx.from, source: ctx.source, timeZone: ctx.timeZone });
  const self = ctx.self ?? ['tcpsleuth'];
  const pmtu = ids.includes('pmtu-blackhole');
  const tls = seen.tls?.evidence;
  const timings = timingsOf(seen, ctx);
  const resolvers = seen.dns?.evidence?.resolvers ?? [];
  const router = /^Router (\S+)/.exec(findings.find((f) => f.id === 'icmp-from-router')?.text ?? '')?.[1];
  // A rule's specific cause wins only when it is about this verdict (the machine's verdict may come from a stand-in).
  const specific = d?.cause && d.verdict === verdict ? d.cause : undefined;
  const addresses = perAddress(report, steps, verdict);
  // Open, but a finding says part of the path fails: no "the network path is fine" then.
  const but = verdict === 'open' ? openBut(findings, seen, addresses) : undefined;
  const cause: StorySentence = but ? { text: but.cause, cites: [...causeCites(verdict, seen, findings), { finding: but.finding }] } : { text: specific ?? causeText(verdict, seen), cites: causeCites(verdict, seen, findings) };
  const ask = askText(verdict, seen, { resolver: resolvers[0], router, pmtu, mss: tls?.mssRetry?.worksWithMss, localFirewall: ids.includes('local-firewall'), acceptQueue: ids.includes('accept-queue-full'), localhostOnly: ids.includes('listening-localhost-only'), notListening: ids.includes('not-listening'), certificate: ['tls-untrusted', 'tls-expired', 'tls-name-mismatch'].some((id) => ids.includes(id)) });
  const error = errorText(seen);
  const held = holdIn(report);
  const facts = [...stepFacts(steps), ...(held ? [{ text: `hold: ${holdSeen(held)}`, cites: [{ hold: held.address }] }] : []), ...captureSentences(seen.conv)];
  const own = lessonsFor(verdict, ids);
  // The lesson about what failed comes first: pmtu, or what an open-but finding is about (handshake last).
  const lessons = pmtu ? ['pmtu', ...own.filter((l) => l !== 'pmtu')] : but ? [...own.filter((l) => l !== 'handshake'), 'handshake'] : own;
  const tlsTitle = verdict === 'tls-error' ? ids.map((id) => TLS_TITLE[id]).find(Boolean) : undefined;
  const boundTitle = verdict === 'refused' && ids.includes('listening-localhost-only') ? LOCALHOST_ONLY_TITLE : undefined;
  const title = pmtu ? PMTU_TITLE : (tlsTitle ?? but?.title ?? boundTitle ?? VERDICT_TITLE[verdict]);
  const story: Story = {
    verdict,
    ...(but ? { but: but.finding } : {}),
    title,
    cause,
    why: but?.why ?? whyText(verdict, timings.text, pmtu),
    whomToAsk: but ? { who: but.who, text: but.text, cites: [{ finding: but.finding }] } : { who: ask.who, text: ask.text, cites: cause.cites },
    summary: `${seen.hp}${seen.address !== seen.host ? ` (${seen.address})` : ''}: ${verdict}. ${firstSentence(cause.text)} Checked from ${seen.from} at ${seen.when}.`,
    when: seen.when,
    from: seen.from,
    error,
    perAddress: addresses,
    facts,
    advice: chooseAdvice({ verdict, seen, findings, self, resolvers, local: !ctx.via && isLocalTarget(seen.address), netns: ctx.netns, via: ctx.via }),
    timings,
    ticket: '',
    findings,
    lessons,
    lessonCommands: lessons.map((l) => shellLine([...self, 'learn', l])),
  };
  story.ticket = ticketText(story, seen, report);
  return story;
}

function firstSentence(text: string): string {
  const m = /^.*?[.!?](?=\s|$)/.exec(text);
  return m ? m[0] : text;
}

function isLocalTarget(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The ticket: what a network team needs to act, in plain text. */
function ticketText(story: Story, seen: Seen, report: CheckReport): string {
  const addrs = report.target.addresses?.length ? report.target.addresses.join(', ') : seen.address;
  const lines = [
    `${seen.hp}: ${story.verdict} (${story.title})`,
    `When:    ${story.when}, checked from ${story.from}`,
    `Target:  ${seen.hp}, address${report.target.addresses?.length === 1 ? '' : 'es'} ${addrs}${story.perAddress.length > 1 ? ` (the verdict is about ${seen.address})` : ''}`,
    `Error:   ${story.error}`,
    `Cause:   ${story.cause.text}`,
    ...(story.perAddress.length > 1 ? ['Per address:', ...story.perAddress.map((a) => `  - ${a.detail.text}`)] : []),
    'Seen:',
    ...story.facts.map((f) => `  - ${f.text}`),
    ...(story.findings.length ? ['Findings:', ...story.findings.map((f) => `  - ${f.id}: ${f.text}`)] : []),
    ...(story.whomToAsk ? ['', story.whomToAsk.text] : []),
  ];
  return lines.join('\n');
}
