/**
 * The other end over the system's `ssh`: run a script on the server with a signal and a timeout,
 * or stream a long-running one (tcpdump) and stop it cleanly. BatchMode, so ssh never prompts;
 * the user's ~/.ssh/config applies (or `-F FILE`). Never a local shell: ssh gets an argument
 * array, and the remote command is one string quoted for the remote POSIX shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { UsageError } from '../errors.js';
import { checkInputFile } from '../input-file.js';
import { argEcho, termLine } from '../sinks/terminal.js';
import { selfCommandLine } from '../self-command.js';
import { formatHostPort } from '../target.js';
import { onCleanup } from '../lifecycle.js';
import { runTool, which, type ToolResult } from '../tools.js';
import { shellLine, shellQuote } from '../shell-words.js';

export { shellQuote };

/** Where to ssh to: `ssh://[user@]host[:port]` (or `[user@]host`, an ssh_config alias). */
export interface SshDestination {
  user?: string;
  host: string;
  port?: number;
  /** An ssh config file to use instead of ~/.ssh/config (`--ssh-config`). */
  configFile?: string;
  /** Seconds ssh waits for the TCP connection to the server (ConnectTimeout). */
  connectTimeoutS?: number;
}

/**
 * Reads `ssh://user@host:2222`, `ssh://[2001:db8::1]:22`, `user@host`; throws UsageError naming
 * `option` (the flag it came from) with the text echoed inert.
 */
export function parseSshDestination(text: string, option = '--server'): SshDestination {
  const m = /^(?:ssh:\/\/)?(?:([A-Za-z0-9._-]+)@)?(\[[0-9a-fA-F:.%A-Za-z]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?\/?$/.exec(text.trim());
  if (!m) throw new UsageError(`${option} wants ssh://[user@]host[:port], not "${argEcho(text)}"`);
  const [, user, rawHost, portText] = m;
  const host = rawHost.replace(/^\[|\]$/g, '');
  // ssh would read a leading dash as an option.
  if (host.startsWith('-') || user?.startsWith('-')) throw new UsageError(`${option}: "${argEcho(text)}" is not a host name`);
  if (host.length > 253 || (user?.length ?? 0) > 64) throw new UsageError(`${option}: "${argEcho(text)}" is longer than a host name (253) or a user name (64) can be`);
  const port = portText !== undefined ? Number(portText) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) throw new UsageError(`${option}: port ${portText} is out of range (1-65535)`);
  return { user, host, port };
}

/**
 * `--ssh-config FILE`, checked before any packet: it exists, is a regular file (ssh would block on
 * a FIFO) and is readable. Throws UsageError; returns the path for `-F`.
 */
export function checkSshConfig(file: string): string {
  return checkInputFile(file, { option: '--ssh-config', maxBytes: 1024 * 1024, holds: 'an ssh config' });
}

/** `ssh://user@host:port` as the user wrote it, for messages. */
export function formatDestination(d: SshDestination): string {
  const host = d.host.includes(':') ? `[${d.host}]` : d.host;
  return `ssh://${d.user ? `${d.user}@` : ''}${host}${d.port ? `:${d.port}` : ''}`;
}


/**
 * The ssh argument array for running `remoteCommand` (one string, already quoted) on `d`.
 * `extra` are more `-o` options (e.g. a ControlMaster's), placed before the host.
 */
export function sshArgs(d: SshDestination, remoteCommand: string, extra: readonly string[] = []): string[] {
  return [
    '-o', 'BatchMode=yes',
    '-o', `ConnectTimeout=${d.connectTimeoutS ?? 5}`,
    '-o', 'ServerAliveInterval=5',
    '-o', 'ServerAliveCountMax=2',
    ...(d.configFile ? ['-F', d.configFile] : []),
    ...(d.port ? ['-p', String(d.port)] : []),
    ...(d.user ? ['-l', d.user] : []),
    ...extra,
    '--', d.host, remoteCommand,
  ];
}

/**
 * The remote command that runs `script` with positional arguments: `sh -c SCRIPT NAME ARG…`, every
 * word quoted for the remote shell, so an argument is data there, never code.
 */
export function remoteShellCommand(script: string, args: readonly string[] = [], name = 'tcpsleuth'): string {
  return ['sh', '-c', script, name, ...args].map(shellQuote).join(' ');
}

/** The ssh command a person types to reach `d` the way we did (`-F` included), quoted to run as printed. */
export function sshCommandLine(d: SshDestination, command: readonly string[] = []): string {
  return shellLine(['ssh', ...(d.configFile ? ['-F', d.configFile] : []), ...(d.port ? ['-p', String(d.port)] : []), `${d.user ? `${d.user}@` : ''}${d.host}`, ...command]);
}

/** Why ssh itself failed (exit 255), in words, with the fix. */
export interface SshFailure {
  kind: 'no-ssh' | 'auth' | 'host-key' | 'resolve' | 'connect' | 'timeout' | 'other';
  reason: string;
  fix: string;
}

/** Reads ssh's own error (it exits 255 and says why on stderr). */
export function classifySshFailure(stderr: string, d: SshDestination): SshFailure {
  // ssh's own words, made inert: OpenSSH vis-encodes its log lines, but a server's banner is foreign.
  const line = termLine(stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Warning: Permanently added/.test(l)).slice(-1)[0] ?? 'ssh failed');
  const dest = formatDestination(d);
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i.test(stderr)) {
    return { kind: 'host-key', reason: `the server's host key is not known here (${line})`, fix: `connect once by hand to check and accept the key: ${sshCommandLine(d)}` };
  }
  if (/Permission denied|Too many authentication failures|no matching host key type|authentication/i.test(stderr)) {
    return { kind: 'auth', reason: `ssh could not log in to ${dest} without a prompt (${line})`, fix: 'use a key: ssh-copy-id, or an IdentityFile in ~/.ssh/config (an agent works too); passwords are not asked for' };
  }
  if (/Could not resolve hostname|Name or service not known/i.test(stderr)) return { kind: 'resolve', reason: `ssh could not resolve ${d.host}`, fix: 'check the host name (or a Host alias in ~/.ssh/config)' };
  if (/timed out/i.test(stderr)) return { kind: 'timeout', reason: `ssh to ${dest} timed out (${line})`, fix: 'is sshd reachable from here? Check the address, the port and any firewall in between' };
  if (/Connection refused|No route to host|Network is unreachable|Connection reset/i.test(stderr)) return { kind: 'connect', reason: `ssh could not connect to ${dest} (${line})`, fix: `is sshd running there, on that port? ${selfCommandLine(['check', formatHostPort(d.host, d.port ?? 22)])} tells why` };
  return { kind: 'other', reason: `ssh to ${dest} failed: ${line}`, fix: `try it by hand: ${sshCommandLine(d, ['true'])}` };
}

/** The failure when ssh is not installed here. */
export function noSsh(): SshFailure {
  return { kind: 'no-ssh', reason: 'ssh is not installed on this machine', fix: 'install it: sudo apt-get install openssh-client (Debian/Ubuntu); ssh ships with macOS and Windows 10+' };
}

/** Runs a script on the server and waits for it; never throws. Exit 255 means ssh itself failed. */
export async function runRemote(d: SshDestination, script: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ToolResult & { failure?: SshFailure }> {
  const ssh = which('ssh');
  if (!ssh) return { code: null, signal: null, stdout: '', stderr: '', timedOut: false, aborted: false, failure: noSsh() };
  const r = await runTool(ssh, sshArgs(d, `sh -c ${shellQuote(script)}`), { timeoutMs: opts.timeoutMs ?? 20_000, signal: opts.signal });
  if (r.spawnError) return { ...r, failure: noSsh() };
  if (r.timedOut) return { ...r, failure: { kind: 'timeout', reason: `the remote command on ${formatDestination(d)} did not finish in time`, fix: 'is the server overloaded? try again, or run tcpsleuth server there by hand' } };
  if (r.code === 255) return { ...r, failure: classifySshFailure(r.stderr, d) };
  return r;
}

/** A long-running remote command; `finish()` closes its stdin (the script's cue to stop) and waits. */
export interface RemoteStream {
  child: ChildProcess;
  /** Resolves with the exit code once ssh has exited (null when killed). */
  exited: Promise<number | null>;
  finish(graceMs?: number): Promise<number | null>;
  kill(): void;
}

/**
 * Starts a script on the server whose stdout streams back. The script must stop when its stdin
 * closes (`cat >/dev/null; kill …`): that is how finish(), our abort, Ctrl-C and even our own
 * death (ssh's end of the pipe closes) all stop the remote side without a pty.
 */
export function streamRemote(d: SshDestination, script: string, opts: { signal?: AbortSignal; args?: readonly string[]; name?: string; sshOptions?: readonly string[] } = {}): RemoteStream | SshFailure {
  const ssh = which('ssh');
  if (!ssh) return noSsh();
  const child = spawn(ssh, sshArgs(d, opts.args ? remoteShellCommand(script, opts.args, opts.name) : `sh -c ${shellQuote(script)}`, opts.sshOptions), { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.on('error', () => undefined);
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    });
    child.once('error', () => {
      done = true;
      resolve(null);
    });
  });
  const kill = () => {
    if (!done) child.kill('SIGKILL');
  };
  const unregister = onCleanup(async () => {
    child.stdin?.end();
    const t = setTimeout(kill, 1500);
    await exited;
    clearTimeout(t);
  });
  const onExit = () => kill();
  process.once('exit', onExit);
  const onAbort = () => {
    child.stdin?.end();
    setTimeout(kill, 1500).unref();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  void exited.then(() => {
    unregister();
    process.removeListener('exit', onExit);
    opts.signal?.removeEventListener('abort', onAbort);
  });
  return {
    child,
    exited,
    kill,
    async finish(graceMs = 3000) {
      child.stdin?.end();
      const t = setTimeout(kill, graceMs);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}
