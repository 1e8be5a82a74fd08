/** Every lesson `explain` links to exists in lessons/ (the notebook engineer's files). */
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_CLASSES } from '../../src/explain/index.js';
import { CLASS_TEXT } from '../../src/explain/explanations.js';

describe('lesson links', () => {
  it('point at lessons that exist', () => {
    const dir = fileURLToPath(new URL('../../lessons/', import.meta.url));
    const ids = new Set(readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, '')));
    for (const cls of ERROR_CLASSES) {
      expect(CLASS_TEXT[cls].lessons.length, cls).toBeGreaterThan(0);
      for (const id of CLASS_TEXT[cls].lessons) expect(ids.has(id), `${cls} → lessons/${id}.md`).toBe(true);
    }
  });
});
