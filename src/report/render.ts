/**
 * Mermaid → SVG with mermaid-cli and the system Chromium, in one browser launch for all diagrams
 * (mmdc reads them as the ```mermaid blocks of one Markdown file). Labels are measured and drawn
 * with the same installed font (MERMAID_FONT), so they fit their boxes. When mmdc or Chromium is
 * missing the result says why and how to get them, and callers fall back to the Mermaid source.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMmdc, puppeteerConfig } from '../commands/diagrams.js';
import { spawn } from 'node:child_process';

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
  try {
    const cfg = puppeteerConfig();
    // Never a browser download, never network chatter from the headless browser.
    cfg.args.push('--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync');
    await writeFile(join(tmp, 'puppeteer.json'), JSON.stringify(cfg));
    await writeFile(join(tmp, 'mermaid.json'), JSON.stringify(mermaidConfig()));
    await writeFile(join(tmp, 'in.md'), sources.map((s) => '```mermaid\n' + s.trimEnd() + '\n```\n').join('\n'));
    const r = await runGroup(findMmdc()!, ['-q', '-i', join(tmp, 'in.md'), '-o', join(tmp, 'out.md'), '-p', join(tmp, 'puppeteer.json'), '-c', join(tmp, 'mermaid.json'), '-b', opts.background ?? 'white'], 120_000, opts.signal);
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
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs mmdc in its own process group and, on timeout or abort, kills the whole group: a SIGKILL
 * to mmdc alone would leave its Chromium running.
 */
function runGroup(file: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-16384)));
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-16384)));
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(killGroup, timeoutMs);
    const onAbort = () => killGroup();
    signal?.addEventListener('abort', onAbort, { once: true });
    process.once('exit', killGroup);
    const done = (code: number) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', killGroup);
      resolve({ code, stdout, stderr });
    };
    child.once('error', (err) => done((stderr += String(err), 127)));
    child.once('close', (code) => done(code ?? 1));
  });
}
