/** Running many recipes at once, and how a transcript sits in a page. */
import { runRecipe } from './run.js';
import type { Recipe } from './recipes.js';

/** Recipes at once: enough to overlap their waiting, few enough for two shared cores. */
const AT_ONCE = 4;

/** Runs the recipes, `AT_ONCE` at a time; their transcripts by id. */
export async function runRecipes(recipes: Recipe[], onDone?: (id: string, ms: number) => void): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const queue = [...recipes];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      const started = performance.now();
      out.set(r.id, await runRecipe(r));
      onDone?.(r.id, performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, recipes.length) }, worker));
  return out;
}

/** A transcript as a fenced block whose fence is longer than any backtick run inside. */
export function fenced(transcript: string): string {
  const longest = Math.max(2, ...[...transcript.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}console\n${transcript}\n${fence}`;
}

/** The transcript inside a region as committed (the fence taken off). */
export function unfenced(region: string): string {
  return region.replace(/^`{3,}console\n/, '').replace(/\n`{3,}$/, '');
}
