/**
 * The fleet report (`check TARGET --from … --report FILE.md`) as Markdown: the label and the
 * difference first, then the vantage points side by side, then each one's story and steps. Every
 * name, address and reason that came from elsewhere (inventories, remote resolvers and hosts, ssh)
 * goes through the Markdown sink. Lays out the model; decides nothing.
 */
import { formatMs } from '../duration.js';
import { mdCode, mdText } from '../sinks/markdown.js';
import type { FleetReportModel, FleetVantage } from './fleet-model.js';
import { cellCode, provenanceSection } from './markdown.js';

const OUTCOME_MARK: Record<string, string> = { pass: '✓', fail: '✗', skipped: '–', unavailable: '?' };

function machine(v: FleetVantage): string {
  const parts = [
    v.kind === 'local' ? 'this machine (local)' : v.ssh ? `over ssh, ${mdCode(v.ssh)}` : 'over ssh',
    v.hostname ? `its name ${mdCode(v.hostname)}` : '',
    v.source ? `source address ${mdCode(v.source)}` : '',
    v.method ? `connected with ${mdText(v.method)}` : '',
    v.missing.length ? `not installed there: ${v.missing.map((m) => mdText(m)).join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

function vantageSection(v: FleetVantage, out: string[]): void {
  out.push(`### ${mdText(v.from)}: ${mdText(v.verdict ?? 'no verdict')}`, '', `- **Machine:** ${machine(v)}`);
  if (v.error) out.push(`- **No verdict:** ${mdText(v.error.reason)}`, `- **Fix:** ${mdText(v.error.fix)}`);
  if (v.cause) out.push(`- **${mdText(v.title ?? '')}.** ${mdText(v.cause)}`);
  if (v.addresses.length > 1) for (const a of v.addresses) out.push(`- ${cellCode(a.address)}${a.used ? ' (its verdict)' : ''}: ${mdText(a.summary ?? a.outcome)}`);
  out.push('');
  v.steps.forEach((s, i) => {
    out.push(`${i + 1}. ${OUTCOME_MARK[s.outcome] ?? ''} **${mdText(s.title)}** (${s.outcome}, ${formatMs(s.durationMs)}): ${mdText(s.summary)}`);
    if (s.command) out.push(`   - Try it yourself: ${mdCode(s.command)}`);
    if (s.reason && s.outcome !== 'pass') out.push(`   - ${s.outcome === 'fail' ? 'What went wrong' : 'Why'}: ${mdText(s.reason)}`);
    if (s.fix) out.push(`   - Fix: ${mdText(s.fix)}`);
  });
  out.push('');
}

/** The whole fleet report. */
export function renderFleetMarkdown(m: FleetReportModel): string {
  const out: string[] = [mdText(m.summary), '', `# ${mdText(m.label.toUpperCase())}: ${mdText(m.subject)}`, '', mdText(m.headline), ''];
  if (m.difference.length) {
    out.push('## The difference', '');
    for (const d of m.difference) out.push(`- ${mdCode(d.id)}: ${mdText(d.text)}`);
    out.push('');
  }
  out.push('## Side by side', '', '| From | Addresses | Verdict | Time | Main finding |', '|---|---|---|---|---|');
  for (const r of m.rows) {
    const addresses = r.addresses.length ? r.addresses.map(cellCode).join(', ') : '-';
    const finding = r.error ? mdText(r.error.reason, 300) : r.finding ? `${cellCode(r.finding.id)}${r.finding.text ? `: ${mdText(r.finding.text, 300)}` : ''}` : '';
    out.push(`| ${mdText(r.from)}${r.source ? ` (${cellCode(r.source)})` : ''} | ${addresses} | ${mdText(r.verdict ?? 'no verdict')} | ${r.time} | ${finding} |`);
  }
  out.push('', `Checked from here (${mdText(m.origin.hostname)}) starting ${mdText(m.startedLocal)}, every vantage point at once; took ${formatMs(m.durationMs)}.`, '');
  out.push('## Each vantage point', '');
  for (const v of m.vantages) vantageSection(v, out);
  if (m.lessons.length) out.push('## Lessons', '', `Learn why: ${m.lessons.map((l) => mdCode(l.command)).join(', ')}.`, '');
  provenanceSection(m.provenance, undefined, out);
  out.push('---', '_Made by tcpsleuth from what each vantage point saw; nothing else about these machines is included._');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
