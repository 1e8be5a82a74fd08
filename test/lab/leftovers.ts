/**
 * What a lab run may leave behind, looked up on the host: namespaces named tsl-lab-*, processes
 * whose command line names one (every lab listener carries its namespace name) or whose environment
 * does (every check the lab runs carries TCPSLEUTH_LAB=<namespace>), veth ends of a lab
 * in the host's own namespace, and `lab up` records.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { listLabNamespaces } from '../../src/lab/netns.js';
import { allUpRecords } from '../../src/lab/state.js';
import { runTool } from '../../src/tools.js';

function labProcesses(prefix: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      // Checks the lab runs carry TCPSLEUTH_LAB=<client namespace> in their environment.
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (cmd.includes(prefix) || env.some((e) => e.startsWith(`TCPSLEUTH_LAB=${prefix}`))) found.push(`${pid}: ${cmd.slice(0, 120)}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Everything of the lab still present; empty lists mean nothing was left behind. */
export async function leftovers(prefix = 'tsl-lab-'): Promise<{ namespaces: string[]; processes: string[]; hostLinks: string[]; records: string[] }> {
  const links = await runTool('ip', ['-o', 'link', 'show'], { timeoutMs: 5_000 });
  return {
    namespaces: (await listLabNamespaces()).filter((n) => n.startsWith(prefix)),
    processes: labProcesses(prefix),
    // The lab's veth ends are c0, r0, r1, s0, created inside namespaces; none may appear here.
    hostLinks: links.stdout.split('\n').filter((l) => /^\d+: (c0|r0|r1|s0)[@:]/.test(l)),
    records: allUpRecords().map((r) => r.id),
  };
}

/**
 * The host's own network configuration, as text: link names, routes, firewall rules, the ECN
 * sysctl. The lab must never change any of it (everything it does happens inside its namespaces).
 */
export async function hostNetwork(): Promise<Record<string, string>> {
  const read = async (file: string, args: string[]) => {
    const r = await runTool(file, args, { timeoutMs: 5_000 });
    return r.spawnError ? `(${file} missing)` : r.stdout;
  };
  const links = await read('ip', ['-o', 'link', 'show']);
  return {
    links: links
      .split('\n')
      .map((l) => l.split(':')[1]?.trim())
      .filter(Boolean)
      .sort()
      .join(' '),
    routes: await read('ip', ['route', 'show']),
    routes6: await read('ip', ['-6', 'route', 'show']),
    iptables: await read('iptables', ['-w', '-S']),
    ip6tables: await read('ip6tables', ['-w', '-S']),
    tcpEcn: readFileSync('/proc/sys/net/ipv4/tcp_ecn', 'utf8').trim(),
  };
}
