/**
 * Lesson Markdown to HTML, from the same parser the terminal uses (src/notebook/markdown-tokens.ts,
 * marked's lexer): headings, paragraphs, nested lists, tables, block quotes, code, emphasis, links.
 * Every piece of text is escaped by the HTML sink; raw HTML in the source never becomes a tag
 * (comments are dropped, anything else is shown as text); links only to https or our own paths.
 */
import { decodeEntities, isComment, lexInline, lexMarkdown, type Token, type Tokens } from '../notebook/markdown-tokens.js';
import { h, safeHref } from '../sinks/html.js';

/** Inline Markdown of one line (a quiz question, a choice, an explanation) as HTML. */
export function inline(text: string): string {
  return inlineTokens(lexInline(text));
}

function inlineTokens(tokens: Token[]): string {
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'text':
          return 'tokens' in t && t.tokens?.length ? inlineTokens(t.tokens) : h(decodeEntities((t as Tokens.Text).text)).replace(/\n/g, ' ');
        case 'escape':
          return h((t as Tokens.Escape).text);
        case 'strong':
          return `<strong>${inlineTokens((t as Tokens.Strong).tokens)}</strong>`;
        case 'em':
          return `<em>${inlineTokens((t as Tokens.Em).tokens)}</em>`;
        case 'del':
          return `<del>${inlineTokens((t as Tokens.Del).tokens)}</del>`;
        case 'codespan':
          return `<code>${h(decodeEntities((t as Tokens.Codespan).text))}</code>`;
        case 'br':
          return '<br>';
        case 'link': {
          const l = t as Tokens.Link;
          const href = safeHref(l.href);
          const label = inlineTokens(l.tokens);
          return href ? `<a href="${href}">${label}</a>` : `${label} (<code>${h(l.href)}</code>)`;
        }
        case 'image':
          // A self-contained page loads nothing from elsewhere: the image's description stands in.
          return `[${h((t as Tokens.Image).text)}]`;
        case 'html':
          return isComment((t as Tokens.Tag).text) ? '' : h((t as Tokens.Tag).text);
        case 'checkbox':
          return (t as Tokens.Checkbox).checked ? '☑ ' : '☐ ';
        default:
          return 'text' in t && typeof t.text === 'string' ? h(t.text) : '';
      }
    })
    .join('');
}

interface Opts {
  headingShift: number;
}

function block(t: Token, o: Opts): string {
  switch (t.type) {
    case 'heading': {
      const level = Math.min(6, (t as Tokens.Heading).depth + o.headingShift);
      return `<h${level}>${inlineTokens((t as Tokens.Heading).tokens)}</h${level}>`;
    }
    case 'paragraph':
      return `<p>${inlineTokens((t as Tokens.Paragraph).tokens)}</p>`;
    case 'text':
      // A tight list item's text: no paragraph around it.
      return inlineTokens((t as Tokens.Text).tokens ?? [t]);
    case 'code': {
      const c = t as Tokens.Code;
      const lang = c.lang && /^[\w-]+$/.test(c.lang) ? ` class="language-${c.lang}"` : '';
      return `<pre><code${lang}>${h(c.text.replace(/\n+$/, ''))}</code></pre>`;
    }
    case 'list': {
      const l = t as Tokens.List;
      const tag = l.ordered ? 'ol' : 'ul';
      const start = l.ordered && typeof l.start === 'number' && l.start !== 1 ? ` start="${l.start}"` : '';
      return `<${tag}${start}>${l.items.map((item) => `<li>${blocks(item.tokens, o, '')}</li>`).join('')}</${tag}>`;
    }
    case 'blockquote':
      return `<blockquote>${blocks((t as Tokens.Blockquote).tokens, o, '')}</blockquote>`;
    case 'table': {
      const tb = t as Tokens.Table;
      const align = (i: number) => (tb.align[i] ? ` style="text-align:${tb.align[i]}"` : '');
      const head = tb.header.map((c, i) => `<th${align(i)}>${inlineTokens(c.tokens)}</th>`).join('');
      const rows = tb.rows.map((r) => `<tr>${r.map((c, i) => `<td${align(i)}>${inlineTokens(c.tokens)}</td>`).join('')}</tr>`).join('');
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'hr':
      return '<hr>';
    case 'html':
      return isComment((t as Tokens.HTML).text) ? '' : `<p>${h((t as Tokens.HTML).text.trim())}</p>`;
    default:
      return '';
  }
}

function blocks(tokens: Token[], o: Opts, sep: string): string {
  return tokens
    .map((t) => block(t, o))
    .filter(Boolean)
    .join(sep);
}

/** Block-level conversion. `headingShift` pushes `#` down (a lesson's # becomes h2 under the page's h1). */
export function markdownToHtml(md: string, opts: { headingShift?: number } = {}): string {
  return blocks(lexMarkdown(md), { headingShift: opts.headingShift ?? 0 }, '\n');
}
