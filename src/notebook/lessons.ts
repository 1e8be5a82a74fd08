/**
 * Finds and loads the lessons shipped with the package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from './cells.js';
import { shippedDir } from '../shipped-dir.js';
import { expandKernelFacts, kernelFacts } from './kernel-facts.js';
import { LessonError, parseLesson } from './parse.js';

/** The lessons folder: $TCPSLEUTH_LESSONS_DIR, or the nearest `lessons/` above this module. */
export function lessonsDir(): string {
  const override = process.env.TCPSLEUTH_LESSONS_DIR;
  if (override) return override;
  const found = shippedDir('lessons');
  if (found) return found;
  throw new Error('cannot find the lessons folder next to the installed package (set TCPSLEUTH_LESSONS_DIR)');
}

let cache: { dir: string; lessons: Lesson[] } | undefined;

/**
 * Every lesson, parsed, in `order`, with this kernel's timings filled into its `{{…}}`
 * placeholders (kernel-facts.ts). Throws LessonError if a file is malformed.
 */
export function loadLessons(dir = lessonsDir()): Lesson[] {
  if (cache?.dir === dir) return cache.lessons;
  const lessons = parseLessons(dir, kernelFacts());
  cache = { dir, lessons };
  return lessons;
}

/** The lessons with the given facts filled in (not cached): the same text on every machine when the facts are fixed. */
export function parseLessons(dir: string, facts: Record<string, string>): Lesson[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort();
  const lessons = files.map((f) => parseLesson(expandKernelFacts(readFileSync(join(dir, f), 'utf8'), f, facts), f));
  return lessons.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** One lesson by id, or undefined. */
export function findLesson(id: string, lessons = loadLessons()): Lesson | undefined {
  return lessons.find((l) => l.id === id);
}

/**
 * For commands: the lessons, or undefined after printing one line on stderr saying which file is
 * broken or where the lessons were looked for.
 */
export function readLessons(): Lesson[] | undefined {
  try {
    return loadLessons();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`tcpsleuth: ${err instanceof LessonError ? `a lesson file is malformed: ${msg}` : msg}\n`);
    return undefined;
  }
}
