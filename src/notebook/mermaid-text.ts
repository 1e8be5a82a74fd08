/**
 * Mermaid in a terminal: sequence diagrams as columns with text arrows; flowcharts and state
 * diagrams as an indented list of edges. Enough for lesson diagrams; not a full Mermaid parser.
 */

/** Draws a Mermaid source as plain text lines; unknown diagram types come back as their source. */
export function mermaidToText(source: string, width = 72): string {
  const lines = source
    .split('\n')
    .map((l) => l.replace(/%%.*$/, '').trim())
    .filter(Boolean);
  const kind = lines[0]?.split(/\s+/)[0] ?? '';
  if (kind === 'sequenceDiagram') return sequence(lines.slice(1), width);
  if (kind === 'flowchart' || kind === 'graph') return graph(lines.slice(1), false);
  if (kind.startsWith('stateDiagram')) return graph(lines.slice(1), true);
  return source;
}

interface Message {
  from: string;
  to: string;
  text: string;
  dashed: boolean;
  lost: boolean;
}
type Row = { type: 'msg'; m: Message } | { type: 'note'; over: string[]; text: string };

const ARROW = /^(.+?)\s*(-->>|->>|--x|-x|-->|->|--\)|-\))\s*(.+?)\s*:\s*(.*)$/;

function sequence(lines: string[], width: number): string {
  const names: string[] = [];
  const alias = new Map<string, string>();
  const add = (id: string) => {
    if (!alias.has(id)) alias.set(id, id);
    if (!names.includes(id)) names.push(id);
  };
  const rows: Row[] = [];
  for (const line of lines) {
    const p = /^(participant|actor)\s+(\S+)(?:\s+as\s+(.+))?$/.exec(line);
    if (p) {
      add(p[2]);
      if (p[3]) alias.set(p[2], p[3]);
      continue;
    }
    const note = /^Note\s+(?:over|left of|right of)\s+([^:]+):\s*(.*)$/i.exec(line);
    if (note) {
      rows.push({ type: 'note', over: note[1].split(',').map((s) => s.trim()), text: note[2] });
      continue;
    }
    const m = ARROW.exec(line);
    if (m) {
      add(m[1]);
      add(m[3]);
      rows.push({ type: 'msg', m: { from: m[1], to: m[3], text: m[4].replace(/<br\s*\/?>/g, ' '), dashed: m[2].startsWith('--'), lost: m[2].endsWith('x') } });
    }
    // autonumber, activate, loop/end and the like carry no arrows: skipped.
  }
  if (names.length === 0) return '';
  const labels = names.map((n) => alias.get(n) ?? n);
  const longest = Math.max(...rows.map((r) => (r.type === 'msg' ? r.m.text.length : 0)), 8);
  const gap = Math.max(Math.min(longest + 6, Math.floor((width - 4) / Math.max(names.length - 1, 1))), 12);
  const col = names.map((_, i) => 2 + i * gap);
  const lineWidth = col[col.length - 1] + 2;
  const blank = () => {
    const a = Array<string>(lineWidth).fill(' ');
    for (const c of col) a[c] = '|';
    return a;
  };
  const put = (a: string[], at: number, text: string) => {
    for (let i = 0; i < text.length && at + i < a.length; i++) if (at + i >= 0) a[at + i] = text[i];
  };
  const out: string[] = [];
  const header = Array<string>(lineWidth + 20).fill(' ');
  // Centred over its column, but never past the diagram's right edge (a terminal would wrap the line).
  const edge = Math.max(lineWidth, Math.min(width, lineWidth + 20));
  labels.forEach((l, i) => put(header, Math.max(0, Math.min(col[i] - Math.floor(l.length / 2), edge - l.length)), l));
  out.push(header.join('').trimEnd());
  for (const row of rows) {
    if (row.type === 'note') {
      const at = Math.min(...row.over.map((o) => col[names.indexOf(o)] ?? 0));
      out.push(`${' '.repeat(Math.max(0, at))}(${row.text})`);
      continue;
    }
    const { from, to, text, dashed, lost } = row.m;
    const a = col[names.indexOf(from)];
    const b = col[names.indexOf(to)];
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const label = blank();
    const room = hi - lo - 1;
    const shown = text.length > room ? text.slice(0, Math.max(room - 1, 0)) + '…' : text;
    put(label, lo + 1 + Math.floor((room - shown.length) / 2), shown);
    out.push(label.join('').trimEnd());
    const arrow = blank();
    for (let i = lo + 1; i < hi; i++) arrow[i] = dashed ? '-' : '=';
    if (lost) arrow[a < b ? hi - 2 : lo + 2] = 'x';
    if (a < b) arrow[hi - 1] = lost ? ' ' : '>';
    else arrow[lo + 1] = lost ? ' ' : '<';
    out.push(arrow.join('').trimEnd());
  }
  return out.join('\n');
}

const NODE = /^([A-Za-z0-9_]+)\s*(?:\[\[?([^\]]*)\]\]?|\(\(?([^)]*)\)\)?|\{([^}]*)\})?/;

/** Flowcharts and state diagrams: each node, then its outgoing edges, depth-first from the roots. */
function graph(lines: string[], states: boolean): string {
  const label = new Map<string, string>();
  const edges: { from: string; to: string; text: string }[] = [];
  const order: string[] = [];
  const node = (raw: string): string => {
    const m = NODE.exec(raw.trim());
    if (!m) return raw.trim();
    const id = m[1];
    const text = m[2] ?? m[3] ?? m[4];
    if (text) label.set(id, text.replace(/^"|"$/g, '').replace(/<br\s*\/?>/g, ' '));
    if (!order.includes(id)) order.push(id);
    return id;
  };
  for (const line of lines) {
    if (/^(direction|classDef|class|style|linkStyle|subgraph|end$)/.test(line)) continue;
    if (states) {
      const m = /^(\[\*\]|[\w]+)\s*-->\s*(\[\*\]|[\w]+)\s*(?::\s*(.*))?$/.exec(line);
      if (m) {
        const f = m[1] === '[*]' ? 'start' : node(m[1]);
        const t = m[2] === '[*]' ? 'end' : node(m[2]);
        if (f === 'start' && !order.includes('start')) order.unshift('start');
        edges.push({ from: f, to: t, text: m[3] ?? '' });
      }
      continue;
    }
    const parts = line.split(/\s*(-->|---|-\.->|==>)\s*(?:\|([^|]*)\|)?\s*/);
    // parts: node, arrow, label, node, arrow, label, node ...
    for (let i = 0; i + 3 < parts.length; i += 3) {
      const from = node(parts[i]);
      const to = node(parts[i + 3]);
      edges.push({ from, to, text: parts[i + 2] ?? '' });
    }
    if (parts.length === 1) node(parts[0]);
  }
  const name = (id: string) => (id === 'start' ? '(start)' : id === 'end' ? '(end)' : label.get(id) ?? id);
  const targets = new Set(edges.map((e) => e.to));
  const roots = order.filter((id) => !targets.has(id));
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (id: string, depth: number, via: string) => {
    const pad = '  '.repeat(depth);
    const prefix = depth === 0 ? '' : via ? `-- ${via} --> ` : '--> ';
    if (seen.has(id)) {
      out.push(`${pad}${prefix}${name(id)} (see above)`);
      return;
    }
    seen.add(id);
    out.push(`${pad}${prefix}${name(id)}`);
    for (const e of edges.filter((x) => x.from === id)) visit(e.to, depth + 1, e.text);
  };
  for (const r of roots.length ? roots : order.slice(0, 1)) visit(r, 0, '');
  for (const id of order) if (!seen.has(id)) visit(id, 0, '');
  return out.join('\n');
}
