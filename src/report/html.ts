/**
 * The report as one self-contained HTML page (html-page.ts): the same sections as the Markdown,
 * the handshake as an inline SVG when it could be rendered, else its Mermaid source with a note.
 * Lays out the model; decides nothing.
 */
import { formatHostPort } from '../target.js';
import type { ReportModel } from './model.js';
import { diagramFigure, h, page } from './html-page.js';
import { timeSequenceSvg } from './time-sequence.js';

export interface HtmlDiagrams {
  /** The rendered handshake diagram (SVG text), when rendering worked. */
  handshakeSvg?: string;
  /** Why the diagram is only source, and how to get it rendered. */
  missingNote?: string;
  /** The first diagram of each of the report's lessons, already rendered (diagrams/lessons/). */
  lessonSvgs?: Array<{ lesson: string; svg: string }>;
}

function ms(n: number | undefined): string {
  return n === undefined ? '' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

const c = (s: string) => `<code>${h(s)}</code>`;

/** The whole page. */
export function renderHtml(m: ReportModel, d: HtmlDiagrams = {}): string {
  const b: string[] = [];
  const tone = m.verdict ? (m.verdict.id === 'open' ? 'good' : 'bad') : '';
  b.push(`<h1>tcpsleuth report: ${h(m.title)}</h1>`, `<p class="summary ${tone}">${h(m.summary)}</p>`);
  const o = m.origin;
  b.push('<h2>What was checked, from where</h2><dl class="facts">');
  if (m.target) b.push(`<dt>Target</dt><dd>${c(formatHostPort(m.target.host, m.target.port))}${m.target.addresses.length ? ` (addresses: ${m.target.addresses.map(c).join(', ')})` : ''}</dd>`);
  if (m.capture && m.kind === 'capture') b.push(`<dt>Capture file</dt><dd>${c(m.capture.path)}</dd>`);
  b.push(`<dt>From</dt><dd>${h(o.hostname)}${o.localAddress ? `, local address ${c(o.localAddress + (o.localPort ? `:${o.localPort}` : ''))}` : ''}${o.interface ? ` on interface ${c(o.interface)}` : ''}</dd>`);
  b.push(`<dt>When</dt><dd>${h(m.startedLocal)} <span class="muted">(${h(m.startedAt)})</span>${m.durationMs !== undefined ? `, took ${h(ms(m.durationMs))}` : ''}</dd></dl>`);
  if (m.verdict) b.push(`<h2>Verdict: ${h(m.verdict.title)}</h2><p>${h(m.verdict.meaning)}</p><p class="muted"><strong>Why:</strong> ${h(m.verdict.why)}</p>`);
  if (m.addresses.length) {
    b.push('<h2>Each address</h2><table><thead><tr><th>Address</th><th>Outcome</th><th>What was seen</th></tr></thead><tbody>');
    for (const a of m.addresses) b.push(`<tr><td>${c(a.address)}${a.used ? ' <span class="muted">(verdict)</span>' : ''}</td><td>${h(a.outcome)}</td><td>${h(a.summary)}</td></tr>`);
    b.push('</tbody></table>');
  }
  if (m.steps.length) {
    b.push('<h2>Steps</h2><ol class="steps">');
    for (const s of m.steps) {
      const extra = [
        s.command ? `<div>Try it yourself: ${c(s.command)}</div>` : '',
        s.reason ? `<div class="muted">${s.outcome === 'fail' ? 'What went wrong' : 'Why'}: ${h(s.reason)}</div>` : '',
        s.fix ? `<div class="muted">Fix: ${h(s.fix)}</div>` : '',
      ].join('');
      b.push(`<li><strong>${h(s.title)}</strong> <span class="o-${h(s.outcome)}">${h(s.outcome)}</span> <span class="muted">${h(ms(s.durationMs))}</span><div>${h(s.summary)}</div>${extra}</li>`);
    }
    b.push('</ol>');
  }
  if (m.findings.length) {
    b.push('<h2>Findings</h2><ul>');
    for (const f of m.findings) b.push(`<li>${c(f.id)}: ${h(f.text)}</li>`);
    b.push('</ul>');
  }
  if (m.handshake) {
    b.push('<h2>The handshake</h2>', diagramFigure(m.handshake.mermaid, d.handshakeSvg, m.handshake.caption, d.missingNote));
    if (m.missing.length) b.push(`<ul>${m.missing.map((x) => `<li class="o-fail">✗ ${h(x)}</li>`).join('')}</ul>`);
  }
  if (m.kernel.length) {
    b.push("<h2>The kernel's view of the socket</h2><table><thead><tr><th>When</th><th>State</th><th>Retransmits</th><th>Note</th></tr></thead><tbody>");
    for (const k of m.kernel) b.push(`<tr><td class="when">${k.atMs !== undefined ? `+${h(ms(k.atMs))}` : ''}</td><td>${c(k.state)}</td><td>${k.retransmits}</td><td>${h(k.note)}</td></tr>`);
    b.push('</tbody></table>');
  }
  if (m.capture) {
    b.push(`<h2>Capture</h2><p>The packets: <a href="${h(encodeURI(m.capture.path))}">${h(m.capture.path)}</a> (${m.capture.packets} packets${m.capture.truncated ? ', the file was cut short' : ''}; open it with Wireshark or ${c('tcpdump -nr')}).</p>`);
    if (m.capture.conversations.length) {
      b.push('<table><thead><tr><th>#</th><th>Client</th><th>Server</th><th>Outcome</th><th>Packets</th></tr></thead><tbody>');
      for (const v of m.capture.conversations.slice(0, 20)) b.push(`<tr><td>${v.index}</td><td>${c(v.client)}</td><td>${c(v.server)}</td><td>${h(v.outcome)}</td><td>${v.packets}</td></tr>`);
      b.push('</tbody></table>');
      if (m.capture.conversations.length > 20) b.push(`<p class="muted">… and ${m.capture.conversations.length - 20} more conversations.</p>`);
    }
    const ts = m.capture.timeSequence;
    const plot = ts && timeSequenceSvg(ts.samples, ts);
    if (ts && plot) b.push(`<figure class="time-sequence">${plot}<figcaption>Conversation ${ts.index}, bytes over time: a flat stretch is a stall; data far below the window edge is the network holding it back, data at the edge is the reader.</figcaption></figure>`);
  }
  if (m.next.length || m.ask) {
    b.push('<h2>What next, and whom to ask</h2>');
    if (m.next.length) b.push(`<ul>${m.next.map((n) => `<li>${h(n)}</li>`).join('')}</ul>`);
    if (m.ask) b.push(`<p><strong>Ask:</strong> ${h(m.ask)}</p>`);
  }
  if (m.lessons.length) {
    b.push(`<h2>Lessons</h2><p>Learn why: ${m.lessons.map((l) => c(`tcpsleuth learn ${l}`)).join(', ')}.</p>`);
    for (const l of d.lessonSvgs ?? []) b.push(`<figure class="lesson-figure"><div class="diagram">${l.svg.replace(/^<\?xml[^>]*>\s*/, '')}</div><figcaption>From the lesson ${c(l.lesson)} (tcpsleuth learn ${h(l.lesson)}).</figcaption></figure>`);
  }
  b.push('<hr><p class="muted">Made by tcpsleuth from what this check saw; nothing else about this machine is included.</p>');
  return page(`tcpsleuth report: ${m.title}`, b.join('\n'));
}
