/**
 * The generated diagrams as files: the troubleshooting tree up front (troubleshooting.mmd, what a
 * trainee reads), the guide machine's internal charts for developers (dev/), and every lesson's
 * ```mermaid block (lessons/ID-N.mmd). Each rendered SVG carries a stamp of its source and the
 * Mermaid config, so `diagrams --check` can tell a stale SVG without rendering.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lesson } from '../notebook/cells.js';
import { mermaidConfig } from './render.js';

/** The tree stays up front; the machine's own charts (state names, events, guards) go to dev/. */
export function placeGuideDiagrams(guide: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(guide)) out[name === 'troubleshooting.mmd' ? name : `dev/${name}`] = text;
  return out;
}

/** What a generated diagram file is, in a few words (`diagrams --list`). */
export function describeDiagram(name: string): string {
  if (name === 'troubleshooting.mmd') return 'the troubleshooting tree: the question at each step, the error text you see, the verdicts (start here)';
  if (name === 'dev/guide.mmd') return "for developers: the guide machine's states and the events between them";
  if (name === 'dev/guide-branches.mmd') return "for developers: each verdict branch's follow-up checks";
  const m = /^lessons\/(.+)-(\d+)\.mmd$/.exec(name);
  if (m) return `diagram ${m[2]} of the lesson ${m[1]}`;
  return 'a generated diagram';
}

/** `.mmd` files in `dir` (top level, dev/, lessons/) that nothing generates any more. */
export async function leftoverDiagrams(dir: string, generated: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (const sub of ['', 'dev', 'lessons']) {
    const folder = join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const f of await readdir(folder)) {
      const name = sub ? `${sub}/${f}` : f;
      if (f.endsWith('.mmd') && !(name in generated)) out.push(name);
    }
  }
  return out;
}

/** `lessons/handshake-1.mmd` → its source, for every diagram cell of every lesson. */
export function lessonDiagrams(lessons: Lesson[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lessons) {
    let n = 0;
    for (const c of l.cells) if (c.kind === 'diagram') out[`lessons/${l.id}-${++n}.mmd`] = `${c.source.trim()}\n`;
  }
  return out;
}

/** The stamp a rendered SVG ends with: a hash of its Mermaid source and of the config. */
export function svgStamp(source: string): string {
  const h = createHash('sha256').update(source).update(JSON.stringify(mermaidConfig())).digest('hex').slice(0, 16);
  return `<!-- tcpsleuth-source ${h} -->`;
}

/** What is out of date in `dir`: sources that differ, SVGs missing or made from other sources, leftovers. */
export async function staleDiagrams(dir: string, generated: Record<string, string>, opts: { svg?: boolean } = {}): Promise<string[]> {
  const stale: string[] = [];
  for (const [name, text] of Object.entries(generated)) {
    const onDisk = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (onDisk !== text) {
      stale.push(name);
      continue;
    }
    if (opts.svg === false) continue;
    const svgName = name.replace(/\.mmd$/, '.svg');
    const svg = await readFile(join(dir, svgName), 'utf8').catch(() => undefined);
    if (!svg?.trimEnd().endsWith(svgStamp(text))) stale.push(svgName);
  }
  // A diagram nothing generates any more (a lesson edited, a chart moved to dev/) is stale too.
  for (const f of await leftoverDiagrams(dir, generated)) stale.push(`${f} (no such diagram any more)`);
  return stale;
}
