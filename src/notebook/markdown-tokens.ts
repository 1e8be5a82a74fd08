/**
 * The one Markdown parser behind every view of a lesson: marked's lexer (CommonMark with GitHub's
 * tables), run once per text, whose tokens the terminal renderer (markdown-terminal.ts) and the
 * HTML renderer (src/report/markdown-html.ts) each lay out their own way. Raw HTML in a lesson is
 * never passed through: comments are dropped, any other tag is shown as the text it is.
 */
import { Lexer, type Token, type Tokens } from 'marked';

export type { Token, Tokens };

const OPTIONS = { gfm: true, breaks: false } as const;

/** Block tokens of a Markdown text. */
export function lexMarkdown(md: string): Token[] {
  return new Lexer(OPTIONS).lex(md.replace(/\r\n/g, '\n'));
}

/** Inline tokens of one line of Markdown (a quiz question, a choice, an explanation). */
export function lexInline(text: string): Token[] {
  return Lexer.lexInline(text, OPTIONS);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The lexer keeps character references as written (`&amp;`, `&#39;`); both renderers want the character. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** True for an HTML comment (`<!-- topic: rst -->`): notes for the tools, never shown. */
export const isComment = (html: string): boolean => /^\s*<!--[\s\S]*?-->\s*$/.test(html);
