/**
 * Plain-text rendering of an Explanation: the class in words, the packet-level meaning, likely
 * causes ranked, the lessons, and the command that checks it. Colour only when asked (the command
 * decides: a TTY without NO_COLOR).
 */
import { selfLine } from './self.js';
import { painter } from '../output/colors.js';
import { formatHostPort } from '../target.js';
import type { Explanation } from './types.js';
import { CLASS_TEXT } from './explanations.js';

/** A host as it goes in front of `:port`: IPv6 in brackets. */
const bracketed = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** Renders the explanation as lines of plain text (ends with a newline). */
export function formatExplanation(ex: Explanation, opts: { color?: boolean } = {}): string {
  const c = painter(Boolean(opts.color));
  const lines: string[] = [];
  const title = ex.aboveTcp ? `Above TCP: the application said no (${ex.aboveTcp.kind})` : CLASS_TEXT[ex.class].title;
  const alsoText = ex.also ? ` (also: ${CLASS_TEXT[ex.also].title.toLowerCase()})` : '';
  const where = ex.host ? ` — ${ex.port ? formatHostPort(ex.host, ex.port) : bracketed(ex.host)}` : '';
  const portNote = ex.portSource === 'tool-default' ? ` (${ex.tool}'s default port)` : ex.portSource === 'scheme-default' ? ' (the scheme\'s default port)' : '';
  lines.push(c(ex.class === 'unknown' && !ex.aboveTcp ? 'warn' : 'bad', c('strong', `${title}${alsoText}`)) + where + c('muted', portNote));
  const meta = [`class ${ex.class}${ex.also ? ` + ${ex.also}` : ''}`];
  if (ex.tool) meta.push(`from ${ex.tool}`);
  if (ex.evidence.length > 0) meta.push(`recognised by ${ex.evidence.slice(0, 3).join(', ')}`);
  lines.push(c('muted', meta.join(' · ')));
  if (ex.localAddress) {
    const { host, port } = ex.localAddress;
    const addr = host ? (port ? formatHostPort(host, port) : bracketed(host)) : port ? `port ${port} (all addresses)` : 'a local port';
    lines.push(c('muted', `This machine's own address: ${addr}. A server could not listen there; it is not a remote target to check.`));
  }
  if (ex.truncated) {
    lines.push(c('muted', `(long paste of ${ex.truncated.totalChars} characters: read its head, its tail and the error lines in between)`));
  }
  lines.push('', ex.explanation, '', c('strong', 'Likely causes, most likely first:'));
  ex.causes.forEach((cause, i) => lines.push(`  ${i + 1}. ${cause}`));
  const [first, ...more] = ex.lessons;
  if (first && !ex.aboveTcp) lines.push('', `${c('strong', 'Learn more:')} ${selfLine(['learn', first])}${more.length ? ` (then: ${more.slice(0, 4).join(', ')})` : ''}`);
  if (ex.checkCommand && ex.aboveTcp) {
    lines.push('', c('strong', 'The port most likely answers; to see it anyway:'), `  ${c('accent', ex.checkCommand)}`);
  } else if (ex.checkCommand) {
    lines.push('', c('strong', 'Check it now:'), `  ${c('accent', ex.checkCommand)}`);
  } else if (ex.host) {
    lines.push('', c('strong', 'Check it now (add the port you were connecting to):'), `  ${c('accent', `${selfLine(['check'])} ${bracketed(ex.host)}:PORT`)}`);
  } else if (ex.class !== 'unknown' && !ex.aboveTcp) {
    lines.push('', c('strong', 'Check it now:'), `  ${c('accent', `${selfLine(['check'])} HOST:PORT`)}  (the message names no target: use the one you were connecting to)`);
  }
  return `${lines.join('\n')}\n`;
}
