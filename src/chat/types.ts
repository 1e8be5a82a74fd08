/**
 * The chat's vocabulary: what a message is (Route), what the bot says back (Reply, plain data that
 * the terminal, the plain-text pipe and the JSON-lines pipe each render their own way), what the
 * conversation remembers (Thread), the machine's events, and what a UI reads from its snapshot.
 * Nothing here does I/O.
 */
import type { CheckReport, Target, Verdict } from '../evidence.js';
import type { Explanation } from '../explain/types.js';
import type { Symptom } from '../guide/types.js';
import type { AnswerResult, StartedDrill } from '../drill/index.js';
import type { DrillLevel } from '../drill/catalogue.js';
import type { ServerReport } from '../server/report.js';
import type { DrillAnswerWords } from './drill-phrases.js';
import type { WatchSummary } from '../series/types.js';
import type { FleetSummary, VantageReport } from '../vantage/types.js';

// ───────────────────────────── routing: what a message is ─────────────────────────────

/** Follow-ups about the thread ("scan it", "why?", "is it the firewall?"). */
export type FollowUpAction = 'scan' | 'capture' | 'traceroute' | 'tls' | 'again' | 'why' | 'firewall' | 'report' | 'stop' | 'watch' | 'hold' | 'from';

/** `/` commands: data, listed and completed from {@link SLASH_COMMANDS} (src/chat/commands.ts). */
export type SlashCommandName = 'learn' | 'lab' | 'scan' | 'capture' | 'report' | 'help' | 'clear' | 'quit' | 'drill' | 'server';

/** What the router decided a message is (src/chat/route.ts, a pure function). */
export type Route =
  /** A target in any phrasing: `db:5432`, "can't reach 10.0.0.5 on 443", `nc -vz db 5432`. */
  | {
      kind: 'target';
      target: Target;
      symptom?: Symptom;
      /** How it was written: `host:port`, `url`, `nc`, `psql`, `words`… */
      via: string;
      /** False: understood, but not sure enough to send packets unasked (a target inside prose): offer it. */
      act?: boolean;
    }
  /** A host with no port we can infer (`ping db`, "is db up?"): ask for the port. */
  | { kind: 'needs-port'; host: string; via: string }
  /** A pasted error message `explain` recognises. */
  | { kind: 'error'; text: string }
  /** A question for the lessons (`ask`); `lesson` is the one understand() chose, null when none covers it. */
  | { kind: 'question'; text: string; lesson?: string | null }
  /** A greeting, thanks, or something outside TCP: a short human reply, no lesson, nothing run. */
  | { kind: 'smalltalk'; intent: 'greeting' | 'thanks' | 'off-topic'; text: string }
  /**
   * A follow-up about the thread; `ports` is an nmap-style spec ("scan ports 1-1024" → `1-1024`),
   * `host` a host named in it ("scan 10.0.0.5", `nmap -p 22 db`) instead of the thread's.
   */
  | { kind: 'follow-up'; action: FollowUpAction; ports?: string; host?: string; /** A target the message names itself ("db:5432 works sometimes"), instead of the thread's. */ target?: Target; /** False: understood, but offered rather than run. */ act?: boolean; /** `from`: the vantage points (`check --from` words) or an inventory group. */ from?: { names: string[]; group?: string } }
  /** "teach me about ECN", "/learn ecn": a lesson (topic or lesson id, if named). */
  | { kind: 'lesson'; lesson?: string; /** The subject as typed, when no lesson id fits it. */ topic?: string }
  /** "quiz me", "quiz me on resets". */
  | { kind: 'quiz'; lesson?: string }
  /** An answer to the open quiz ("b", "2"). */
  | { kind: 'quiz-answer'; choice: number }
  /** "show me a SYN being dropped", "/lab drop": a lab scenario (id, if one fits). */
  | { kind: 'lab'; scenario?: string }
  /** A `/` command; `args` is the rest of the line. Unknown names route to `unknown`. */
  | { kind: 'command'; name: SlashCommandName; args: string }
  /** "yes", "ok", an empty Enter: accept the offer on the table. */
  | { kind: 'accept' }
  /** "no", "nope": decline the offer. */
  | { kind: 'decline' }
  /** "hang on", "give me a second": nothing runs, and whatever was on offer stays on offer. */
  | { kind: 'wait' }
  /** Recognisably meant as something but wrong (a port of 99999, an over-long message): say why. */
  | { kind: 'invalid'; reason: string }
  /** "give me a drill", "hint", "stop the drill", "check it" while a drill is open. */
  | { kind: 'drill'; action: 'start' | 'hint' | 'stop' | 'status' | 'check'; level?: DrillLevel; harder?: boolean; easier?: boolean }
  /** An answer to the open drill, read from words ("it's filtered, a firewall…, ask the network team"). */
  | { kind: 'drill-answer'; answer: DrillAnswerWords; text: string }
  /** The server-side checklist for a port on this host ("is anything listening on 5432 here?"). */
  | { kind: 'server'; port: number }
  /** "check from the server side too": a two-sided check of the thread's target over ssh. */
  | { kind: 'server-side'; destination?: string }
  /** Nothing we understand: answer with examples that work. */
  | { kind: 'unknown'; text: string };

export type RouteKind = Route['kind'];

// ───────────────────────────── replies: what the bot says ─────────────────────────────

/** A likely next step, shown as a numbered chip; choosing it sends `message` as if typed. */
export interface Suggestion {
  label: string;
  message: string;
}

/** Offered by a reply, taken by "yes"/Enter (`user.accept`). */
export type Offer =
  | { kind: 'check'; target: Target; symptom?: Symptom }
  | { kind: 'lab'; scenario: string }
  | { kind: 'ask-target' }
  /** A scan, capture or traceroute asked for while every check is an offer (`chat --no-auto-check`). */
  | { kind: 'follow-up'; route: Extract<Route, { kind: 'follow-up' }> };

/** The `scan --json` object (src/scan/format.ts scanJson). */
export interface ScanJson {
  host: string;
  address: string;
  ports: Array<{ port: number; state: 'open' | 'closed' | 'filtered'; reason: string; rttMs: number | null }>;
  durationMs: number;
}

/** Fields every reply may carry besides its own data. */
interface ReplyBase {
  /** One or two sentences in plain words (the plain renderer leads with it). */
  text?: string;
  /** What "yes"/Enter would do next, if anything. */
  offer?: Offer;
}

/** A finished check: the `check --json` report, flattened (`target`, `verdict`, `findings`, `steps`, `lessons`…). */
export type CheckReply = ReplyBase & { kind: 'check' } & CheckReport;
/** A pasted error explained: `explain --json`'s fields (`class`, `host`, `port`, `tool`, `causes`…). */
export type ExplainReply = ReplyBase & { kind: 'explain' } & Explanation;
/** A question answered from the lessons: `ask --json`'s fields plus where to read on. */
export interface AnswerReply extends ReplyBase {
  kind: 'answer';
  topic: string | null;
  lesson: string | null;
  section: string | null;
  answer: string | null;
  related: { lesson: string; section: string }[];
  /** `tcpsleuth learn LESSON` */
  learnMore?: string;
}
/** Many checks of one target over time (`watch --json`'s summary): shares, quantiles, findings. */
export type WatchReply = ReplyBase & { kind: 'watch'; text: string; lines: string[] } & WatchSummary;
/** The same check from other machines (`check --from`): every vantage point's report, the difference, the table's lines. */
export type FromReply = ReplyBase & { kind: 'from'; target: string; reports: VantageReport[]; summary: FleetSummary; lines: string[]; /** The command that does the same. */ command: string };
/** A port scan: the `scan --json` object. */
export type ScanReply = ReplyBase & { kind: 'scan' } & ScanJson;
/** "why?": the last verdict in its own words and its own evidence. */
export interface WhyReply extends ReplyBase {
  kind: 'why';
  target: string;
  verdict: Verdict;
  meaning: string;
  /** How TCP produces this verdict (the guide's "why?"). */
  explanation: string;
  /** The steps and findings that decided it, in words. */
  evidence: string[];
  next: string[];
  lessons: string[];
}
/** "is it the firewall?": answered from the evidence gathered. */
export interface FirewallReply extends ReplyBase {
  kind: 'firewall';
  target: string;
  verdict: Verdict;
  /** `drop`: silently dropped · `reject`: a REJECT is possible (RST/port-unreachable) · `admin-prohibited`: a firewall said so · `local-firewall`: this machine's rules · `not-firewall` · `unknown`. */
  likely: 'drop' | 'reject' | 'admin-prohibited' | 'local-firewall' | 'not-firewall' | 'unknown';
  answer: string;
  evidence: string[];
}
export interface TracerouteReply extends ReplyBase {
  kind: 'traceroute';
  target: string;
  outcome: string;
  summary: string;
  hops: Array<{ ttl: number; address: string | null; rttMs: number | null }>;
}
export interface CaptureReply extends ReplyBase {
  kind: 'capture';
  target: string;
  outcome: string;
  summary: string;
  findings: { id: string; text: string }[];
  /** What the transfers in the capture show, or why there was none to judge. */
  transfers?: string;
  /** The fix when capture is unavailable (not root, no tcpdump). */
  fix?: string;
}
export interface LessonReply extends ReplyBase {
  kind: 'lesson';
  lesson: string;
  title: string;
  topics: string[];
  minutes: number;
  /** The lesson's opening prose, plain text. */
  summary: string;
  command: string;
}
export interface QuizReply extends ReplyBase {
  kind: 'quiz';
  lesson: string;
  /** Which quiz of the lesson (0-based), so an answer can be graded. */
  index: number;
  question: string;
  choices: string[];
  /** Set once answered: was it right, the right choice (0-based) and why. */
  answered?: { choice: number; correct: boolean; answer: number; why: string };
}
export interface LabReply extends ReplyBase {
  kind: 'lab';
  scenario: string;
  title: string;
  lesson: string;
  /** The check as a learner would type it. */
  command?: string;
  expected?: Verdict;
  /** The check against the fault, when it ran. */
  report?: CheckReport;
  /** Why it could not run (needs root, unsupported…) and how to get it. */
  reason?: string;
  /** Listing only: the scenarios to choose from. */
  scenarios?: { id: string; title: string; needsRoot: boolean }[];
}
export interface ReportReply extends ReplyBase {
  kind: 'report';
  /** The file written, when the report writer ran. */
  file?: string;
  /** The command that writes it (`tcpsleuth check TARGET --report FILE.md`). */
  command: string;
}
export interface HelpReply extends ReplyBase {
  kind: 'help';
  text: string;
  commands: { name: string; description: string }[];
  examples: string[];
}
export interface UnknownReply extends ReplyBase {
  kind: 'unknown';
  text: string;
  examples: string[];
}
/** A greeting, thanks or an off-topic message answered in a sentence (`examples` only the first time). */
export interface SmalltalkReply extends ReplyBase {
  kind: 'smalltalk';
  intent: 'greeting' | 'thanks' | 'off-topic';
  text: string;
  examples: string[];
}
/** The bot asks for something it needs (a target, a port). */
export interface PromptReply extends ReplyBase {
  kind: 'prompt';
  text: string;
  need: 'target' | 'port' | 'ssh' | 'confirm';
}
/**
 * A drill: started (`action: 'start'`, the `drill start --json` fields), shown again (`status`), a
 * hint (`hint`, `hintsTaken`, `left`), stopped (`stopped`: the ids ended), or the check of its
 * target from a namespace the chat cannot enter (`command` to run instead).
 */
export type DrillReply = ReplyBase &
  { kind: 'drill'; action: 'start' | 'status' | 'hint' | 'stop' | 'check'; text: string } & Partial<StartedDrill> & {
    hint?: string | null;
    hintsTaken?: number;
    left?: number;
    stopped?: string[];
    /** The investigate argv as one line, when the chat cannot run it itself. */
    command?: string;
  };
/** A graded drill answer: the `drill answer --json` fields (`verdict`/`cause`/`ask` each `{ correct, expected }`, `score`, `evidence`, `lesson`…). */
export type DrillResultReply = ReplyBase & { kind: 'drill-result'; text: string } & AnswerResult;
/** The server-side checklist: the `server PORT --json` fields (`port`, `host`, `ok`, `findings`, `lessons`, `facts`). */
export type ServerReply = ReplyBase & { kind: 'server'; text: string } & ServerReport;
/** Something could not be done: a bad target, a missing tool, an internal failure (never a stack). */
export interface ErrorReply extends ReplyBase {
  kind: 'error';
  text: string;
  /** How to fix it, when known. */
  fix?: string;
}
export interface StoppedReply extends ReplyBase {
  kind: 'stopped';
  text: string;
  /** What was stopped (`check`, `scan`…), or null when nothing was running. */
  what: string | null;
}
/** A short acknowledgement ("no" to an offer): nothing ran. */
export interface AckReply extends ReplyBase {
  kind: 'ack';
  text: string;
}
/** `/clear` and `/quit`: the UI acts on them (the pipe prints a line). */
export interface ControlReply extends ReplyBase {
  kind: 'clear' | 'quit';
  text: string;
}

export type Reply =
  | CheckReply
  | ExplainReply
  | AnswerReply
  | ScanReply
  | WatchReply
  | FromReply
  | WhyReply
  | FirewallReply
  | TracerouteReply
  | CaptureReply
  | LessonReply
  | QuizReply
  | LabReply
  | ReportReply
  | HelpReply
  | UnknownReply
  | SmalltalkReply
  | PromptReply
  | ErrorReply
  | StoppedReply
  | AckReply
  | ControlReply
  | DrillReply
  | DrillResultReply
  | ServerReply;

export type ReplyKind = Reply['kind'];

// ───────────────────────────── the thread ─────────────────────────────

/** What the conversation remembers, so "scan it", "why?" and "again" mean what a person means. */
export interface Thread {
  target?: Target;
  symptom?: Symptom;
  /** The last finished check. */
  report?: CheckReport;
  /** A watch or capture that came after the last check: "why?" is about it. */
  overTime?: WatchReply | CaptureReply;
  /** The last scan of the target's host ("is it the firewall?" reads it: one port silent, or all). */
  scan?: ScanJson;
  /** The last pasted error explained. */
  explain?: Explanation;
  /** The last lesson shown or answered from. */
  lesson?: string;
  /** The open quiz question, waiting for a choice. */
  quiz?: QuizReply;
  /** What "yes"/Enter would run now. */
  offer?: Offer;
  /** A host named without a port, waiting for one ("ping db" → "which port?"). */
  hostWithoutPort?: string;
  /** The drill the chat started and that is still up ("check it", "hint", an answer refer to it). */
  drill?: ThreadDrill;
  /** The level of the last drill (so "a harder drill" means one above it). */
  drillLevel?: DrillLevel;
  /** A target waiting for an ssh address to be checked from both sides. */
  serverSideFor?: Target;
  /** The examples of what the chat understands were shown once (small talk shows them only once). */
  shownExamples?: boolean;
}

/** The open drill, as the thread keeps it. */
export interface ThreadDrill {
  id: string;
  target: Target;
  level: DrillLevel;
  /** The lab's client namespace the target is checked from (namespace drills). */
  namespace?: string;
  /** The check as the learner would type it. */
  investigate: string[];
}

// ───────────────────────────── machine events and UI view ─────────────────────────────

export type ChatEvent =
  /** The user sent a message (typed, pasted as one piece, or a chip's message). */
  | { type: 'user.message'; text: string }
  /** Stop what is running (Esc, Ctrl-C during a check, "stop"). */
  | { type: 'user.cancel' }
  /** Enter on an empty box: take the offer on the table (same as typing "yes"). */
  | { type: 'user.accept' }
  /** Forget the transcript (`/clear`); the thread is kept. */
  | { type: 'user.clear' };

/** One entry of the conversation. */
export type TranscriptItem =
  | { id: number; role: 'user'; text: string; /** The whole message's lines (`text` may be cut). */ lines?: number }
  | { id: number; role: 'bot'; reply: Reply };

/** What runs now (one thing at a time; the input stays usable for "stop"). */
export interface RunningItem {
  id: number;
  /** `check`, `scan`, `traceroute`, `capture`, `lab`… */
  what: string;
  /** "checking 127.0.0.1:5432", "scanning db (50 ports)". */
  label: string;
}

/** The chat machine's context: everything a UI renders. */
export interface ChatContext {
  thread: Thread;
  /** Finished items, oldest first (render them in `<Static>`). */
  transcript: TranscriptItem[];
  running?: RunningItem;
  /** Likely next steps for the chips. */
  suggestions: Suggestion[];
  /** Next id for transcript items. */
  seq: number;
  /** Messages that arrived while something ran (answered in order once it finishes). */
  queue: string[];
  /** Replies produced so far (the pipe prints each exactly once, in order). */
  replies: number;
}
