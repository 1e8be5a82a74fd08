/** Drives a long-running `tcpsleuth lab up` through the built CLI. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../helpers/cli.js';

/** Starts `tcpsleuth lab up ID --json` (the built CLI) and resolves with its first line (the target) once it is up. */
export function labUp(
  id: string,
  env: NodeJS.ProcessEnv,
  prefix: string[] = [],
): Promise<{ child: ChildProcess; info: { target: { host: string; port: number; namespace?: string }; tryCommand: string; fault: string[]; watch: string; pid: number }; stderr: () => string }> {
  const [file, ...pre] = prefix.length ? prefix : [process.execPath];
  const args = [...pre, ...(prefix.length ? [process.execPath] : []), CLI, 'lab', 'up', id, '--json'];
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    let errBuf = '';
    const timer = setTimeout(() => reject(new Error(`lab up ${id} did not come up: ${errBuf}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (errBuf += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) {
        clearTimeout(timer);
        // stderr keeps being collected: what arrives on it may be read before or after stdout's line.
        resolve({ child, info: JSON.parse(buf.split('\n')[0]), stderr: () => errBuf });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lab up ${id} exited (${code}): ${errBuf}`));
    });
  });
}

/** Resolves with the exit code (-1 when killed by a signal). */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
}

