/**
 * The transcript as plain text lines: what a pipe, a log file or a ticket gets. No cursor codes,
 * no colour; the same items the Ink UI shows.
 */
import type { TranscriptItem } from './transcript.js';

/** One transcript item as plain lines. */
export function plainLines(item: TranscriptItem): string[] {
  switch (item.kind) {
    case 'user':
      return [`> ${item.text}`];
    case 'guide':
      return [item.text];
    case 'step': {
      const mark = { pass: 'ok', fail: 'FAIL', skipped: 'skip', unavailable: 'n/a' }[item.evidence.outcome];
      return [
        `[${mark}] ${item.title}: ${item.saw}`,
        `       $ ${item.command}`,
        `       ${item.means}`,
      ];
    }
    case 'verdict':
      return [
        '',
        `Verdict: ${item.verdict.toUpperCase()}: ${item.text.title}`,
        ...item.handshake.map((l) => `  ${l}`),
        item.text.meaning,
        ...item.findings.map((f) => `  - ${f.id}: ${f.text}`),
        'Next:',
        ...item.text.next.map((n, i) => `  ${i + 1}. ${n}`),
        item.text.ask,
        `Lessons: ${item.text.lessons.map((l) => `tcpsleuth learn ${l}`).join(', ')}`,
        '',
      ];
  }
}
