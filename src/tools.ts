/**
 * Spawning system tools (ping, tcpdump, nmap, traceroute, ip, iptables): always execFile with an
 * argument array, never a shell string, always bounded by a timeout and the caller's signal.
 */
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The package that provides each tool, for "install X" messages. */
export const TOOL_PACKAGES: Record<string, { debian: string; other: string }> = {
  ping: { debian: 'iputils-ping', other: 'ping ships with macOS and Windows' },
  tcpdump: { debian: 'tcpdump', other: 'brew install tcpdump' },
  nmap: { debian: 'nmap', other: 'brew install nmap' },
  tshark: { debian: 'tshark', other: 'brew install wireshark' },
  traceroute: { debian: 'traceroute', other: 'traceroute ships with macOS; tracert on Windows' },
  tracepath: { debian: 'iputils-tracepath', other: 'use traceroute' },
  ip: { debian: 'iproute2', other: 'Linux only' },
  iptables: { debian: 'iptables', other: 'Linux only' },
  nft: { debian: 'nftables', other: 'Linux only' },
  ss: { debian: 'iproute2', other: 'use netstat' },
  openssl: { debian: 'openssl', other: 'brew install openssl' },
  socat: { debian: 'socat', other: 'brew install socat' },
};

/** "install it with: sudo apt-get install iputils-ping (Debian/Ubuntu)". */
export function installHint(tool: string): string {
  const p = TOOL_PACKAGES[tool];
  if (!p) return `install ${tool}`;
  return `install it: sudo apt-get install ${p.debian} (Debian/Ubuntu); ${p.other}`;
}

/** Finds an executable on PATH (plus the sbin folders, where ip/iptables/tcpdump live). */
export function which(tool: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin', '/usr/local/sbin']);
  for (const dir of dirs) {
    if (!dir) continue;
    const full = join(dir, tool);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** ENOENT and friends: the tool could not be started at all. */
  spawnError?: NodeJS.ErrnoException;
}

/** Runs a tool to completion; never throws. Kills it on timeout or abort. */
export function runTool(
  file: string,
  args: readonly string[],
  opts: { timeoutMs?: number; signal?: AbortSignal; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<ToolResult> {
  return new Promise((resolve) => {
    let aborted = false;
    const child = execFile(
      file,
      args as string[],
      { timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL', env: opts.env ?? process.env, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        opts.signal?.removeEventListener('abort', onAbort);
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals; code?: unknown }) | null;
        const spawnError = e && typeof e.code === 'string' ? e : undefined;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stdout: String(stdout),
          stderr: String(stderr),
          timedOut: Boolean(e?.killed) && !aborted,
          aborted,
          spawnError,
        });
      },
    );
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Starts a long-running tool (tcpdump, a lab listener); the caller owns stopping it. */
export function startTool(file: string, args: readonly string[], opts: SpawnOptions = {}): ChildProcess {
  return spawn(file, args as string[], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;
