/**
 * A three-host lab in network namespaces: client ── router ── server, joined by veth pairs.
 * Used by `tcpsleuth lab` (root scenarios), by the root tests and by the benchmarks.
 *
 * Nothing here touches the host's own network: veth ends are created directly inside the lab's
 * namespaces, and every name starts with LAB_PREFIX so `lab down --all` can find leftovers.
 * Addresses come from 198.18.0.0/15, the range RFC 2544 reserves for benchmark tests, and
 * exist only inside these namespaces.
 */
import { runTool, startTool, type ToolResult } from '../tools.js';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export const LAB_PREFIX = 'tsl-';

/** Fixed addresses: namespaces are isolated, so every topology can reuse them. */
export const LAB_ADDR = {
  client: '198.18.0.2',
  routerClientSide: '198.18.0.1',
  routerServerSide: '198.19.0.1',
  server: '198.19.0.2',
  /** On the server's subnet but no host has it: the router's ARP fails, ICMP host-unreachable ~3 s later. */
  absent: '198.19.0.99',
  /** Not routed anywhere from the client (for `no-route`, after the default route is removed). */
  unrouted: '198.20.0.1',
  /** The IPv6 twins of `absent` (the router's neighbour discovery fails) and `unrouted`. */
  absent6: 'fd00:19::99',
  unrouted6: 'fd00:20::1',
  client6: 'fd00:18::2',
  routerClientSide6: 'fd00:18::1',
  routerServerSide6: 'fd00:19::1',
  server6: 'fd00:19::2',
} as const;

export interface Topology {
  name: string;
  ns: { client: string; router: string; server: string };
  addr: typeof LAB_ADDR;
}

export class LabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabError';
  }
}

/** Namespace names for a lab called `name` (lowercase letters, digits, dashes). */
export function topologyFor(name: string): Topology {
  if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(name)) throw new LabError(`bad lab name "${name}"`);
  const base = `${LAB_PREFIX}${name}`;
  return { name, ns: { client: `${base}-c`, router: `${base}-r`, server: `${base}-s` }, addr: LAB_ADDR };
}

async function ip(args: string[]): Promise<ToolResult> {
  const r = await runTool('ip', args, { timeoutMs: 10_000 });
  if (r.spawnError) throw new LabError('the `ip` command is missing: install iproute2');
  return r;
}

async function must(args: string[]): Promise<void> {
  const r = await ip(args);
  if (r.code !== 0) throw new LabError(`ip ${args.join(' ')} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
}

/** Runs a command inside a namespace and fails loudly when it fails. */
export async function nsRun(ns: string, file: string, args: string[], timeoutMs = 10_000): Promise<ToolResult> {
  const r = await runTool('ip', ['netns', 'exec', ns, file, ...args], { timeoutMs });
  if (r.code !== 0) {
    throw new LabError(`in ${ns}: ${file} ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim() || `exit ${r.code}`}`);
  }
  return r;
}

/** Every namespace on this machine that belongs to a lab. */
export async function listLabNamespaces(): Promise<string[]> {
  const r = await ip(['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((n) => n && n.startsWith(LAB_PREFIX));
}

/** True when the topology's namespaces exist already. */
export async function topologyExists(name: string): Promise<boolean> {
  const t = topologyFor(name);
  const all = await listLabNamespaces();
  return all.includes(t.ns.client) || all.includes(t.ns.router) || all.includes(t.ns.server);
}

/**
 * Builds client ── router ── server. Throws LabError if it is already up; on any failure
 * removes whatever it had made.
 */
export async function createTopology(name: string): Promise<Topology> {
  const t = topologyFor(name);
  if (await topologyExists(name)) throw new LabError(`lab ${name} is already up (tcpsleuth lab down ${name})`);
  const { client, router, server } = t.ns;
  const a = LAB_ADDR;
  // Only what this call made is removed on failure: a concurrent build of the same name keeps its own.
  const made: string[] = [];
  try {
    for (const ns of [client, router, server]) {
      const added = await ip(['netns', 'add', ns]);
      // Lost a race with a concurrent build of the same lab: it is up, just not by us.
      if (/File exists/.test(added.stderr)) throw new LabError(`lab ${name} is already up (tcpsleuth lab down ${name})`);
      if (added.code !== 0) throw new LabError(`ip netns add ${ns} failed: ${added.stderr.trim() || `exit ${added.code}`}`);
      made.push(ns);
      await must(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    await must(['link', 'add', 'c0', 'netns', client, 'type', 'veth', 'peer', 'name', 'r0', 'netns', router]);
    await must(['link', 'add', 's0', 'netns', server, 'type', 'veth', 'peer', 'name', 'r1', 'netns', router]);
    // No IPv6 duplicate-address detection: addresses are usable at once.
    for (const [ns, dev] of [[client, 'c0'], [router, 'r0'], [router, 'r1'], [server, 's0']] as const) {
      await nsRun(ns, 'sysctl', ['-qw', `net.ipv6.conf.${dev}.accept_dad=0`]).catch(() => undefined);
    }
    await must(['-n', client, 'addr', 'add', `${a.client}/24`, 'dev', 'c0']);
    await must(['-n', client, 'addr', 'add', `${a.client6}/64`, 'dev', 'c0', 'nodad']);
    await must(['-n', router, 'addr', 'add', `${a.routerClientSide}/24`, 'dev', 'r0']);
    await must(['-n', router, 'addr', 'add', `${a.routerClientSide6}/64`, 'dev', 'r0', 'nodad']);
    await must(['-n', router, 'addr', 'add', `${a.routerServerSide}/24`, 'dev', 'r1']);
    await must(['-n', router, 'addr', 'add', `${a.routerServerSide6}/64`, 'dev', 'r1', 'nodad']);
    await must(['-n', server, 'addr', 'add', `${a.server}/24`, 'dev', 's0']);
    await must(['-n', server, 'addr', 'add', `${a.server6}/64`, 'dev', 's0', 'nodad']);
    // Forwarding before the links come up: switching the router's interfaces to router mode later
    // re-joins their multicast groups, and a neighbour solicitation in that moment goes unanswered.
    await nsRun(router, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    await nsRun(router, 'sysctl', ['-qw', 'net.ipv6.conf.all.forwarding=1']);
    for (const [ns, dev] of [[client, 'c0'], [router, 'r0'], [router, 'r1'], [server, 's0']] as const) {
      await must(['-n', ns, 'link', 'set', dev, 'up']);
    }
    await must(['-n', client, 'route', 'add', 'default', 'via', a.routerClientSide]);
    await must(['-n', client, '-6', 'route', 'add', 'default', 'via', a.routerClientSide6]);
    await must(['-n', server, 'route', 'add', 'default', 'via', a.routerServerSide]);
    await must(['-n', server, '-6', 'route', 'add', 'default', 'via', a.routerServerSide6]);
    await warmNeighbours(t);
    return t;
  } catch (err) {
    await destroyNamespaces(made);
    throw err;
  }
}

/**
 * One echo on each link, both families, before any fault is applied: right after the links come
 * up the first IPv6 neighbour solicitation can go unanswered for a second, which would land in
 * the first check's budget as if the fault had done it. A real path has its neighbours resolved.
 */
async function warmNeighbours(t: Topology): Promise<void> {
  const a = LAB_ADDR;
  const { client, router } = t.ns;
  const probes: Array<[string, string]> = [
    [client, a.routerClientSide],
    [client, a.routerClientSide6],
    [router, a.server],
    [router, a.server6],
  ];
  // Bounded (two tries of a second each), and quiet when ping is missing: only a warm-up.
  await Promise.all(probes.map(([ns, addr]) => runTool('ip', ['netns', 'exec', ns, 'ping', '-n', '-c', '2', '-i', '0.2', '-W', '1', '-w', '2', addr], { timeoutMs: 4_000 }).catch(() => undefined)));
}

/**
 * Removes the topology's namespaces. Killing every process inside first: a namespace with a
 * live process would otherwise linger. Deleting a namespace deletes its veth ends and rules.
 */
export async function destroyTopology(name: string): Promise<void> {
  const t = topologyFor(name);
  await destroyNamespaces([t.ns.client, t.ns.router, t.ns.server]);
}

/**
 * Removes every lab namespace on this machine (`lab down --all`), or only those whose names start
 * with `prefix` (which must itself start with the lab prefix). Returns what it removed.
 */
export async function destroyAllLabs(prefix = LAB_PREFIX): Promise<string[]> {
  if (!prefix.startsWith(LAB_PREFIX)) throw new LabError(`refusing to remove namespaces outside ${LAB_PREFIX}*`);
  const all = (await listLabNamespaces()).filter((n) => n.startsWith(prefix));
  await destroyNamespaces(all);
  return all;
}

async function destroyNamespaces(names: string[]): Promise<void> {
  const existing = new Set(await listLabNamespaces());
  for (const ns of names) {
    if (!existing.has(ns)) continue;
    const pids = await ip(['netns', 'pids', ns]);
    for (const pid of pids.stdout.split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await ip(['netns', 'del', ns]);
    // A lab client's own hosts file (see writeNsHosts) goes with its namespace.
    rmSync(`${NETNS_ETC}/${ns}`, { recursive: true, force: true });
  }
}

const NETNS_ETC = '/etc/netns';

/**
 * Gives a namespace its own /etc/hosts: `ip netns exec` bind-mounts /etc/netns/<ns>/hosts over
 * /etc/hosts, so a name can resolve to several lab addresses without any DNS server.
 */
export function writeNsHosts(ns: string, name: string, addresses: readonly string[]): string {
  if (!ns.startsWith(LAB_PREFIX)) throw new LabError(`refusing to write a hosts file for ${ns}`);
  const dir = `${NETNS_ETC}/${ns}`;
  mkdirSync(dir, { recursive: true });
  const text = ['127.0.0.1 localhost', '::1 localhost', ...addresses.map((a) => `${a} ${name}`), ''].join('\n');
  writeFileSync(`${dir}/hosts.tmp`, text);
  renameSync(`${dir}/hosts.tmp`, `${dir}/hosts`);
  return `${dir}/hosts`;
}

/** Adds an iptables rule inside a namespace, e.g. `['-A', 'FORWARD', '-p', 'tcp', '-j', 'DROP']`. */
export async function iptables(ns: string, args: string[], family: 4 | 6 = 4): Promise<void> {
  await nsRun(ns, family === 4 ? 'iptables' : 'ip6tables', ['-w', ...args]);
}

/** Sets a sysctl inside a namespace, e.g. `net.ipv4.tcp_ecn=1`. */
export async function nsSysctl(ns: string, setting: string): Promise<void> {
  await nsRun(ns, 'sysctl', ['-qw', setting]);
}

/** Starts a long-running process inside a namespace; the caller stops it (or destroy does). */
export function nsStart(ns: string, file: string, args: string[]): ChildProcess {
  return startTool('ip', ['netns', 'exec', ns, file, ...args]);
}

/**
 * A plain accepting TCP listener inside a namespace (node, no shell). Resolves once it listens.
 * `behaviour`: `accept` keeps connections open, `reset` answers each with RST, `fin` closes at once.
 */
export function nsListen(ns: string, port: number, behaviour: 'accept' | 'reset' | 'fin' = 'accept', host = '::', ipv6Only = false): Promise<ChildProcess> {
  const script = `
    const net = require('node:net');
    const [port, behaviour, host, v6only] = process.argv.slice(1);
    const ipv6Only = v6only === 'v6only';
    const server = net.createServer((s) => {
      s.on('error', () => {});
      if (behaviour === 'reset') s.resetAndDestroy();
      else if (behaviour === 'fin') s.end();
    });
    server.listen({ port: Number(port), host, ipv6Only }, () => process.stdout.write('listening\\n'));
    setTimeout(() => process.exit(0), 3600e3).unref();
  `;
  // The namespace name rides along as an unused argument so leftovers are findable in /proc/*/cmdline.
  const child = nsStart(ns, process.execPath, ['-e', script, String(port), behaviour, host, ipv6Only ? 'v6only' : 'dual', ns]);
  return startedWhen(child, 'listening', `listener in ${ns}`);
}

/**
 * Resolves with `child` once its stdout shows `marker` (a process the lab starts in a namespace:
 * a listener, a flood); rejects when it exits first or says nothing for 10 s.
 */
export function startedWhen<T extends ChildProcess>(child: T, marker: string, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new LabError(`${what} did not start`)), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes(marker)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new LabError(`${what} exited (${code})`));
    });
  });
}
