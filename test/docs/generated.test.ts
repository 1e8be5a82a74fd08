/**
 * The man page and the docs' option tables are what the help definitions make now, and the man
 * page renders without a warning (groff, as man runs it).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMAND_DEFINITIONS } from '../../src/help/index.js';
import { MAN_PAGE, ROOT, docPages, manPage, withOptionTables } from '../../scripts/docs/generated.js';
import { regionsOf, rewriteRegions } from '../../scripts/docs/markers.js';

const run = promisify(execFile);
const read = (path: string) => readFileSync(ROOT + path, 'utf8');

describe('generated docs', () => {
  it('man/tcpsleuth.1 is what the definitions make (npm run docs rewrites it)', () => {
    expect(read(MAN_PAGE)).toBe(manPage());
  });

  it('each page\'s option tables are what the definitions make', () => {
    for (const page of docPages()) expect(read(page), page).toBe(withOptionTables(read(page)));
  });

  it('every command has its option table on a page', () => {
    const tables = docPages().flatMap((p) => regionsOf(read(p), 'options').map((r) => r.id));
    for (const d of COMMAND_DEFINITIONS) expect(tables, d.name).toContain(d.name);
  });

  it('a table edited by hand is found (the comparison can fail)', () => {
    const page = read('docs/check.md');
    const edited = rewriteRegions(page, 'options', (id) => (id === 'check' ? '| `--frobnicate` | not a flag |' : undefined));
    expect(edited).not.toBe(page);
    expect(withOptionTables(edited)).toBe(page);
  });

  it('the README stays short and about the tool: at most ~200 lines, no rounds, issues or test files', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(210);
    expect(readme).not.toMatch(/\bround \d|\bissue \d|\bbar \(|test\/[\w/-]+\.test\.tsx?/i);
    expect(readme.slice(0, 2000)).toMatch(/npm install[\s\S]*npx tcpsleuth/);
  });

  it('every link between the pages leads to a file, and to a heading there', () => {
    // GitHub's anchors: the heading in lower case, punctuation dropped, spaces as hyphens.
    const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const anchors = (path: string) => [...read(path).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]));
    for (const page of docPages()) {
      for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [file, anchor] = target.split('#');
        const path = file ? relative(ROOT, join(dirname(ROOT + page), file)) : page;
        expect(existsSync(ROOT + path), `${page}: ${target}`).toBe(true);
        if (anchor && path.endsWith('.md')) expect(anchors(path), `${page}: ${target}`).toContain(anchor);
      }
    }
  });

  it('the man page renders with groff as man does, without a warning', async () => {
    const { stdout, stderr } = await run('groff', ['-man', '-Tutf8', '-ww', '-k', ROOT + MAN_PAGE], { maxBuffer: 8 << 20 });
    expect(stderr).toBe('');
    // Bold is overstruck (c BACKSPACE c) in groff's terminal output.
    const text = stdout.replace(/.\x08/g, '');
    for (const d of COMMAND_DEFINITIONS) expect(text).toContain(`tcpsleuth ${d.name}`);
  });

  it('man -l shows it (man-db)', async () => {
    const { stdout, stderr } = await run('man', ['--warnings', '-E', 'UTF-8', '-l', ROOT + MAN_PAGE], { env: { ...process.env, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '100' }, maxBuffer: 8 << 20 });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^TCPSLEUTH\(1\)/);
    // Flags copy as typed: ASCII hyphens, not minus signs.
    expect(stdout.replace(/.\x08/g, '')).toContain('--no-auto-check');
  });
});
