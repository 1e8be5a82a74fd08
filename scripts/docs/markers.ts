/**
 * Generated parts of a Markdown page sit between marker comments:
 *   <!-- options:check --> … <!-- /options -->      an option table (from src/help/)
 *   <!-- transcript:check-refused --> … <!-- /transcript -->   a real run (scripts/docs/recipes.ts)
 *   <!-- recipes:all --> … <!-- /recipes -->        the table of recipes (docs/contributing.md)
 * Everything outside the markers is written by hand and never touched.
 */

export type MarkerKind = 'options' | 'transcript' | 'recipes';

/** One generated region: its kind, its id and what is between the markers now. */
export interface Region {
  kind: MarkerKind;
  id: string;
  content: string;
}

const pattern = (kind: MarkerKind) => new RegExp(`<!-- ${kind}:([a-z0-9-]+) -->\\n([\\s\\S]*?)<!-- /${kind} -->`, 'g');

/** The regions of one kind in a page, in order. */
export function regionsOf(text: string, kind: MarkerKind): Region[] {
  return [...text.matchAll(pattern(kind))].map((m) => ({ kind, id: m[1], content: m[2].replace(/\n$/, '') }));
}

/** The page with each region of `kind` replaced by `make(id)` (undefined keeps it as it is). */
export function rewriteRegions(text: string, kind: MarkerKind, make: (id: string) => string | undefined): string {
  return text.replace(pattern(kind), (whole, id: string) => {
    const content = make(id);
    return content === undefined ? whole : `<!-- ${kind}:${id} -->\n${content.replace(/\n+$/, '')}\n<!-- /${kind} -->`;
  });
}
