/**
 * `tcpsleuth diagrams`: writes Mermaid sources generated from the guide machine into diagrams/,
 * `--render` turns every .mmd there into an SVG with mermaid-cli (mmdc) and the system Chromium,
 * `--check` fails when the committed sources no longer match the machine.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { isRoot, runTool, which } from '../tools.js';

/** Where mmdc lives: on PATH, or in the project's node_modules (it is a dev dependency). */
export function findMmdc(cwd = process.cwd()): string | undefined {
  const local = join(cwd, 'node_modules', '.bin', 'mmdc');
  return existsSync(local) ? local : which('mmdc');
}

/** Puppeteer settings for mmdc: the system Chromium; no sandbox as root (Chromium refuses otherwise). */
export function puppeteerConfig(env: NodeJS.ProcessEnv = process.env, root = isRoot()): { executablePath: string; args: string[] } {
  return { executablePath: env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', args: root ? ['--no-sandbox', '--disable-setuid-sandbox'] : [] };
}

async function render(dir: string, files: string[]): Promise<number> {
  const mmdc = findMmdc();
  if (!mmdc) {
    process.stderr.write('tcpsleuth diagrams: mermaid-cli (mmdc) is not installed: npm install -D @mermaid-js/mermaid-cli\n');
    return 1;
  }
  const cfg = puppeteerConfig();
  if (!existsSync(cfg.executablePath)) {
    process.stderr.write(`tcpsleuth diagrams: no browser at ${cfg.executablePath}: install chromium (sudo apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH\n`);
    return 1;
  }
  const tmp = await mkdtemp(join(tmpdir(), 'tsl-mmdc-'));
  try {
    const cfgFile = join(tmp, 'puppeteer.json');
    await writeFile(cfgFile, JSON.stringify(cfg));
    for (const f of files) {
      const input = join(dir, f);
      const output = input.replace(/\.mmd$/, '.svg');
      const r = await runTool(mmdc, ['-q', '-i', input, '-o', output, '-p', cfgFile, '-b', 'white'], { timeoutMs: 120_000, signal: rootSignal });
      if (r.code !== 0) {
        process.stderr.write(`tcpsleuth diagrams: rendering ${f} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ') || `exit ${r.code}`}\n`);
        return 1;
      }
      process.stdout.write(`rendered ${output}\n`);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return 0;
}

export default async function run(argv: string[]): Promise<number> {
  const { values } = parseArgsOrUsage({ args: argv, options: { out: { type: 'string', short: 'o' }, render: { type: 'boolean' }, check: { type: 'boolean' } }, strict: true });
  if (values.check && values.render) throw new UsageError('--check and --render do not go together');
  const dir = resolve(values.out ?? 'diagrams');
  if (!existsSync(dir)) throw new UsageError(`no folder ${dir}: run from the project folder or pass --out DIR`);
  const { guideMachine } = await import('../guide/machine.js');
  const { guideDiagrams } = await import('../guide/diagram.js');
  const generated = guideDiagrams(guideMachine);

  if (values.check) {
    const stale: string[] = [];
    for (const [name, text] of Object.entries(generated)) {
      const onDisk = await readFile(join(dir, name), 'utf8').catch(() => undefined);
      if (onDisk !== text) stale.push(name);
    }
    if (stale.length) {
      process.stderr.write(`tcpsleuth diagrams: out of date: ${stale.join(', ')} (run: tcpsleuth diagrams --render)\n`);
      return 1;
    }
    process.stdout.write(`diagrams up to date: ${Object.keys(generated).join(', ')}\n`);
    return 0;
  }

  for (const [name, text] of Object.entries(generated)) {
    await writeFile(join(dir, name), text);
    process.stdout.write(`wrote ${join(dir, name)}\n`);
  }
  if (!values.render) return 0;
  const all = (await readdir(dir)).filter((f) => f.endsWith('.mmd')).sort();
  return render(dir, all);
}
