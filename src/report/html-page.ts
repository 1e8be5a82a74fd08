/**
 * The page around any tcpsleuth HTML export: one self-contained file, inline CSS, no scripts and
 * no network fetches, readable on a phone and on paper, light and dark (prefers-color-scheme).
 */

/** HTML-escapes text for element content and attribute values. */
export function h(s: string | number | undefined): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --card: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --card: #161b22;
  --pass: #3fb950; --fail: #f85149; --warn: #d29922; --accent: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; background: var(--bg); color: var(--fg);
  font: 16px/1.5 "DejaVu Sans", "Liberation Sans", system-ui, sans-serif; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", ui-monospace, monospace; font-size: .9em; }
code { background: var(--card); padding: .05rem .3rem; border-radius: 4px; }
pre { background: var(--card); padding: .75rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }
.summary { font-size: 1.1rem; padding: .75rem 1rem; border-left: 4px solid var(--accent); background: var(--card); border-radius: 4px; }
.summary.bad { border-color: var(--fail); } .summary.good { border-color: var(--pass); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; display: block; overflow-x: auto; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
ol.steps { padding-left: 1.4rem; } ol.steps li { margin: .5rem 0; }
.o-pass { color: var(--pass); } .o-fail { color: var(--fail); } .o-unavailable, .o-skipped { color: var(--warn); }
.muted { color: var(--muted); font-size: .9rem; }
figure { margin: .75rem 0; } figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
.diagram { background: #ffffff; border: 1px solid var(--line); border-radius: 6px; padding: .5rem; overflow-x: auto; }
.diagram svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
@media (max-width: 40rem) { body { font-size: 15px; padding: .6rem; } dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: .4rem; } }
@media print { :root { --bg: #fff; --fg: #000; --card: #f3f3f3; --line: #bbb; } body { max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } figure, table, li { break-inside: avoid; } a { color: inherit; } }
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

/** A figure: the rendered SVG, or the Mermaid source with the line saying how to render it. */
export function diagramFigure(mermaid: string, svg: string | undefined, caption: string, missingNote?: string): string {
  const inner = svg
    ? `<div class="diagram">${stripXmlProlog(svg)}</div>`
    : `<pre class="mermaid-source"><code>${h('```mermaid\n' + mermaid.trimEnd() + '\n```')}</code></pre>${missingNote ? `<p class="muted">${h(missingNote)}</p>` : ''}`;
  return `<figure>${inner}<figcaption>${h(caption)}</figcaption></figure>`;
}

function stripXmlProlog(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
}
