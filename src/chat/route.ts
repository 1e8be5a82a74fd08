/**
 * The router: what a chat message is, given the thread. Pure and synchronous (table-tested in
 * test/chat/route.test.ts). The order below is the whole policy:
 *
 *   empty → accept · `/cmd` → command · open quiz + `b` → its answer · yes/no · a multi-line paste
 *   explain recognises → error · a port for the host we asked about · a pasted command line
 *   (`nc -vz db 5432`) · a follow-up ("scan it", "why?") · learn/quiz/lab requests · the whole
 *   message is a target (`db 5432`) · a sentence about reaching a target · an error message ·
 *   a question · TCP words → question · unknown.
 *
 * Targets are parsed by src/target.ts, errors read by src/explain; this module only decides.
 */
import { explainError } from '../explain/index.js';
import { parseTarget } from '../target.js';
import { UsageError } from '../errors.js';
import { readCommandLine } from './command-lines.js';
import { slashCommand } from './commands.js';
import { ACCEPT, DECLINE, lessonFor, readFollowUp, readLabAsk, readLessonAsk, readQuizAsk, readQuizChoice, scenarioFor } from './phrases.js';
import { readDrillAnswer, readDrillAsk, readDrillCommand, readServerAsk, readServerSideFollowUp, readSshAddress, soundsLikeAnswer } from './drill-phrases.js';
import { readBareTarget, readTargetInSentence, symptomOf, type PhraseRead } from './target-phrases.js';
import type { Route, Thread } from './types.js';
import { cleanMessage, MAX_MESSAGE_CHARS, MAX_ROUTED_CHARS } from './clean.js';

export { cleanMessage, MAX_MESSAGE_CHARS, MAX_ROUTED_CHARS } from './clean.js';

/** A conversational opener: the sentence asks to reach or check something ("can't reach…"). */
const OPENER = /^(?:hi,?\s+|hey,?\s+|please,?\s+|pls\s+)?(?:is|are|can'?t|cannot|can not|i can'?t|i cannot|i'?m unable to|i am unable to|we can'?t|why can'?t|check|test|try|ping|probe|diagnose|troubleshoot|connect to|reach|see if|what'?s wrong with|what is wrong with|help me with|my app can'?t|app can'?t|the app can'?t|not able to)\b/i;
/** Programs print "Could not connect…" and "Cannot open…": those do not start a question. */
const QUESTION = /^(?:what|what'?s|whats|why|how|when|where|which|who|whom|does|do|did|is|are|was|were|can(?!not)(?! not)|could(?! not)|should|would|will|shall|explain|tell me|define|meaning of|difference between)\b|\?\s*$/i;
/** Words that make a short message a TCP question even without a question mark ("TIME_WAIT"). */
const TCP_WORDS = /\b(?:syn|ack|rst|fin|ecn|ece|cwr|syn[_ ]?sent|syn[_ ]?recv|time[_ ]?wait|close[_ ]?wait|fin[_ ]?wait|last[_ ]?ack|established|listen|handshake|three[- ]way|mss|mtu|window|backlog|accept queue|nat|firewall|iptables|nftables|tcpdump|wireshark|nmap|netstat|traceroute|tls|ssl|dns|socket|sockets|tcp|port|ports|retransmi\w*|keepalive|nagle|half[- ]open|congestion)\b/i;

function fromRead(r: PhraseRead, message: string): Route {
  if (r.kind === 'invalid') return { kind: 'invalid', reason: r.reason };
  if (r.kind === 'needs-port') return { kind: 'needs-port', host: r.host, via: r.via };
  const symptom = symptomOf(message);
  return symptom ? { kind: 'target', target: r.target, symptom, via: r.via } : { kind: 'target', target: r.target, via: r.via };
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

function multiLine(text: string): Route | null {
  const ex = explainError(text);
  if (ex.class !== 'unknown') return { kind: 'error', text };
  // A paste we cannot read: a target or a question on its first line still counts.
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const read = readCommandLine(first.trim()) ?? readBareTarget(first);
  if (read && read.kind !== 'scan') return fromRead(read, text);
  return null;
}

/**
 * Decides what `message` is, reading the thread for what "it", "yes" or a bare port refer to.
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
  const short = text.replace(/[?!.]+$/, '').replace(/\s+/g, ' ');
  if (ACCEPT.test(short)) return { kind: 'accept' };
  if (DECLINE.test(short)) return { kind: 'decline' };
  if (/^(?:help|\?|commands|what can you do|what do you understand|examples|usage)$/i.test(short)) return { kind: 'command', name: 'help', args: '' };
  if (/^(?:quit|exit|bye|goodbye|q)$/i.test(short)) return { kind: 'command', name: 'quit', args: '' };
  if (/^(?:clear|cls|reset screen)$/i.test(short)) return { kind: 'command', name: 'clear', args: '' };

  if (text.includes('\n')) {
    const r = multiLine(text);
    if (r) return r;
  }
  const line = text.replace(/\s+/g, ' ');
  const pending = portForPendingHost(line, thread);
  if (pending) return pending;
  const drillOrServer = drillAndServer(line, thread);
  if (drillOrServer) return drillOrServer;

  const cmdLine = readCommandLine(line);
  // "telnet: Unable to connect…" starts with a tool's name but is its error: an unreadable command line yields to explain.
  if (cmdLine && !(cmdLine.kind === 'invalid' && explainError(text).class !== 'unknown')) {
    if (cmdLine.kind === 'scan') return { kind: 'follow-up', action: 'scan', host: cmdLine.host, ...(cmdLine.ports ? { ports: cmdLine.ports } : {}) };
    return fromRead(cmdLine, line);
  }
  const follow = readFollowUp(line);
  if (follow) return { kind: 'follow-up', ...follow };
  const quiz = readQuizAsk(line);
  if (quiz) return { kind: 'quiz', ...quiz };
  const lesson = readLessonAsk(line);
  if (lesson) return { kind: 'lesson', ...lesson };
  const lab = readLabAsk(line);
  if (lab) return { kind: 'lab', ...lab };

  const named = hostForPendingOffer(line, thread);
  if (named) return named;
  const bare = readBareTarget(line);
  if (bare) return fromRead(bare, line);

  const sentence = readTargetInSentence(line);
  const conversational = OPENER.test(line);
  if (sentence && conversational) return fromRead(sentence, line);
  const ex = explainError(text);
  // psql ends its error with "Is the server running…?": a tool's words with a "?" are still its error.
  const question = QUESTION.test(line) && !(ex.tool !== null && ex.class !== 'unknown' && !/^(?:what|why|how|when|where|which|does|do|did|should)\b/i.test(line));
  if (ex.class !== 'unknown' && !question) return { kind: 'error', text };
  if (sentence?.kind === 'target' || sentence?.kind === 'invalid') return fromRead(sentence, line);
  if (question) return { kind: 'question', text: line };
  if (ex.class !== 'unknown') return { kind: 'error', text };
  if (TCP_WORDS.test(line) && line.length <= 200) return { kind: 'question', text: line };
  if (sentence) return fromRead(sentence, line);
  const lessonId = line.split(' ').length <= 3 ? lessonFor(line) : undefined;
  if (lessonId) return { kind: 'question', text: line };
  if (line.split(' ').length <= 4 && scenarioFor(line) && /\b(?:drop|reset|refus|block)/i.test(line)) return { kind: 'lab', scenario: scenarioFor(line) };
  return { kind: 'unknown', text: line };
}
