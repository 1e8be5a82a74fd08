/**
 * One command's help as data: `tcpsleuth COMMAND --help`, the option tables in docs/COMMAND.md
 * and man/tcpsleuth.1 are all rendered from it (render-text.ts, render-markdown.ts,
 * render-man.ts), so they cannot drift apart. test/docs/ holds every definition's flags to the
 * command's own parser.
 *
 * Text may name placeholders as `{{name}}`: `{{self}}` is the command that starts tcpsleuth (as
 * the user started it in a terminal, `npx tcpsleuth` in the docs, `tcpsleuth` in the man page);
 * a definition may add its own through `vars` (watch's SYN schedule is this machine's in a
 * terminal, the classic one on paper).
 */

/** One option: every spelling the parser takes, its argument and what it does. */
export interface HelpOption {
  /** Every spelling, short ones first: `['-p', '--port']`, or two opposite switches `['--tls', '--no-tls']`. */
  flags: string[];
  /** The argument's name (`N`, `FILE`); none for a switch. */
  arg?: string;
  /** What it does: one paragraph, wrapped by the renderer. */
  text: string;
}

/** A block of the help under a title: verbatim text, or a list of options with text around it. */
export interface HelpBlock {
  /** The heading (`Options`, `Both ends (one target)`); none for a closing paragraph. */
  title?: string;
  /** Verbatim lines (indentation and alignment kept) before the options, or the whole block. */
  text?: string;
  options?: HelpOption[];
  /** Verbatim lines after the options. */
  after?: string;
}

/** A command's help. */
export interface CommandHelp {
  /** The word after `tcpsleuth` (`check`); empty for the top-level help. */
  name: string;
  /** The headline after `tcpsleuth NAME: `. */
  title: string;
  /** One line for the command list, the man page and the docs (no full stop). */
  summary: string;
  /** Verbatim usage lines, two-space indented, with `tcpsleuth` as the program's name. */
  usage: string;
  blocks: HelpBlock[];
  /** Example command lines (`{{self}} check db:5432`); a note may follow after three spaces. */
  examples?: string[];
  /** Placeholders of this definition: filled from this machine in a terminal, generic on paper. */
  vars?: { here: () => Record<string, string>; paper: Record<string, string> };
}

/** Where a definition is rendered: the values of the placeholders there. */
export interface RenderContext {
  /** How the program is named in commands (`tcpsleuth`, `npx tcpsleuth`, `node dist/cli.js`). */
  self: string;
  /** A terminal on this machine (true), or paper: docs and the man page (false). */
  here: boolean;
}

/** Fills `{{name}}` placeholders; an unknown one is a programming error, thrown. */
export function fill(text: string, help: CommandHelp, ctx: RenderContext): string {
  const vars: Record<string, string> = { self: ctx.self, ...(help.vars ? (ctx.here ? help.vars.here() : help.vars.paper) : {}) };
  return text.replace(/\{\{([a-z0-9-]+)\}\}/g, (whole, name: string) => {
    if (!(name in vars)) throw new Error(`help for ${help.name || 'tcpsleuth'}: unknown placeholder ${whole}`);
    return vars[name];
  });
}

/** Every flag a definition names (`--port`, `-p`), in order, without repeats. */
export function definedFlags(help: CommandHelp): string[] {
  const flags = help.blocks.flatMap((b) => b.options ?? []).flatMap((o) => o.flags);
  return [...new Set(flags)];
}

/** An option's flags and argument as one label: `-p, --port N`. */
export function optionLabel(option: HelpOption): string {
  return option.flags.join(', ') + (option.arg ? ` ${option.arg}` : '');
}
