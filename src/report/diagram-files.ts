/**
 * The generated diagrams as files: the guide's (troubleshooting tree, machine overview, branches)
 * and every lesson's ```mermaid block (lessons/ID-N.mmd). Each rendered SVG carries a stamp of
 * its source and the Mermaid config, so `diagrams --check` can tell a stale SVG without rendering.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lesson } from '../notebook/cells.js';
import { mermaidConfig } from './render.js';

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
  // A lesson diagram that no longer exists (lesson edited, block removed) is stale too.
  const lessonDir = join(dir, 'lessons');
  if (existsSync(lessonDir)) {
    for (const f of await readdir(lessonDir)) {
      if (f.endsWith('.mmd') && !(`lessons/${f}` in generated)) stale.push(`lessons/${f} (no such diagram any more)`);
    }
  }
  return stale;
}
