/**
 * The router: what a chat message is, given the thread, as the machine's Route. Pure and
 * synchronous (table-tested in test/chat/route.test.ts).
 *
 * What a message is comes from understand() (understand.ts), the one place that decides intent,
 * confidence and whether to act. The router adds only what the thread alone knows: `/commands`, an
 * open quiz's answer, a port for the host we asked about, a host for an error's offer, drills and
 * the server side; then it maps the understanding to a Route (a target carries `act`: false makes
 * the check an offer).
 *
 * Targets are parsed by src/target.ts, errors read by src/explain; this module only decides.
 */
import { explainError } from '../explain/index.js';
import { parseTarget } from '../target.js';
import { UsageError } from '../errors.js';
import { readCommandLine } from '../explain/command-lines.js';
import { findCommand } from '../explain/commands-in-text.js';
import { slashCommand } from './commands.js';
import { readFollowUp, readLabAsk, readLessonAsk, readQuizAsk, readQuizChoice } from './phrases.js';
import { readDrillAnswer, readDrillAsk, readDrillCommand, readServerAsk, readServerSideFollowUp, readSshAddress, soundsLikeAnswer } from './drill-phrases.js';
import { readBareTarget, readTargetInSentence, symptomOf, type PhraseRead } from './target-phrases.js';
import { understand, type ThreadFacts, type Understanding } from './understand.js';
import type { Route, Thread } from './types.js';
import { cleanMessage, MAX_MESSAGE_CHARS, MAX_ROUTED_CHARS } from './clean.js';

export { cleanMessage, MAX_MESSAGE_CHARS, MAX_ROUTED_CHARS } from './clean.js';

/** The message asks for TLS on its target ("host:443 --tls", "check tls on host:port", "host:port tls"), not just names it. */
const TLS_ASKED = /(?:^|\s)--tls\b|\b(?:check|test|try|probe|verify)\s+(?:the\s+)?(?:tls|ssl|https|certificate|cert)\b|\b(?:tls|ssl)\s+(?:on|to|for|of|at)\s|\bwith\s+(?:tls|ssl)\b|^\S+\s+(?:tls|ssl)\s*[?.!]*$/i;

function fromRead(r: PhraseRead, message: string): Route {
  if (r.kind === 'invalid') return { kind: 'invalid', reason: r.reason };
  if (r.kind === 'needs-port') return { kind: 'needs-port', host: r.host, via: r.via };
  const symptom = symptomOf(message);
  const target = !r.target.tls && TLS_ASKED.test(message.trim()) ? { ...r.target, tls: true } : r.target;
  return symptom ? { kind: 'target', target, symptom, via: r.via } : { kind: 'target', target, via: r.via };
}

function command(text: string): Route {
  const m = /^\/(\S*)\s*([\s\S]*)$/.exec(text)!;
  const cmd = slashCommand(m[1]);
  if (!cmd) return { kind: 'unknown', text };
  const args = m[2].trim();
  if (cmd.name === 'drill') {
    const d = readDrillCommand(args);
    if ('invalid' in d) return { kind: 'invalid', reason: d.invalid };
    if ('answer' in d) {
      const answer = readDrillAnswer(d.answer);
      return answer ? { kind: 'drill-answer', answer, text: d.answer } : { kind: 'invalid', reason: `could not read an answer in "${d.answer}": /drill answer VERDICT CAUSE-NUMBER WHO, e.g. /drill answer filtered 8 network` };
    }
    return { kind: 'drill', ...d };
  }
  if (cmd.name === 'server') return serverPort(args || '', '/server takes the port to check on this host: /server 5432');
  return { kind: 'command', name: cmd.name, args };
}

function serverPort(text: string, usage: string): Route {
  if (!/^\d{1,6}$/.test(text)) return { kind: 'invalid', reason: text ? `"${text}" is not a port number. ${usage}` : usage };
  const port = Number(text);
  return port >= 1 && port <= 65535 ? { kind: 'server', port } : { kind: 'invalid', reason: `port ${port} is out of range (1-65535)` };
}

/** Drill requests and answers, the server-side checklist, the two-sided check and its ssh address. */
function drillAndServer(line: string, thread: Thread): Route | null {
  if (thread.serverSideFor) {
    const ssh = readSshAddress(line);
    if (ssh) return { kind: 'server-side', destination: ssh };
  }
  const ask = readDrillAsk(line, Boolean(thread.drill));
  if (ask) return { kind: 'drill', ...ask };
  if (thread.drill && thread.drill.target.host === line.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') && line.endsWith(`:${thread.drill.target.port}`)) return { kind: 'drill', action: 'check' };
  if (thread.drill && soundsLikeAnswer(line)) {
    const answer = readDrillAnswer(line);
    if (answer) return { kind: 'drill-answer', answer, text: line };
  }
  const server = readServerAsk(line);
  if (server) return serverPort(server.port, 'Name the port, e.g. "is anything listening on 5432 here?"');
  const side = readServerSideFollowUp(line);
  if (side) return { kind: 'server-side', ...side };
  return null;
}

/** "5432" after we asked which port `host` listens on. */
function portForPendingHost(text: string, thread: Thread): Route | null {
  if (!thread.hostWithoutPort) return null;
  const m = /^(?:port\s+|on\s+|on port\s+|:)?(\d{1,6})$/i.exec(text);
  if (!m) return null;
  try {
    const host = thread.hostWithoutPort.includes(':') ? `[${thread.hostWithoutPort}]` : thread.hostWithoutPort;
    return { kind: 'target', target: parseTarget(host, { port: m[1] }), via: 'port' };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

/** "db" after we asked which target a pasted error meant: a plain name is the host (with the error's port, if it named one). */
function hostForPendingOffer(text: string, thread: Thread): Route | null {
  if (thread.offer?.kind !== 'ask-target' || !/^[a-z0-9_][\w.-]{0,252}$/i.test(text) || /^\d+$/.test(text)) return null;
  const port = thread.explain?.port;
  if (!port) return { kind: 'needs-port', host: text.toLowerCase(), via: 'offer' };
  try {
    return { kind: 'target', target: parseTarget(text, { port }), via: 'offer' };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

/** What the thread holds, in the words understand() reads. */
export function threadFacts(thread: Thread): ThreadFacts {
  const t = thread.target;
  const o = thread.offer;
  const action = o?.kind === 'follow-up' ? o.route.action : undefined;
  const offer = o?.kind === 'check' || o?.kind === 'lab' ? o.kind : action === 'scan' || action === 'capture' || action === 'watch' || action === 'hold' ? action : action ? 'check' : undefined;
  return {
    ...(t ? { lastTarget: { host: t.host, port: t.port } } : {}),
    ...(thread.report ? { lastVerdict: thread.report.verdict } : {}),
    ...(offer ? { pendingOffer: offer } : {}),
  };
}

/** The full target (scheme, TLS, symptom) for what understand() found: the readers say how it was written. */
function targetRoute(line: string, u: Understanding): Route {
  const read = readCommandLine(line) ?? readBareTarget(line) ?? findCommand(line)?.read ?? readTargetInSentence(line);
  if (read && read.kind !== 'scan') {
    const r = fromRead(read, line);
    return r.kind === 'target' ? { ...r, act: u.act } : r;
  }
  if (u.target?.port) return resolved(u.target.host, u.target.port, 'sentence', u.act, line);
  if (u.target) return { kind: 'needs-port', host: u.target.host.toLowerCase(), via: 'sentence' };
  return { kind: 'unknown', text: line };
}

/** A target made from a host and port understand() resolved ("what about 8080" → the last host). */
function resolved(host: string, port: number, via: string, act: boolean, line: string): Route {
  try {
    const parsed = parseTarget(host.includes(':') ? `[${host}]` : host, { port: String(port) });
    const target = !parsed.tls && TLS_ASKED.test(line.trim()) ? { ...parsed, tls: true } : parsed;
    const symptom = symptomOf(line);
    return { kind: 'target', target, via, act, ...(symptom ? { symptom } : {}) };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

/** A follow-up that sends packets, read below the confidence to act (or with no target to act on): offered, never run. */
function offerOnly(u: Understanding): { act?: false } {
  return u.act ? {} : { act: false };
}

/** A follow-up understand() read, as the machine's route. */
function followUpRoute(line: string, u: Understanding, thread: Thread): Route {
  // The chat's own phrase table names actions the contract has no word for (trace, TLS).
  const known = readFollowUp(line);
  if (known && (known.action === 'traceroute' || known.action === 'tls')) return { kind: 'follow-up', action: known.action };
  const cmd = readCommandLine(line);
  if (cmd?.kind === 'scan') return { kind: 'follow-up', action: 'scan', host: cmd.host, ...(cmd.ports ? { ports: cmd.ports } : {}) };
  if (known?.action === 'scan' && known.host) return { kind: 'follow-up', action: 'scan', host: known.host, ...(known.ports ? { ports: known.ports } : {}) };
  switch (u.followUp) {
    case 'confirm':
      return { kind: 'accept' };
    case 'decline':
      return { kind: 'decline' };
    case 'wait':
      return { kind: 'wait' };
    case 'cancel':
      return { kind: 'follow-up', action: 'stop' };
    case 'check':
      return u.target?.port ? resolved(u.target.host, u.target.port, 'follow-up', u.act, line) : { kind: 'follow-up', action: 'again', ...offerOnly(u) };
    case 'scan': {
      const f = readFollowUp(line) ?? readFollowUp(line.replace(/^(?:please|pls|can you|could you)\s+/i, ''));
      return { kind: 'follow-up', action: 'scan', ...(f?.ports ? { ports: f.ports } : {}), ...(f?.host ? { host: f.host } : u.target && u.target.host !== thread.target?.host ? { host: u.target.host } : {}), ...offerOnly(u) };
    }
    case 'again':
    case 'capture':
    case 'watch':
    case 'hold':
      return { kind: 'follow-up', action: u.followUp, ...offerOnly(u) };
    case 'why':
    case 'firewall':
    case 'report':
      return { kind: 'follow-up', action: u.followUp };
    case 'from': {
      // A target the message names itself ("check db:5432 from app-1"), else the thread's.
      const own = u.target && (u.target.host !== thread.target?.host || u.target.port !== thread.target?.port) ? resolved(u.target.host, u.target.port ?? 0, 'follow-up', u.act, line) : undefined;
      return { kind: 'follow-up', action: 'from', from: u.from ?? { names: [] }, act: u.act, ...(own?.kind === 'target' ? { target: own.target } : {}) };
    }
    default:
      return { kind: 'unknown', text: line };
  }
}

/** Drills, quizzes, lessons, the lab, the server side: the commands said in words. */
function commandRoute(line: string): Route {
  const short = line.replace(/[?!.]+$/, '').replace(/\s+/g, ' ');
  if (/^(?:help|commands|what can you do|what do you (?:understand|know)|examples|usage)$/i.test(short)) return { kind: 'command', name: 'help', args: '' };
  if (/^(?:quit|exit|bye|goodbye|q)$/i.test(short)) return { kind: 'command', name: 'quit', args: '' };
  if (/^(?:clear|cls|reset screen)$/i.test(short)) return { kind: 'command', name: 'clear', args: '' };
  const quiz = readQuizAsk(line);
  if (quiz) return { kind: 'quiz', ...quiz };
  const drill = readDrillAsk(line, false);
  if (drill) return { kind: 'drill', ...drill };
  const server = readServerAsk(line);
  if (server) return serverPort(server.port, 'Name the port, e.g. "is anything listening on 5432 here?"');
  const lab = readLabAsk(line);
  if (lab) return { kind: 'lab', ...lab };
  return { kind: 'unknown', text: line };
}

/**
 * Decides what `message` is, reading the thread for what "it", "yes" or a bare port refer to.
 * What a message is comes from understand(); this adds what only the thread knows (an open quiz,
 * a port asked for, a drill, the server side) and turns it into the machine's Route.
 * Never throws; anything it cannot place is `unknown`.
 */
export function route(message: string, thread: Thread = {}): Route {
  if (message.length > MAX_MESSAGE_CHARS) {
    return { kind: 'invalid', reason: `the message is ${message.length.toLocaleString('en')} characters long; the limit is ${MAX_MESSAGE_CHARS.toLocaleString('en')}. Paste the error's last lines (the root cause is usually at the end).` };
  }
  const cleaned = cleanMessage(message);
  const text = cleaned.trim();
  if (text === '') return { kind: 'accept' };
  if (text.length > MAX_ROUTED_CHARS) {
    return explainError(text).class !== 'unknown'
      ? { kind: 'error', text }
      : { kind: 'invalid', reason: `the message is ${text.length.toLocaleString('en')} characters long and reads like no error message tcpsleuth knows; paste the error lines themselves (at most ${MAX_ROUTED_CHARS.toLocaleString('en')} characters are read as anything else)` };
  }
  if (text.startsWith('/') && !text.includes('\n') && /^\/[a-z]*(?:\s|$)/i.test(text)) return command(text);
  if (thread.quiz && !thread.quiz.answered) {
    const choice = readQuizChoice(text);
    if (choice !== null) return { kind: 'quiz-answer', choice };
  }
  const line = text.replace(/\s+/g, ' ');
  if (!text.includes('\n')) {
    const pending = portForPendingHost(line, thread);
    if (pending) return pending;
    const drillOrServer = drillAndServer(line, thread);
    if (drillOrServer) return drillOrServer;
  }
  const u = understand(text, threadFacts(thread));
  // "db" after "which target?": a plain name is the host, unless it reads as something else.
  if (!text.includes('\n') && !['follow-up', 'command', 'greeting', 'thanks'].includes(u.intent) && !(u.intent === 'question' && u.lesson)) {
    const named = hostForPendingOffer(line, thread);
    if (named) return named;
  }
  switch (u.intent) {
    case 'follow-up':
      return followUpRoute(line, u, thread);
    case 'target': {
      const r = text.includes('\n') ? multiLineTarget(text, u) : targetRoute(line, u);
      // "db.internal:5432 works sometimes": the follow-up the symptom asks for, on that target.
      if (r.kind === 'target' && (u.followUp === 'watch' || u.followUp === 'hold' || u.followUp === 'capture')) return { kind: 'follow-up', action: u.followUp, target: r.target, act: u.act };
      return r;
    }
    case 'pasted-error':
      return { kind: 'error', text };
    case 'question': {
      const ask = readLessonAsk(line);
      if (ask) return { kind: 'lesson', ...ask };
      return { kind: 'question', text: line, lesson: u.lesson ?? null };
    }
    case 'command':
      return commandRoute(line);
    case 'greeting':
    case 'thanks':
    case 'off-topic':
      return { kind: 'smalltalk', intent: u.intent, text: line };
    default:
      return { kind: 'unknown', text: line };
  }
}

/** A paste with a command or a target on a line of its own (a snippet, a story): offered, never run. */
function multiLineTarget(text: string, u: Understanding): Route {
  const bare = text.split('\n', 40).map((l) => readBareTarget(l.trim())).find((r) => r?.kind === 'target');
  const read = findCommand(text)?.read ?? bare;
  if (read) {
    const r = fromRead(read, text);
    return r.kind === 'target' ? { ...r, act: u.act } : r;
  }
  return { kind: 'unknown', text };
}
