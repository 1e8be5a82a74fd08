/**
 * The namespace scenarios: one client ── router ── server topology per scenario (`tsl-lab-<id>-*`),
 * a listener on the server, and the one rule that makes the fault. Root only. Every rule lives
 * inside the lab's namespaces, so deleting them (destroyTopology) removes the fault with them.
 */
import { createTopology, destroyTopology, iptables, nsListen, nsRun, nsStart, nsSysctl, startedWhen, topologyExists, writeNsHosts, LAB_ADDR, LabError, type Topology } from './netns.js';
import type { ScenarioId } from './scenarios.js';
import type { ChildProcess } from 'node:child_process';
import { installHint, which } from '../tools.js';
import { nsTlsListen } from './ns-tls.js';

/** The topology name of a scenario: namespaces are `tsl-lab-<id>-c`, `-r`, `-s`. */
export function labName(id: ScenarioId): string {
  return `lab-${id}`;
}

/**
 * Applies commands inside the lab's namespaces and remembers each one as a person would type it,
 * so `lab up` can show exactly what makes the fault.
 */
class Rig {
  readonly applied: string[] = [];
  constructor(
    readonly family: 4 | 6,
    /** How syn-loss drops SYNs (the other scenarios ignore it). */
    readonly synLoss: SynLossOptions = DEFAULT_SYN_LOSS,
  ) {}
  /** iptables for IPv4, ip6tables for IPv6: the rule is written once, for the lab's family. */
  async iptables(ns: string, args: string[]): Promise<void> {
    await iptables(ns, args, this.family);
    this.applied.push(`ip netns exec ${ns} ${this.family === 4 ? 'iptables' : 'ip6tables'} ${args.map(shellWord).join(' ')}`);
  }
  async sysctl(ns: string, setting: string): Promise<void> {
    await nsSysctl(ns, setting);
    this.applied.push(`ip netns exec ${ns} sysctl -w ${setting}`);
  }
  async run(ns: string, file: string, args: string[]): Promise<void> {
    await nsRun(ns, file, args);
    this.applied.push(`ip netns exec ${ns} ${file} ${args.join(' ')}`);
  }
  /** The client's own /etc/hosts: LAB_NAME resolves to `addresses`, in this order. */
  hosts(ns: string, addresses: string[]): void {
    const file = writeNsHosts(ns, LAB_NAME, addresses);
    this.applied.push(`printf '${addresses.map((a) => `${a} ${LAB_NAME}\\n`).join('')}' >> ${file}`);
  }
}

/** Quotes a word for display only (nothing here ever goes through a shell). */
const shellWord = (w: string) => (/^[\w.,:/=+-]+$/.test(w) ? w : `'${w}'`);

type Fault = (rig: Rig, t: Topology, port: number) => Promise<void>;

/** The REJECT answer for each family (ip6tables names its ICMPv6 types differently). */
const icmp = (rig: Rig, kind: 'port' | 'admin') =>
  rig.family === 4 ? (kind === 'port' ? 'icmp-port-unreachable' : 'icmp-admin-prohibited') : kind === 'port' ? 'icmp6-port-unreachable' : 'icmp6-adm-prohibited';

/** A packet longer than a bare ACK with timestamps (IPv4 20 + 32, IPv6 40 + 32 bytes) carries payload. */
const withPayload = (rig: Rig) => (rig.family === 4 ? '53:65535' : '73:65535');

const tcp = (port: number) => ['-p', 'tcp', '--dport', String(port)];

/** The rule (or route change) that makes each namespace scenario's fault. */
const FAULTS: Partial<Record<ScenarioId, Fault>> = {
  // The server's own firewall silently drops the SYN.
  drop: (rig, t, port) => rig.iptables(t.ns.server, ['-A', 'INPUT', ...tcp(port), '--syn', '-j', 'DROP']),
  'reject-rst': (rig, t, port) => rig.iptables(t.ns.server, ['-A', 'INPUT', ...tcp(port), '-j', 'REJECT', '--reject-with', 'tcp-reset']),
  'reject-icmp': (rig, t, port) =>
    rig.iptables(t.ns.router, ['-A', 'FORWARD', ...tcp(port), '-j', 'REJECT', '--reject-with', icmp(rig, 'port')]),
  'admin-prohibited': (rig, t, port) =>
    rig.iptables(t.ns.router, ['-A', 'FORWARD', ...tcp(port), '-j', 'REJECT', '--reject-with', icmp(rig, 'admin')]),
  // Only the server's answer is dropped: the SYN gets through, the SYN-ACK never comes back.
  'syn-ack-drop': (rig, t, port) =>
    rig.iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--sport', String(port), '--tcp-flags', 'SYN,ACK', 'SYN,ACK', '-j', 'DROP']),
  // A segment of an established flow that carries payload: the "DPI box" answers it with RST
  // towards the client, the way an IPS does.
  'dpi-reset': (rig, t, port) =>
    rig.iptables(t.ns.router, [
      '-A', 'FORWARD', ...tcp(port),
      '-m', 'conntrack', '--ctstate', 'ESTABLISHED',
      '-m', 'length', '--length', withPayload(rig),
      '-j', 'REJECT', '--reject-with', 'tcp-reset',
    ]),
  // The client asks for ECN (SYN with ECE+CWR); the router drops exactly those SYNs.
  'ecn-blackhole': async (rig, t, port) => {
    await rig.sysctl(t.ns.client, 'net.ipv4.tcp_ecn=1');
    await rig.sysctl(t.ns.server, 'net.ipv4.tcp_ecn=1');
    await rig.iptables(t.ns.router, ['-A', 'FORWARD', ...tcp(port), '--syn', '-m', 'ecn', '--ecn-tcp-ece', '--ecn-tcp-cwr', '-j', 'DROP']);
  },
  // The client asks for ECN; the router clears ECE/CWR from the SYN, so the server never sees the request.
  // (net.ipv4.tcp_ecn governs IPv6 too; the ECN target, though, exists for IPv4 only.)
  'ecn-strip': async (rig, t, port) => {
    await rig.sysctl(t.ns.client, 'net.ipv4.tcp_ecn=1');
    await rig.sysctl(t.ns.server, 'net.ipv4.tcp_ecn=1');
    await rig.iptables(t.ns.router, ['-t', 'mangle', '-A', 'FORWARD', ...tcp(port), '--syn', '-j', 'ECN', '--ecn-tcp-remove']);
  },
  // The client's own OUTPUT chain. Not EPERM: for a SYN, Linux ignores the local drop's error and
  // retransmits, so connect() waits as if the network dropped it; only the local rules tell.
  'local-egress-drop': (rig, t, port) => rig.iptables(t.ns.client, ['-A', 'OUTPUT', ...tcp(port), '-j', 'DROP']),
  'no-route': async (rig, t) => {
    await rig.run(t.ns.client, 'ip', ['route', 'del', 'default']);
    await rig.run(t.ns.client, 'ip', ['-6', 'route', 'del', 'default']);
  },
  // Half-open connections from a second client address whose SYN-ACKs the router drops: each one
  // sits in the server's SYN queue (SYN_RECV) until it gives up. SYN cookies are off, so once the
  // queue (backlog 8, see PREPARE) is full the server drops every new SYN, the real client's too.
  'syn-flood': async (rig, t, port) => {
    const attacker = rig.family === 4 ? SYN_FLOOD_SOURCE : SYN_FLOOD_SOURCE6;
    await rig.sysctl(t.ns.server, 'net.ipv4.tcp_syncookies=0');
    await rig.run(t.ns.client, 'ip', ['addr', 'add', `${attacker}/${rig.family === 4 ? 24 : 64}`, 'dev', 'c0', ...(rig.family === 6 ? ['nodad'] : [])]);
    await rig.iptables(t.ns.router, ['-A', 'FORWARD', '-d', attacker, '-p', 'tcp', '--tcp-flags', 'SYN,ACK', 'SYN,ACK', '-j', 'DROP']);
    await startSynFlood(t.ns.client, attacker, rig.family === 4 ? LAB_ADDR.server : LAB_ADDR.server6, port);
    rig.applied.push(`# in ${t.ns.client}, a process of the lab's own: a flood of connects from ${attacker} to port ${port}, ~40 new SYNs a second`);
  },
  // The router's way to the client is a "tunnel" with a smaller MTU (the route's mtu, both families;
  // IPv6 needs the connected route's metric, 256, or replace adds a second, unused route),
  // and the router's own ICMP "fragmentation needed" / Packet Too Big never leaves it. The client
  // still advertises MSS 1460 (its link is 1500), so the server's full-size segments vanish.
  'pmtu-blackhole': async (rig, t) => {
    await rig.run(t.ns.router, 'ip', ['route', 'replace', '198.18.0.0/24', 'dev', 'r0', 'mtu', String(PMTU_LINK_MTU)]);
    await rig.run(t.ns.router, 'ip', ['-6', 'route', 'replace', 'fd00:18::/64', 'dev', 'r0', 'metric', '256', 'mtu', String(PMTU_LINK_MTU)]);
    await rig.iptables(
      t.ns.router,
      rig.family === 4 ? ['-A', 'OUTPUT', '-p', 'icmp', '--icmp-type', 'fragmentation-needed', '-j', 'DROP'] : ['-A', 'OUTPUT', '-p', 'ipv6-icmp', '--icmpv6-type', 'packet-too-big', '-j', 'DROP'],
    );
  },
  // Nothing to add: the router has no route to 198.20.0.0/16 (fd00:20::/64), so it answers
  // "net unreachable" (ICMPv6 "no route"), rate-limited per client like any Linux router.
  'router-no-route': async () => undefined,
  // The name's first address has no host behind it (the router's ARP or neighbour discovery fails).
  'name-one-dead': async (rig, t) => {
    const a = t.addr;
    rig.hosts(t.ns.client, rig.family === 4 ? [a.absent, a.server] : [a.absent6, a.server6]);
  },
  // The service listens on one family only (see LISTEN): the other family's address is refused.
  'ipv6-refused': async (rig, t) => {
    rig.hosts(t.ns.client, [t.addr.server6, t.addr.server]);
  },
  ...overTimeFaults(),
};

/** The name the multi-address scenarios resolve (in the client's own hosts file, no DNS). */
export const LAB_NAME = 'service.test';

/** Where the check connects, when it is not the server's address. */
const TARGET: Partial<Record<ScenarioId, (family: 4 | 6) => string>> = {
  'router-no-route': (family) => (family === 4 ? LAB_ADDR.unrouted : LAB_ADDR.unrouted6),
  'name-one-dead': () => LAB_NAME,
  'ipv6-refused': () => LAB_NAME,
  'dead-address': () => LAB_NAME,
};

/**
 * How the server listens, when not on every address of both families. `ipv6-refused`: IPv4 only
 * (a service bound to 0.0.0.0, not ::); its IPv6 run turns it around (IPv6 only, IPv4 refused).
 */
const LISTEN: Partial<Record<ScenarioId, (family: 4 | 6) => { host: string; ipv6Only: boolean }>> = {
  'ipv6-refused': (family) => (family === 4 ? { host: '0.0.0.0', ipv6Only: false } : { host: '::', ipv6Only: true }),
};

/** The MTU of the pmtu-blackhole scenario's "tunnel" (an IPsec-sized one). */
export const PMTU_LINK_MTU = 1400;

/** Scenarios whose server is not the plain accepting listener. */
const LISTENERS: Partial<Record<ScenarioId, (ns: string, port: number) => Promise<unknown>>> = {
  'pmtu-blackhole': nsTlsListen,
};

/** The flood's own source address (on the client's subnet, so the router hands SYN-ACKs back to it). */
export const SYN_FLOOD_SOURCE = '198.18.0.66';
export const SYN_FLOOD_SOURCE6 = 'fd00:18::66';

/**
 * Settings a scenario needs before the server's listener starts (a backlog is fixed at listen()).
 * syn-flood: net.core.somaxconn caps the listener's queues at 8 entries in the server namespace.
 */
const PREPARE: Partial<Record<ScenarioId, Fault>> = {
  'syn-flood': (rig, t) => rig.sysctl(t.ns.server, 'net.core.somaxconn=8'),
};

/**
 * A node process in the client namespace that keeps opening connections from `source` (about 40
 * a second, at most 400 pending, each given up after 20 s): their SYN-ACKs never come back, so the
 * server's SYN queue stays full. It dies with the namespace (destroyTopology kills it) or after an hour.
 */
async function startSynFlood(ns: string, source: string, server: string, port: number): Promise<void> {
  const script = `
    const net = require('node:net');
    const [source, host, port] = process.argv.slice(1);
    let pending = 0;
    setInterval(() => {
      if (pending >= 400) return;
      pending++;
      const s = net.connect({ host, port: Number(port), localAddress: source });
      s.on('error', () => {});
      s.on('close', () => { pending--; });
      s.setTimeout(20000, () => s.destroy());
    }, 25);
    process.stdout.write('flooding\\n');
    setTimeout(() => process.exit(0), 3600e3).unref();
  `;
  // The namespace name rides along as an unused argument so leftovers are findable in /proc/*/cmdline.
  const child = nsStart(ns, process.execPath, ['-e', script, source, server, String(port), ns]);
  await startedWhen(child, 'flooding', `the SYN flood in ${ns}`);
  // A second or so for the queue to fill before anyone checks.
  await new Promise((r) => setTimeout(r, 1_000));
}

export interface NamespaceFault {
  topology: Topology;
  /** The commands that made the fault, as a person would type them (without sudo). */
  applied: string[];
  /** A tcpdump command that shows the fault from the client's side. */
  watch: string;
  /** Where the client should connect. */
  host: string;
  port: number;
  down(): Promise<void>;
}

/** True when the scenario's namespaces exist (it is up, or left over). */
export function namespaceFaultExists(id: ScenarioId, name = labName(id)): Promise<boolean> {
  return topologyExists(name);
}

/**
 * Builds the topology for `id` (named `name`, by default `lab-<id>`), starts the server's listener
 * and applies the fault. On any failure (or an abort while building) removes everything it made.
 */
export async function upNamespaceFault(
  id: ScenarioId,
  port: number,
  opts: { signal?: AbortSignal; name?: string; family?: 4 | 6; synLoss?: SynLossOptions } = {},
): Promise<NamespaceFault> {
  const { signal, name = labName(id), family = 4 } = opts;
  const fault = FAULTS[id];
  if (!fault) throw new LabError(`${id} is not a namespace scenario`);
  if (family === 6 && id === 'ecn-strip') throw new LabError('ecn-strip works over IPv4 only: iptables has no ECN target for IPv6');
  const noRules = id === 'no-route' || id === 'router-no-route' || id === 'name-one-dead' || id === 'ipv6-refused';
  for (const tool of noRules ? ['ip'] : ['ip', family === 4 ? 'iptables' : 'ip6tables']) {
    if (!which(tool)) throw new LabError(`lab ${id} needs ${tool}, which is missing: ${installHint(tool)}`);
  }
  const topology = await createTopology(name);
  const down = () => destroyTopology(name);
  const rig = new Rig(family, opts.synLoss);
  try {
    signal?.throwIfAborted();
    await PREPARE[id]?.(rig, topology, port);
    // The listener lives inside the server namespace; destroyTopology kills it with the namespace.
    const listen = LISTEN[id]?.(family);
    await (LISTENERS[id] ?? ((ns: string, p: number) => nsListen(ns, p, 'accept', listen?.host, listen?.ipv6Only)))(topology.ns.server, port);
    signal?.throwIfAborted();
    await fault(rig, topology, port);
    signal?.throwIfAborted();
  } catch (err) {
    await down();
    throw err;
  }
  const host = TARGET[id]?.(family) ?? (family === 4 ? LAB_ADDR.server : LAB_ADDR.server6);
  // A lab name resolves to both families: watch both kinds of ICMP.
  const icmpFilter = host === LAB_NAME ? 'icmp or icmp6' : family === 4 ? 'icmp' : 'icmp6';
  const watch = `ip netns exec ${topology.ns.client} tcpdump -ni c0 'tcp port ${port} or ${icmpFilter}'`;
  return { topology, applied: rig.applied, watch, host, port, down };
}

/** Removes a namespace scenario's topology (and with it the listener and rules). */
export function downNamespaceFault(id: ScenarioId, name = labName(id)): Promise<void> {
  return destroyTopology(name);
}

// Connects, but…: the faults a single check passes and a series or an idle hold shows
// (syn-loss, dead-address, idle-firewall, idle-reset; see OverTime in scenarios.ts).

/** How syn-loss drops SYNs: `nth` (every 1/share-th, deterministic) or `random` (each with probability share). */
export interface SynLossOptions {
  mode: 'nth' | 'random';
  share: number;
}

export const DEFAULT_SYN_LOSS: SynLossOptions = { mode: 'nth', share: 0.25 };

/** The statistic match for a SYN loss: `--mode nth --every 4 --packet 3` drops the 4th of every four. */
export function synLossMatch(o: SynLossOptions): string[] {
  if (!(o.share > 0 && o.share < 1)) throw new LabError(`a SYN loss share is between 0 and 1, not ${o.share}`);
  if (o.mode === 'random') return ['-m', 'statistic', '--mode', 'random', '--probability', String(o.share)];
  const every = Math.max(2, Math.round(1 / o.share));
  return ['-m', 'statistic', '--mode', 'nth', '--every', String(every), '--packet', String(every - 1)];
}

/** The second, silent address of dead-address (on the server, but the router drops all traffic to it). */
export const DEAD_ADDRESS = '198.19.0.3';
export const DEAD_ADDRESS6 = 'fd00:19::3';

/** How long the router's conntrack keeps an idle established flow in idle-firewall and idle-reset (s). */
export const IDLE_TIMEOUT_S = 20;

/**
 * A stateful firewall that forgets idle flows: conntrack's established timeout cut to
 * IDLE_TIMEOUT_S, no loose pickup (a packet of a forgotten flow is INVALID, not a new flow), and
 * INVALID packets dropped (idle-firewall) or rejected with an RST (idle-reset).
 */
function idleFirewall(answer: string[]): Fault {
  return async (rig, t, port) => {
    await rig.iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '-m', 'multiport', '--ports', String(port), '-m', 'conntrack', '--ctstate', 'INVALID', '-j', ...answer]);
    // The rule loads conntrack in the router's namespace; its sysctls exist from then on, per namespace.
    await rig.sysctl(t.ns.router, 'net.netfilter.nf_conntrack_tcp_loose=0');
    await rig.sysctl(t.ns.router, `net.netfilter.nf_conntrack_tcp_timeout_established=${IDLE_TIMEOUT_S}`);
  };
}

/** A function (hoisted), so FAULTS above can take these in. */
function overTimeFaults(): Partial<Record<ScenarioId, Fault>> {
  return {
    // A share of SYNs (retransmissions are SYNs too) vanishes at the router.
    'syn-loss': (rig, t, port) => rig.iptables(t.ns.router, ['-A', 'FORWARD', ...tcp(port), '--syn', ...synLossMatch(rig.synLoss), '-j', 'DROP']),
    // The name's second address is on the server, but the router drops everything sent to it.
    'dead-address': async (rig, t) => {
      const dead = rig.family === 4 ? DEAD_ADDRESS : DEAD_ADDRESS6;
      await rig.run(t.ns.server, 'ip', ['addr', 'add', `${dead}/${rig.family === 4 ? 24 : 64}`, 'dev', 's0', ...(rig.family === 6 ? ['nodad'] : [])]);
      await rig.iptables(t.ns.router, ['-A', 'FORWARD', '-d', dead, '-j', 'DROP']);
      rig.hosts(t.ns.client, rig.family === 4 ? [t.addr.server, dead] : [t.addr.server6, dead]);
    },
    'idle-firewall': idleFirewall(['DROP']),
    'idle-reset': idleFirewall(['REJECT', '--reject-with', 'tcp-reset']),
  };
}

/*
 * Slow transfers: the connection works, the data crawls. Each scenario has a server
 * with a habit, a client in the client namespace that keeps making the traffic (so a capture
 * started any time shows it), and for lossy-path the router's loss (an iptables statistic rule) and a narrow tbf link (this kernel may lack netem). The client alternates
 * IPv4 and IPv6, so one capture shows both families whichever family the check uses.
 */

/** What the client in the lab keeps doing, and what the server does with it. */
type TransferHabit = 'download' | 'upload' | 'request';

/** Bytes a lossy-path download carries; an upload into the zero-window server offers. */
export const TRANSFER_BYTES = 1_000_000;
/** A nagle request: two writes of this many bytes each; the server answers once it has both. */
export const NAGLE_PART = 100;

/**
 * The server of a transfer scenario (node, no shell). `download`: reads a request line, sends
 * TRANSFER_BYTES, closes. `upload`: accepts and never reads (a hung worker): its receive buffer
 * fills and its window closes. `request`: answers every 2 × NAGLE_PART bytes with one short line.
 */
function transferServer(ns: string, port: number, habit: TransferHabit): Promise<ChildProcess> {
  const script = `
    const net = require('node:net');
    const [port, habit, size, part] = process.argv.slice(1);
    const chunk = Buffer.alloc(65536, 0x61);
    // The upload server never reads: not even a first chunk (Node would read ahead, and the
    // kernel would grow the buffer for it, so the window might never close).
    net.createServer({ pauseOnConnect: habit === 'upload' }, (s) => {
      s.on('error', () => {});
      if (habit === 'download') {
        s.once('data', () => {
          let left = Number(size);
          const more = () => {
            while (left > 0) {
              const n = Math.min(left, chunk.length);
              left -= n;
              if (!s.write(chunk.subarray(0, n))) return void s.once('drain', more);
            }
            s.end();
          };
          more();
        });
      } else if (habit === 'upload') {
        // Holds the socket, reads nothing.
      } else {
        let have = 0;
        s.on('data', (d) => {
          for (have += d.length; have >= 2 * Number(part); have -= 2 * Number(part)) s.write('ok\\n');
        });
      }
    }).listen({ port: Number(port), host: '::' }, () => process.stdout.write('listening\\n'));
    setTimeout(() => process.exit(0), 3600e3).unref();
  `;
  const child = nsStart(ns, process.execPath, ['-e', script, String(port), habit, String(TRANSFER_BYTES), String(NAGLE_PART), ns]);
  return startedWhen(child, 'listening', `the ${habit} server in ${ns}`);
}

/**
 * The client that keeps the traffic going, every second or so, IPv4 and IPv6 in turn: a download
 * of TRANSFER_BYTES, an upload that the server stops reading (given up after 1 s), or five
 * requests each written in two small writes with Nagle on (Node's default) before reading the answer.
 */
function transferClient(ns: string, port: number, habit: TransferHabit): Promise<ChildProcess> {
  const script = `
    const net = require('node:net');
    // The last argument is the namespace's name (for finding leftovers), not a host.
    const [port, habit, size, part, ...hosts] = process.argv.slice(1, -1);
    const pause = (ms) => new Promise((r) => setTimeout(r, ms));
    const once = (host) => new Promise((resolve) => {
      const s = net.connect({ host, port: Number(port) });
      const done = () => { clearTimeout(limit); s.destroy(); resolve(); };
      const limit = setTimeout(done, habit === 'upload' ? 1000 : 10000);
      s.on('error', done);
      s.on('close', done);
      s.on('connect', async () => {
        if (habit === 'download') { s.on('data', () => {}); s.write('GET /file\\n'); return; }
        if (habit === 'upload') { s.write(Buffer.alloc(Number(size), 0x62)); return; }
        let answers = 0;
        s.on('data', (d) => { answers += d.toString().split('\\n').length - 1; });
        for (let i = 0; i < 5; i++) {
          const before = answers;
          s.write(Buffer.alloc(Number(part), 0x68));
          s.write(Buffer.alloc(Number(part), 0x62));
          for (let w = 0; w < 100 && answers === before; w++) await pause(5);
          await pause(50);
        }
        s.end();
      });
    });
    (async () => {
      process.stdout.write('started\\n');
      for (let n = 0; n < 3600; n++) {
        await once(hosts[n % hosts.length]);
        await pause(habit === 'download' ? 500 : 200);
      }
    })();
  `;
  const hosts = [LAB_ADDR.server, LAB_ADDR.server6];
  const child = nsStart(ns, process.execPath, ['-e', script, String(port), habit, String(TRANSFER_BYTES), String(NAGLE_PART), ...hosts, ns]);
  return startedWhen(child, 'started', `the ${habit} client in ${ns}`);
}

/**
 * The lossy path: the router drops a share of the server's segments towards the client (both
 * families: the lab's client alternates them), and its link to the client is a narrow one (a
 * token bucket) whose short queue adds delay, and drops more, once a download fills it.
 * (`tc netem` would give a fixed delay, but many kernels, this lab's among them, lack it.)
 */
async function lossyPath(rig: Rig, t: Topology, port: number): Promise<void> {
  if (!which('tc')) throw new LabError(`lab lossy-path needs tc, which is missing: ${installHint('tc')}`);
  const drop = ['-A', 'FORWARD', '-p', 'tcp', '--sport', String(port), '-m', 'statistic', '--mode', 'random', '--probability', String(LOSSY_PATH.lossShare), '-j', 'DROP'];
  await rig.iptables(t.ns.router, drop);
  await new Rig(rig.family === 4 ? 6 : 4).iptables(t.ns.router, drop).then(() => rig.applied.push(`ip netns exec ${t.ns.router} ${rig.family === 4 ? 'ip6tables' : 'iptables'} ${drop.map(shellWord).join(' ')}`));
  await rig.run(t.ns.router, 'tc', ['qdisc', 'add', 'dev', 'r0', 'root', 'tbf', 'rate', LOSSY_PATH.rate, 'burst', '16kb', 'latency', LOSSY_PATH.queue]);
  // One segment per packet from the server, as a real NIC puts them on the wire: otherwise a
  // veth hands the router 64 KB TSO bursts, and the drop takes out 45 segments at a time.
  await rig.run(t.ns.server, 'ip', ['link', 'set', 'dev', 's0', 'gso_max_segs', '1']);
}

/** lossy-path's numbers: the share of the server's segments dropped, the link's rate and its queue. */
export const LOSSY_PATH = { lossShare: 0.03, rate: '10mbit', queue: '100ms' } as const;

const TRANSFER_HABIT: Partial<Record<ScenarioId, TransferHabit>> = { 'lossy-path': 'download', 'zero-window': 'upload', nagle: 'request' };

const transferFault =
  (habit: TransferHabit, words: string): Fault =>
  async (rig, t, port) => {
    if (habit === 'download') await lossyPath(rig, t, port);
    await transferClient(t.ns.client, port, habit);
    rig.applied.push(`# in ${t.ns.client}, a process of the lab's own: ${words}`);
  };

// Appended here rather than in the tables above, so scenarios added by others merge cleanly.
Object.assign(FAULTS, {
  'lossy-path': transferFault('download', `a client that downloads ${TRANSFER_BYTES} bytes every second or so`),
  'zero-window': transferFault('upload', `a client that uploads ${TRANSFER_BYTES} bytes every second or so to a server that never reads them`),
  nagle: transferFault('request', `a client that writes each request in two writes of ${NAGLE_PART} bytes, Nagle on, then waits for the answer`),
} satisfies Partial<Record<ScenarioId, Fault>>);
Object.assign(LISTENERS, {
  'lossy-path': (ns: string, port: number) => transferServer(ns, port, TRANSFER_HABIT['lossy-path']!),
  'zero-window': (ns: string, port: number) => transferServer(ns, port, TRANSFER_HABIT['zero-window']!),
  nagle: (ns: string, port: number) => transferServer(ns, port, TRANSFER_HABIT.nagle!),
} satisfies Partial<Record<ScenarioId, (ns: string, port: number) => Promise<unknown>>>);
