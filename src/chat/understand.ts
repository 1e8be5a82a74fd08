/**
 * What a chat message is, with how sure the chat is of it: the one place that decides. The router
 * (route.ts) and the conversation machine act on this; nothing else reads intent from words.
 *
 * The readers run from the most certain to the least: an empty Enter or `/command`; a reply to an
 * offer (offer-replies.ts); a check asked for from other machines (vantage-words.ts); a pasted
 * client command line or a message that is only a target (these may start a check at once); a
 * follow-up read against the thread first (follow-ups.ts); a pasted error (explained, the check
 * offered; an error from above TCP is explained only); a command inside a story or a snippet
 * (offered); a target inside a sentence (run when the sentence is short and asks to reach it,
 * offered inside longer prose); greetings and thanks; a question (the lesson from lesson-words.ts,
 * or none); off-topic only when another subject is named (subjects.ts). Pure and fast: no I/O
 * beyond building the lessons' text model once.
 */
import type { Verdict } from '../evidence.js';
import { explainError as explainFresh } from '../explain/index.js';
import type { Explanation } from '../explain/types.js';
import type { ErrorClass } from '../explain/types.js';
import { cleanMessage, MAX_MESSAGE_CHARS, MAX_ROUTED_CHARS } from './clean.js';
import { readCommandLine } from '../explain/command-lines.js';
import { findCommand } from '../explain/commands-in-text.js';
import { readFollowUpWords, readThreadForm, symptomFollowUp, type FollowUpRead } from './follow-ups.js';
import { readOfferReply } from './offer-replies.js';
import { endsAskingUnspaced, greetingScore, looksPasted, reportsPrinted, startsAsking, thanksScore } from './intent-words.js';
import { commandWords, talk } from './talk-intent.js';
import { lessonOf } from './lesson-words.js';
import { readFollowUp } from './phrases.js';
import { asWritten } from './written-host.js';
import { readVantageAsk } from './vantage-words.js';
import { isHostish, readBannerTarget, readBareTarget, readTargetInSentence, type PhraseRead } from './target-phrases.js';

export interface ThreadFacts {
  lastTarget?: { host: string; port: number };
  lastVerdict?: Verdict;
  /** What the bot's last reply offered to do. */
  pendingOffer?: 'check' | 'scan' | 'capture' | 'watch' | 'hold' | 'lab' | 'drill';
}

export type Intent = 'target' | 'pasted-error' | 'question' | 'follow-up' | 'command' | 'greeting' | 'thanks' | 'off-topic' | 'unknown';

export interface Understanding {
  intent: Intent;
  /** 0..1; below the threshold the chat says what it did not understand and offers 2–3 closest things. */
  confidence: number;
  /** True only when the chat would start network traffic now, without asking. */
  act: boolean;
  /** The target named or resolved against the thread ("what about 8080" → last host, 8080). */
  target?: { host: string; port?: number };
  /** For pasted errors: 'dns-error'|'refused'|'filtered'|'reset'|'unreachable'|'tls-error'|'closed'|'above-tcp'|'other'. */
  errorClass?: string;
  /** The lesson id an answer would come from; undefined when no lesson covers it (honest "no lesson covers that yet"). */
  lesson?: string;
  /** `wait` ("hang on", "bear with me", "give me a second"): nothing runs and a pending offer stays open. */
  followUp?: 'why' | 'check' | 'again' | 'confirm' | 'decline' | 'cancel' | 'firewall' | 'scan' | 'capture' | 'watch' | 'hold' | 'report' | 'from' | 'wait';
  /** followUp `from`: the vantage points asked for (`check --from` words: local, an ssh alias or URL) or an inventory group. */
  from?: { names: string[]; group?: string };
}

let lastRead: { text: string; ex: Explanation } | undefined;
/** explain's reading of `text`, once per message (several readers ask for it). */
function explainError(text: string): Explanation {
  if (lastRead?.text !== text) lastRead = { text, ex: explainFresh(text) };
  return lastRead.ex;
}

/** Below this confidence nothing runs and the chat says what it did not understand. */
export const UNDERSTAND_THRESHOLD = 0.7;

/** A sentence longer than this is prose: a target inside it is offered, not checked. */
const SHORT_SENTENCE_WORDS = 16;

const ERROR_CLASS: Record<ErrorClass, string | undefined> = {
  refused: 'refused', timeout: 'filtered', reset: 'reset', unreachable: 'unreachable', dns: 'dns-error', tls: 'tls-error', closed: 'closed', other: 'other', unknown: undefined,
};

/** Follow-ups that send packets when taken. */
const SENDS: ReadonlySet<string> = new Set(['check', 'again', 'scan', 'capture', 'confirm', 'watch', 'hold', 'from']);

/** "Can't reach", "is … up", "check …": a sentence that asks to reach its target. */
const OPENER = /^(?:hi,?\s+|hey,?\s+|please,?\s+|pls\s+)?(?:is|are|can'?t|cannot|can not|i can'?t|i cannot|i'?m unable to|i am unable to|we can'?t|why can'?t|check|test|try|ping|probe|diagnose|troubleshoot|connect to|reach|see if|what'?s wrong with|what is wrong with|help me with|my app can'?t|app can'?t|the app can'?t|not able to)\b/i;

function fromTarget(read: PhraseRead, confidence: number, act: boolean): Understanding {
  if (read.kind === 'target') return { intent: 'target', confidence, act, target: { host: read.target.host, port: read.target.port } };
  if (read.kind === 'needs-port') return { intent: 'target', confidence: Math.min(confidence, 0.8), act: false, target: { host: read.host } };
  return { intent: 'target', confidence: 0.5, act: false };
}

function fromFollowUp(f: FollowUpRead, thread: ThreadFacts): Understanding {
  const confirmSends = f.followUp !== 'confirm' || thread.pendingOffer !== undefined;
  const hasTarget = f.followUp === 'confirm' ? thread.pendingOffer !== undefined : f.target !== undefined || f.followUp === 'scan';
  const act = SENDS.has(f.followUp) && confirmSends && hasTarget && f.confidence >= UNDERSTAND_THRESHOLD;
  return { intent: 'follow-up', confidence: f.confidence, act, followUp: f.followUp, ...(f.target ? { target: f.target } : {}) };
}

/** The chat's follow-up table's actions in the contract's words (traceroute and TLS have none: left out). */
const KNOWN: Partial<Record<string, Understanding['followUp']>> = { scan: 'scan', capture: 'capture', again: 'again', why: 'why', firewall: 'firewall', report: 'report', stop: 'cancel' };

function knownFollowUp(action: string, thread: ThreadFacts, line: string): Understanding {
  const last = thread.lastTarget;
  const followUp = KNOWN[action];
  // "tls" and "traceroute" re-check or trace the last target; "scan 10.0.0.5" names its own host.
  const confidence = last || thread.lastVerdict || /\bscan\s+\S+\.\S+/i.test(line) ? 0.9 : 0.6;
  const sends = ['scan', 'capture', 'again', 'traceroute', 'tls'].includes(action);
  return { intent: 'follow-up', confidence, act: sends && confidence >= UNDERSTAND_THRESHOLD, ...(followUp ? { followUp } : {}), ...(last && action !== 'scan' ? { target: last } : last ? { target: { host: last.host } } : {}) };
}

/** "Does it work from app-1?", "check db:5432 from all web servers": the check from other machines. */
function fromElsewhere(line: string, thread: ThreadFacts): Understanding | null {
  const ask = readVantageAsk(line);
  if (!ask) return null;
  const rest = ask.rest.replace(/^(?:(?:ok|okay|so|and|now|then|also|please|pls|what about|how about|same)[,.]?\s+)*(?:check|try|test|probe|run|does|did|is|can|could|will)?\s*/i, '');
  const named = readBareTarget(rest) ?? readTargetInSentence(ask.rest);
  const target = named?.kind === 'target' ? { host: named.target.host, port: named.target.port } : thread.lastTarget;
  const from = { names: ask.names, ...(ask.group ? { group: ask.group } : {}) };
  const confidence = target ? 0.9 : 0.6;
  return { intent: 'follow-up', confidence, act: Boolean(target) && confidence >= UNDERSTAND_THRESHOLD, followUp: 'from', from, ...(target ? { target } : {}) };
}

/** A pasted error: its class, the target it names, the lesson that explains it. Never acts. */
function fromError(text: string): Understanding | null {
  const ex = explainError(text);
  const errorClass = ex.aboveTcp ? 'above-tcp' : ERROR_CLASS[ex.class];
  if (!errorClass) return null;
  // A name that does not resolve has no port in its story: a port only the tool's default supplies is left out there.
  const named = ex.port && !(ex.class === 'dns' && ex.portSource === 'tool-default') ? ex.port : undefined;
  const target = ex.host ? { host: ex.host, ...(named ? { port: named } : {}) } : undefined;
  // The lesson: what a one-line error talks about ("EADDRINUSE after a restart" is TIME_WAIT), else explain's.
  const lesson = (!text.includes('\n') && text.length <= 300 ? lessonOf(text) : undefined) ?? ex.lessons[0];
  return { intent: 'pasted-error', confidence: ex.class === 'unknown' ? 0.8 : 0.9, act: false, errorClass, ...(target ? { target } : {}), ...(lesson ? { lesson } : {}) };
}

/** What a message is, given what the thread holds. The conversation machine acts on it. */
export function understand(message: string, thread: ThreadFacts = {}): Understanding {
  const u = asWritten(read(message, thread), message);
  // A target with a symptom over time: "db.internal:5432 works sometimes" is a watch of it, "…keeps
  // dropping after a while" a held connection, "…is slow" a capture.
  if (u.intent === 'target' && u.target?.port !== undefined && !message.includes('\n')) {
    const then = symptomFollowUp(message);
    if (then) return { ...u, followUp: then };
    // A command naming a target after a check ("ssh -T -p 443 git@ssh.github.com"): a check of it.
    if (thread.lastTarget && u.act) return { ...u, followUp: 'check' };
  }
  return u;
}

function read(message: string, thread: ThreadFacts): Understanding {
  if (message.length > MAX_MESSAGE_CHARS) return { intent: 'unknown', confidence: 1, act: false };
  const text = cleanMessage(message).trim();
  if (text.length > MAX_ROUTED_CHARS) return fromError(text) ?? { intent: 'unknown', confidence: 0.9, act: false };
  const pending = thread.pendingOffer !== undefined;
  // A reply read by its form against the thread: it is over, why, a firewall, an explicit target.
  const form = text.includes('\n') ? null : readThreadForm(text, thread);
  if (form) return fromFollowUp(form, thread);
  if (text === '' || (text.startsWith('/') === false && readOfferReply(text, pending, thread.pendingOffer))) {
    const reply = readOfferReply(text, pending, thread.pendingOffer)!;
    // "ok thanks!", "perfect thank you" with nothing offered: thanks, not a yes.
    if (reply.followUp === 'confirm' && !pending && thanksScore(text) >= 0.6) return { intent: 'thanks', confidence: thanksScore(text), act: false };
    // "please check" with nothing on offer but a last target means: check it again.
    if (reply.followUp === 'confirm' && !thread.pendingOffer && thread.lastTarget && /\b(?:check|test|run)\b/i.test(text)) return fromFollowUp({ followUp: 'again', target: thread.lastTarget, confidence: 0.85 }, thread);
    if (reply.followUp === 'confirm' && !thread.pendingOffer) return { intent: 'follow-up', confidence: text === '' ? 0.9 : 0.5, act: false, followUp: 'confirm' };
    return fromFollowUp(reply, thread);
  }
  if (/^\/[a-z]*(?:\s|$)/i.test(text) && !text.includes('\n')) return { intent: 'command', confidence: 1, act: false };
  const multiLine = text.includes('\n');
  const line = text.replace(/\s+/g, ' ');
  let weakFollowUp: FollowUpRead | undefined;
  const vantage = multiLine ? null : fromElsewhere(line, thread);
  if (vantage) return vantage;

  // An error message that starts with a tool's name ("cURL error 7: …") is not a command line.
  // So is a command joined to what it printed (`Router#telnet 10.0.0.5 23 Trying 10.0.0.5 ... % Connection timed out`).
  const errorWords = explainError(text).class !== 'unknown' && (/\S: /.test(line) || /\s(?:Trying \S|% [A-Z])/.test(line));
  if (!multiLine && !errorWords) {
    const cmd = readCommandLine(line);
    if (cmd && cmd.kind !== 'scan' && !(cmd.kind === 'invalid' && explainError(text).class !== 'unknown')) return fromTarget(cmd, 0.95, true);
    if (cmd?.kind === 'scan') return { intent: 'follow-up', confidence: 0.9, act: true, followUp: 'scan', target: { host: cmd.host } };
    const bare = readBareTarget(line);
    if (bare) return fromTarget(bare, 0.95, true);
  }
  if (!multiLine) {
    const polite = Math.max(greetingScore(line), thanksScore(line));
    // The chat's own follow-up phrases ("scan it", "why?", "trace the route"): a follow-up even
    // with nothing in the thread yet (the chat then asks for a target; nothing runs).
    const known = readFollowUp(line);
    // "Why does it take so long to notice the peer died?" with no check yet asks about a subject.
    const ownQuestion = known?.action === 'why' && !thread.lastTarget && !thread.lastVerdict && line.split(' ').length > 4 && lessonOf(line) !== undefined;
    if (known && polite < 0.8 && !ownQuestion) return knownFollowUp(known.action, thread, line);
    // A pasted error line is no follow-up, even when its clauses name the last target's port.
    const follow = polite >= 0.8 || (errorWords && line.length > 60) ? null : readFollowUpWords(line, thread);
    // With nothing in the thread to refer to, follow-up words only count when nothing else fits.
    if (follow && (follow.confidence >= UNDERSTAND_THRESHOLD || thread.lastTarget || thread.lastVerdict)) return fromFollowUp(follow, thread);
    const command = commandWords(line);
    if (command) return command;
    weakFollowUp = follow ?? undefined;
  }

  const pastedError = fromError(text);
  // "my app can't connect to redis on port 6379": a person asking to reach a target, in a short
  // sentence (not a server's answer from above TCP: "cannot send … to "H": host [agent] not found").
  if (!multiLine && !errorWords && pastedError?.errorClass !== 'above-tcp' && OPENER.test(line) && line.split(' ').length <= SHORT_SENTENCE_WORDS) {
    const sentence = readTargetInSentence(line);
    if (sentence?.kind === 'target') return fromTarget(sentence, 0.85, true);
    if (sentence?.kind === 'needs-port') return fromTarget(sentence, 0.8, false);
  }
  // An error's own words: a message in Title Case ("HTTP Server Gave HTTP Response to HTTPS Client"),
  // or a browser's code quoted in a sentence ("… the 'DNS_PROBE_FINISHED_NXDOMAIN' error occurs").
  const titled = !multiLine && !/\b(?:What|How|Why|When|Which|Where|vs)\b|:/.test(line) && /^(?:[A-Z][\w'-]*\s+(?:(?:to|of|the|a|an|by|for|in|on)\s+)?){4,}[A-Z][\w'-]*[.!]?$/.test(line);
  const quotedCode = /['"‘“`][A-Z][A-Z0-9]*(?:_[A-Z0-9]+){2,}['"’”`]/.test(line);
  const pasted = multiLine || looksPasted(text) || errorWords || (pastedError !== null && (titled || quotedCode));
  // A question, or a person describing their problem in prose, is not a paste of the error itself.
  const toolPrefix = /^[\w.-]{1,40}: /.test(line);
  const howDo = /^(?:how (?:do|can|should|to)|why|what (?:does|is|should)|any idea)\b/i.test(line) && line.length <= 200;
  // "I get the error ECONNRESET. Don't know why", "ECONNREFUSED from psql, what should I check first".
  const wondering = line.split(' ').length <= 25 && /\b(?:why|what should|how (?:do|can|to)|any idea|what does (?:it|this|that) mean)\b/i.test(line) && !pastedError?.target;
  const asking = !multiLine && line.length <= 300 && !toolPrefix && ((startsAsking(line) && (!pasted || /\?$/.test(line))) || (endsAskingUnspaced(line) && !pastedError?.target) || howDo || wondering);
  // "pveproxy logs show SSL routines::record layer failure at …": a sentence that reports what a log or tool printed.
  const reported = reportsPrinted(line) && explainError(text).class !== 'unknown';
  // …told by a person (I, my, we, you): an error's own sentence speaks of no one ("The remote certificate is invalid…").
  const person = /\b(?:i|i'm|i've|i'd|my|we|we're|our|me|us|you|your|anyone|someone|somebody)\b/i.test(line);
  const prose = !pasted && !reported && person && pastedError?.errorClass !== 'above-tcp' && line.length <= (/^i(?:'ve| have| was| am|'m)\b/i.test(line) ? 600 : 300) && line.split(' ').length >= 7 && /^[a-z]/i.test(line) && lessonOf(line, { textAlone: false }) !== undefined && !pastedError?.target && explainError(text).tool === null;
  const question = asking || prose;
  // Advice that names a command ("Check … or run `curl -I https://registry.npmjs.org/` — if it resets…"):
  // the command's target is offered; the error words are what it might show.
  if (pastedError && !multiLine && /^(?:check|run|try|use|test|verify)\b/i.test(line) && /[`“"]/.test(line)) {
    const found = findCommand(text);
    if (found?.read.kind === 'target' && !found.whole) return fromTarget(found.read, 0.8, false);
  }
  if (pastedError && !question) return pastedError;
  // A command inside a story, a snippet or a question ("If I run > telnet db 1433 <, does this
  // connect?", "…nc -zv db-server-01 5432"): what it names is offered; the command alone is run.
  if (!pastedError) {
    const found = findCommand(text);
    if (found?.read.kind === 'target') return fromTarget(found.read, found.whole ? 0.95 : 0.8, found.whole);
  }
  // "why is my connection to db:5432 refused?": a short question about one target is about reaching it.
  if (question && !multiLine && line.split(' ').length <= SHORT_SENTENCE_WORDS) {
    const sentence = readTargetInSentence(line);
    if (sentence?.kind === 'target' && /\S:\d{1,5}\b|\bport \d{1,5}\b|\bon \d{1,5}\b/i.test(line)) return fromTarget(sentence, 0.8, true);
  }
  if (pastedError && question) {
    // "what does ECONNRESET mean?": a question, answered from the lesson its class names.
    const lesson = lessonOf(line) ?? pastedError.lesson;
    return { intent: 'question', confidence: 0.85, act: false, ...(lesson ? { lesson } : {}) };
  }

  if (!multiLine) {
    const sentence = readTargetInSentence(line);
    if (sentence?.kind === 'target') {
      const short = line.split(' ').length <= SHORT_SENTENCE_WORDS && !/[.!?]\s+\S/.test(line.replace(/[?!.]+$/, ''));
      const asks = OPENER.test(line) || /\b(?:up|down|reachable|open|listening|responding|refus\w*|time[sd]? ?out|timing out|hangs?|reset|works? sometimes|sometimes|intermittent\w*|keeps? (?:dropping|disconnecting)|drops?|slow)\b/i.test(line);
      return fromTarget(sentence, short && asks ? 0.85 : 0.6, short && asks);
    }
    // A host with no port inside a long story about a subject ("…even on localhost, 200 ms…") is the story's setting.
    const story = line.split(' ').length > SHORT_SENTENCE_WORDS && lessonOf(line) !== undefined;
    if (sentence?.kind === 'needs-port' && isHostish(sentence.host) && !story) return fromTarget(sentence, 0.75, false);
  } else {
    // A paste nobody's reader knows: a login prompt under the port it answered on, or a line that is a target alone, may still be meant (offered).
    const banner = readBannerTarget(text);
    if (banner?.kind === 'target') return fromTarget(banner, 0.6, false);
    for (const l of text.split('\n', 40)) {
      const read = readBareTarget(l.trim());
      if (read?.kind === 'target') return fromTarget(read, 0.6, false);
    }
  }
  const said = talk(line);
  // "it works sometimes" with nothing in the thread: a follow-up about a target not named yet (the chat asks for it).
  const aboutIt = /^(?:(?:but|and|so|ok|now)\s+)?(?:it|this|that)\b/i.test(line) && line.split(' ').length <= 8;
  if (weakFollowUp && (said.intent === 'unknown' || (said.intent === 'off-topic' && aboutIt))) return fromFollowUp(weakFollowUp, thread);
  return said;
}
