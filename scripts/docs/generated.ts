/**
 * What the generator writes from the help definitions: man/tcpsleuth.1 and the option tables of
 * docs/*.md. The test (test/docs/) compares the committed files with these.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMAND_DEFINITIONS, definitionOf, top } from '../../src/help/index.js';
import { renderManPage } from '../../src/help/render-man.js';
import { renderOptionTables } from '../../src/help/render-markdown.js';
import { regionsOf, rewriteRegions } from './markers.js';
import { RECIPES } from './recipes.js';

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

/** The table of transcript recipes: which page shows each, and where it is checked. */
export function recipeTable(): string {
  const pages = new Map<string, string[]>();
  for (const page of docPages()) {
    for (const r of regionsOf(readFileSync(ROOT + page, 'utf8'), 'transcript')) pages.set(r.id, [...(pages.get(r.id) ?? []), page]);
  }
  const checked = (r: (typeof RECIPES)[number]) => (!r.tested ? 'by `npm run docs:transcripts` only' : r.root ? 'by the test, as root' : 'by the test');
  const rows = RECIPES.map((r) => `| \`${r.id}\` | ${r.what} | ${(pages.get(r.id) ?? []).map((p) => p.replace(/^docs\//, '')).join(', ')} | ${checked(r)} |`);
  return ['| recipe | shows | on | checked |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** A page with its option tables (and the recipe table) as the code makes them now. */
export function withOptionTables(text: string): string {
  const tables = rewriteRegions(text, 'options', (id) => {
    const table = optionTable(id);
    if (table === undefined) throw new Error(`<!-- options:${id} -->: no command ${id} in src/help/`);
    return table;
  });
  return rewriteRegions(tables, 'recipes', () => recipeTable());
}

/** The Markdown pages the generator looks after: README.md and docs/*.md (paths from ROOT). */
export function docPages(): string[] {
  return ['README.md', ...readdirSync(`${ROOT}docs`).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}
