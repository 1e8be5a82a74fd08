/**
 * A lab for vantage-point tests: the usual client ── router ── server topology, plus vantage
 * namespaces (`a`, `b`, …) on subnets of their own behind the router, each with a real sshd and
 * its own /etc/hosts (`ip netns exec` bind-mounts /etc/netns/NS/hosts, so names resolve
 * differently in each). One ssh config names them all (`app-a`, `app-b`), with every key and
 * known host. Everything is named after the lab, so destroying the lab's prefix removes it all.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTopology, destroyAllLabs, LAB_PREFIX, nsRun, type Topology } from '../../src/lab/netns.js';
import { runTool, which } from '../../src/tools.js';
import { startSshd, type TestSshd } from '../server/sshd.js';

export const SSH_PORT = 2222;

/**
 * The lab's "machines" all run on this one, so their logins should cost what a server's do, not
 * what this machine's root shell profile costs (its ~/.bashrc runs `pyenv init`, ~0.5 s a login).
 * bash reads ~/.bashrc for ssh commands only at shell level 1: starting at 1 keeps it out.
 */
const LEAN_LOGIN = ['SetEnv SHLVL=1', 'MaxStartups 100:30:200', 'MaxSessions 50'];

export interface Vantage {
  ns: string;
  address: string;
  sshd: TestSshd;
}

export interface FleetLab {
  topology: Topology;
  vantages: Record<string, Vantage>;
  /** One ssh config: `Host app-<name>` for each vantage point, plus whatever `hostBlocks` added. */
  sshConfig: string;
  dir: string;
  destroy(): Promise<void>;
}

async function ip(args: string[]): Promise<void> {
  const r = await runTool('ip', args, { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

/** Writes the namespace's own hosts file and resolv.conf (before anything starts in it: the bind mounts are taken at exec). */
export function writeHosts(ns: string, entries: Record<string, string>): void {
  if (!ns.startsWith(LAB_PREFIX)) throw new Error(`not a lab namespace: ${ns}`);
  const dir = `/etc/netns/${ns}`;
  mkdirSync(dir, { recursive: true });
  const text = ['127.0.0.1 localhost', '::1 localhost', ...Object.entries(entries).map(([name, addr]) => `${addr} ${name}`), ''].join('\n');
  writeFileSync(`${dir}/hosts.tmp`, text);
  renameSync(`${dir}/hosts.tmp`, `${dir}/hosts`);
  // A resolver that refuses at once: names outside the hosts file fail in milliseconds, not after retries.
  writeFileSync(`${dir}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
}

/**
 * Builds the lab `name` with one vantage namespace per entry of `subnets` (`{ a: 10 }` puts
 * vantage `a` at 198.18.10.2 behind the router's 198.18.10.1), hosts files from `hosts` (keyed by
 * `client`, `a`, `b`, …), and an sshd in each vantage namespace.
 */
export async function createFleetLab(name: string, subnets: Record<string, number>, hosts: Record<string, Record<string, string>> = {}, opts: { kex?: string } = {}): Promise<FleetLab> {
  const prefix = `${LAB_PREFIX}${name}-`;
  const dir = mkdtempSync(join(tmpdir(), `tsl-fleet-${name}-`));
  const vantages: Record<string, Vantage> = {};
  try {
    const topology = await createTopology(name);
    if (hosts.client) writeHosts(topology.ns.client, hosts.client);
    const made: Array<{ v: string; ns: string; address: string; subnet: number }> = [];
    for (const [v, subnet] of Object.entries(subnets)) {
      const ns = `${prefix}${v}`;
      const address = `198.18.${subnet}.2`;
      await ip(['netns', 'add', ns]);
      await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      await ip(['link', 'add', 'v0', 'netns', ns, 'type', 'veth', 'peer', 'name', `r${subnet}`, 'netns', topology.ns.router]);
      await ip(['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'v0']);
      await ip(['-n', topology.ns.router, 'addr', 'add', `198.18.${subnet}.1/24`, 'dev', `r${subnet}`]);
      await ip(['-n', ns, 'link', 'set', 'v0', 'up']);
      await ip(['-n', topology.ns.router, 'link', 'set', `r${subnet}`, 'up']);
      await ip(['-n', ns, 'route', 'add', 'default', 'via', `198.18.${subnet}.1`]);
      writeHosts(ns, hosts[v] ?? {});
      made.push({ v, ns, address, subnet });
    }
    // The links warm up and the sshds start side by side (a fleet of twenty is the benchmark's).
    await Promise.all(made.map(async ({ v, ns, address, subnet }) => {
      await nsRun(ns, 'ping', ['-c', '1', '-W', '1', `198.18.${subnet}.1`]).catch(() => undefined);
      vantages[v] = { ns, address, sshd: await startSshd(ns, address, SSH_PORT, LEAN_LOGIN) };
    }));
    // One key for the whole lab (sshd reads authorized_keys at each login), so a config with
    // twenty hosts still offers one key, not twenty (sshd's MaxAuthTries is 6).
    const key = join(dir, 'lab_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    for (const v of Object.values(vantages)) appendFileSync(join(v.sshd.dir, 'authorized_keys'), readFileSync(`${key}.pub`));
    const known = join(dir, 'known_hosts');
    writeFileSync(known, Object.values(vantages).map((v) => readFileSync(join(v.sshd.dir, 'known_hosts'), 'utf8')).join(''));
    const sshConfig = join(dir, 'ssh_config');
    // Both ends of every lab connection run on this machine: opts.kex picks the key exchange (the
    // post-quantum default, sntrup761x25519, costs ~50 ms of CPU per connection on each side).
    const kex = opts.kex ? `  KexAlgorithms ${opts.kex}\n` : '';
    const blocks = Object.entries(vantages).map(([v, x]) => `Host app-${v}\n  HostName ${x.address}\n  Port ${SSH_PORT}\n  User root\n`);
    writeFileSync(sshConfig, `${blocks.join('')}Host *\n  IdentityFile ${key}\n  IdentitiesOnly yes\n${kex}  UserKnownHostsFile ${known}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  LogLevel ERROR\n`);
    return {
      topology,
      vantages,
      sshConfig,
      dir,
      async destroy() {
        for (const v of Object.values(vantages)) v.sshd.stop();
        await destroyAllLabs(prefix);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const v of Object.values(vantages)) v.sshd.stop();
    await destroyAllLabs(prefix);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * A login to `v` whose PATH holds only `tools` (symlinks in a folder of their own): a forced
 * command in authorized_keys sets it, then runs what the client asked for. Adds `Host ALIAS` to
 * the lab's ssh config with its own key.
 */
export function addRestrictedLogin(lab: FleetLab, v: string, alias: string, tools: string[]): void {
  const x = lab.vantages[v];
  const bin = join(lab.dir, `${alias}-bin`);
  mkdirSync(bin);
  // A tool given as a path is linked as its own name (`/usr/bin/python3`, not a pyenv shim that needs bash).
  for (const t of tools) symlinkSync(t.includes('/') ? t : which(t)!, join(bin, t.split('/').pop()!));
  const key = join(lab.dir, `${alias}_key`);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const pub = readFileSync(`${key}.pub`, 'utf8').trim();
  appendFileSync(join(x.sshd.dir, 'authorized_keys'), `command="PATH=${bin}; export PATH; eval \\"$SSH_ORIGINAL_COMMAND\\"" ${pub}\n`);
  const config = readFileSync(lab.sshConfig, 'utf8');
  writeFileSync(lab.sshConfig, `Host ${alias}\n  HostName ${x.address}\n  Port ${SSH_PORT}\n  User root\n  IdentityFile ${key}\n${config}`);
}
