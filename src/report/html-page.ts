/**
 * The page around any tcpsleuth HTML export: one self-contained file, inline CSS, no scripts and
 * no network fetches, readable on a phone (tables stack, nothing scrolls sideways), on paper and
 * light or dark (prefers-color-scheme). Text is escaped by the HTML sink (src/sinks/html.ts).
 */
import { h } from '../sinks/html.js';

// The lesson pages import the sink's `h` from here (their module is rewritten separately).
export { h };

const CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --card: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --accent: #0969da; --on-tone: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --card: #161b22;
  --pass: #3fb950; --fail: #f85149; --warn: #d29922; --accent: #4493f8; --on-tone: #0d1117; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 64rem; padding: 1rem; background: var(--bg); color: var(--fg);
  font: 16px/1.5 "DejaVu Sans", "Liberation Sans", system-ui, sans-serif; overflow-wrap: anywhere; }
a { color: var(--accent); } hr { border: 0; border-top: 1px solid var(--line); margin: 1.5rem 0 .5rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", ui-monospace, monospace; font-size: .9em; }
code { background: var(--card); padding: .05rem .3rem; border-radius: 4px; }
pre { background: var(--card); padding: .75rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }
.verdict { display: flex; gap: 1rem; align-items: flex-start; border: 2px solid var(--fail); border-radius: 8px; padding: .8rem 1rem; margin: .5rem 0 1rem; }
.verdict.good { border-color: var(--pass); }
.verdict .label { flex: none; font-size: 2.2rem; font-weight: 800; line-height: 1; letter-spacing: .02em; padding: .55rem .8rem; border-radius: 6px;
  background: var(--fail); color: var(--on-tone); text-transform: uppercase; }
.verdict.good .label { background: var(--pass); }
.verdict h1 { margin: 0 0 .3rem; font-size: 1.35rem; } .verdict p { margin: .25rem 0; }
.verdict .cause { font-size: 1.1rem; }
.ticket { border-left: 4px solid var(--accent); background: var(--card); padding: .5rem .9rem; border-radius: 4px; margin: .5rem 0 1rem; }
.ticket p { margin: .2rem 0; } .ticket pre.text { margin: .2rem 0; padding: 0; background: none; font-size: .85rem; white-space: pre-wrap; }
.summary { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.nw { white-space: nowrap; overflow-wrap: normal; }
tr.expected td { color: var(--fail); font-style: italic; } tr.ours td { color: var(--muted); }
tr.idle td { border-top: 3px dashed var(--line); }
ol.steps { padding-left: 1.4rem; } ol.steps li { margin: .5rem 0; }
.o-pass { color: var(--pass); } .o-fail { color: var(--fail); } .o-unavailable, .o-skipped { color: var(--warn); }
.muted { color: var(--muted); font-size: .9rem; }
figure { margin: .75rem 0; min-width: 0; } figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
.diagram { background: #ffffff; border: 1px solid var(--line); border-radius: 6px; padding: .5rem; overflow-x: auto; }
.diagram svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem 1rem; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
@media (max-width: 40rem) {
  body { font-size: 15px; padding: .6rem; }
  dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: .4rem; }
  .pair { grid-template-columns: 1fr; }
  .verdict { flex-direction: column; gap: .5rem; } .verdict .label { font-size: 1.8rem; }
  /* Tables stack: each row a card, each cell labelled, so no column is ever out of sight. */
  table, thead, tbody, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { display: flex; flex-wrap: wrap; column-gap: .9rem; border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; padding: .25rem .5rem; }
  td { border: 0; padding: .1rem 0; white-space: normal; } td:empty { display: none; }
  /* A long ladder keeps a readable size and scrolls inside its own box. */
  .diagram.ladder svg { min-width: 34rem; }
  .pair figure:first-child svg { max-width: 20rem; }
  td.nw { white-space: normal; }
  td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: .85rem; }
  tr.idle td { border-top: 0; } tr.idle { border-top: 3px dashed var(--line); }
}
@media print { :root { --bg: #fff; --fg: #000; --card: #f3f3f3; --line: #bbb; --on-tone: #fff; } body { max-width: none; font-size: 11pt; }
  .verdict .label { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; } figure, tr, li, .verdict, .ticket { break-inside: avoid; } a { color: inherit; } }
`;

/** A whole page: `<!doctype html>` … with `body` inside. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A figure: the rendered SVG, or the Mermaid source with the line saying how to render it. `ladder`: keeps a readable size on a phone (scrolls in its box). */
export function diagramFigure(mermaid: string, svg: string | undefined, caption: string, missingNote?: string, opts: { ladder?: boolean } = {}): string {
  const inner = svg
    ? `<div class="diagram${opts.ladder ? ' ladder' : ''}">${stripXmlProlog(svg)}</div>`
    : `<pre class="mermaid-source"><code>${h('```mermaid\n' + mermaid.trimEnd() + '\n```')}</code></pre>${missingNote ? `<p class="muted">${h(missingNote)}</p>` : ''}`;
  return `<figure>${inner}<figcaption>${h(caption)}</figcaption></figure>`;
}

function stripXmlProlog(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
}
