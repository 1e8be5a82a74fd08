/**
 * Suggestion chips: the likely next steps after a reply, as `{ label, message }` (choosing one
 * sends its message as if typed). Pure.
 */
import type { Verdict } from '../evidence.js';
import type { Reply, Suggestion, Thread } from './types.js';

const chip = (label: string, message = label): Suggestion => ({ label, message });

/** Follow-ups that tell a verdict's causes apart, most useful first. */
const AFTER_VERDICT: Record<Verdict, Suggestion[]> = {
  refused: [chip('why?'), chip('scan it'), chip('is it the firewall?'), chip('again')],
  filtered: [chip('is it the firewall?'), chip('check from the server side too'), chip('scan it'), chip('trace the route'), chip('capture it')],
  unreachable: [chip('trace the route'), chip('is it the firewall?'), chip('why?')],
  'dns-error': [chip('why?'), chip('again')],
  reset: [chip('why?'), chip('check from the server side too'), chip('try TLS'), chip('capture it'), chip('is it the firewall?')],
  closed: [chip('why?'), chip('try TLS'), chip('capture it')],
  'tls-error': [chip('why?'), chip('teach me about TLS')],
  open: [chip('try TLS'), chip('scan it'), chip('save a report')],
};

/** While a drill is up: investigate, a hint, or give up. */
const DURING_DRILL: Suggestion[] = [chip('check it'), chip('scan it'), chip('hint'), chip('stop the drill')];

/** Starting points when nothing is on the table. */
export const STARTERS: readonly Suggestion[] = [
  chip('check a port', 'localhost:22'),
  chip('paste an error', 'curl: (7) Failed to connect to localhost port 8080: Connection refused'),
  chip('ask a question', 'why does my socket sit in SYN_SENT?'),
  chip('learn TCP', 'teach me about the handshake'),
  chip('try a fault in the lab', 'show me a SYN being dropped'),
];

/** The chips to show after `reply`, given the thread it left. */
export function suggestionsFor(reply: Reply, thread: Thread): Suggestion[] {
  if (reply.offer?.kind === 'check') return [chip('yes, check it', 'yes'), chip('why?', 'what does that mean?')];
  if (reply.offer?.kind === 'lab') return [chip('yes, run it', 'yes'), chip('no', 'no')];
  switch (reply.kind) {
    case 'check':
      // During a drill: the usual follow-ups, but a hint and the way out stay in reach.
      if (thread.drill) return [...AFTER_VERDICT[reply.verdict].slice(0, 3), chip('hint'), chip('stop the drill')];
      return [...AFTER_VERDICT[reply.verdict], ...(reply.verdict !== 'open' ? [chip('save a report')] : [])].slice(0, 5);
    case 'why':
    case 'firewall':
      return thread.report ? AFTER_VERDICT[thread.report.verdict].filter((s) => s.message !== (reply.kind === 'why' ? 'why?' : 'is it the firewall?')) : [...STARTERS];
    case 'scan':
    case 'traceroute':
    case 'capture':
      return thread.target ? [chip('again'), chip('why?'), chip('save a report')] : [...STARTERS];
    case 'answer':
      return reply.lesson ? [chip('learn more', `/learn ${reply.lesson}`), chip('quiz me', `quiz me on ${reply.lesson}`)] : [...STARTERS];
    case 'lesson':
      return [chip('quiz me', `quiz me on ${reply.lesson}`), chip('try it in the lab', '/lab')];
    case 'quiz':
      return reply.answered ? [chip('another one', `quiz me on ${reply.lesson}`), chip('learn more', `/learn ${reply.lesson}`)] : reply.choices.map((c, i) => chip(`${String.fromCharCode(97 + i)}) ${c}`, String.fromCharCode(97 + i)));
    case 'lab':
      return reply.report ? [chip('why?'), chip('is it the firewall?'), chip('again')] : [chip('show me a SYN being dropped'), chip('show me a reset')];
    case 'prompt':
      if (reply.need === 'ssh') return [];
      return reply.need === 'port' ? [chip('443'), chip('80'), chip('22')] : thread.drill ? DURING_DRILL : [...STARTERS];
    case 'drill':
      return thread.drill ? DURING_DRILL : [chip('give me a drill'), chip('a harder drill')];
    case 'drill-result':
      return [chip('learn more', `/learn ${reply.lesson.id}`), chip('another drill', 'give me a drill'), chip('a harder drill')];
    case 'server':
      return reply.findings.length ? [chip('why?', `/learn ${reply.lessons[1] ?? reply.lessons[0]}`), chip('teach me about socket states')] : [...STARTERS];
    case 'ack':
      // "No" to an offer: nothing ran, so no "again" unless a check did run earlier.
      if (!thread.report && thread.target) return [chip('check it after all', 'check it'), chip('scan it')];
      return thread.target ? [chip('again'), chip('scan it')] : [...STARTERS];
    default:
      return thread.target ? [chip('again'), chip('scan it')] : [...STARTERS];
  }
}
