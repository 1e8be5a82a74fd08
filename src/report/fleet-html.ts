/**
 * The fleet report (`check TARGET --from … --report FILE.html`) as one self-contained page: the
 * label and the difference above the fold, the vantage points side by side (a table that stacks
 * on a phone), then each one's story and steps. Every foreign text through the HTML sink (`h`).
 * Lays out the model; decides nothing.
 */
import { formatMs } from '../duration.js';
import { h } from '../sinks/html.js';
import type { FleetReportModel, FleetVantage } from './fleet-model.js';
import { page } from './html-page.js';
import { c, provenance, table } from './html.js';

function machine(v: FleetVantage): string {
  const parts = [
    v.kind === 'local' ? 'this machine (local)' : v.ssh ? `over ssh, ${c(v.ssh)}` : 'over ssh',
    v.hostname ? `its name ${c(v.hostname)}` : '',
    v.source ? `source address ${c(v.source)}` : '',
    v.method ? `connected with ${h(v.method)}` : '',
    v.missing.length ? `not installed there: ${v.missing.map(h).join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

function vantageSection(v: FleetVantage): string[] {
  const tone = v.verdict === 'open' ? 'o-pass' : 'o-fail';
  const b = [`<h3>${h(v.from)}: <span class="${tone}">${h(v.verdict ?? 'no verdict')}</span></h3><dl class="facts"><dt>Machine</dt><dd>${machine(v)}</dd>`];
  if (v.error) b.push(`<dt>No verdict</dt><dd>${h(v.error.reason)}</dd><dt>Fix</dt><dd>${h(v.error.fix)}</dd>`);
  if (v.cause) b.push(`<dt>${h(v.title ?? 'Cause')}</dt><dd>${h(v.cause)}</dd>`);
  if (v.addresses.length > 1) b.push(`<dt>Each address</dt><dd>${v.addresses.map((a) => `${c(a.address)}${a.used ? ' <span class="muted">(its verdict)</span>' : ''}: ${h(a.summary ?? a.outcome)}`).join('<br>')}</dd>`);
  b.push('</dl>');
  if (v.steps.length) {
    b.push('<ol class="steps">');
    for (const s of v.steps) {
      const extra = [s.command ? `<div>Try it yourself: ${c(s.command)}</div>` : '', s.reason && s.outcome !== 'pass' ? `<div class="muted">${s.outcome === 'fail' ? 'What went wrong' : 'Why'}: ${h(s.reason)}</div>` : '', s.fix ? `<div class="muted">Fix: ${h(s.fix)}</div>` : ''].join('');
      b.push(`<li><strong>${h(s.title)}</strong> <span class="o-${h(s.outcome)}">${h(s.outcome)}</span> <span class="muted">${h(formatMs(s.durationMs))}</span><div>${h(s.summary)}</div>${extra}</li>`);
    }
    b.push('</ol>');
  }
  return b;
}

/** The whole page. */
export function renderFleetHtml(m: FleetReportModel): string {
  const b: string[] = [`<header class="verdict ${m.tone}"><div class="label">${h(m.label)}</div><div><h1>${h(m.subject)}</h1><p class="cause">${h(m.headline)}</p></div></header>`];
  b.push(`<p class="summary"><span class="muted">One line for a chat:</span> ${h(m.summary)}</p>`);
  if (m.difference.length) b.push('<h2>The difference</h2><ul>', ...m.difference.map((d) => `<li>${c(d.id)}: ${h(d.text)}</li>`), '</ul>');
  const rows = m.rows.map((r) => ({
    cells: [
      `${h(r.from)}${r.source ? ` <span class="muted">(${h(r.source)})</span>` : ''}`,
      r.addresses.length ? r.addresses.map(c).join(', ') : '-',
      `<span class="${r.verdict === 'open' ? 'o-pass' : 'o-fail'}">${h(r.verdict ?? 'no verdict')}</span>`,
      h(r.time),
      r.error ? h(r.error.reason) : r.finding ? `${c(r.finding.id)}${r.finding.text ? `: ${h(r.finding.text)}` : ''}` : '',
    ],
  }));
  b.push('<h2>Side by side</h2>', table(['From', 'Addresses', 'Verdict', 'Time', 'Main finding'], rows, 'fleet', ['Verdict', 'Time']));
  b.push(`<p class="muted">Checked from here (${h(m.origin.hostname)}) starting ${h(m.startedLocal)}, every vantage point at once; took ${h(formatMs(m.durationMs))}.</p>`);
  b.push('<h2>Each vantage point</h2>');
  for (const v of m.vantages) b.push(...vantageSection(v));
  if (m.lessons.length) b.push(`<h2>Lessons</h2><p>Learn why: ${m.lessons.map((l) => c(l.command)).join(', ')}.</p>`);
  b.push(...provenance(m.provenance, undefined));
  b.push('<hr><p class="muted">Made by tcpsleuth from what each vantage point saw; nothing else about these machines is included.</p>');
  return page(`tcpsleuth report: ${m.subject}`, b.join('\n'));
}
