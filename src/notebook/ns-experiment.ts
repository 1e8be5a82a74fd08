/**
 * Experiments that need network namespaces (root, Linux): the lab's namespace scenarios (ECN,
 * SYN flood, firewalls…) and two DNS ones the notebook builds itself (a resolver that says NXDOMAIN,
 * and one that never answers). The real check runs inside the lab's client namespace, as a learner
 * would run it; the server's socket table is read inside the server's namespace.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { CheckReport } from '../evidence.js';
import { parseProcNetTcp } from '../checks/kernel.js';
import { onCleanup } from '../lifecycle.js';
import { upScenario } from '../lab/index.js';
import { createTopology, destroyTopology, iptables, nsRun, nsStart, nsSysctl, startedWhen, topologyFor } from '../lab/netns.js';
import { runCheckProcess } from '../lab/run-check.js';
import { installHint, isRoot, which } from '../tools.js';
import type { ExperimentCell } from './cells.js';

/** Experiment-only scenarios: DNS faults the lab does not have. */
export const DNS_SCENARIOS = ['dns-nxdomain', 'dns-no-answer'] as const;

/** What a namespace experiment gives back before it becomes an ExperimentResult. */
export interface NamespaceRun {
  report: CheckReport;
  /** Socket states on the server's port just before the check (LISTEN left out), e.g. { SYN_RECV: 8 }. */
  server?: Record<string, number>;
  /** The lab name its namespaces were built under (`tsl-NAME-c` …), all removed by the time it returns. */
  name: string;
}

/** Why this machine cannot run the cell (a namespace experiment), or undefined when it can. */
export function namespaceBlocker(cell?: ExperimentCell): string | undefined {
  if (process.platform !== 'linux') return `needs Linux network namespaces (this is ${process.platform})`;
  if (!isRoot()) return 'needs root: it builds network namespaces, veth pairs and firewall rules (run it with sudo)';
  for (const tool of ['ip', 'iptables', ...(cell?.capture ? ['tcpdump'] : [])]) {
    if (!which(tool)) return `needs ${tool}, which is missing: ${installHint(tool)}`;
  }
  return undefined;
}

/** Counts socket states on `port` inside namespace `ns` (its /proc/net/tcp and tcp6). */
export async function serverStates(ns: string, port: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [file, family] of [['/proc/net/tcp', 4], ['/proc/net/tcp6', 6]] as const) {
    const r = await nsRun(ns, 'cat', [file]).catch(() => undefined);
    for (const row of r ? parseProcNetTcp(r.stdout, family) : []) {
      if (row.localPort === port && row.state !== 'LISTEN') counts[row.state] = (counts[row.state] ?? 0) + 1;
    }
  }
  return counts;
}

const uniqueName = () => `exp-${randomBytes(3).toString('hex')}`;

/**
 * Builds the cell's scenario under a name of its own, applies the cell's settings, reads the
 * server's sockets, runs the check from the client namespace, and removes everything.
 */
export async function runInNamespaces(cell: ExperimentCell, signal?: AbortSignal): Promise<NamespaceRun> {
  if ((DNS_SCENARIOS as readonly string[]).includes(cell.scenario)) return runDns(cell, signal);
  const name = uniqueName();
  const up = await upScenario(cell.scenario, { name, signal });
  try {
    const t = topologyFor(name);
    for (const s of cell.sysctl ?? []) await nsSysctl(t.ns[s.ns], s.setting);
    // "Take the middlebox out": the router forwards untouched (ECN negotiated end to end).
    if (cell.middlebox === 'off') {
      await iptables(t.ns.router, ['-F', 'FORWARD']);
      await iptables(t.ns.router, ['-t', 'mangle', '-F', 'FORWARD']);
    }
    const server = await serverStates(t.ns.server, up.target.port);
    const capture = Boolean(cell.capture);
    const report = await runCheckProcess({ ...up.target, capture, signal, timeoutMs: 60_000 });
    return { report, server, name };
  } finally {
    await up.down();
  }
}

/** The name the DNS experiments look up (.test is reserved: it never exists outside a lab). */
export const DNS_NAME = 'billing-db.tcpsleuth.test';

/**
 * A resolver inside the client namespace on 127.0.0.1:53: `nxdomain` answers every query with
 * NXDOMAIN (RCODE 3, the question echoed), `silent` reads queries and never answers.
 */
function startResolver(ns: string, mode: 'nxdomain' | 'silent') {
  const script = `
    const dgram = require('node:dgram');
    const mode = process.argv[1];
    const s = dgram.createSocket('udp4');
    s.on('message', (q, from) => {
      if (mode !== 'nxdomain' || q.length < 12) return;
      const a = Buffer.from(q);
      a[2] = 0x81 | (q[2] & 0x01); a[3] = 0x83; // QR, RD echoed, RA, RCODE 3 (NXDOMAIN)
      a.writeUInt16BE(0, 6); a.writeUInt16BE(0, 8); a.writeUInt16BE(0, 10);
      s.send(a, from.port, from.address);
    });
    s.bind(53, '127.0.0.1', () => process.stdout.write('ready\\n'));
    setTimeout(() => process.exit(0), 600e3).unref();
  `;
  return startedWhen(nsStart(ns, process.execPath, ['-e', script, mode, ns]), 'ready', `the lab resolver in ${ns}`);
}

/**
 * DNS experiments: a client namespace whose /etc/resolv.conf (bind-mounted by `ip netns exec`
 * from /etc/netns/NS/) names only the lab's resolver, so no query ever leaves the namespace.
 */
async function runDns(cell: ExperimentCell, signal?: AbortSignal): Promise<NamespaceRun> {
  const name = uniqueName();
  const t = topologyFor(name);
  const etc = `/etc/netns/${t.ns.client}`;
  const teardown = async () => {
    await destroyTopology(name);
    rmSync(etc, { recursive: true, force: true });
  };
  const unregister = onCleanup(teardown);
  try {
    await createTopology(name);
    mkdirSync(etc, { recursive: true });
    writeFileSync(`${etc}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    signal?.throwIfAborted();
    await startResolver(t.ns.client, cell.scenario === 'dns-nxdomain' ? 'nxdomain' : 'silent');
    const report = await runCheckProcess({ host: DNS_NAME, port: 5432, tls: false, namespace: t.ns.client, signal, timeoutMs: 60_000 });
    return { report, name };
  } finally {
    unregister();
    await teardown();
  }
}
