/**
 * `check --from @inventory` with 20 vantage points (network namespaces, each with a real sshd,
 * behind the lab's router) against the same checks one vantage point at a time: the fleet's wall
 * time should be close to its slowest vantage point's, not the sum. One vantage point in four is
 * dropped by source address at the server (filtered at --timeout 1500), the rest see it open.
 *
 * As root, after `npm run build`: npx tsx bench/fleet.ts   (BENCH_VANTAGES=N, default 20)
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
    const common = ['--ssh-config', lab.sshConfig, '--timeout', '1500', '--json'];
    const client = lab.topology.ns.client;
    const fleetRuns: number[] = [];
    let verdicts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await timed(client, ['check', target, '--from', `@${inventory}:fleet`, '--parallel', String(N), ...common]);
      fleetRuns.push(r.ms);
      verdicts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { verdict?: string | null; summary?: true }).filter((l) => !l.summary).map((l) => String(l.verdict));
    }
    const singles: number[] = [];
    for (const n of names) singles.push((await timed(client, ['check', target, '--from', `app-${n}`, ...common])).ms);
    const sum = singles.reduce((a, b) => a + b, 0);
    const slowest = Math.max(...singles);
    const fleet = median(fleetRuns);
    const counts = [...new Set(verdicts)].map((v) => `${verdicts.filter((x) => x === v).length} ${v}`).join(', ');
    console.log(`all ${N} at once (median of 3)     ${fmt(fleet)}   verdicts: ${counts}   (runs: ${fleetRuns.map((m) => m.toFixed(0)).join(', ')} ms)`);
    console.log(`one by one (${N} processes), sum  ${fmt(sum)}`);
    console.log(`slowest single vantage point     ${fmt(slowest)}   (median single ${fmt(median(singles)).trim()})`);
    console.log(`ratio one-by-one / all-at-once: ${(sum / fleet).toFixed(1)}×; all-at-once / slowest single: ${(fleet / slowest).toFixed(2)}× (target ≤ 1.5×)`);
  } finally {
    await lab?.destroy();
  }
}

void main();
