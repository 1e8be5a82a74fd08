/**
 * What the guide says about a verdict: its story (src/diagnosis/story.ts) in the guide's words
 * (title, meaning, why, what next, whom to ask, lessons), the follow-ups' labels, and how the
 * user's own words compare. The story decides every fact; this file only names the parts.
 */
import type { CheckReport, FindingId, Target, Verdict } from '../evidence.js';
import { FINDING_TEXT } from '../diagnosis/findings.js';
import type { Story } from '../diagnosis/story.js';
import { VERDICT_TITLE, whyText } from '../diagnosis/story-words.js';
import { storyOf } from './story-context.js';
import type { FollowUp } from './types.js';

export interface VerdictText {
  title: string;
  /** One or two sentences: what happened. */
  meaning: string;
  /** The deeper "why?": how TCP produces this. */
  why: string;
  /** What to check next, in order. */
  next: string[];
  /** Who can fix it and what to tell them. */
  ask: string;
  lessons: string[];
}

/** The guide's words for a story: its parts under the names the cards use. */
export function storyText(story: Story): VerdictText {
  return {
    title: story.title,
    meaning: story.cause.text,
    why: story.why,
    next: story.advice.map((a) => a.text),
    ask: story.whomToAsk?.text ?? '',
    lessons: story.lessons,
  };
}

/** What the guide says before any verdict (the connect step did not run). */
export const UNDECIDED_TEXT: VerdictText = {
  title: VERDICT_TITLE.undecided,
  meaning: 'The connect step was skipped or could not run, so there is nothing to judge the port by.',
  why: whyText('undecided', ''),
  next: ['Press r to run the check again, or type a new target.'],
  ask: 'Nothing to ask yet.',
  lessons: ['handshake'],
};

/**
 * A verdict's words without its evidence (a verdict named in a diagram, or a caller that holds no
 * steps): the story of a check that says only its verdict and findings. Prefer the report's own story.
 */
export function verdictText(verdict: Verdict | 'undecided', t: Pick<Target, 'host' | 'port'>, address = t.host, source?: string, findings: readonly FindingId[] = []): VerdictText {
  if (verdict === 'undecided') return UNDECIDED_TEXT;
  const report: CheckReport = {
    target: { host: t.host, port: t.port, addresses: [address], addressUsed: address },
    verdict,
    meaning: '',
    steps: [],
    findings: [...findings],
    details: findings.map((id) => ({ id, text: FINDING_TEXT[id] ?? id })),
    lessons: [],
    startedAt: new Date().toISOString(),
    durationMs: 0,
  };
  return storyText(storyOf(report, { from: source }));
}

/** Why the guide offers each follow-up, per verdict, shown in the choice list. */
export function followUpLabel(f: FollowUp, verdict: Verdict | undefined): string {
  switch (f) {
    case 'scan':
      return verdict === 'refused' ? 'Scan neighbouring and common ports (is it on another port?)' : 'Scan common ports (a host-wide firewall, or a rule for this port?)';
    case 'traceroute':
      return 'Traceroute (how far do packets get?)';
    case 'capture':
      return verdict === 'filtered' ? 'Capture packets (does the SYN leave? does anything return?)' : 'Capture packets (who sent the RST/FIN, and when?)';
    case 'sockets':
      return 'Look at this machine\'s listening sockets (is it LISTEN on 127.0.0.1 only?)';
    case 'tls':
      return 'Try the TLS handshake (the application step)';
  }
}

/** What the user said against what the guide found: agreement is reassuring, a mismatch is a clue. */
export function symptomNote(symptom: string | undefined, verdict: Verdict | 'undecided'): string | undefined {
  if (!symptom || verdict === 'undecided') return undefined;
  const expected: Record<string, Verdict[]> = {
    'times-out': ['filtered', 'unreachable'],
    refused: ['refused'],
    reset: ['reset', 'closed'],
    'tls-error': ['tls-error', 'reset'],
    slow: ['open'],
  };
  const words = symptom.replace('-', ' ');
  // A clean handshake rules out little for a slow transfer: loss and windows only show in its data.
  if (symptom === 'slow' && verdict === 'open') return 'You said it is slow: the handshake above shows the round trip, not what slows a transfer. Lost segments, a full receive window or a reader that stopped show only in a capture of the slow transfer itself (tcpdump while it runs, then analyze on the file).';
  if (expected[symptom]?.includes(verdict)) return `You said it ${words}: that matches what the network shows here.`;
  if (verdict === 'open') return `You said it ${words}, but from here the port answers: the problem may be intermittent, or depend on where the client runs (its network, its firewall, its DNS). Run the check from the client machine.`;
  return `You said it ${words}, but from here it is ${verdict}: the client may see a different path or address; the evidence above is what this machine sees.`;
}


