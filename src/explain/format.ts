/**
 * Plain-text rendering of an Explanation: the class in words, the packet-level meaning, likely
 * causes ranked, the lessons, and the command that checks it. Colour only when asked (the command
 * decides: a TTY without NO_COLOR).
 */
import type { Explanation } from './types.js';
import { CLASS_TEXT } from './explanations.js';

const SGR = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' } as const;

function paint(on: boolean) {
  return (code: keyof typeof SGR, s: string) => (on ? `\u001b[${SGR[code]}m${s}\u001b[0m` : s);
}

/** Renders the explanation as lines of plain text (ends with a newline). */
export function formatExplanation(ex: Explanation, opts: { color?: boolean } = {}): string {
  const c = paint(Boolean(opts.color));
  const lines: string[] = [];
  const title = CLASS_TEXT[ex.class].title;
  const alsoText = ex.also ? ` (also: ${CLASS_TEXT[ex.also].title.toLowerCase()})` : '';
  const where = ex.host ? ` — ${ex.host.includes(':') ? `[${ex.host}]` : ex.host}${ex.port ? `:${ex.port}` : ''}` : '';
  const portNote = ex.portSource === 'tool-default' ? ` (${ex.tool}'s default port)` : ex.portSource === 'scheme-default' ? ' (the scheme\'s default port)' : '';
  lines.push(c(ex.class === 'unknown' ? 'yellow' : 'red', c('bold', `${title}${alsoText}`)) + where + c('dim', portNote));
  const meta = [`class ${ex.class}${ex.also ? ` + ${ex.also}` : ''}`];
  if (ex.tool) meta.push(`from ${ex.tool}`);
  if (ex.evidence.length > 0) meta.push(`recognised by ${ex.evidence.slice(0, 3).join(', ')}`);
  lines.push(c('dim', meta.join(' · ')));
  if (ex.truncated) {
    lines.push(c('dim', `(long paste of ${ex.truncated.totalChars} characters: read its head, its tail and the error lines in between)`));
  }
  lines.push('', ex.explanation, '', c('bold', 'Likely causes, most likely first:'));
  ex.causes.forEach((cause, i) => lines.push(`  ${i + 1}. ${cause}`));
  const [first, ...more] = ex.lessons;
  lines.push('', `${c('bold', 'Learn more:')} tcpsleuth learn ${first}${more.length ? ` (then: ${more.slice(0, 4).join(', ')})` : ''}`);
  if (ex.checkCommand) {
    lines.push('', c('bold', 'Check it now:'), `  ${c('cyan', ex.checkCommand)}`);
  } else if (ex.host) {
    lines.push('', c('bold', 'Check it now (add the port you were connecting to):'), `  ${c('cyan', `tcpsleuth check ${ex.host.includes(':') ? `[${ex.host}]` : ex.host}:PORT`)}`);
  } else if (ex.class !== 'unknown') {
    lines.push('', c('bold', 'Check it now:'), `  ${c('cyan', 'tcpsleuth check HOST:PORT')}  (the message names no target: use the one you were connecting to)`);
  }
  return `${lines.join('\n')}\n`;
}
