/**
 * Mermaid → SVG with mermaid-cli and the system Chromium, in one browser launch for all diagrams
 * (mmdc reads them as the ```mermaid blocks of one Markdown file). Labels are measured and drawn
 * with the same installed font (MERMAID_FONT), so they fit their boxes. When mmdc or Chromium is
 * missing the result says why and how to get them, and callers fall back to the Mermaid source.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRoot, which } from '../tools.js';
import { onCleanup } from '../lifecycle.js';

const MERMAID_CLI = '@mermaid-js/mermaid-cli';

/** mermaid-cli's own bin script, resolved the way Node resolves the package from `from` (a file path). */
function mmdcFrom(from: string): string | undefined {
  try {
    // The package exports only its entry: the package folder is the path up to its name.
    const entry = createRequire(from).resolve(MERMAID_CLI);
    const root = entry.slice(0, entry.lastIndexOf(join('node_modules', MERMAID_CLI)) + join('node_modules', MERMAID_CLI).length);
    const bin = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin?: { mmdc?: string } }).bin?.mmdc;
    const file = bin ? join(root, bin) : undefined;
    return file && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where mmdc lives: the mermaid-cli package installed with this tcpsleuth (a dev dependency of
 * the project, found by Node's own resolution from this module), or in the working folder, else
 * mmdc on PATH.
 */
export function findMmdc(cwd = process.cwd()): string | undefined {
  return mmdcFrom(fileURLToPath(import.meta.url)) ?? mmdcFrom(join(cwd, 'package.json')) ?? which('mmdc');
}

/** Puppeteer settings for mmdc: the system Chromium; no sandbox as root (Chromium refuses otherwise). */
export function puppeteerConfig(env: NodeJS.ProcessEnv = process.env, root = isRoot()): { executablePath: string; args: string[] } {
  return { executablePath: env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', args: root ? ['--no-sandbox', '--disable-setuid-sandbox'] : [] };
}

/** A font Debian's fonts-dejavu-core installs, which Chromium then has for measuring and drawing. */
export const MERMAID_FONT = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';

/** The Mermaid config every rendering uses (also written beside diagrams for mmdc -c). */
export function mermaidConfig(): Record<string, unknown> {
  return {
    theme: 'neutral',
    fontFamily: MERMAID_FONT,
    themeVariables: { fontFamily: MERMAID_FONT, fontSize: '14px' },
    flowchart: { htmlLabels: false, useMaxWidth: true, wrappingWidth: 220 },
    sequence: { useMaxWidth: true, mirrorActors: false, wrap: false },
    state: { useMaxWidth: true },
  };
}

export type RenderResult = { ok: true; svgs: string[] } | { ok: false; reason: string; fix: string };

/** Why rendering cannot run here, or undefined when it can. */
export function rendererMissing(cwd = process.cwd()): { reason: string; fix: string } | undefined {
  const mmdc = findMmdc(cwd);
  if (!mmdc) return { reason: 'mermaid-cli (mmdc) is not installed', fix: 'npm install -g @mermaid-js/mermaid-cli (Chromium comes from apt: apt-get install chromium fonts-dejavu-core)' };
  const cfg = puppeteerConfig();
  if (!existsSync(cfg.executablePath)) return { reason: `no Chromium at ${cfg.executablePath}`, fix: 'apt-get install chromium fonts-dejavu-core, or set PUPPETEER_EXECUTABLE_PATH' };
  return undefined;
}

/**
 * Renders each Mermaid source to an SVG string. `idPrefix` makes each SVG's id unique, so several
 * can sit inline in one HTML page without their styles leaking into each other.
 */
export async function renderMermaidSvgs(sources: string[], opts: { signal?: AbortSignal; idPrefix?: string; background?: string } = {}): Promise<RenderResult> {
  if (!sources.length) return { ok: true, svgs: [] };
  const missing = rendererMissing();
  if (missing) return { ok: false, ...missing };
  const tmp = await mkdtemp(join(tmpdir(), 'tsl-report-mmdc-'));
  // Ctrl-C ends the process before `finally` runs: the folder goes in the cleanup too.
  const unregister = onCleanup(() => rm(tmp, { recursive: true, force: true }));
  try {
    const cfg = puppeteerConfig();
    // Never a browser download, never network chatter from the headless browser.
    cfg.args.push('--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync');
    await writeFile(join(tmp, 'puppeteer.json'), JSON.stringify(cfg));
    await writeFile(join(tmp, 'mermaid.json'), JSON.stringify(mermaidConfig()));
    await writeFile(join(tmp, 'in.md'), sources.map((s) => '```mermaid\n' + s.trimEnd() + '\n```\n').join('\n'));
    // A script of the installed package runs with this very node (no `env node` lookup on PATH).
    const mmdc = findMmdc()!;
    const [bin, pre] = mmdc.endsWith('.js') ? [process.execPath, [mmdc]] : [mmdc, []];
    const r = await runGroup(bin, [...pre, '-q', '-i', join(tmp, 'in.md'), '-o', join(tmp, 'out.md'), '-p', join(tmp, 'puppeteer.json'), '-c', join(tmp, 'mermaid.json'), '-b', opts.background ?? 'white'], 120_000, opts.signal);
    if (r.code !== 0) {
      const why = (r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ') || `exit ${r.code}`;
      return { ok: false, reason: `mermaid-cli failed: ${why.slice(0, 300)}`, fix: 'run tcpsleuth diagrams --render to see the whole error' };
    }
    const prefix = opts.idPrefix ?? 'tsl-d';
    const svgs: string[] = [];
    for (let i = 1; i <= sources.length; i++) {
      const svg = await readFile(join(tmp, `out-${i}.svg`), 'utf8');
      svgs.push(svg.replace(/my-svg/g, `${prefix}${i}`));
    }
    return { ok: true, svgs };
  } finally {
    unregister();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Every descendant of `pid`, per /proc (Linux); empty elsewhere. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 of /proc/PID/stat, after the `(comm)` that may itself hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) if (pp === p && !out.includes(child)) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Runs mmdc in its own process group. On timeout, abort or Ctrl-C it gets SIGTERM (puppeteer then
 * closes its browser), and whatever is left a moment later is killed: Chromium runs in a process
 * group of its own, so the kill reaches each descendant's group, not only mmdc's.
 */
function runGroup(file: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' } });
    let stdout = '';
    let stderr = '';
    let exited = false;
    child.stdout?.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-16384)));
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-16384)));
    const closed = new Promise<void>((r) => child.once('close', () => r()));
    const killAll = () => {
      if (child.pid === undefined) return;
      for (const pid of [child.pid, ...descendants(child.pid)]) {
        for (const target of [-pid, pid]) {
          try {
            process.kill(target, 'SIGKILL');
          } catch {
            // not a group leader, or already gone
          }
        }
      }
    };
    const stop = async () => {
      if (exited || child.pid === undefined) return;
      const tree = [child.pid, ...descendants(child.pid)];
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // gone
      }
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1500))]);
      // Children started meanwhile are orphans now: the first snapshot's groups still reach them.
      for (const pid of new Set([...tree, ...descendants(child.pid)])) {
        for (const target of [-pid, pid]) {
          try {
            process.kill(target, 'SIGKILL');
          } catch {
            // gone
          }
        }
      }
    };
    const timer = setTimeout(() => void stop(), timeoutMs);
    const unregister = onCleanup(stop);
    const onAbort = () => void stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    process.once('exit', killAll);
    const done = (code: number) => {
      exited = true;
      clearTimeout(timer);
      unregister();
      signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', killAll);
      resolve({ code, stdout, stderr });
    };
    child.once('error', (err) => done((stderr += String(err), 127)));
    child.once('close', (code) => done(code ?? 1));
  });
}
