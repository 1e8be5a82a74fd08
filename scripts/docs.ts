/**
 * Regenerates what the docs take from the code:
 *   npx tsx scripts/docs.ts                  man/tcpsleuth.1 and the option tables in docs/*.md
 *   npx tsx scripts/docs.ts --transcripts    also every transcript (needs `npm run build`;
 *                                            the root-only recipes run only as root)
 *   npx tsx scripts/docs.ts --transcripts check-refused scan    just these recipes
 *   npx tsx scripts/docs.ts --check          write nothing; exit 1 when the man page or a table is stale
 * `npm run docs` and `npm run docs:transcripts` run the first two.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ROOT, MAN_PAGE, docPages, manPage, withOptionTables } from './docs/generated.js';
import { regionsOf, rewriteRegions } from './docs/markers.js';
import { RECIPES, recipeOf } from './docs/recipes.js';
import { fenced, runRecipes } from './docs/transcripts.js';

/** Writes through a temporary file and a rename, so a reader never sees half a page. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

async function main(args: string[]): Promise<number> {
  const check = args.includes('--check');
  const transcripts = args.includes('--transcripts');
  const only = args.filter((a) => !a.startsWith('--'));
  for (const id of only) if (!recipeOf(id)) throw new Error(`no recipe ${id} (scripts/docs/recipes.ts)`);
  const stale: string[] = [];
  const update = (path: string, text: string) => {
    const full = ROOT + path;
    const now = existsSync(full) ? readFileSync(full, 'utf8') : '';
    if (now === text) return;
    stale.push(path);
    if (!check) writeAtomic(full, text);
  };

  update(MAN_PAGE, manPage());

  let made = new Map<string, string>();
  if (transcripts && !check) {
    const wanted = new Set(docPages().flatMap((p) => regionsOf(readFileSync(ROOT + p, 'utf8'), 'transcript').map((r) => r.id)));
    const asRoot = process.getuid?.() === 0;
    const recipes = RECIPES.filter((r) => wanted.has(r.id) && (only.length === 0 || only.includes(r.id)) && (asRoot || !r.root));
    for (const r of RECIPES) if (r.root && !asRoot && wanted.has(r.id)) process.stderr.write(`docs: ${r.id} needs root: kept as it is\n`);
    made = await runRecipes(recipes, (id, ms) => process.stderr.write(`docs: ${id} (${Math.round(ms)} ms)\n`));
  }
  for (const page of docPages()) {
    let text = withOptionTables(readFileSync(ROOT + page, 'utf8'));
    text = rewriteRegions(text, 'transcript', (id) => {
      if (!recipeOf(id)) throw new Error(`${page}: <!-- transcript:${id} --> names no recipe in scripts/docs/recipes.ts`);
      const t = made.get(id);
      return t === undefined ? undefined : fenced(t);
    });
    update(page, text);
  }
  if (check) {
    for (const path of stale) process.stderr.write(`docs: ${path} is out of date (npm run docs)\n`);
    return stale.length ? 1 : 0;
  }
  process.stderr.write(stale.length ? `docs: wrote ${stale.join(', ')}\n` : 'docs: everything was up to date\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`docs: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
