/**
 * `sudo npx tsx bench/icmp-ratelimit.ts`: why the check connects before it pings. Builds the lab's
 * client ── router ── server (namespaces `tsl-bench-icmp-*`), targets an address the router has no
 * route to, and for IPv4 and IPv6 runs ping (3 probes, 50 ms apart, as the check does as root) and
 * a TCP connect with the check's 3.5 s budget in both orders, printing what each got. The router's
 * ICMP rate limit decides: with ping first, the SYN may get silence where ping got the error.
 * Prints the router's rate-limit sysctls too. Root only; removes everything it built.
 */
import { createTopology, destroyTopology, LAB_ADDR, nsRun } from '../src/lab/netns.js';
import { runTool } from '../src/tools.js';

const NAME = `bench-icmp-${process.pid % 100000}`;
const BUDGET_MS = 3500;

const CONNECT = `
  const net = require('node:net');
  const t0 = performance.now();
  const s = net.connect({ host: process.argv[1], port: 8080, autoSelectFamily: false });
  const end = (what) => { console.log(what + ' after ' + (performance.now() - t0).toFixed(0) + ' ms'); process.exit(0); };
  setTimeout(() => end('timeout'), Number(process.argv[2]));
  s.on('error', (e) => end(e.code));
  s.on('connect', () => end('connected'));
`;

async function pingLine(ns: string, address: string): Promise<string> {
  const r = await runTool('ip', ['netns', 'exec', ns, 'ping', '-n', '-c', '3', '-i', '0.05', '-W', '1', address], { timeoutMs: 10_000 });
  const errors = [...r.stdout.matchAll(/icmp_seq=(\d+) (Destination[^\n]*)/g)].map((m) => m[1]);
  return `ping: errors for probes [${errors.join(', ')}] of 3`;
}

async function connectLine(ns: string, address: string): Promise<string> {
  const r = await runTool('ip', ['netns', 'exec', ns, process.execPath, '-e', CONNECT, address, String(BUDGET_MS)], { timeoutMs: BUDGET_MS + 5_000 });
  return `connect: ${r.stdout.trim()}`;
}

async function once(order: 'ping-first' | 'connect-first', family: 4 | 6): Promise<void> {
  const t = await createTopology(NAME);
  try {
    const address = family === 4 ? LAB_ADDR.unrouted : LAB_ADDR.unrouted6;
    const lines = order === 'ping-first' ? [await pingLine(t.ns.client, address), await connectLine(t.ns.client, address)] : [await connectLine(t.ns.client, address), await pingLine(t.ns.client, address)];
    process.stdout.write(`IPv${family} ${order.padEnd(13)} ${lines.join('; ')}\n`);
  } finally {
    await destroyTopology(NAME);
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench/icmp-ratelimit.ts needs root (it builds network namespaces): sudo npx tsx bench/icmp-ratelimit.ts\n');
    process.exitCode = 2;
    return;
  }
  const t = await createTopology(NAME);
  try {
    const r = await nsRun(t.ns.router, 'sysctl', ['net.ipv4.icmp_ratelimit', 'net.ipv4.icmp_msgs_per_sec', 'net.ipv4.icmp_msgs_burst', 'net.ipv6.icmp.ratelimit']);
    // The route error cost is global (the host's namespace only shows it): in jiffies, HZ per second.
    const route = await runTool('sysctl', ['net.ipv4.route.error_cost', 'net.ipv4.route.error_burst']);
    const all = `${r.stdout.trim()}\n${route.stdout.trim()}`.trim().split('\n').join(', ');
    process.stdout.write(`router (kernel ${(await runTool('uname', ['-r'])).stdout.trim()}): ${all}\n`);
  } finally {
    await destroyTopology(NAME);
  }
  // A fresh topology per run: the router's per-host ICMP bucket starts full every time.
  for (const family of [4, 6] as const) for (const order of ['ping-first', 'connect-first'] as const) await once(order, family);
}

main().catch(async (err: Error) => {
  await destroyTopology(NAME).catch(() => undefined);
  process.stderr.write(`bench/icmp-ratelimit.ts: ${err.message}\n`);
  process.exitCode = 1;
});
