/**
 * The story a report tells, until src/diagnosis/story.ts lands: the verdict's words from the
 * guide's one table (verdictText), per-address rows from `target.results`, and the ticket text
 * with the real time and error filled in. The report model reads only `ReportStory`, so swapping
 * this for `buildStory` changes no renderer.
 */
import type { CheckReport, Verdict } from '../evidence.js';
import { verdictText } from '../guide/explanations.js';
import { describeResult } from '../diagnosis/addresses.js';
import { formatHostPort } from '../target.js';

/** One address of the name and how its own check ended, in the verdict's vocabulary. */
export interface ReportAddress {
  address: string;
  outcome: string;
  summary?: string;
  /** The verdict is about this address. */
  used: boolean;
}

/** What a report takes from the story: every sentence about the verdict, derived once. */
export interface ReportStory {
  verdict: Verdict;
  /** `Reset: connected, then RST`. */
  title: string;
  /** One line: what happened. */
  cause: string;
  /** The deeper why. */
  why: string;
  /** Who can fix it, e.g. `the service owner (and the load-balancer team)`; absent when nobody need be asked. */
  whomToAsk?: string;
  /** The whole ask line, as the guide says it. */
  ask: string;
  /** Text to paste into a ticket, with the time and the error filled in. */
  ticket?: string;
  /** One line for a chat: target, verdict, cause, from where, when. */
  summary: string;
  perAddress: ReportAddress[];
  advice: string[];
}

export interface StoryContext {
  /** `vm (10.0.0.5)`: where the check ran from. */
  from: string;
  /** The start time as written in the report (its zone). */
  when: string;
}

/** The error a person would quote: the first failing step's code or reason. */
function theError(report: CheckReport): string | undefined {
  for (const s of report.steps) {
    if (s.outcome !== 'fail') continue;
    const ev = (s.evidence ?? {}) as { code?: string; authorizationError?: string; alert?: string };
    return s.reason ?? ev.authorizationError ?? ev.alert ?? ev.code ?? s.summary;
  }
  return undefined;
}

/** Each address the name resolved to and how it went (`target.results`, or the connect steps). */
function perAddress(report: CheckReport): ReportAddress[] {
  const t = report.target;
  const used = t.addressUsed;
  // The chosen address's outcome is the verdict (its handshake may have passed before a RST or a TLS failure).
  if (t.results?.length) return t.results.map((r) => ({ address: r.address, outcome: r.address === used ? report.verdict : r.verdict, summary: describeResult(r), used: r.address === used }));
  const seen = new Map<string, ReportAddress>();
  for (const s of report.steps.filter((x) => x.id === 'connect')) {
    const ev = s.evidence as { address?: string; result?: string } | undefined;
    if (ev?.address) seen.set(ev.address, { address: ev.address, outcome: ev.result ?? s.outcome, summary: s.summary, used: ev.address === used });
  }
  for (const a of t.addresses) if (!seen.has(a)) seen.set(a, { address: a, outcome: 'not tried', used: false });
  return [...seen.values()];
}

/** The report's story of a check, from the guide's words for its verdict. */
export function interimStory(report: CheckReport, ctx: StoryContext): ReportStory {
  const { host, port, addressUsed } = report.target;
  const words = verdictText(report.verdict, { host, port }, addressUsed ?? host, ctx.from, [], report.findings);
  const error = theError(report);
  const m = /^Ask (.+?): "(.*)"\.?$/.exec(words.ask);
  const ticket = m?.[2].replace(/<time>/g, ctx.when).replace(/<the error>/g, error ?? 'the error above');
  const where = addressUsed && addressUsed !== host ? ` (${addressUsed})` : '';
  const cause = report.meaning.split(/(?<=\.)\s/)[0];
  return {
    verdict: report.verdict,
    title: words.title,
    cause,
    why: words.why,
    whomToAsk: m?.[1],
    ask: words.ask,
    ticket: ticket && error && !ticket.includes(error) && report.verdict !== 'open' ? `${ticket} (${error})` : ticket,
    summary: `${formatHostPort(host, port)}${where}: ${report.verdict}. ${cause} Checked from ${ctx.from} at ${ctx.when}.`,
    perAddress: perAddress(report),
    advice: words.next,
  };
}
