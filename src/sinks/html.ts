/**
 * The HTML sink: foreign text is escaped for where it lands (element text or a quoted attribute),
 * and URLs are only ones we made, from an allow-list of schemes (https, and relative paths of
 * ours prefixed `./`). Nothing foreign becomes an element or an attribute.
 */
import { inertBidi } from './terminal.js';

/** HTML-escapes text for element content and double- or single-quoted attribute values. */
export function h(s: string | number | undefined): string {
  return inertBidi(String(s ?? '')).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An href of ours, escaped, or undefined when it is not one we allow (then show text, not a link). */
export function safeHref(target: string): string | undefined {
  if (/^https:\/\/[^\s"'<>]+$/.test(target)) return h(target);
  if (/^[\w./-]+$/.test(target) && !target.includes('..') && !target.startsWith('/')) return h(target.startsWith('./') ? target : `./${target}`);
  return undefined;
}

/** `<a href>` for a link of ours, or the label as text when the target is not allowed. */
export function htmlLink(label: string, target: string): string {
  const href = safeHref(target);
  return href ? `<a href="${href}">${h(label)}</a>` : `<code>${h(target)}</code>`;
}
