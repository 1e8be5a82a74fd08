/** Shared by the capture tests: is a tcpdump still running for this file, and a bundled runner. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Pids of processes whose command line mentions `needle` (tcpdump and its `timeout` wrapper). */
export function processesMentioning(needle: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', needle], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch (err) {
    // pgrep exits 1 when nothing matches; anything else (pgrep missing, bad usage) would make
    // "nothing left running" pass without looking, so it fails the test instead.
    if ((err as { status?: number }).status === 1) return [];
    throw new Error(`pgrep -f ${needle} could not run (is procps installed?): ${(err as Error).message}`);
  }
}

/** Waits (bounded) until nothing mentions `needle` any more; returns what is left. */
export async function waitGone(needle: string, ms = 3000): Promise<number[]> {
  const until = Date.now() + ms;
  let left = processesMentioning(needle);
  while (left.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesMentioning(needle);
  }
  return left;
}

/** Bundles capture-runner.ts into a world-readable folder (so `nobody` can run it too). */
export async function bundleRunner(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tsl-cap-runner-'));
  chmodSync(dir, 0o755);
  const out = join(dir, 'runner.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./capture-runner.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'error',
  });
  chmodSync(out, 0o644);
  return out;
}

/** Starts the runner; resolves with the child and the capture file once it says `ready`. */
export function startRunner(runner: string, args: string[], prefix: string[] = []): Promise<{ child: ChildProcess; file?: string; output: string }> {
  const [cmd, ...pre] = prefix.length ? prefix : [process.execPath];
  const argv = prefix.length ? [...pre, process.execPath, runner, ...args] : [runner, ...args];
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve) => {
    let output = '';
    const timer = setTimeout(() => resolve({ child, output }), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /^ready (\S+)$/m.exec(output);
      if (m || output.includes('"id":"capture"')) {
        clearTimeout(timer);
        resolve({ child, file: m?.[1], output });
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ child, output });
    });
  });
}

/** Waits for a child's exit code (bounded). */
export function exitOf(child: ChildProcess, ms = 10_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : null));
    });
  });
}
