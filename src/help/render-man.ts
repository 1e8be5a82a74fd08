/**
 * man/tcpsleuth.1: every definition as one man(7) page, a section per command. Free-form blocks
 * stay as written (no-fill), options become tagged paragraphs. The page is the same on every
 * machine: placeholders take their paper values (`tcpsleuth`, the classic SYN schedule).
 */
import { fill, type CommandHelp, type HelpOption, type RenderContext } from './definition.js';

const PAPER: RenderContext = { self: 'tcpsleuth', here: false };

/** Text for roff: backslashes, hyphens (so commands copy as typed) and non-ASCII as escapes. */
export function roffText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\e';
    else if (ch === '-') out += '\\-';
    else if (code > 0x7e) out += `\\[u${code.toString(16).toUpperCase().padStart(4, '0')}]`;
    else out += ch;
  }
  return out;
}

/** One input line for roff: a leading `.` or `'` would be read as a request. */
function roffLine(line: string): string {
  const text = roffText(line);
  return /^[.']/.test(text) ? `\\&${text}` : text;
}

/** Verbatim lines, one output line each. */
function noFill(text: string): string[] {
  return ['.nf', ...text.replace(/\n+$/, '').split('\n').map(roffLine), '.fi'];
}

function option(o: HelpOption, help: CommandHelp): string[] {
  const flags = o.flags.map((f) => `\\fB${roffText(f)}\\fR`).join(', ');
  return ['.TP', flags + (o.arg ? ` \\fI${roffText(o.arg)}\\fR` : ''), roffLine(fill(o.text, help, PAPER))];
}

/** A definition's blocks and examples. */
function blocks(help: CommandHelp): string[] {
  const f = (t: string) => fill(t, help, PAPER);
  const lines: string[] = [];
  for (const block of help.blocks) {
    lines.push('.PP');
    if (block.title) lines.push(`.B ${roffLine(f(block.title))}`, '.br');
    if (block.text) lines.push(...noFill(f(block.text)));
    if (block.options) lines.push(...block.options.flatMap((o) => option(o, help)), '.PP');
    if (block.after) lines.push(...noFill(f(block.after)));
  }
  if (help.examples?.length) lines.push('.PP', '.B Examples', '.br', ...noFill(help.examples.map((e) => `  ${f(e)}`).join('\n')));
  return lines;
}

const usage = (help: CommandHelp) => noFill(fill(help.usage, help, PAPER));

/** The whole man page: the top-level help as NAME/SYNOPSIS/DESCRIPTION, then one SS per command. */
export function renderManPage(top: CommandHelp, commands: readonly CommandHelp[], version: string): string {
  const lines = [
    `.TH TCPSLEUTH 1 "" "tcpsleuth ${roffText(version)}" "User Commands"`,
    '.\\" Generated from src/help/ by scripts/docs.ts: edit the definitions, not this file.',
    '.SH NAME',
    `tcpsleuth \\- ${roffText(top.summary)}`,
    '.SH SYNOPSIS',
    ...usage(top),
    '.SH DESCRIPTION',
    roffLine(`tcpsleuth: ${top.title}`),
    ...blocks(top),
    '.SH COMMANDS',
  ];
  for (const help of commands) {
    lines.push(`.SS "tcpsleuth ${roffText(help.name)}"`, roffLine(`${help.title.replace(/\.$/, '')}.`), '.PP', '.B Usage', '.br', ...usage(help), ...blocks(help));
  }
  lines.push(
    '.SH EXIT STATUS',
    '0 when the connection (or every one) is open or the command did its job; 1 for any other verdict or a finding; 2 for bad usage; 130 when stopped by Ctrl-C where a command says so.',
    '.SH SEE ALSO',
    '.BR ss (8),',
    '.BR nc (1),',
    '.BR nmap (1),',
    '.BR tcpdump (8),',
    '.BR tshark (1),',
    '.BR ip (8),',
    '.BR tcp (7)',
  );
  return `${lines.join('\n')}\n`;
}
