/**
 * The report as Markdown, ready for a ticket: the one-line summary first, then the details, the
 * handshake as a ```mermaid block (GitHub, GitLab and many wikis draw it) and the pcap by its
 * relative path. Lays out the model; decides nothing.
 */
import { formatHostPort } from '../target.js';
import type { ReportModel } from './model.js';

const OUTCOME_MARK: Record<string, string> = { pass: '✓', fail: '✗', skipped: '–', unavailable: '?' };

/** Markdown-safe inline text: no table breaks, no accidental emphasis or HTML. */
function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

/** An inline code span that survives backticks inside it. */
function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${s}${ticks.length > 1 ? ' ' : ''}${ticks}`;
}

function ms(n: number | undefined): string {
  return n === undefined ? '' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

/** The whole report; `renderHint` is the line saying how to get rendered diagrams, if any. */
export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [m.summary, '', `# tcpsleuth report: ${esc(m.title)}`, ''];
  const o = m.origin;
  out.push('## What was checked, from where', '');
  if (m.target) out.push(`- **Target:** ${code(formatHostPort(m.target.host, m.target.port))}${m.target.addresses.length ? ` (addresses: ${m.target.addresses.map(code).join(', ')})` : ''}`);
  if (m.capture && m.kind === 'capture') out.push(`- **Capture file:** ${code(m.capture.path)}`);
  out.push(`- **From:** ${esc(o.hostname)}${o.localAddress ? `, local address ${code(o.localAddress + (o.localPort ? `:${o.localPort}` : ''))}` : ''}${o.interface ? ` on interface ${code(o.interface)}` : ''}`);
  out.push(`- **When:** ${m.startedLocal} (${code(m.startedAt)})${m.durationMs !== undefined ? `, took ${ms(m.durationMs)}` : ''}`);
  out.push('');
  if (m.verdict) {
    out.push(`## Verdict: ${esc(m.verdict.title)} (${code(m.verdict.id)})`, '', m.verdict.meaning, '', `_Why:_ ${m.verdict.why}`, '');
  }
  if (m.addresses.length) {
    out.push('## Each address', '', '| Address | Outcome | What was seen |', '|---|---|---|');
    for (const a of m.addresses) out.push(`| ${code(a.address)}${a.used ? ' (verdict)' : ''} | ${esc(a.outcome)} | ${esc(a.summary ?? '')} |`);
    out.push('');
  }
  if (m.steps.length) {
    out.push('## Steps', '');
    m.steps.forEach((s, i) => {
      out.push(`${i + 1}. ${OUTCOME_MARK[s.outcome] ?? ''} **${esc(s.title)}** (${s.outcome}, ${ms(s.durationMs)}): ${esc(s.summary)}`);
      if (s.command) out.push(`   - Try it yourself: ${code(s.command)}`);
      if (s.reason) out.push(`   - ${s.outcome === 'fail' ? 'What went wrong' : 'Why'}: ${esc(s.reason)}`);
      if (s.fix) out.push(`   - Fix: ${esc(s.fix)}`);
    });
    out.push('');
  }
  if (m.findings.length) {
    out.push('## Findings', '');
    for (const f of m.findings) out.push(`- ${code(f.id)}: ${esc(f.text)}`);
    out.push('');
  }
  if (m.handshake) {
    out.push('## The handshake', '', m.handshake.caption, '', '```mermaid', m.handshake.mermaid.trimEnd(), '```', '');
    for (const x of m.missing) out.push(`- ✗ ${esc(x)}`);
    if (m.missing.length) out.push('');
  }
  if (m.kernel.length) {
    out.push("## The kernel's view of the socket", '', '| When | State | Retransmits | Note |', '|---|---|---|---|');
    for (const k of m.kernel) out.push(`| ${k.atMs !== undefined ? `+${ms(k.atMs)}` : ''} | ${code(k.state)} | ${k.retransmits} | ${esc(k.note ?? '')} |`);
    out.push('');
  }
  if (m.capture) {
    out.push('## Capture', '', `The packets: [${esc(m.capture.path)}](${encodeURI(m.capture.path)}) (${m.capture.packets} packets${m.capture.truncated ? ', the file was cut short' : ''}; open it with Wireshark or \`tcpdump -nr\`).`, '');
    if (m.capture.conversations.length) {
      out.push('| # | Client | Server | Outcome | Packets |', '|---|---|---|---|---|');
      for (const c of m.capture.conversations.slice(0, 20)) out.push(`| ${c.index} | ${code(c.client)} | ${code(c.server)} | ${c.outcome} | ${c.packets} |`);
      if (m.capture.conversations.length > 20) out.push('', `… and ${m.capture.conversations.length - 20} more conversations.`);
      out.push('');
    }
  }
  if (m.next.length || m.ask) {
    out.push('## What next, and whom to ask', '');
    for (const n of m.next) out.push(`- ${esc(n)}`);
    if (m.ask) out.push('', `**Ask:** ${esc(m.ask)}`);
    out.push('');
  }
  if (m.lessons.length) {
    out.push('## Lessons', '', `Learn why: ${m.lessons.map((l) => code(`tcpsleuth learn ${l}`)).join(', ')}.`, '');
  }
  out.push('---', '_Made by tcpsleuth from what this check saw; nothing else about this machine is included._');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
