/**
 * A conversation's time-sequence plot as SVG, in the spirit of tcptrace: for each side that sent
 * data, its bytes over time (each segment a vertical bar from its first to its last byte, resent
 * ones in red), the receiver's ACKs as a step line below them, the right edge of its window above,
 * and the moments the window was zero. A flat stretch is a stall; the gap between the data and
 * the window line says who held it back: the network (data far below the window) or the reader.
 * Pure: samples in, SVG text out; every label is ours (numbers and fixed words), escaped anyway.
 */
import type { SequenceSeries, TimeSequence } from '../packets/time-sequence-samples.js';
import { h } from '../sinks/html.js';

const W = 720;
const PANEL_H = 240;
const M = { left: 64, right: 16, top: 28, bottom: 34 };
/** More bars than this are merged per pixel column (the picture is the same, the file is not 10 MB). */
const MAX_BARS = 2 * (W - M.left - M.right);

const COLORS = { data: '#1f6feb', resent: '#d1242f', ack: '#1a7f37', edge: '#bf8700', zero: '#d1242f', grid: '#d0d7de', text: '#57606a' };

interface Scale {
  x: (ms: number) => number;
  y: (bytes: number) => number;
}

/** Round tick steps: 1, 2, 5 × 10^n. */
function ticks(max: number, count: number): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9 && out.length < 50; v += step) out.push(v);
  return out;
}

function bytesLabel(n: number): string {
  if (n >= 1 << 20) return `${+(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${+(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

function msLabel(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${+ms.toFixed(1)} ms`;
}

const f1 = (n: number) => (Math.round(n * 10) / 10).toString();

/** Data bars, merged per pixel column when there are too many: the lowest start and highest end of each column. */
function bars(series: SequenceSeries, s: Scale, retransmit: boolean): string {
  const data = series.data.filter((d) => d.retransmit === retransmit);
  const columns = new Map<number, { lo: number; hi: number }>();
  if (data.length > MAX_BARS) {
    for (const d of data) {
      const x = Math.round(s.x(d.atMs));
      const c = columns.get(x);
      if (!c) columns.set(x, { lo: d.from, hi: d.to });
      else {
        c.lo = Math.min(c.lo, d.from);
        c.hi = Math.max(c.hi, d.to);
      }
    }
  } else for (const d of data) columns.set(columns.size, { lo: d.from, hi: d.to });
  const xs = data.length > MAX_BARS ? [...columns.keys()] : data.map((d) => Math.round(s.x(d.atMs) * 10) / 10);
  const parts: string[] = [];
  let k = 0;
  for (const c of columns.values()) {
    const x = f1(xs[k++]);
    // A bar at least a pixel tall, so a small segment still shows.
    const y1 = s.y(c.lo);
    const y2 = Math.min(y1 - 1, s.y(c.hi));
    parts.push(`M${x} ${f1(y1)}V${f1(y2)}`);
  }
  return parts.length ? `<path d="${parts.join('')}" stroke="${retransmit ? COLORS.resent : COLORS.data}" stroke-width="${retransmit ? 2 : 1.2}" fill="none"/>` : '';
}

/** A step line through (time, value) points (ACKs, window edges), thinned to one point per pixel column. */
function steps(points: Array<{ atMs: number; v: number }>, s: Scale, color: string, dash = ''): string {
  if (!points.length) return '';
  let d = '';
  let lastX = NaN;
  let lastY = NaN;
  for (const p of points) {
    const x = Math.round(s.x(p.atMs) * 2) / 2;
    const y = Math.round(s.y(p.v) * 2) / 2;
    if (Number.isNaN(lastX)) d += `M${x} ${y}`;
    else if (x === lastX) {
      if (y === lastY) continue;
      d += `V${y}`;
    } else d += `H${x}V${y}`;
    lastX = x;
    lastY = y;
  }
  return `<path d="${d}" stroke="${color}" stroke-width="1.2" fill="none"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

function panel(series: SequenceSeries, title: string, top: number, endMs: number): string {
  const maxSeq = Math.max(1, ...series.data.map((d) => d.to), ...series.acks.map((a) => a.ack));
  const plotW = W - M.left - M.right;
  const plotH = PANEL_H - M.top - M.bottom;
  const s: Scale = {
    x: (ms) => M.left + (endMs > 0 ? (ms / endMs) * plotW : 0),
    y: (b) => top + M.top + plotH - (Math.min(b, maxSeq * 1.05) / (maxSeq * 1.05)) * plotH,
  };
  const out: string[] = [`<text x="${M.left}" y="${top + 18}" font-size="13" font-weight="600" fill="#24292f">${h(title)}</text>`];
  for (const v of ticks(endMs, 6)) {
    const x = f1(s.x(v));
    out.push(`<line x1="${x}" x2="${x}" y1="${top + M.top}" y2="${top + M.top + plotH}" stroke="${COLORS.grid}" stroke-width="0.5"/>`);
    out.push(`<text x="${x}" y="${top + PANEL_H - 16}" font-size="10" text-anchor="middle" fill="${COLORS.text}">${h(msLabel(v))}</text>`);
  }
  // Byte ticks at round numbers of the unit the axis is labelled in (KiB, MiB).
  const unit = maxSeq >= 1 << 20 ? 1 << 20 : maxSeq >= 1 << 10 ? 1 << 10 : 1;
  for (const v of ticks(maxSeq / unit, 5).map((t) => t * unit)) {
    const y = f1(s.y(v));
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="${COLORS.grid}" stroke-width="0.5"/>`);
    out.push(`<text x="${M.left - 6}" y="${y}" font-size="10" text-anchor="end" dominant-baseline="middle" fill="${COLORS.text}">${h(bytesLabel(v))}</text>`);
  }
  const edges = series.acks.filter((a) => a.edge >= 0).map((a) => ({ atMs: a.atMs, v: a.edge }));
  out.push(steps(edges, s, COLORS.edge, '4 2'));
  out.push(steps(series.acks.map((a) => ({ atMs: a.atMs, v: a.ack })), s, COLORS.ack));
  out.push(bars(series, s, false), bars(series, s, true));
  for (const z of series.zeroWindows.slice(0, 500)) {
    const x = f1(s.x(z));
    out.push(`<path d="M${x} ${top + M.top + plotH}l-4 8h8z" fill="${COLORS.zero}"><title>zero window at ${h(msLabel(z))}</title></path>`);
  }
  return out.filter(Boolean).join('');
}

/** The legend: what each mark means, under the panels. */
function legend(y: number): string {
  const items: Array<[string, string]> = [
    [`<path d="M0 -6V6" stroke="${COLORS.data}" stroke-width="2"/>`, 'data'],
    [`<path d="M0 -6V6" stroke="${COLORS.resent}" stroke-width="2"/>`, 'resent'],
    [`<path d="M-6 0H6" stroke="${COLORS.ack}" stroke-width="2"/>`, 'ACKed'],
    [`<path d="M-6 0H6" stroke="${COLORS.edge}" stroke-width="2" stroke-dasharray="4 2"/>`, 'window edge'],
    [`<path d="M0 -4l-4 8h8z" fill="${COLORS.zero}"/>`, 'zero window'],
  ];
  let x = M.left;
  return items
    .map(([mark, label]) => {
      const g = `<g transform="translate(${x + 6},${y})">${mark}<text x="12" y="0" font-size="11" dominant-baseline="middle" fill="${COLORS.text}">${h(label)}</text></g>`;
      x += 30 + label.length * 6;
      return g;
    })
    .join('');
}

/**
 * The plot, or undefined when neither side sent data. `names` label the panels (the client's and
 * the server's address:port).
 */
export function timeSequenceSvg(ts: TimeSequence, names: { client: string; server: string }): string | undefined {
  // A side that sent next to nothing (a request line before a download) says nothing over time.
  const sent = (x: SequenceSeries) => Math.max(0, ...x.data.map((d) => d.to));
  const most = Math.max(sent(ts.client), sent(ts.server));
  const sides = ([['client', names.client, names.server], ['server', names.server, names.client]] as const).filter(([side]) => ts[side].data.length > 0 && sent(ts[side]) >= most / 20);
  if (!sides.length) return undefined;
  const lastMs = (x: SequenceSeries) => Math.max(0, ...x.data.map((d) => d.atMs), ...x.acks.map((a) => a.atMs), ...x.zeroWindows);
  const endMs = Math.max(lastMs(ts.client), lastMs(ts.server));
  const height = sides.length * PANEL_H + 30;
  const body = sides.map(([side, from, to], i) => panel(ts[side], `${from} → ${to}: bytes sent over time`, i * PANEL_H, endMs)).join('');
  const note = ts.truncated ? `<text x="${W - M.right}" y="${height - 8}" font-size="10" text-anchor="end" fill="${COLORS.text}">(only the first packets are drawn)</text>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" font-family="system-ui, sans-serif">` +
    `<title>Time-sequence plot: bytes over time, per side</title>${body}${legend(height - 14)}${note}</svg>`
  );
}
