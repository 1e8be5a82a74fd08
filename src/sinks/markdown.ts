/**
 * The Markdown sink: foreign text (banners, certificate subjects, file names, pasted messages)
 * placed into a `.md` report can never become a link, an image, emphasis, a table break or raw
 * HTML. Text is either escaped (every character Markdown or inline HTML reads gets a backslash or
 * an entity) or put in a code span. Link targets are only ever ones we made (see `mdLink`).
 */
import { termLine } from './terminal.js';

/**
 * Characters CommonMark or GFM may read as syntax: emphasis, links and images, headings and
 * lists, tables (`|`), strikethrough, HTML and entities, and autolinks (`http:`, `www.`, `a@b`).
 */
const MD_SPECIAL = /[\\`*_{}[\]()<>#+\-.!|~&:@]/g;

/** Foreign text as plain Markdown text on one line: syntax escaped, controls visible. */
export function mdText(text: string, limit = 2000): string {
  // `&` and `<` as entities: a backslash does not stop an HTML tag or entity in every renderer.
  return termLine(text, limit).replace(MD_SPECIAL, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/**
 * Foreign text as an inline code span: nothing inside is read as Markdown. The fence is longer
 * than any run of backticks inside, with spaces when the text touches a backtick.
 */
export function mdCode(text: string, limit = 2000): string {
  const t = termLine(text, limit);
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * A link we made ourselves: `target` must be a relative path of ours (prefixed `./`) or an
 * https URL; anything else is shown as code, not linked.
 */
export function mdLink(label: string, target: string): string {
  const href = /^https:\/\/[^\s()<>]+$/.test(target) ? target : /^[\w./-]+$/.test(target) && !target.includes('..') ? (target.startsWith('./') ? target : `./${target}`) : undefined;
  return href ? `[${mdText(label)}](${href})` : mdCode(target);
}
