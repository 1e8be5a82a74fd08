/**
 * How to print a tcpsleuth command so that it runs as printed: the name the user started it by.
 * `npx tcpsleuth` under npx, `tcpsleuth` when that name on PATH is this very program, otherwise
 * `node <path of dist/cli.js>` (relative to the working folder when it lies below it). Hints,
 * drills, reports and help all print commands through `selfCommandLine`, so a command copied from
 * any of them works in the README's setup, and inside `ip netns exec` too.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellLine } from './shell-words.js';
import { which } from './tools.js';

export interface Invocation {
  env?: NodeJS.ProcessEnv;
  /** The script node runs (process.argv[1]). */
  script?: string;
  cwd?: string;
}

function real(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** The built CLI this code belongs to: the running script when it is cli.js, else dist/cli.js beside the sources. */
function cliPath(script: string | undefined): string | undefined {
  if (script && basename(script) === 'cli.js') return script;
  for (const rel of ['./cli.js', '../cli.js', '../dist/cli.js']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The words that start tcpsleuth the way this process was started, e.g. `['npx', 'tcpsleuth']`. */
export function selfCommand(inv: Invocation = {}): string[] {
  const env = inv.env ?? process.env;
  // An explicit choice (docs and tests print `tcpsleuth`, or a wrapper's own name).
  if (env.TCPSLEUTH_SELF?.trim()) return env.TCPSLEUTH_SELF.trim().split(/\s+/);
  if (env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx') return ['npx', 'tcpsleuth'];
  const cli = cliPath(inv.script ?? process.argv[1]);
  const onPath = which('tcpsleuth');
  if (cli && onPath && real(onPath) === real(cli)) return ['tcpsleuth'];
  if (!cli) return ['npx', 'tcpsleuth'];
  const cwd = inv.cwd ?? process.cwd();
  const rel = relative(cwd, cli);
  return ['node', rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : cli];
}

/** A whole tcpsleuth command line, quoted for a POSIX shell: `selfCommandLine(['learn', 'rst'])`. */
export function selfCommandLine(args: readonly string[], inv?: Invocation): string {
  return shellLine([...selfCommand(inv), ...args]);
}

/** The argv to run tcpsleuth as a child process with `args` (execFile, no shell). */
export function selfArgv(args: readonly string[], inv?: Invocation): string[] {
  return [...selfCommand(inv), ...args];
}

/**
 * A command that needs root, as printed for the user to type: behind `sudo` when this process was
 * started through sudo (the user's other terminals are not root), as it is when root started it
 * (a root shell may have no sudo at all).
 */
export function asRoot(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return env.SUDO_USER ? ['sudo', ...argv] : [...argv];
}

/** `sudo ` or nothing, before a command line that needs root (see asRoot). */
export function rootPrefix(env: NodeJS.ProcessEnv = process.env): string {
  return asRoot([], env).map((w) => `${w} `).join('');
}
