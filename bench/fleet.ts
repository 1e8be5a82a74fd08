/**
 * `check --from @inventory` with 20 vantage points (network namespaces, each with a real sshd,
 * behind the lab's router) against the same checks one vantage point at a time: the fleet's wall
 * time should be close to its slowest vantage point's, not the sum. One vantage point in four is
 * dropped by source address at the server (filtered at --timeout 1500), the rest see it open.
 *
 * As root, after `npm run build`: npx tsx bench/fleet.ts   (BENCH_VANTAGES=N, default 20)
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iptables, LAB_ADDR, nsListen } from '../src/lab/netns.js';
import { isRoot } from '../src/tools.js';
import { createFleetLab, SSH_PORT, type FleetLab } from '../test/vantage/fleet-lab.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const N = Math.max(2, Math.min(40, Number(process.env.BENCH_VANTAGES ?? 20)));
const PORT = 9300;
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;

function timed(ns: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile('ip', ['netns', 'exec', ns, process.execPath, CLI, ...args], { timeout: 180_000, maxBuffer: 64 * 1024 * 1024 }, (_err, stdout) => resolve({ ms: performance.now() - t0, stdout: String(stdout) }));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Rounds of (the fleet once, then each vantage point alone), so both see the same load on a shared
 * machine; the fleet is compared with the slowest single vantage point by medians and by minimums.
 */
async function compare(label: string, client: string, target: string, inventory: string, names: string[], common: string[]): Promise<void> {
  const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  const fleetRuns: number[] = [];
  const singles: number[][] = names.map(() => []);
  let verdicts: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = await timed(client, ['check', target, '--from', `@${inventory}:fleet`, '--parallel', String(names.length), ...common]);
    fleetRuns.push(r.ms);
    verdicts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { verdict?: string | null; summary?: true }).filter((l) => !l.summary).map((l) => String(l.verdict));
    for (const [i, n] of names.entries()) singles[i].push((await timed(client, ['check', target, '--from', `app-${n}`, ...common])).ms);
  }
  const slowestMedian = Math.max(...singles.map(median));
  const slowestMin = Math.max(...singles.map((xs) => Math.min(...xs)));
  const sum = singles.map(median).reduce((a, b) => a + b, 0);
  const fleet = median(fleetRuns);
  const fleetMin = Math.min(...fleetRuns);
  const counts = [...new Set(verdicts)].map((v) => `${verdicts.filter((x) => x === v).length} ${v}`).join(', ');
  console.log(`\n${label}, ${ROUNDS} rounds, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  console.log(`  all ${names.length} at once (--parallel ${names.length})  median ${fmt(fleet)}, best ${fmt(fleetMin)}   verdicts: ${counts}   (runs: ${fleetRuns.map((m) => m.toFixed(0)).join(', ')} ms)`);
  console.log(`  slowest single vantage point    median ${fmt(slowestMedian)}, best ${fmt(slowestMin)}   (median of all singles ${fmt(median(singles.flat())).trim()})`);
  console.log(`  one by one, sum of medians ${fmt(sum).trim()}: ${(sum / fleet).toFixed(1)}× the fleet`);
  console.log(`  fleet / slowest single: ${(fleet / slowestMedian).toFixed(2)}× by medians, ${(fleetMin / slowestMin).toFixed(2)}× by best runs (target ≤ 1.5×)`);
}

async function main(): Promise<void> {
  if (!isRoot()) {
    console.log('bench/fleet.ts needs root (network namespaces and sshd in each): run it with sudo');
    return;
  }
  const names = Array.from({ length: N }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
  let lab: FleetLab | undefined;
  try {
    const t0 = performance.now();
    lab = await createFleetLab(`vf${process.pid % 100000}`, Object.fromEntries(names.map((n, i) => [n, 10 + i])));
    const server = lab.topology.ns.server;
    const listener = await nsListen(server, PORT, 'accept', '0.0.0.0');
    lab.destroy = ((destroy) => async () => {
      listener.kill('SIGKILL');
      await destroy();
    })(lab.destroy);
    const dropped = names.filter((_, i) => i % 4 === 3);
    for (const n of dropped) await iptables(server, ['-A', 'INPUT', '-s', lab.vantages[n].address, '-p', 'tcp', '--dport', String(PORT), '-j', 'DROP']);
    const inventory = join(lab.dir, 'fleet.ini');
    writeFileSync(inventory, `[fleet]\n${names.map((n) => `${n} ansible_host=${lab!.vantages[n].address} ansible_port=${SSH_PORT} ansible_user=root`).join('\n')}\n`);
    console.log(`tcpsleuth check --from @fleet.ini: ${N} vantage points over ssh (namespaces, one sshd each; ${dropped.length} dropped by source at --timeout 1500), lab up in ${((performance.now() - t0) / 1000).toFixed(1)} s; wall times incl. node start-up`);

    const target = `${LAB_ADDR.server}:${PORT}`;
    const client = lab.topology.ns.client;
    // The lab's 20 "machines" run on this one: every ssh handshake costs CPU on both ends here. So
    // the fleet runs twice: with ssh's default key exchange (post-quantum sntrup761x25519, ~50 ms of
    // CPU a connection on each side) and with curve25519 alone, as a fleet of real hosts would spread it.
    const curve = join(lab.dir, 'ssh_config_curve25519');
    writeFileSync(curve, readFileSync(lab.sshConfig, 'utf8').replace('Host *\n', 'Host *\n  KexAlgorithms curve25519-sha256\n'));
    for (const [kex, config] of [['default key exchange', lab.sshConfig], ['KexAlgorithms curve25519-sha256', curve]] as const) {
      await compare(kex, client, target, inventory, names, ['--ssh-config', config, '--timeout', '1500', '--json']);
    }
  } finally {
    await lab?.destroy();
  }
}

void main();
