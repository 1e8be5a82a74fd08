/**
 * `tcpsleuth COMMAND --help`, the docs' option tables and the man page come from one definition
 * per command (src/help/); this holds each definition to the flags its command's parser takes,
 * both ways, long and short.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_DEFINITIONS, definitionOf, top } from '../../src/help/index.js';
import { definedFlags } from '../../src/help/definition.js';
import { renderHelpText } from '../../src/help/render-text.js';

type Options = Record<string, { type?: string; short?: string }>;

/** Each command's parser options, as the command module exports them. */
const PARSERS: Record<string, () => Promise<Options | string[]>> = {
  analyze: async () => (await import('../../src/commands/analyze.js')).OPTIONS,
  ask: async () => (await import('../../src/commands/ask.js')).OPTIONS,
  chat: async () => (await import('../../src/commands/chat.js')).OPTIONS,
  check: async () => (await import('../../src/commands/check.js')).OPTIONS,
  diagrams: async () => (await import('../../src/commands/diagrams.js')).OPTIONS,
  drill: async () => (await import('../../src/commands/drill.js')).OPTIONS,
  explain: async () => Object.keys((await import('../../src/commands/explain.js')).FLAGS),
  lab: async () => (await import('../../src/commands/lab.js')).OPTIONS,
  learn: async () => (await import('../../src/commands/learn.js')).OPTIONS,
  scan: async () => (await import('../../src/scan/options.js')).OPTIONS,
  server: async () => (await import('../../src/commands/server.js')).OPTIONS,
  sockets: async () => (await import('../../src/commands/sockets.js')).OPTIONS,
  watch: async () => (await import('../../src/commands/watch.js')).OPTIONS,
};

/** The flags one side has and the other lacks. */
function flagDifferences(parser: string[], defined: string[]): { notInHelp: string[]; notInParser: string[] } {
  return { notInHelp: parser.filter((f) => !defined.includes(f)), notInParser: defined.filter((f) => !parser.includes(f)) };
}

/** `--name` for every option and `-x` for every short one. */
function parserFlags(options: Options | string[]): string[] {
  if (Array.isArray(options)) return options;
  return Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
}

describe('help definitions and the parsers', () => {
  it('every command has a definition and every definition a command', () => {
    expect(COMMAND_DEFINITIONS.map((d) => d.name).sort()).toEqual(Object.keys(PARSERS).sort());
  });

  for (const name of Object.keys(PARSERS)) {
    it(`${name}: --help lists exactly the flags the parser takes`, async () => {
      const parser = parserFlags(await PARSERS[name]());
      const defined = definedFlags(definitionOf(name)!);
      const { notInHelp, notInParser } = flagDifferences(parser, defined);
      expect(notInHelp, `${name}: the parser takes ${notInHelp.join(', ')}, the help does not list it`).toEqual([]);
      expect(notInParser, `${name}: the help lists ${notInParser.join(', ')}, the parser does not take it`).toEqual([]);
    });
  }

  it('a flag missing from either side is found, long or short (the check above can fail)', () => {
    const server = definitionOf('server')!;
    const withoutSample = { ...server, blocks: server.blocks.map((b) => ({ ...b, options: b.options?.filter((o) => !o.flags.includes('--sample')) })) };
    const parser = parserFlags({ json: { type: 'boolean' }, port: { type: 'string', short: 'p' }, sample: { type: 'string' } });
    expect(flagDifferences(parser, definedFlags(withoutSample))).toEqual({ notInHelp: ['--sample'], notInParser: [] });
    expect(flagDifferences(parserFlags({ json: { type: 'boolean' }, port: { type: 'string' }, sample: { type: 'string' } }), definedFlags(server))).toEqual({ notInHelp: [], notInParser: ['-p'] });
  });

  it('every help renders for the terminal within 100 columns (examples aside), with every placeholder filled', () => {
    for (const help of [top, ...COMMAND_DEFINITIONS]) {
      const text = renderHelpText({ ...help, examples: [] }, { self: 'npx tcpsleuth', here: true });
      expect(renderHelpText(help, { self: 'npx tcpsleuth', here: true })).not.toMatch(/\{\{/);
      expect(text, help.name).not.toMatch(/\{\{/);
      const long = text.split('\n').filter((l) => [...l].length > 100);
      expect(long, `${help.name || 'top'}: lines over 100 columns`).toEqual([]);
      if (help.name) expect(text.startsWith(`tcpsleuth ${help.name}: `)).toBe(true);
    }
  });

  it('the top-level help names every command', () => {
    const text = renderHelpText(top, { self: 'tcpsleuth', here: true });
    for (const d of COMMAND_DEFINITIONS) expect(text).toMatch(new RegExp(`^  tcpsleuth ${d.name}\\b`, 'm'));
  });

  it('examples are printed the way tcpsleuth was started', () => {
    const text = renderHelpText(definitionOf('check')!, { self: 'node dist/cli.js', here: true });
    expect(text).toContain('  node dist/cli.js check db.internal:5432\n');
    expect(text).not.toMatch(/^ {2}tcpsleuth check db\.internal/m);
  });
});
