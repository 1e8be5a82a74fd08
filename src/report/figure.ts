/**
 * The one lesson figure a report shows: "expected vs yours", the textbook ladder of a connection
 * that works beside the real one, with the lesson that explains the difference. It replaces a
 * gallery of every lesson's diagrams (some wrong for the case). Pure.
 */
import type { Verdict } from '../evidence.js';
import type { Ladder, LadderEvent } from '../diagnosis/ladder.js';

/** The lesson that teaches each verdict, when the check named it. */
const LESSON_FOR: Record<Verdict, string[]> = {
  'dns-error': ['dns'],
  unreachable: ['firewalls', 'timeouts'],
  refused: ['rst', 'handshake'],
  filtered: ['firewalls', 'timeouts', 'handshake'],
  reset: ['rst'],
  closed: ['socket-states', 'rst'],
  'tls-error': ['tls'],
  open: ['handshake'],
};

export interface LessonFigure {
  /** The lesson that explains it (`learn ID`). */
  lesson: string;
  /** What the textbook shows, in a few words (the left figure's caption). */
  expectedCaption: string;
  /** The textbook ladder: what a working connection of this kind looks like. */
  expected: Ladder;
}

/** The lesson the figure points to: the verdict's own, if the check named it, else its first. */
export function figureLesson(verdict: Verdict, lessons: readonly string[]): string | undefined {
  return LESSON_FOR[verdict].find((l) => lessons.includes(l)) ?? lessons[0];
}

/** The textbook ladder for the same kind of connection as the real one (TLS or not). */
export function expectedFigure(verdict: Verdict, lessons: readonly string[], opts: { tls: boolean; client: string; server: string }): LessonFigure | undefined {
  const lesson = figureLesson(verdict, lessons);
  if (!lesson) return undefined;
  if (verdict === 'dns-error') {
    return {
      lesson,
      expectedCaption: 'Expected: the resolver answers with an address, then the SYN goes out.',
      expected: { source: 'textbook', client: opts.client, server: 'DNS resolver', events: [{ from: 'client', label: 'query' }, { from: 'server', label: 'answer: an address' }], missing: [] },
    };
  }
  const events: LadderEvent[] = [
    { from: 'client', label: 'SYN' },
    { from: 'server', label: 'SYN-ACK' },
    { from: 'client', label: 'ACK' },
  ];
  if (opts.tls) events.push({ from: 'client', label: 'ClientHello' }, { from: 'server', label: 'ServerHello, certificate' }, { from: 'client', label: 'Finished' }, { from: 'client', label: 'request (encrypted)' }, { from: 'server', label: 'answer (encrypted)' });
  else events.push({ from: 'client', label: 'request' }, { from: 'server', label: 'answer' });
  events.push({ from: 'client', label: 'FIN' }, { from: 'server', label: 'FIN' });
  return {
    lesson,
    expectedCaption: `Expected: a connection that works${opts.tls ? ' (TCP, then TLS)' : ''}, as the lessons draw it.`,
    expected: { source: 'textbook', client: opts.client, server: opts.server, events, missing: [] },
  };
}
