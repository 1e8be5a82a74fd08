/**
 * `tcpsleuth diagrams`: writes the Mermaid sources generated from the guide machine into diagrams/
 * (the troubleshooting tree up front, the machine's internal charts under diagrams/dev/) and every
 * lesson's diagram into diagrams/lessons/; `--render` turns each into an SVG with mermaid-cli
 * (mmdc), the system Chromium and an installed font; `--check` fails when any source or SVG is
 * stale; `--list` says what each file is.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { selfCommandLine } from '../self-command.js';

async function render(dir: string, files: Record<string, string>): Promise<number> {
  const { renderMermaidSvgs } = await import('../report/render.js');
  const { svgStamp } = await import('../report/diagram-files.js');
  const names = Object.keys(files);
  process.stdout.write(`rendering ${names.length} diagrams with mermaid-cli...\n`);
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

/** Every generated diagram by file name: the tree, the machine's charts (dev/), the lessons'. */
async function generatedDiagrams(): Promise<Record<string, string> | undefined> {
  const { guideMachine } = await import('../guide/machine.js');
  const { guideDiagrams } = await import('../guide/diagram.js');
  const { readLessons } = await import('../notebook/lessons.js');
  const { lessonDiagrams, placeGuideDiagrams } = await import('../report/diagram-files.js');
  const lessons = readLessons();
  if (!lessons) return undefined;
  return { ...placeGuideDiagrams(guideDiagrams(guideMachine)), ...lessonDiagrams(lessons) };
}

async function list(generated: Record<string, string>): Promise<number> {
  const { describeDiagram } = await import('../report/diagram-files.js');
  for (const name of Object.keys(generated)) process.stdout.write(`${name.padEnd(30)} ${describeDiagram(name)}\n`);
  return 0;
}

/** The command line's options (test/docs checks `diagrams --help` lists the same). */
export const OPTIONS = { out: { type: 'string', short: 'o' }, render: { type: 'boolean' }, check: { type: 'boolean' }, list: { type: 'boolean' } } as const;

export default async function run(argv: string[]): Promise<number> {
  const { values } = parseArgsOrUsage({ args: argv, options: OPTIONS, strict: true });
  if ([values.check, values.render, values.list].filter(Boolean).length > 1) throw new UsageError('--check, --render and --list do not go together');
  const generated = await generatedDiagrams();
  if (!generated) return 1;
  if (values.list) return list(generated);
  const dir = resolve(values.out ?? 'diagrams');
  if (!existsSync(dir)) throw new UsageError(`no folder ${dir}: run from the project folder or pass --out DIR`);

  if (values.check) {
    const { staleDiagrams } = await import('../report/diagram-files.js');
    const stale = await staleDiagrams(dir, generated);
    if (stale.length) {
      process.stderr.write(`tcpsleuth diagrams: out of date: ${stale.join(', ')} (run: ${selfCommandLine(['diagrams', '--render'])})\n`);
      return 1;
    }
    process.stdout.write(`diagrams up to date: ${Object.keys(generated).length} sources and their SVGs\n`);
    return 0;
  }

  const { leftoverDiagrams } = await import('../report/diagram-files.js');
  const { rm } = await import('node:fs/promises');
  // Diagrams that are no longer generated (a lesson edited, a chart moved to dev/) go from the folder too.
  for (const f of await leftoverDiagrams(dir, generated)) {
    for (const ext of ['.mmd', '.svg']) await rm(join(dir, f.replace(/\.mmd$/, ext)), { force: true });
    process.stdout.write(`removed ${join(dir, f)}\n`);
  }
  for (const [name, text] of Object.entries(generated)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
    process.stdout.write(`wrote ${join(dir, name)}\n`);
  }
  if (!values.render) return 0;
  return render(dir, generated);
}
