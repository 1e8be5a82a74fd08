/**
 * The report as one self-contained HTML page (html-page.ts): the verdict above the fold as a
 * large coloured label with the cause, whom to ask and the ticket text; the connection on a time
 * axis beside the textbook one; the details; where the evidence came from. Diagrams are inline
 * SVGs when they could be rendered, else their Mermaid source with a note. Every text goes
 * through the HTML sink (`h`), links only through `htmlLink`. Lays out the model; decides nothing.
 */
import { formatMs } from '../duration.js';
import { formatHostPort } from '../target.js';
import { h, htmlLink } from '../sinks/html.js';
import type { LadderRow, ReportModel } from './model.js';
import type { Provenance } from './provenance.js';
import { diagramFigure, page } from './html-page.js';
import { ARROW, rowNote } from './layout.js';
import { timeSequenceSvg } from './time-sequence.js';

export interface HtmlDiagrams {
  /** The ladder, rendered (SVG text), when rendering worked. */
  ladderSvg?: string;
  /** The textbook ladder of the figure, rendered. */
  expectedSvg?: string;
  /** Why the diagrams are only source, and how to get them rendered. */
  missingNote?: string;
}

/** Foreign or literal text as code. */
export const c = (s: string) => `<code>${h(s)}</code>`;

/** A table whose cells carry their column's name, so a phone can stack them; `nowrap`: columns kept on one line (times, directions). */
export function table(head: string[], rows: Array<{ cls?: string; cells: string[] }>, cls = '', nowrap: readonly string[] = []): string {
  const th = head.map((x) => `<th>${h(x)}</th>`).join('');
  const td = (cell: string, i: number) => `<td${nowrap.includes(head[i]) ? ' class="nw"' : ''}${head[i] ? ` data-label="${h(head[i])}"` : ''}>${cell}</td>`;
  const body = rows.map((r) => `<tr${r.cls ? ` class="${h(r.cls)}"` : ''}>${r.cells.map(td).join('')}</tr>`).join('');
  return `<table${cls ? ` class="${h(cls)}"` : ''}><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function ladderTable(rows: LadderRow[]): string {
  const clock = rows.some((r) => r.clock);
  const head = ['Time', ...(clock ? ['Clock'] : []), 'Direction', 'Packet', 'Note'];
  return table(
    head,
    rows.map((r) => ({
      cls: [r.expected ? 'expected' : '', r.ours ? 'ours' : '', r.idleBefore ? 'idle' : ''].filter(Boolean).join(' '),
      cells: [h(r.at), ...(clock ? [h(r.clock ?? '')] : []), h(ARROW[r.from]), `${h(r.what)}${r.packet ? ` ${c(r.packet)}` : ''}${r.quote ? ` ${c(r.quote)}` : ''}`, h(rowNote(r))],
    })),
    'ladder',
    ['Time', 'Clock', 'Direction'],
  );
}

function verdictBlock(m: ReportModel): string {
  const v = m.verdict;
  if (!v) return `<h1>tcpsleuth report: ${h(m.title)}</h1>`;
  const ask = v.whomToAsk ? `<p class="ask"><strong>Whom to ask:</strong> ${h(v.whomToAsk)}</p>` : v.ask ? `<p class="ask">${h(v.ask)}</p>` : '';
  const out = [`<header class="verdict ${v.tone}"><div class="label">${h(v.id)}</div><div><h1>${h(m.subject)}: ${h(v.title)}</h1><p class="cause">${h(v.cause)}</p>${ask}</div></header>`];
  if (m.ticket) out.push(`<section class="ticket"><p class="muted">Ticket text (paste it):</p><pre class="text">${h(m.ticket)}</pre></section>`);
  return out.join('\n');
}

function ladderSection(m: ReportModel, d: HtmlDiagrams): string[] {
  const l = m.ladder;
  if (!l) return [];
  const b = ['<h2>The connection on a time axis</h2>'];
  if (l.firstSynLocal) b.push(`<p>${l.ladder.fromFirstPacket ? 'First packet' : 'First SYN'}: <strong>${h(l.firstSynLocal)}</strong>; every time below counts from it.</p>`);
  const yours = diagramFigure(l.mermaid, d.ladderSvg, `${m.figure ? `${m.figure.yoursCaption} ` : ''}${l.caption}`, d.missingNote, { ladder: true });
  if (m.figure) b.push(`<div class="pair">${diagramFigure(m.figure.expectedMermaid, d.expectedSvg, m.figure.expectedCaption, d.missingNote)}${yours}</div>`);
  else b.push(yours);
  if (l.ladder.missing.length) b.push(`<ul>${l.ladder.missing.map((x) => `<li class="o-fail">✗ ${h(x)}</li>`).join('')}</ul>`);
  if (l.rows.length) b.push(ladderTable(l.rows));
  if (m.figure) b.push(`<p>Why they differ: ${c(m.figure.command)}</p>`);
  return b;
}

/** Where the evidence came from (version, command, kernel, sysctls, capture). `synGiveUp`: this kernel's SYN give-up, as the story states it. */
export function provenance(p: Provenance | undefined, synGiveUp: string | undefined): string[] {
  if (!p) return [];
  const b = ['<h2>Where this came from</h2><dl class="facts">', `<dt>tcpsleuth</dt><dd>${h(p.version)}</dd>`];
  if (p.commandLine) b.push(`<dt>Command</dt><dd>${c(p.commandLine)}</dd>`);
  b.push(`<dt>Kernel</dt><dd>${h(`${p.kernel.system} ${p.kernel.release}`)}${synGiveUp ? `; an unanswered SYN is given up after ${h(synGiveUp)}` : ''}</dd>`);
  b.push(`<dt>Sysctls</dt><dd>${p.sysctls.map((s) => c(`${s.name}=${s.value}`)).join(' ')}${p.sysctls.some((s) => s.source === 'classic') ? ' <span class="muted">(some could not be read: classic defaults shown)</span>' : ''}</dd>`);
  if (p.captureFilter) b.push(`<dt>Capture filter</dt><dd>${c(p.captureFilter)}</dd>`);
  if (p.pcap) {
    b.push(`<dt>Capture file</dt><dd>${c(p.pcap.file)}, ${p.pcap.bytes} bytes${p.pcap.packets !== undefined ? `, ${p.pcap.packets} packets` : ''}</dd>`);
    b.push(`<dt>SHA-256</dt><dd>${c(p.pcap.sha256)}</dd>`);
    if (p.pcap.firstPacketAt) b.push(`<dt>First, last packet</dt><dd>${c(p.pcap.firstPacketAt)} … ${c(p.pcap.lastPacketAt ?? '')}</dd>`);
  }
  b.push('</dl>');
  return b;
}

/** The whole page. */
export function renderHtml(m: ReportModel, d: HtmlDiagrams = {}): string {
  const b: string[] = [verdictBlock(m), `<p class="summary"><span class="muted">One line for a chat:</span> ${h(m.summary)}</p>`];
  b.push(...ladderSection(m, d));
  const o = m.origin;
  b.push('<h2>What was checked, from where</h2><dl class="facts">');
  if (m.target) b.push(`<dt>Target</dt><dd>${c(formatHostPort(m.target.host, m.target.port))}${m.target.addresses.length ? ` (addresses: ${m.target.addresses.map(c).join(', ')})` : ''}</dd>`);
  if (m.capture && m.kind === 'capture') b.push(`<dt>Capture file</dt><dd>${c(m.capture.path)}</dd>`);
  b.push(`<dt>From</dt><dd>${h(o.hostname)}${o.localAddress ? `, local address ${c(o.localPort ? formatHostPort(o.localAddress, o.localPort) : o.localAddress)}` : ''}${o.interface ? ` on interface ${c(o.interface)}` : ''}</dd>`);
  b.push(`<dt>When</dt><dd>${h(m.startedLocal)} <span class="muted">(${h(m.startedAt)})</span>${m.durationMs !== undefined ? `, took ${h(formatMs(m.durationMs))}` : ''}</dd></dl>`);
  if (m.verdict?.why) b.push(`<p class="muted"><strong>Why:</strong> ${h(m.verdict.why)}</p>`);
  if (m.addresses.length) {
    b.push('<h2>Each address</h2>', table(['Address', 'Outcome', 'What was seen'], m.addresses.map((a) => ({ cells: [`${c(a.address)}${a.used ? ' <span class="muted">(verdict)</span>' : ''}`, h(a.outcome), h(a.summary)] }))));
  }
  if (m.steps.length) {
    b.push('<h2>Steps</h2><ol class="steps">');
    for (const s of m.steps) {
      const extra = [
        s.command ? `<div>Try it yourself: ${c(s.command)}</div>` : '',
        s.reason ? `<div class="muted">${s.outcome === 'fail' ? 'What went wrong' : 'Why'}: ${h(s.reason)}</div>` : '',
        s.fix ? `<div class="muted">Fix: ${h(s.fix)}</div>` : '',
      ].join('');
      b.push(`<li><strong>${h(s.title)}</strong> <span class="o-${h(s.outcome)}">${h(s.outcome)}</span> <span class="muted">${h(formatMs(s.durationMs))}</span><div>${h(s.summary)}</div>${extra}</li>`);
    }
    b.push('</ol>');
  }
  if (m.facts.length) b.push(`<h2>${h(m.factsTitle)}</h2><ul>`, ...m.facts.map((f) => `<li>${h(f.text)} <span class="muted">(${h(f.sources.join('; '))})</span></li>`), '</ul>');
  if (m.findings.length) b.push('<h2>Findings</h2><ul>', ...m.findings.map((f) => `<li>${c(f.id)}: ${h(f.text)}</li>`), '</ul>');
  if (m.kernel.length) {
    const by = m.kernelByAddress;
    const rows = m.kernel.map((k) => ({ cells: [k.atMs !== undefined ? `+${h(formatMs(k.atMs))}` : '', ...(by ? [k.address ? c(k.address) : ''] : []), c(k.state), String(k.retransmits), h(k.note)] }));
    b.push(`<h2>The kernel's view of the socket${by ? 's' : ''}</h2>`, table(['When', ...(by ? ['Address'] : []), 'State', 'Retransmits', 'Note'], rows, '', ['When', 'State']));
  }
  if (m.capture) {
    b.push(`<h2>Capture</h2><p>The packets: ${htmlLink(m.capture.path, m.capture.path)} (${m.capture.packets} packets${m.capture.truncated ? ', the file was cut short' : ''}; open it with Wireshark or ${c('tcpdump -nr')}).</p>`);
    if (m.capture.conversations.length) {
      const rows = m.capture.conversations.slice(0, 20).map((v) => ({ cls: v.index === m.capture!.drawn ? 'drawn' : undefined, cells: [`${v.index}${v.index === m.capture!.drawn ? ' <span class="muted">(drawn)</span>' : ''}`, c(v.client), c(v.server), h(v.outcome), String(v.packets)] }));
      b.push(table(['#', 'Client', 'Server', 'Outcome', 'Packets'], rows));
      if (m.capture.conversations.length > 20) b.push(`<p class="muted">… and ${m.capture.conversations.length - 20} more conversations.</p>`);
    }
    const ts = m.capture.timeSequence;
    const plot = ts && timeSequenceSvg(ts.samples, ts);
    if (ts && plot) b.push(`<figure class="time-sequence">${plot}<figcaption>Conversation ${ts.index}, bytes over time: a flat stretch is a stall; data far below the window edge is the network holding it back, data at the edge is the reader.</figcaption></figure>`);
  }
  if (m.advice.length) b.push('<h2>What next</h2><ul>', ...m.advice.map((n) => `<li>${h(n.text)}${n.because ? ` <span class="muted">(because ${h(n.because)})</span>` : ''}${n.settings?.length ? `<ul>${n.settings.map((line) => `<li>${h(line)}</li>`).join('')}</ul>` : ''}</li>`), '</ul>');
  if (m.lessons.length) b.push(`<h2>Lessons</h2><p>Learn why: ${m.lessons.map((l) => c(l.command)).join(', ')}.</p>`);
  b.push(...provenance(m.provenance, m.synGiveUp));
  b.push('<hr><p class="muted">Made by tcpsleuth from what this check saw; nothing else about this machine is included.</p>');
  return page(`tcpsleuth report: ${m.title}`, b.join('\n'));
}
