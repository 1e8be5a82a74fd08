/**
 * What people type around a drill and the server side: "give me a drill", "hint", "stop the
 * drill", an answer in words ("it's filtered, a firewall on the server drops the SYN, ask the
 * network team"), "is anything listening on 5432 here?", "check from the server side too" and the
 * ssh address that follows. Pure and table-tested (test/chat/drill-phrases.test.ts).
 */
import { VERDICTS, type Verdict } from '../evidence.js';
import { CAUSES, causeChoices, type Asker, type CauseId, type DrillLevel } from '../drill/catalogue.js';

export type DrillAction = 'start' | 'hint' | 'stop' | 'status' | 'check';

/** A drill request; `level` when one was asked for ("a harder drill" is one above the last). */
export interface DrillAsk {
  action: DrillAction;
  level?: DrillLevel;
  /** "a harder drill" / "an easier one": relative to the drill before. */
  harder?: boolean;
  easier?: boolean;
}

const clean = (m: string) => m.trim().replace(/[?!.]+$/, '').replace(/\s+/g, ' ').toLowerCase();

const LEVEL_WORDS: Record<string, DrillLevel> = { '1': 1, one: 1, easy: 1, beginner: 1, '2': 2, two: 2, medium: 2, '3': 3, three: 3, hard: 3, expert: 3 };

const START = /^(?:(?:please |can you |could you |now )?(?:give|get|set|throw|hand) (?:me |us )?(?:up )?(?:a |an |another |one more |some |new |the )*(?:(?:harder|easier|tougher|simpler|new|another|random|practice|helpdesk|troubleshooting|level \w+|easy|medium|hard|expert|beginner) )*(?:drills?|exercises?|challenges?|tickets? to solve|practice tickets?)(?: (?:at |on )?level \w+)?|drill me(?: (?:at |on )?level \w+)?|(?:i want|i'?d like|let'?s do|let me (?:do|try)|start|begin|new|another|one more|run|do) (?:to (?:do |practi[cs]e with |try )?)?(?:a |an |another |one more |the )?(?:(?:harder|easier|tougher|simpler|new|random|practice|level \w+|easy|medium|hard) )*drill(?: (?:at |on )?level \w+)?|(?:a |an )?(?:harder|easier|tougher|simpler|another|new) (?:drill|one)|drill|practi[cs]e (?:drill|on a broken (?:setup|connection))|let me practi[cs]e(?: troubleshooting)?)$/;

/**
 * A request to start, check, hint, stop or show a drill, or null. With no drill open, only a start
 * counts ("drill down into the logs" is not one); the others need the drill in the thread.
 */
export function readDrillAsk(message: string, drillOpen: boolean): DrillAsk | null {
  const t = clean(message).replace(/^(?:please|pls|ok|okay|now),? /, '').replace(/,? (?:please|pls|now|then)$/, '');
  if (t.length > 100) return null;
  if (drillOpen) {
    if (/^(?:hint|a hint|another hint|more hints?|(?:give me |can i (?:get|have) |i need |i'?d like )(?:a |another )?(?:hint|clue)(?: please)?|clue|help me(?: out)?|i'?m stuck|stuck|nudge|any hints?)$/.test(t)) return { action: 'hint' };
    if (/^(?:(?:stop|end|quit|cancel|abort|abandon|give up on|tear down|kill|finish) (?:the |this |my )?(?:drill|exercise|fault)|i give up|give up|drill stop)$/.test(t)) return { action: 'stop' };
    if (/^(?:(?:drill )?status|(?:show|repeat) (?:me )?(?:the |my )?(?:ticket|drill)|what (?:was|is) the ticket|the ticket|ticket|what were the (?:choices|causes)|(?:show|list) (?:the )?(?:choices|causes))$/.test(t)) return { action: 'status' };
    if (/^(?:check it|check the target|check (?:the )?(?:drill|ticket)(?:'s)? target|investigate(?: it)?|test it|(?:check|test|try) (?:the )?(?:server|service|app|connection|db|database)|check|start investigating|run the check)$/.test(t)) return { action: 'check' };
  }
  if (/^drill (?:down|into|through|in|a hole|holes)\b/.test(t) || /\bdrill(?:ing|ed)? (?:down|into|through)\b/.test(t)) return null;
  if (!START.test(t)) return null;
  const level = /\blevel (\w+)\b/.exec(t)?.[1] ?? /\b(easy|beginner|medium|hard|expert)\b/.exec(t)?.[1];
  const ask: DrillAsk = { action: 'start' };
  if (level && LEVEL_WORDS[level]) ask.level = LEVEL_WORDS[level];
  if (/\b(?:harder|tougher)\b/.test(t)) ask.harder = true;
  if (/\b(?:easier|simpler)\b/.test(t)) ask.easier = true;
  return ask;
}

/** `/drill` arguments: `1|2|3`, `hint`, `stop`, `status`, `check`, `answer …`, `harder`. */
export function readDrillCommand(args: string): DrillAsk | { answer: string } | { invalid: string } {
  const a = args.trim().toLowerCase();
  if (a === '' || a === 'start' || a === 'new') return { action: 'start' };
  const lvl = /^(?:start\s+)?(?:--level\s+|level\s+)?([123])$/.exec(a);
  if (lvl) return { action: 'start', level: Number(lvl[1]) as DrillLevel };
  if (a === 'harder') return { action: 'start', harder: true };
  if (a === 'easier') return { action: 'start', easier: true };
  if (a === 'hint' || a === 'stop' || a === 'status' || a === 'check') return { action: a };
  if (/^answer\b/.test(a)) return { answer: args.trim() };
  return { invalid: `/drill takes 1, 2 or 3 (the level), hint, check, status, stop, or answer VERDICT CAUSE WHO: "${args.trim()}" is none of them` };
}

// ─────────────────────────────── answers in words ───────────────────────────────

/** What an answer in words says; any part may be missing. */
export interface DrillAnswerWords {
  verdict?: Verdict;
  cause?: CauseId;
  ask?: Asker;
}

/** Verdicts as people say them. Longest first so "timed out" wins over "out". */
const VERDICT_WORDS: ReadonlyArray<[RegExp, Verdict]> = [
  [/\bdns[- ]?error\b|\bdns (?:fails|failure|problem)\b|\bnxdomain\b|\bname (?:does not|doesn'?t) resolve\b/, 'dns-error'],
  [/\btls[- ]?error\b|\btls (?:fails|failure|problem)\b|\bhandshake fails\b/, 'tls-error'],
  [/\bunreachable\b|\bno route\b/, 'unreachable'],
  [/\brefused\b|\brefuses\b|\bconnection refused\b/, 'refused'],
  [/\bfiltered\b|\btimes? out\b|\btimed out\b|\btimeout\b|\bhangs?\b|\bdropped\b/, 'filtered'],
  [/\breset\b|\bresets\b|\brst\b/, 'reset'],
  [/\bclosed\b|\bcloses\b/, 'closed'],
  [/\bopen\b|\bworks\b|\bnothing wrong\b/, 'open'],
];

/** Who to ask, as people say it. */
const ASK_WORDS: ReadonlyArray<[RegExp, Asker]> = [
  [/\bnetwork(?:ing)?(?:[- ]team| people| guys| folks| admins?| engineers?| ops)?\b|\bnetops\b/, 'network-team'],
  [/\bsecurity(?:[- ]team| people| guys| folks)?\b|\bsecops\b|\binfosec\b|\bsoc\b/, 'security-team'],
  [/\bservice[- ]owners?\b|\b(?:app|application|service|dev|development|db|database)(?:[- ]team| owners?| people| devs?)\b|\bdevelopers?\b|\bowners?\b/, 'service-owner'],
];

/** The short form's last word: `service`, `owner`, `network`, `security`, or a whole id. */
const SHORT_ASK: Record<string, Asker> = { service: 'service-owner', owner: 'service-owner', app: 'service-owner', network: 'network-team', net: 'network-team', security: 'security-team', sec: 'security-team' };

const STOP_WORDS = new Set('a an the on of to is it its it\'s and or but its that this with by in at for from so i think we they be are was has have then once once its their its my our'.split(' '));
/** Crude stemming: enough that "drops"/"dropping"/"dropped" and "listens"/"listening" meet. */
const stem = (w: string) => w.replace(/(?:ing|ed|es|s)$/, '').replace(/'s$/, '');
const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, ' ').split(' ').filter((w) => w && !STOP_WORDS.has(w)).map(stem);

/** Words that decide between close causes ("server" vs "client", "reject" vs "drop"). */
const CAUSE_HINTS: ReadonlyArray<[RegExp, CauseId]> = [
  [/\b(?:nothing|no one|nobody|no service|not) (?:is )?listen|\bservice (?:is )?(?:down|not running|stopped|dead)\b|\bnot running\b|\bwrong port\b/, 'not-listening'],
  [/\b(?:localhost|127\.0\.0\.1|loopback)\b/, 'localhost-only'],
  [/\bsyn[- ]?ack\b/, 'syn-ack-lost'],
  [/\bpmtu\b|\bmtu\b|\btoo big\b|\blarge packets\b/, 'pmtu-blackhole'],
  [/\bsyn[- ]flood\b|\bsyn queue\b/, 'syn-flood'],
  [/\baccept queue\b|\bbacklog\b|\bnever accepts\b|\bhung\b/, 'accept-queue-full'],
  [/\bclose[_ -]?wait\b|\bnever closes\b|\bleak/, 'close-wait-leak'],
  [/\bload[- ]?balancer\b.*\btls\b|\btls\b.*\bload[- ]?balancer\b/, 'lb-tls-reset'],
  [/\bmiddlebox\b.*\b(?:rst|reset)|\bforge[sd]?\b|\bforged\b|\binject/, 'middlebox-rst'],
  [/\becn\b.*\bstrip|\bstrip\w*\b.*\becn\b/, 'ecn-strip'],
  [/\becn\b/, 'ecn-blackhole'],
  [/\bnxdomain\b|\bdoes(?:n'?t| not) exist in dns\b/, 'dns-nxdomain'],
  [/\bresolver\b|\bdns (?:server )?(?:does(?:n'?t| not) answer|times? out|down)\b/, 'dns-no-answer'],
  [/\bno route\b|\brouting table\b/, 'no-route'],
  [/\b(?:client|my|our|local|outgoing|outbound|egress)\b.*\bfirewall\b|\bfirewall\b.*\b(?:on the client|outgoing|outbound|egress)\b/, 'local-firewall'],
  [/\bfirewall\b.*\b(?:icmp|on the way|in between|between|path|router)\b|\b(?:icmp|router)\b.*\bfirewall\b|\badmin(?:istratively)?[- ]prohibited\b|\bport[- ]unreachable\b/, 'path-firewall-reject'],
  [/\bfirewall\b.*\b(?:reject|rejects|rejecting|reset|rst)\b|\b(?:reject|rejects)\b.*\bfirewall\b/, 'server-firewall-reject'],
  [/\bfirewall\b.*\b(?:drop|drops|dropping|eat|blocks|silently)\b|\b(?:drop|drops)\b.*\bfirewall\b|\bfirewall\b/, 'server-firewall-drop'],
  [/\b(?:app|application|service|server)\b.*\b(?:reset|resets|rst)\b/, 'app-resets'],
  [/\b(?:app|application|service|server)\b.*\bcloses?\b/, 'app-closes'],
];

/**
 * The cause a phrase means: a number from the list, an id, words close to a choice, or a phrase
 * with the words that tell causes apart. undefined when nothing fits well enough.
 */
export function readCauseWords(phrase: string): CauseId | undefined {
  const t = phrase.trim().toLowerCase();
  const choices = causeChoices();
  if (/^\d{1,2}$/.test(t)) return choices[Number(t) - 1]?.id;
  const byId = choices.find((c) => c.id === t);
  if (byId) return byId.id;
  // Close to a choice's own words (most of them present): the learner copied or paraphrased it.
  const mine = new Set(words(t));
  let best: { id: CauseId; share: number } | undefined;
  for (const c of choices) {
    const theirs = [...new Set(words(c.text.replace(/\(.*?\)/g, '')))];
    const share = theirs.filter((w) => mine.has(w)).length / theirs.length;
    if (!best || share > best.share) best = { id: c.id, share };
  }
  if (best && best.share >= 0.75) return best.id;
  for (const [re, id] of CAUSE_HINTS) if (re.test(t)) return id;
  return undefined;
}

const VERDICT_SET = new Set<string>(VERDICTS);

/**
 * An answer in words: "it's filtered, a firewall on the server drops the SYN, ask the network
 * team", or the short form "answer filtered 3 network". Returns null when the message does not
 * read as an answer (no verdict and no cause); parts it cannot read stay undefined.
 */
export function readDrillAnswer(message: string): DrillAnswerWords | null {
  const t = message.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t.length > 400) return null;
  const body = t.replace(/^(?:\/drill )?(?:my )?answer(?: is)?:?\s*/, '');
  const short = /^([a-z-]+)(?:\s+(\d{1,2}|[a-z]+(?:-[a-z]+)+))?(?:\s+([a-z-]+))?$/.exec(body);
  if (short && VERDICT_SET.has(short[1])) {
    const out: DrillAnswerWords = { verdict: short[1] as Verdict };
    if (short[2]) out.cause = readCauseWords(short[2]);
    if (short[3]) out.ask = SHORT_ASK[short[3].split('-')[0]] ?? ASK_WORDS.find(([re]) => re.test(short[3]))?.[1];
    return out;
  }
  // Words: split off the "ask …" part (the last clause starting with it) so the cause is read from the rest.
  const ASK_VERB = String.raw`(?:(?:and |so |then )?(?:i'?d |we should |you should |i would |i will |i'll |we'?d )?(?:ask|call|escalate(?: it)? to|hand (?:it )?(?:over )?to|send (?:it )?to|contact|ping|talk to|go to)\b)`;
  const askPart = new RegExp(String.raw`(?:^|,|;|\.|\s-\s|\s—\s|\s(?=and\s))\s*${ASK_VERB}(?:(?!,|;).)*$`).exec(body);
  let askText = askPart?.[0] ?? '';
  let rest = askPart ? body.slice(0, askPart.index) : body;
  let clauses = rest.split(/,|;| because | since | - | — /).map((s) => s.trim()).filter(Boolean);
  // "…, service owner" / "…, network team": a last clause that only names someone is the ask.
  const last = clauses.at(-1) ?? '';
  if (!askText && clauses.length > 1 && /^(?:(?:and|then|so) )?(?:the )?[a-z]+(?:[- ][a-z]+)?$/.test(last) && ASK_WORDS.some(([re]) => re.test(last))) {
    askText = last;
    clauses = clauses.slice(0, -1);
    rest = clauses.join(', ');
  }
  const ask = ASK_WORDS.find(([re]) => re.test(askText))?.[1];
  // The verdict from the first clause when it names one ("it's closed, … resets …" is closed).
  const verdict = VERDICT_WORDS.find(([re]) => re.test(clauses[0] ?? ''))?.[1] ?? VERDICT_WORDS.find(([re]) => re.test(rest))?.[1];
  // The cause: the clause after the verdict ("it's filtered, <cause>"), or the whole rest.
  const causeText = clauses.length > 1 ? clauses.slice(1).join(' ') : rest;
  const cause = readCauseWords(causeText) ?? (clauses.length > 1 ? readCauseWords(rest) : undefined);
  if (!verdict && !cause) return null;
  return { ...(verdict ? { verdict } : {}), ...(cause ? { cause } : {}), ...(ask ? { ask } : {}) };
}

/** Does the message set out to answer ("answer …", "it's filtered…", "I think it's …")? */
export function soundsLikeAnswer(message: string): boolean {
  const t = message.trim().toLowerCase();
  if (/^(?:\/drill )?(?:my )?answer\b/.test(t)) return true;
  if (/\?\s*$/.test(t)) return false;
  return /^(?:it'?s|it is|i think|i'?d say|my guess|the verdict is|verdict:?|the cause is|cause:?|looks like|seems|the port is|the connection is|the server|a firewall|the firewall|the service|the app|the syn)\b/.test(t) || (VERDICT_SET.has(t.split(/[\s,]/)[0]) && t.includes(','));
}

/** Exported for the help text: the causes in order (the same list for every drill). */
export const CAUSE_COUNT = Object.keys(CAUSES).length;

// ─────────────────────────────── the server side ───────────────────────────────

const PORT = String.raw`(?:port\s+)?:?(\d{1,6})`;
const SERVER_ASKS: readonly RegExp[] = [
  new RegExp(String.raw`^(?:(?:is )?(?:any ?thing|something|any ?one|any process|a process|a service|anybody|who|what|which process|what process|which service|what service)(?: is)? (?:listening|listen|bound|running)(?: on)? ${PORT}(?: (?:here|on this (?:host|machine|server|box)|locally|on the server|right now|now))*)$`),
  new RegExp(String.raw`^(?:(?:run |show )?(?:the )?server[- ]side(?: checklist)?(?: (?:for|of|on))? ${PORT}(?: here)?|(?:check|run|show)(?: me)? (?:the )?server[- ]side(?: checklist)? (?:for|of|on) ${PORT}(?: here)?|server(?: checklist)? ${PORT})$`),
  new RegExp(String.raw`^(?:does )?(?:this (?:host|machine|server|box)|the server) (?:listen|listens|listening) on ${PORT}$`),
];

/** "is anything listening on 5432 here?", "check the server side of port 5432" → the port; null otherwise. */
export function readServerAsk(message: string): { port: string } | null {
  const t = clean(message);
  if (t.length > 120) return null;
  for (const re of SERVER_ASKS) {
    const m = re.exec(t);
    if (m) return { port: m.slice(1).find((g) => g !== undefined)! };
  }
  return null;
}

/** "check from the server side too", "both sides": a two-sided check of the thread's target (optionally naming the ssh address). */
export function readServerSideFollowUp(message: string): { destination?: string } | null {
  const t = message.trim().replace(/[?!.]+$/, '').replace(/\s+/g, ' ');
  const m = /^(?:(?:check|test|look|run it|try|see it|run the check)(?: it)? from (?:the )?(?:server(?:'s)?[- ]side|server|other (?:side|end)|both (?:sides|ends))(?: too| as well)?|(?:check )?both (?:sides|ends)(?: too)?|(?:check )?the server side(?: too| as well)?|two[- ]sided(?: check)?)(?:\s+(?:via|over|with|through|at|on)?\s*(\S+))?$/i.exec(t);
  if (!m) return null;
  return m[1] ? { destination: m[1] } : {};
}

/** An ssh address typed after we asked for one: `ssh://user@host[:port]`, `user@host`, `host`. */
export function readSshAddress(message: string): string | null {
  const t = message.trim();
  if (/^ssh:\/\/\S+$/i.test(t)) return t;
  if (/^ssh\s+(\S+@\S+|\S+)$/i.test(t)) return t.replace(/^ssh\s+/i, '');
  if (/^[a-z_][\w.-]*@[\w.-]+(?::\d{1,5})?$/i.test(t)) return t;
  // A bare host only when it looks like one (a dot, an IPv6 literal, localhost): "again" is not a server.
  if (/^\[[0-9a-f:]+\](?::\d{1,5})?$|^(?:[a-z0-9][\w-]*\.[\w.-]+|localhost)(?::\d{1,5})?$/i.test(t)) return t;
  return null;
}
