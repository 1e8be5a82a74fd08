/**
 * `tcpsleuth COMMAND --help`: a definition laid out for the terminal. Usage and free-form blocks
 * are printed as written; option descriptions are wrapped in a column.
 */
import { fill, optionLabel, type CommandHelp, type HelpOption, type RenderContext } from './definition.js';

/** The width option descriptions are wrapped to (the hand-written blocks keep within it too). */
export const HELP_WIDTH = 100;
/** A label longer than this puts its description on the next line. */
const MAX_LABEL = 22;

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function optionRows(options: HelpOption[], fillText: (t: string) => string): string[] {
  const fitting = options.map(optionLabel).filter((l) => l.length <= MAX_LABEL);
  const column = 2 + Math.max(0, ...fitting.map((l) => l.length)) + 2;
  const indent = ' '.repeat(column);
  const rows: string[] = [];
  for (const option of options) {
    const label = `  ${optionLabel(option)}`;
    const text = wrapWords(fillText(option.text), HELP_WIDTH - column);
    if (label.length + 1 > column) rows.push(label, ...text.map((l) => indent + l));
    else rows.push(label.padEnd(column) + (text[0] ?? ''), ...text.slice(1).map((l) => indent + l));
  }
  return rows;
}

/** Drops the final newline of a verbatim block, so blocks join with exactly one blank line. */
const trimEnd = (text: string) => text.replace(/\n+$/, '');

/**
 * The help text. `usageNote` is the line under the usage block when tcpsleuth was started another
 * way than `tcpsleuth` (src/help/as-started.ts).
 */
export function renderHelpText(help: CommandHelp, ctx: RenderContext, usageNote = ''): string {
  const f = (text: string) => fill(text, help, ctx);
  const head = help.name ? `tcpsleuth ${help.name}: ${help.title}` : `tcpsleuth: ${help.title}`;
  const parts: string[] = [head, `Usage\n${trimEnd(f(help.usage))}${usageNote ? `\n${trimEnd(usageNote)}` : ''}`];
  for (const block of help.blocks) {
    const lines: string[] = [];
    if (block.title) lines.push(f(block.title));
    if (block.text) lines.push(trimEnd(f(block.text)));
    if (block.options) lines.push(...optionRows(block.options, f));
    if (block.after) lines.push(trimEnd(f(block.after)));
    parts.push(lines.join('\n'));
  }
  if (help.examples?.length) parts.push(['Examples', ...help.examples.map((e) => `  ${f(e)}`)].join('\n'));
  return `${parts.join('\n\n')}\n`;
}
