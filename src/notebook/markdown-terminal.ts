/**
 * Lesson Markdown for a terminal: prose reflowed to the width (lists and quotes with a hanging
 * indent), code and packet listings kept as they are (cut with a marker where they would wrap),
 * emphasis and inline code styled when colour is on, tables as aligned columns (or one field a
 * line when too wide). Every piece of text passes the terminal sink's sanitiser first, so a lesson
 * (or a recorded session) cannot move the cursor or reorder the screen.
 */
import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { inertBidi } from '../sinks/terminal.js';
import { decodeEntities, isComment, lexInline, lexMarkdown, type Token, type Tokens } from './markdown-tokens.js';

export interface TerminalOptions {
  /** Columns to reflow prose to; Infinity keeps each paragraph on one line. */
  width?: number;
  /** Bold, italic, coloured code (still off when the terminal or NO_COLOR says no colour). */
  color?: boolean;
  /** Overrides the detected colour support (0 none … 3 truecolor); for tests. */
  colorLevel?: 0 | 1 | 2 | 3;
  /** Cut code lines wider than `width`, ending them with CUT (a terminal would otherwise wrap them). */
  cutCode?: boolean;
}

/** Marks a code line that was cut at the terminal's edge. */
export const CUT = '…';
const CODE_INDENT = '    ';

interface Ctx {
  width: number;
  style: Style;
  cutCode: boolean;
}

interface Style {
  strong(s: string): string;
  em(s: string): string;
  code(s: string): string;
  heading(s: string): string;
  link(s: string): string;
  dim(s: string): string;
}

const PLAIN: Style = { strong: (s) => s, em: (s) => s, code: (s) => s, heading: (s) => s, link: (s) => s, dim: (s) => s };

function styleFor(color: boolean, level?: TerminalOptions['colorLevel']): Style {
  if (!color) return PLAIN;
  const c = level === undefined ? new Chalk() : new Chalk({ level });
  if (c.level === 0) return PLAIN;
  return { strong: c.bold, em: c.italic, code: c.cyan, heading: c.bold, link: c.underline, dim: c.dim };
}

/** Markdown → terminal text (no trailing newline). */
export function markdownToTerminal(md: string, opts: TerminalOptions = {}): string {
  const ctx: Ctx = { width: Math.max(opts.width ?? 80, 20), style: styleFor(Boolean(opts.color), opts.colorLevel), cutCode: Boolean(opts.cutCode) };
  return blocks(lexMarkdown(md), ctx).join('\n');
}

/** One line of inline Markdown (a quiz choice, an explanation) → styled text, not wrapped. */
export function inlineToTerminal(text: string, opts: Pick<TerminalOptions, 'color' | 'colorLevel'> = {}): string {
  return inline(lexInline(text), styleFor(Boolean(opts.color), opts.colorLevel));
}

/**
 * A line of inline Markdown after a lead ("Quiz: ", "  B. ", "  Why: "), reflowed so that
 * continuation lines start under the text, not under the lead.
 */
export function hangingLines(lead: string, text: string, opts: TerminalOptions = {}): string[] {
  return hangingText(lead, inlineToTerminal(text, opts), opts);
}

/** The same for plain text that is not Markdown (a command, a measurement): made inert, not parsed. */
export function hangingText(lead: string, text: string, opts: Pick<TerminalOptions, 'width'> = {}): string[] {
  return wrap(inertBidi(text), Math.max(opts.width ?? 80, 20), lead, ' '.repeat(stringWidth(lead)));
}

/** Block tokens → lines, one blank line between blocks. */
function blocks(tokens: Token[], ctx: Ctx): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const lines = block(t, ctx);
    if (!lines.length) continue;
    if (out.length) out.push('');
    out.push(...lines);
  }
  return out;
}

function block(t: Token, ctx: Ctx): string[] {
  const s = ctx.style;
  switch (t.type) {
    case 'heading': {
      const lines = wrap(inline((t as Tokens.Heading).tokens, s), ctx.width, '', '');
      if (s !== PLAIN) return lines.map((l) => s.heading(l));
      const longest = Math.max(...lines.map((l) => stringWidth(l)));
      return [...lines, ((t as Tokens.Heading).depth === 1 ? '=' : '-').repeat(Math.min(longest, 72))];
    }
    case 'paragraph':
    case 'text':
      return wrap(inline((t as Tokens.Paragraph).tokens ?? [t], s), ctx.width, '', '');
    case 'code':
      return codeLines((t as Tokens.Code).text, ctx);
    case 'list':
      return list(t as Tokens.List, ctx);
    case 'blockquote': {
      const bar = s === PLAIN ? '> ' : s.dim('│ ');
      return blocks((t as Tokens.Blockquote).tokens, { ...ctx, width: ctx.width - 2 }).map((l) => (l ? bar + l : bar.trimEnd()));
    }
    case 'table':
      return table(t as Tokens.Table, ctx);
    case 'hr':
      return [s.dim('─'.repeat(Math.min(ctx.width, 40)))];
    case 'html':
      return isComment((t as Tokens.HTML).text) ? [] : wrap(inertBidi((t as Tokens.HTML).text.trim()), ctx.width, '', '');
    default:
      // space, def: nothing to show
      return [];
  }
}

/** Inline tokens → one string; soft line breaks become spaces (the paragraph is reflowed). */
function inline(tokens: Token[], s: Style): string {
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'text':
          return 'tokens' in t && t.tokens?.length ? inline(t.tokens, s) : inertBidi(decodeEntities((t as Tokens.Text).text)).replace(/\n/g, ' ');
        case 'escape':
          return inertBidi((t as Tokens.Escape).text);
        case 'strong':
          return s.strong(inline((t as Tokens.Strong).tokens, s));
        case 'em':
          return s.em(inline((t as Tokens.Em).tokens, s));
        case 'del':
          return inline((t as Tokens.Del).tokens, s);
        case 'codespan':
          return s.code(inertBidi(decodeEntities((t as Tokens.Codespan).text)));
        case 'br':
          return '\n';
        case 'link': {
          const l = t as Tokens.Link;
          const label = inline(l.tokens, s);
          const href = inertBidi(l.href);
          return l.autolink || l.text === l.href ? s.link(href) : `${label} (${s.link(href)})`;
        }
        case 'image':
          return `[image: ${inertBidi((t as Tokens.Image).text)}]`;
        case 'html':
          return isComment((t as Tokens.Tag).text) ? '' : inertBidi((t as Tokens.Tag).text);
        case 'checkbox':
          return (t as Tokens.Checkbox).checked ? '[x] ' : '[ ] ';
        default:
          return 'text' in t && typeof t.text === 'string' ? inertBidi(t.text) : '';
      }
    })
    .join('');
}

/** Reflows `text` to `width` columns; the first line starts with `first`, the others with `rest` (same width). */
function wrap(text: string, width: number, first: string, rest: string): string[] {
  const room = width - stringWidth(first);
  const lines = Number.isFinite(width) ? wrapAnsi(text, Math.max(room, 10), { hard: false, trim: true }).split('\n') : text.split('\n').map((l) => l.trim());
  return lines.map((l, i) => (i === 0 ? first : rest) + l);
}

function expandTabs(line: string): string {
  let col = 0;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') {
      const pad = 8 - (col % 8);
      out += ' '.repeat(pad);
      col += pad;
    } else {
      out += ch;
      col += stringWidth(ch);
    }
  }
  return out;
}

/** Code as written, indented; cut at the width with CUT when asked (never wrapped). */
function codeLines(code: string, ctx: Ctx): string[] {
  return code
    .replace(/\n+$/, '')
    .split('\n')
    .map((raw) => {
      const line = CODE_INDENT + expandTabs(inertBidi(raw));
      if (!ctx.cutCode || !Number.isFinite(ctx.width) || stringWidth(line) <= ctx.width) return line;
      let out = '';
      for (const ch of line) {
        if (stringWidth(out + ch) > ctx.width - 1) break;
        out += ch;
      }
      return out + ctx.style.dim(CUT);
    });
}

function list(t: Tokens.List, ctx: Ctx): string[] {
  const start = typeof t.start === 'number' ? t.start : 1;
  const markers = t.items.map((_, i) => (t.ordered ? `${start + i}.` : '-'));
  const markerWidth = Math.max(...markers.map((m) => m.length)) + 1;
  const out: string[] = [];
  t.items.forEach((item, i) => {
    if (t.loose && out.length) out.push('');
    const inner = blocks(item.tokens, { ...ctx, width: ctx.width - markerWidth });
    const first = markers[i].padEnd(markerWidth);
    inner.forEach((l, k) => out.push(l ? (k === 0 ? first : ' '.repeat(markerWidth)) + l : ''));
    if (!inner.length) out.push(first.trimEnd());
  });
  return out;
}

function table(t: Tokens.Table, ctx: Ctx): string[] {
  const s = ctx.style;
  const head = t.header.map((c) => inline(c.tokens, s));
  const rows = t.rows.map((r) => r.map((c) => inline(c.tokens, s)));
  const widths = head.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  if (total <= ctx.width) {
    const pad = (text: string, i: number) => {
      const gap = ' '.repeat(widths[i] - stringWidth(text));
      return t.align[i] === 'right' ? gap + text : text + gap;
    };
    const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
    return [line(head.map((h) => s.strong(h))), s.dim(widths.map((w) => '─'.repeat(w)).join('  ')), ...rows.map(line)];
  }
  // Too wide for the terminal: one "header: value" line per cell, a blank line between rows.
  const out: string[] = [];
  for (const r of rows) {
    if (out.length) out.push('');
    r.forEach((cell, i) => out.push(...wrap(cell, ctx.width, `${s.strong(head[i])}: `, '  ')));
  }
  return out;
}
