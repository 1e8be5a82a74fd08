/**
 * A throwaway network namespace for the root probes: its own loopback, its own firewall and its
 * own TCP sysctls, so dropping packets or shortening tcp_retries2 touches nothing of this
 * machine's. A small Node script runs inside it (both ends of the connection, and the iptables
 * rule at the right moment) and prints one JSON line. The namespace is named after the lab's
 * prefix and this process, registered for Ctrl-C, and deleted whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { destroyAllLabs, LAB_PREFIX } from '../../lab/netns.js';
import { onCleanup } from '../../lifecycle.js';
import { installHint, isRoot, runTool, which } from '../../tools.js';
import { ProbeUnavailable } from './loopback.js';

/** Why the root probes cannot run here, or undefined when they can. */
export function sandboxBlocker(): string | undefined {
  if (process.platform !== 'linux') return `needs Linux network namespaces (this is ${process.platform})`;
  if (!isRoot()) return 'needs root: it builds a throwaway network namespace with its own firewall rules and sysctls (run it with sudo)';
  for (const tool of ['ip', 'iptables']) if (!which(tool)) return `needs ${tool}, which is missing: ${installHint(tool)}`;
  return undefined;
}

export interface SandboxOptions {
  /** sysctls set inside the namespace first, e.g. `net.ipv4.tcp_retries2=4`. */
  sysctls?: string[];
  /** The namespace's loopback MTU (1500 gives Ethernet-sized segments). */
  mtu?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

async function must(file: string, args: string[], what: string): Promise<string> {
  const r = await runTool(file, args, { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`${what} failed: ${(r.stderr || r.stdout).trim().split('\n').at(-1) || `exit ${r.code}`}`);
  return r.stdout;
}

/**
 * Runs `script` with node inside a fresh namespace and returns the JSON its last stdout line
 * holds. The script gets the iptables binary's path as its first argument, then `args`.
 */
export async function runInSandbox<T>(script: string, args: string[], opts: SandboxOptions = {}): Promise<T> {
  const blocker = sandboxBlocker();
  if (blocker) throw new ProbeUnavailable(blocker);
  const ns = `${LAB_PREFIX}nb-${process.pid}-${randomBytes(3).toString('hex')}`;
  const remove = () => destroyAllLabs(ns).then(() => undefined);
  const unregister = onCleanup(remove);
  try {
    await must('ip', ['netns', 'add', ns], 'creating the namespace');
    await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up', ...(opts.mtu ? ['mtu', String(opts.mtu)] : [])], 'bringing its loopback up');
    for (const s of opts.sysctls ?? []) await must('ip', ['netns', 'exec', ns, 'sysctl', '-qw', s], `setting ${s}`);
    opts.signal?.throwIfAborted();
    // The namespace name rides along last so a leftover process is findable in /proc/*/cmdline.
    const r = await runTool('ip', ['netns', 'exec', ns, process.execPath, '-e', script, which('iptables')!, ...args, ns], {
      timeoutMs: opts.timeoutMs ?? 30_000,
      signal: opts.signal,
    });
    if (r.aborted) throw opts.signal?.reason ?? new Error('aborted');
    if (r.timedOut) throw new Error(`the experiment did not finish within ${(opts.timeoutMs ?? 30_000) / 1000} s`);
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    if (r.code !== 0 || !last.startsWith('{')) throw new Error(`the experiment inside the namespace failed: ${(r.stderr || r.stdout).trim().split('\n').at(-1) || `exit ${r.code}`}`);
    return JSON.parse(last) as T;
  } finally {
    unregister();
    await remove();
  }
}

/**
 * Code shared by the scripts run inside the namespace: `rows()` reads its /proc/net/tcp (the
 * namespace's own sockets) as { lport, rport, state, tx, rx, timer, retransmits, probes }, and
 * `fw(...args)` adds an iptables rule.
 */
export const SANDBOX_PRELUDE = `
const net = require('node:net');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const IPTABLES = process.argv[1];
const fw = (...args) => execFileSync(IPTABLES, ['-w', ...args]);
const rows = () => fs.readFileSync('/proc/net/tcp', 'utf8').split('\\n').slice(1).map((l) => l.trim().split(/\\s+/)).filter((f) => f.length >= 10).map((f) => ({
  lport: parseInt(f[1].split(':')[1], 16), rport: parseInt(f[2].split(':')[1], 16), state: parseInt(f[3], 16),
  tx: parseInt(f[4].split(':')[0], 16), rx: parseInt(f[4].split(':')[1], 16), timer: parseInt(f[5].split(':')[0], 16),
  retransmits: parseInt(f[6], 16), probes: Number(f[8]) }));
const listen = (port) => new Promise((resolve) => { const s = net.createServer((c) => { c.on('error', () => {}); s.emit('peer', c); }); s.listen(port, '127.0.0.1', () => resolve(s)); });
const dial = (port, opts = {}) => new Promise((resolve, reject) => { const t0 = Date.now(); const c = net.connect({ port, host: '127.0.0.1', ...opts }); const timer = setTimeout(() => { c.destroy(); resolve({ socket: undefined, ms: Date.now() - t0 }); }, opts.timeoutMs || 5000); c.once('connect', () => { clearTimeout(timer); resolve({ socket: c, ms: Date.now() - t0 }); }); c.once('error', (e) => { clearTimeout(timer); reject(e); }); });
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const done = (out) => { process.stdout.write(JSON.stringify(out) + '\\n'); process.exit(0); };
`;
