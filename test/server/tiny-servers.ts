/**
 * Tiny misbehaving servers for the server-side tests, started inside a test's namespace as plain
 * node processes (no shell). Each prints `listening` once bound; the test kills it.
 */
import type { ChildProcess } from 'node:child_process';
import { nsStart } from '../../src/lab/netns.js';

const SCRIPT = `
  const net = require('node:net');
  const [mode, host, port] = process.argv.slice(1);
  const held = [];
  // allowHalfOpen: the client's FIN does not make node close for us, so the socket stays CLOSE_WAIT.
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    held.push(s);
    s.on('error', () => {});
    if (mode === 'rst') s.resetAndDestroy();
    // Every server but the leaky one closes its side once the client has closed.
    else if (mode !== 'never-close') s.on('end', () => s.end());
  });
  server.listen({ host, port: Number(port), backlog: mode === 'no-accept' ? 1 : 511, ipv6Only: false }, () => {
    process.stdout.write('listening\\n');
    // Never accept(): the event loop stops here, so the kernel's accept queue fills up.
    if (mode === 'no-accept') setImmediate(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600e3));
  });
  setTimeout(() => process.exit(0), 600e3).unref();
`;

/** `never-close` holds every connection open forever; `no-accept` never calls accept(); `rst` resets; `plain` accepts. */
export type TinyMode = 'never-close' | 'no-accept' | 'rst' | 'plain';

/** Starts a tiny server in `ns` and resolves once it listens. */
export function startTiny(ns: string, mode: TinyMode, host: string, port: number): Promise<ChildProcess> {
  const child = nsStart(ns, process.execPath, ['-e', SCRIPT, mode, host, String(port), ns]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tiny ${mode} server in ${ns} did not start`)), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tiny ${mode} server in ${ns} exited (${code})`));
    });
  });
}

/**
 * A client run in a namespace: opens `n` connections to host:port. `close` sends FIN on each once
 * connected and exits soon after; `hold` keeps them open (queued in a server that never accepts)
 * until killed or 30 s pass. Prints `done` when every connection has connected or given up.
 */
export const CLIENT_SCRIPT = `
  const net = require('node:net');
  const [host, port, n, mode] = process.argv.slice(1);
  let pending = Number(n);
  const settle = () => { if (--pending === 0) { process.stdout.write('done\\n'); if (mode === 'close') setTimeout(() => process.exit(0), 200); } };
  for (let i = 0; i < Number(n); i++) {
    const s = net.connect({ host, port: Number(port) });
    s.on('error', () => {});
    let settled = false;
    const once = () => { if (!settled) { settled = true; settle(); } };
    setTimeout(once, 1500);
    s.once('connect', () => { if (mode === 'close') s.end(); once(); });
  }
  setTimeout(() => process.exit(0), 30e3);
`;
