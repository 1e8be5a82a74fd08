/**
 * `tcpsleuth diagrams`: writes Mermaid sources generated from the guide machine into diagrams/,
 * and every lesson's diagram into diagrams/lessons/; `--render` turns each into an SVG with
 * mermaid-cli (mmdc), the system Chromium and an installed font; `--check` fails when any source
 * or SVG is stale.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { isRoot, which } from '../tools.js';

/**
 * Where mmdc lives: in node_modules/.bin of the working folder or of the folders above this
 * module (the project's own, where it is a dev dependency), else on PATH.
 */
export function findMmdc(cwd = process.cwd()): string | undefined {
  const local = join(cwd, 'node_modules', '.bin', 'mmdc');
  if (existsSync(local)) return local;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'node_modules', '.bin', 'mmdc');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return which('mmdc');
}

/** Puppeteer settings for mmdc: the system Chromium; no sandbox as root (Chromium refuses otherwise). */
export function puppeteerConfig(env: NodeJS.ProcessEnv = process.env, root = isRoot()): { executablePath: string; args: string[] } {
  return { executablePath: env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', args: root ? ['--no-sandbox', '--disable-setuid-sandbox'] : [] };
}

async function render(dir: string, files: Record<string, string>): Promise<number> {
  const { renderMermaidSvgs } = await import('../report/render.js');
  const { svgStamp } = await import('../report/diagram-files.js');
  const names = Object.keys(files);
  process.stderr.write(`rendering ${names.length} diagrams with mermaid-cli...\n`);
  const r = await renderMermaidSvgs(names.map((n) => files[n]), { signal: rootSignal, idPrefix: 'tsl-' });
  if (!r.ok) {
    process.stderr.write(`tcpsleuth diagrams: ${r.reason}: ${r.fix}\n`);
    return 1;
  }
  for (let i = 0; i < names.length; i++) {
    const output = join(dir, names[i].replace(/\.mmd$/, '.svg'));
    // Stable ids per file, so re-rendering an unchanged diagram changes nothing but layout noise.
    const id = `tsl-${names[i].replace(/\.mmd$/, '').replace(/[^a-zA-Z0-9]/g, '-')}`;
    await writeFile(output, `${r.svgs[i].split(`tsl-${i + 1}`).join(id).trimEnd()}\n${svgStamp(files[names[i]])}\n`);
    process.stdout.write(`rendered ${output}\n`);
  }
  return 0;
}

/** Every generated diagram by file name: the guide machine's and the lessons'. */
async function generatedDiagrams(): Promise<Record<string, string> | undefined> {
  const { guideMachine } = await import('../guide/machine.js');
  const { guideDiagrams } = await import('../guide/diagram.js');
  const { readLessons } = await import('../notebook/lessons.js');
  const { lessonDiagrams } = await import('../report/diagram-files.js');
  const lessons = readLessons();
  if (!lessons) return undefined;
  return { ...guideDiagrams(guideMachine), ...lessonDiagrams(lessons) };
}

export default async function run(argv: string[]): Promise<number> {
  const { values } = parseArgsOrUsage({ args: argv, options: { out: { type: 'string', short: 'o' }, render: { type: 'boolean' }, check: { type: 'boolean' } }, strict: true });
  if (values.check && values.render) throw new UsageError('--check and --render do not go together');
  const dir = resolve(values.out ?? 'diagrams');
  if (!existsSync(dir)) throw new UsageError(`no folder ${dir}: run from the project folder or pass --out DIR`);
  const generated = await generatedDiagrams();
  if (!generated) return 1;

  if (values.check) {
    const { staleDiagrams } = await import('../report/diagram-files.js');
    const stale = await staleDiagrams(dir, generated);
    if (stale.length) {
      process.stderr.write(`tcpsleuth diagrams: out of date: ${stale.join(', ')} (run: tcpsleuth diagrams --render)\n`);
      return 1;
    }
    process.stdout.write(`diagrams up to date: ${Object.keys(generated).length} sources and their SVGs\n`);
    return 0;
  }

  await mkdir(join(dir, 'lessons'), { recursive: true });
  const { readdir: ls, rm: remove } = await import('node:fs/promises');
  // Lesson diagrams that are gone from the lessons go from the folder too.
  for (const f of await ls(join(dir, 'lessons'))) {
    if (/\.(mmd|svg)$/.test(f) && !(`lessons/${f.replace(/\.svg$/, '.mmd')}` in generated)) await remove(join(dir, 'lessons', f));
  }
  for (const [name, text] of Object.entries(generated)) {
    await writeFile(join(dir, name), text);
    process.stdout.write(`wrote ${join(dir, name)}\n`);
  }
  if (!values.render) return 0;
  return render(dir, generated);
}
