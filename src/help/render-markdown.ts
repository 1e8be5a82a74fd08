/**
 * The option tables in docs/COMMAND.md: one table per options block of a definition, with the
 * block's title above it when the command has several.
 */
import { fill, type CommandHelp, type RenderContext } from './definition.js';

/** Our own text in a table cell: only `|` would break the row. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** A flag or argument as code, backticks inside kept (none of ours has any). */
const code = (text: string) => `\`${text}\``;

/** The Markdown of every options block of `help` (the docs name tcpsleuth as `ctx.self`). */
export function renderOptionTables(help: CommandHelp, ctx: RenderContext): string {
  const f = (t: string) => fill(t, help, ctx);
  const withOptions = help.blocks.filter((b) => b.options?.length);
  const parts: string[] = [];
  for (const block of withOptions) {
    const rows = (block.options ?? []).map((o) => {
      const label = o.flags.map((flag) => code(flag + (o.arg ? ` ${o.arg}` : ''))).join(', ');
      return `| ${cell(label)} | ${cell(f(o.text))} |`;
    });
    const title = withOptions.length > 1 && block.title ? `**${f(block.title)}**\n\n` : '';
    parts.push(`${title}| Option | What it does |\n| --- | --- |\n${rows.join('\n')}`);
  }
  return parts.join('\n\n');
}
