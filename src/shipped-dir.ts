/**
 * A folder shipped beside the code (lessons/, diagrams/). The code runs from src/… (tests),
 * dist/ or dist/chunks/ (the bundle), so the folder is searched upward from this module.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest `name/` folder above this module for which `accept` holds, or undefined. */
export function shippedDir(name: string, accept: (dir: string) => boolean = () => true): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, name);
    if (existsSync(candidate) && statSync(candidate).isDirectory() && accept(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}
