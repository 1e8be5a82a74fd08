/**
 * The report as Markdown, ready for a ticket: the one-line summary, then the verdict above the
 * fold (cause, whom to ask, ticket text), the connection on a time axis beside the textbook one
 * (```mermaid blocks GitHub, GitLab and many wikis draw, and a table for those that do not), the
 * details, and where the evidence came from. Every text that is not ours goes through the
 * Markdown sink (mdText, mdCode); links are only ones we made (mdLink). Lays out; decides nothing.
 */
import { formatMs } from '../duration.js';
import { formatHostPort } from '../target.js';
import { mdCode, mdLink, mdText } from '../sinks/markdown.js';
import { inertBidi } from '../sinks/terminal.js';
import type { LadderRow, ReportModel } from './model.js';
import type { Provenance } from './provenance.js';
import { ARROW, rowNote } from './layout.js';

const OUTCOME_MARK: Record<string, string> = { pass: '✓', fail: '✗', skipped: '–', unavailable: '?' };

/**
 * Foreign text over several lines as a fenced code block: nothing inside is read as Markdown,
 * controls are visible, and the fence is longer than any run of backticks inside.
 */
export function mdBlock(text: string): string[] {
  const body = inertBidi(text.replace(/\r\n?/g, '\n'));
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fenceText = '`'.repeat(longest + 1);
  return [`${fenceText}text`, body, fenceText];
}

function fence(mermaid: string): string[] {
  return ['```mermaid', mermaid.trimEnd(), '```'];
}

/**
 * A code span in a table cell, or escaped text when a `|` or `\\` could break the cell: GFM
 * splits a row at every unescaped `|`, inside code spans too, and reads what follows as Markdown.
 */
export function cellCode(s: string): string {
  return /[|\\]/.test(s) ? mdText(s) : mdCode(s);
}

function ladderTable(rows: LadderRow[], withClock: boolean): string[] {
  const out = [`| Time |${withClock ? ' Clock |' : ''} | Packet | Note |`, `|---|${withClock ? '---|' : ''}---|---|---|`];
  for (const r of rows) {
    const what = `${mdText(r.what)}${r.packet ? ` ${cellCode(r.packet)}` : ''}${r.quote ? ` “${mdText(r.quote, 200)}”` : ''}`;
    out.push(`| ${mdText(r.at)} |${withClock ? ` ${mdText(r.clock ?? '')} |` : ''} ${ARROW[r.from]} | ${what} | ${mdText(rowNote(r))} |`);
  }
  return out;
}

function verdictBlock(m: ReportModel, out: string[]): void {
  const v = m.verdict;
  if (!v) return;
  out.push(`# ${mdText(v.id.toUpperCase())}: ${mdText(m.subject)}`, '');
  out.push(`**${mdText(v.title)}.** ${mdText(v.cause)}`, '');
  if (v.whomToAsk) out.push(`**Whom to ask:** ${mdText(v.whomToAsk)}`, '');
  else if (v.ask) out.push(mdText(v.ask), '');
  if (m.ticket) out.push('**Ticket text** (paste it):', '', ...mdBlock(m.ticket), '');
}

function ladderSection(m: ReportModel, out: string[]): void {
  const l = m.ladder;
  if (!l) return;
  out.push('## The connection on a time axis', '');
  if (l.firstSynLocal) out.push(`${l.ladder.fromFirstPacket ? 'First packet' : 'First SYN'}: ${mdText(l.firstSynLocal)}; every time below counts from it.`, '');
  if (m.figure) out.push(`### Expected`, '', mdText(m.figure.expectedCaption), '', ...fence(m.figure.expectedMermaid), '', '### Yours', '');
  out.push(mdText(l.caption), '', ...fence(l.mermaid), '');
  if (l.rows.length) out.push(...ladderTable(l.rows, l.rows.some((r) => r.clock)), '');
  for (const x of l.ladder.missing) out.push(`- ✗ ${mdText(x)}`);
  if (l.ladder.missing.length) out.push('');
  if (m.figure) out.push(`Why they differ: ${mdCode(m.figure.command)}`, '');
}

/** Where the evidence came from (version, command, kernel, sysctls, capture). `synGiveUp`: this kernel's SYN give-up, as the story states it. */
export function provenanceSection(p: Provenance | undefined, synGiveUp: string | undefined, out: string[]): void {
  if (!p) return;
  out.push('## Where this came from', '');
  out.push(`- **tcpsleuth:** ${mdText(p.version)}`);
  if (p.commandLine) out.push(`- **Command:** ${mdCode(p.commandLine)}`);
  out.push(`- **Kernel:** ${mdText(`${p.kernel.system} ${p.kernel.release}`)}${synGiveUp ? `; an unanswered SYN is given up after ${mdText(synGiveUp)}` : ''}`);
  out.push(`- **Sysctls:** ${p.sysctls.map((s) => mdCode(`${s.name}=${s.value}`)).join(', ')}${p.sysctls.some((s) => s.source === 'classic') ? ' (some could not be read: classic defaults shown)' : ''}`);
  if (p.captureFilter) out.push(`- **Capture filter:** ${mdCode(p.captureFilter)}`);
  if (p.pcap) {
    out.push(`- **Capture file:** ${mdCode(p.pcap.file)}, ${p.pcap.bytes} bytes${p.pcap.packets !== undefined ? `, ${p.pcap.packets} packets` : ''}`);
    out.push(`- **SHA-256:** ${mdCode(p.pcap.sha256)}`);
    if (p.pcap.firstPacketAt) out.push(`- **First and last packet:** ${mdCode(p.pcap.firstPacketAt)} … ${mdCode(p.pcap.lastPacketAt ?? '')}`);
  }
  out.push('');
}

/** The whole report. */
export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [mdText(m.summary), ''];
  verdictBlock(m, out);
  if (!m.verdict) out.push(`# tcpsleuth report: ${mdText(m.title)}`, '');
  ladderSection(m, out);
  const o = m.origin;
  out.push('## What was checked, from where', '');
  if (m.target) out.push(`- **Target:** ${mdCode(formatHostPort(m.target.host, m.target.port))}${m.target.addresses.length ? ` (addresses: ${m.target.addresses.map((a) => mdCode(a)).join(', ')})` : ''}`);
  if (m.capture && m.kind === 'capture') out.push(`- **Capture file:** ${mdCode(m.capture.path)}`);
  out.push(`- **From:** ${mdText(o.hostname)}${o.localAddress ? `, local address ${mdCode(o.localPort ? formatHostPort(o.localAddress, o.localPort) : o.localAddress)}` : ''}${o.interface ? ` on interface ${mdCode(o.interface)}` : ''}`);
  out.push(`- **When:** ${mdText(m.startedLocal)} (${mdCode(m.startedAt)})${m.durationMs !== undefined ? `, took ${formatMs(m.durationMs)}` : ''}`, '');
  if (m.verdict?.why) out.push(`_Why:_ ${mdText(m.verdict.why)}`, '');
  if (m.addresses.length) {
    out.push('## Each address', '', '| Address | Outcome | What was seen |', '|---|---|---|');
    for (const a of m.addresses) out.push(`| ${cellCode(a.address)}${a.used ? ' (verdict)' : ''} | ${mdText(a.outcome)} | ${mdText(a.summary ?? '')} |`);
    out.push('');
  }
  if (m.steps.length) {
    out.push('## Steps', '');
    m.steps.forEach((s, i) => {
      out.push(`${i + 1}. ${OUTCOME_MARK[s.outcome] ?? ''} **${mdText(s.title)}** (${s.outcome}, ${formatMs(s.durationMs)}): ${mdText(s.summary)}`);
      if (s.command) out.push(`   - Try it yourself: ${mdCode(s.command)}`);
      if (s.reason) out.push(`   - ${s.outcome === 'fail' ? 'What went wrong' : 'Why'}: ${mdText(s.reason)}`);
      if (s.fix) out.push(`   - Fix: ${mdText(s.fix)}`);
    });
    out.push('');
  }
  if (m.facts.length) {
    out.push(`## ${m.factsTitle}`, '');
    for (const f of m.facts) out.push(`- ${mdText(f.text)} _(${mdText(f.sources.join('; '))})_`);
    out.push('');
  }
  if (m.findings.length) {
    out.push('## Findings', '');
    for (const f of m.findings) out.push(`- ${mdCode(f.id)}: ${mdText(f.text)}`);
    out.push('');
  }
  if (m.kernel.length) {
    const by = m.kernelByAddress;
    out.push(`## The kernel's view of the socket${by ? 's' : ''}`, '', `| When |${by ? ' Address |' : ''} State | Retransmits | Note |`, `|---|${by ? '---|' : ''}---|---|---|`);
    for (const k of m.kernel) out.push(`| ${k.atMs !== undefined ? `+${formatMs(k.atMs)}` : ''} |${by ? ` ${k.address ? cellCode(k.address) : ''} |` : ''} ${cellCode(k.state)} | ${k.retransmits} | ${mdText(k.note ?? '')} |`);
    out.push('');
  }
  if (m.capture) {
    out.push('## Capture', '', `The packets: ${mdLink(m.capture.path, m.capture.path)} (${m.capture.packets} packets${m.capture.truncated ? ', the file was cut short' : ''}; open it with Wireshark or ${mdCode('tcpdump -nr')}).`, '');
    if (m.capture.conversations.length) {
      out.push('| # | Client | Server | Outcome | Packets |', '|---|---|---|---|---|');
      for (const c of m.capture.conversations.slice(0, 20)) out.push(`| ${c.index}${c.index === m.capture.drawn ? ' (drawn)' : ''} | ${cellCode(c.client)} | ${cellCode(c.server)} | ${mdText(c.outcome)} | ${c.packets} |`);
      if (m.capture.conversations.length > 20) out.push('', `… and ${m.capture.conversations.length - 20} more conversations.`);
      out.push('');
    }
  }
  if (m.advice.length) {
    out.push('## What next', '');
    for (const n of m.advice) {
      out.push(`- ${mdText(n.text)}${n.because ? ` _(because ${mdText(n.because)})_` : ''}`);
      for (const line of n.settings ?? []) out.push(`  - ${mdText(line)}`);
    }
    out.push('');
  }
  if (m.lessons.length) out.push('## Lessons', '', `Learn why: ${m.lessons.map((l) => mdCode(l.command)).join(', ')}.`, '');
  provenanceSection(m.provenance, m.synGiveUp, out);
  out.push('---', '_Made by tcpsleuth from what this check saw; nothing else about this machine is included._');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
