/**
 * What the generator writes from the help definitions: man/tcpsleuth.1 and the option tables of
 * docs/*.md. The test (test/docs/) compares the committed files with these.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMAND_DEFINITIONS, definitionOf, top } from '../../src/help/index.js';
import { renderManPage } from '../../src/help/render-man.js';
import { renderOptionTables } from '../../src/help/render-markdown.js';
import { rewriteRegions } from './markers.js';

/** The project folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAN_PAGE = 'man/tcpsleuth.1';

/** How the docs name tcpsleuth: as the README's setup runs it. */
export const DOCS_SELF = 'npx tcpsleuth';

function version(): string {
  return (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
}

/** The man page as the definitions make it now. */
export function manPage(): string {
  return renderManPage(top, COMMAND_DEFINITIONS, version());
}

/** The option table of one command as the docs show it. */
export function optionTable(name: string): string | undefined {
  const help = definitionOf(name);
  return help && renderOptionTables(help, { self: DOCS_SELF, here: false });
}

/** A page with its option tables as the definitions make them now. */
export function withOptionTables(text: string): string {
  return rewriteRegions(text, 'options', (id) => {
    const table = optionTable(id);
    if (table === undefined) throw new Error(`<!-- options:${id} -->: no command ${id} in src/help/`);
    return table;
  });
}

/** The Markdown pages the generator looks after: README.md and docs/*.md (paths from ROOT). */
export function docPages(): string[] {
  return ['README.md', ...readdirSync(`${ROOT}docs`).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}
