/**
 * The ladder (src/diagnosis/ladder.ts) as a Mermaid sequence diagram: one arrow per packet with
 * its time after the first SYN, idle gaps as notes of their own, dashed arrows for what never
 * came, the check's own teardown marked as ours, and notes broken into lines that fit their box.
 * Lays out the ladder; decides nothing.
 */
import { formatUs, type Ladder, type LadderEvent, type LadderSide } from '../diagnosis/ladder.js';
import { termLine } from '../sinks/terminal.js';

/** Characters per line of a note: about 290 px of DejaVu Sans (8.4 px a character measured), inside the narrowest note (310 px, two actors). */
export const NOTE_CHARS = 34;

/**
 * Text for a Mermaid message or note: one line, control characters visible, and nothing Mermaid
 * or the SVG it makes could read as syntax (`;` `#` end or escape a message; `<` `>` would be tags).
 */
export function mermaidText(s: string, limit = 200): string {
  return termLine(s, limit)
    .replace(/[;#]+/g, ' ')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words broken into lines of at most `width` characters (a longer word is cut), joined by `<br/>`. */
export function wrapNote(text: string, width = NOTE_CHARS): string {
  const lines: string[] = [];
  let line = '';
  for (let word of mermaidText(text, 400).split(' ')) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!word) continue;
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('<br/>');
}

const ID: Record<LadderSide, string> = { client: 'C', server: 'S', middlebox: 'M' };

function arrowLabel(e: LadderEvent): string {
  const time = e.atUs !== undefined && !e.expected ? `+${formatUs(e.atUs)} ` : '';
  const packet = e.packet ? ` · ${e.packet}` : '';
  const quote = e.quote ? ` “${mermaidText(e.quote, 60)}”` : '';
  const ours = e.ours ? ' (ours, teardown)' : '';
  return mermaidText(`${time}${e.label}${packet}${ours}`) + quote;
}

/** Narrow actors for the textbook picture: it stands beside the real ladder. */
const TEXTBOOK_INIT = '%%{init: {"sequence": {"width": 80, "actorMargin": 40}}}%%';

/** The ladder as a Mermaid sequence diagram; `firstSynLocal` is the first SYN's absolute time, written in the report's zone. */
export function ladderMermaid(ladder: Ladder, firstSynLocal?: string): string {
  const out = [...(ladder.source === 'textbook' ? [TEXTBOOK_INIT] : []), 'sequenceDiagram', `  participant C as ${mermaidText(`client ${ladder.client}`)}`];
  const via = ladder.events.find((e) => e.from === 'middlebox');
  if (via) out.push(`  participant M as ${mermaidText(via.via ? `router ${via.via}` : 'a router on the way')}`);
  out.push(`  participant S as ${mermaidText(ladder.server === 'DNS resolver' ? ladder.server : `server ${ladder.server}`)}`);
  // The time on a line of its own: it is the part a reader looks for.
  if (firstSynLocal) out.push(`  Note over C,S: ${ladder.fromFirstPacket ? 'first packet' : 'first SYN'} at<br/>${wrapNote(firstSynLocal)}`);
  for (const e of ladder.events) {
    if (e.gapBeforeUs) out.push(`  Note over C,S: ${wrapNote(`⋯ ${formatUs(e.gapBeforeUs)} idle ⋯`)}`);
    const from = ID[e.from];
    const to = e.from === 'client' ? 'S' : 'C';
    if (e.expected) out.push(`  ${from}--x${to}: ${mermaidText(`${e.expected} (never came)`)}`);
    else out.push(`  ${from}->>${to}: ${arrowLabel(e)}`);
  }
  if (ladder.truncated) out.push('  Note over C,S: only the first 400 packets are drawn');
  for (const m of ladder.missing) out.push(`  Note over C,S: ${wrapNote(`✗ ${m}`)}`);
  return `${out.join('\n')}\n`;
}

/** Where the arrows came from, in words, for the figure's caption. */
export function ladderCaption(ladder: Ladder): string {
  if (ladder.source === 'capture') {
    const n = ladder.events.filter((e) => !e.expected).length;
    return `From the capture: conversation ${ladder.conversation}, ${n} packet${n === 1 ? '' : 's'} as they were seen (tcpdump flags, the TTL of each answer, time after the ${ladder.fromFirstPacket ? 'first packet' : 'first SYN'}); dashed: what never came.`;
  }
  return 'From the check\u2019s steps (no capture): the arrows are what the socket calls prove, with the times they measured (a resent SYN sits where this kernel\u2019s schedule sends it); run with --capture for every packet, its TTL and its time.';
}
