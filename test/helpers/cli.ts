/** Runs the built CLI (dist/cli.js) as a real process, the way users and scripts do. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args`; never throws on a non-zero exit. */
export function runCli(
  args: string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string; prefix?: string[] } = {},
): Promise<CliResult> {
  const [cmd, ...pre] = opts.prefix ?? [];
  const file = cmd ?? process.execPath;
  const argv = cmd ? [...pre, process.execPath, CLI, ...args] : [CLI, ...args];
  return new Promise((resolve) => {
    const child = execFile(
      file,
      argv,
      {
        timeout: opts.timeoutMs ?? 30_000,
        env: { ...process.env, NO_COLOR: '1', ...opts.env },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Runs the CLI inside a network namespace (`ip netns exec NS node dist/cli.js ...`). */
export function runCliInNamespace(ns: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  return runCli(args, { ...opts, prefix: ['ip', 'netns', 'exec', ns] });
}
