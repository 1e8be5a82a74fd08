/**
 * Two renderers of a reply for the pipe: plain text (what a person or a chat bot shows) and one
 * JSON object per line (what a script reads: `kind` plus the matching command's `--json` fields).
 * Renderers never decide anything; they only lay out the reply's data.
 */
import { formatExplanation } from '../explain/format.js';
import { formatStep, formatVerdict } from '../output/plain.js';
import type { Paint } from '../output/colors.js';
import { inert } from './inert.js';
import { formatServerReport } from '../server/report.js';
import { toJson } from '../sinks/json.js';
import type { Reply } from './types.js';

/**
 * One JSON line: durations (`…Ms`) rounded to 0.1 ms, as `check --json` does; DEL, C1 and bidi
 * controls in foreign values written as `\uXXXX` (the JSON sink), so a line shown raw on a
 * terminal cannot act on it.
 */
export function replyJson(reply: Reply): string {
  return toJson(reply, (key, value: unknown) => (typeof value === 'number' && /Ms$/.test(key) ? Math.round(value * 10) / 10 : value));
}

const bullets = (items: readonly string[], indent = '  ') => items.map((s) => `${indent}- ${s}`).join('\n');

/** The reply as plain text lines (no trailing newline). Text that came from the user is shown inert. */
export function replyText(reply: Reply, paint: Paint = (_t, s) => s): string {
  const lines: string[] = [];
  const add = (s: string | undefined) => {
    if (s) lines.push(s);
  };
  switch (reply.kind) {
    case 'check':
      for (const s of reply.steps) add(formatStep(s, paint));
      add(formatVerdict(reply, paint));
      break;
    case 'explain':
      add(formatExplanation(reply, { color: false }));
      break;
    case 'answer':
      if (reply.answer) {
        add(`${reply.section}  (lesson ${reply.lesson}, topic ${reply.topic})\n\n${reply.answer}`);
        add(`More: ${reply.learnMore}`);
      }
      break;
    case 'scan': {
      const open = reply.ports.filter((p) => p.state === 'open');
      const closed = reply.ports.filter((p) => p.state === 'closed').length;
      const filtered = reply.ports.filter((p) => p.state === 'filtered').length;
      add(`scan ${reply.host} (${reply.address}): ${reply.ports.length} ports, ${open.length} open, ${closed} closed, ${filtered} filtered`);
      for (const p of open.slice(0, 25)) add(`  ${String(p.port).padEnd(6)} open  ${p.reason}`);
      break;
    }
    case 'watch':
    case 'from':
      for (const l of reply.lines) add(l);
      break;
    case 'why':
      add(`Why ${reply.target} is ${reply.verdict}: ${reply.meaning}`);
      add(reply.explanation);
      add(`Evidence:\n${bullets(reply.evidence)}`);
      add(`Next:\n${bullets(reply.next)}`);
      break;
    case 'firewall':
      add(reply.answer);
      add(`Evidence:\n${bullets(reply.evidence)}`);
      break;
    case 'traceroute':
      add(`traceroute ${reply.target}: ${reply.summary}`);
      for (const h of reply.hops) add(`  ${String(h.ttl).padStart(2)}  ${h.address ?? '*'}${h.rttMs !== null ? `  ${h.rttMs} ms` : ''}`);
      break;
    case 'capture':
      add(`capture ${reply.target}: ${reply.summary}`);
      if (reply.transfers) add(reply.transfers);
      if (reply.findings.length) add(bullets(reply.findings.map((f) => `${f.id}: ${f.text}`)));
      if (reply.fix) add(`fix: ${reply.fix}`);
      break;
    case 'lesson':
      add(`${reply.title} (${reply.minutes} min)`);
      add(reply.summary);
      add(`Read it all: ${reply.command}`);
      break;
    case 'quiz':
      add(`${reply.question}`);
      reply.choices.forEach((c, i) => add(`  ${String.fromCharCode(97 + i)}) ${c}`));
      if (reply.answered) add(reply.answered.why);
      break;
    case 'lab':
      add(reply.title);
      if (reply.scenarios) for (const s of reply.scenarios) add(`  ${s.id.padEnd(22)} ${s.title}${s.needsRoot ? ' (root)' : ''}`);
      if (reply.command) add(`ran: ${reply.command}`);
      if (reply.report) add(formatVerdict(reply.report, paint));
      if (reply.reason) add(`could not run: ${reply.reason}`);
      break;
    case 'report':
      if (!reply.file) add(`To write it: ${reply.command}`);
      break;
    case 'drill':
      if (reply.action === 'start' || reply.action === 'status') {
        add(`Ticket: ${inert(reply.ticket ?? '')}`);
        add(`Target: ${reply.target}    investigate: ${(reply.investigate ?? []).join(' ')}`);
        if (reply.causes) add(`Causes:\n${reply.causes.map((c, i) => `  ${String(i + 1).padStart(2)}. ${c.text}`).join('\n')}`);
        if (reply.asks) add(`Who to ask: ${reply.asks.map((a) => a.id.split('-')[0]).join(', ')}`);
      }
      break;
    case 'drill-result': {
      const part = (name: string, p: { correct: boolean; given: string | null; text: string }) => `  ${p.correct ? paint('ok', '✔') : paint('bad', '✘')} ${name.padEnd(8)} ${p.correct ? p.text : `you said ${p.given ?? 'nothing'}; it was: ${p.text}`}`;
      add(part('verdict', reply.verdict));
      add(part('cause', reply.cause));
      add(part('ask', reply.ask));
      add(`Evidence (${reply.evidence.command}): ${reply.evidence.verdict ?? 'no verdict'}${reply.evidence.step ? `; ${reply.evidence.step.id}: ${reply.evidence.step.summary}` : ''}${reply.evidence.findings.length ? `; findings: ${reply.evidence.findings.join(', ')}` : ''}${reply.evidence.error ? `; ${reply.evidence.error}` : ''}`);
      add(`What tells it: ${reply.tells}`);
      add(`Learn: ${reply.lesson.command}`);
      break;
    }
    case 'server':
      // The report already ends with its findings; `text` is the one-line summary for a UI.
      return formatServerReport(reply, paint);
    case 'help':
      add(reply.text);
      add(reply.commands.map((c) => `  ${c.name.padEnd(22)} ${c.description}`).join('\n'));
      add(`Examples:\n${bullets(reply.examples)}`);
      return lines.join('\n');
    case 'unknown':
    case 'smalltalk':
      lines.push(inert(reply.text));
      if (reply.examples.length) add(bullets(reply.examples.map((e) => inert(e))));
      return lines.join('\n');
    case 'error':
      add(`${paint('bad', 'error:')} ${inert(reply.text)}`);
      if (reply.fix) add(reply.fix);
      return lines.join('\n');
    default:
      break;
  }
  if (reply.kind === 'why' || reply.kind === 'firewall') return lines.join('\n');
  add(reply.text);
  return lines.join('\n');
}
