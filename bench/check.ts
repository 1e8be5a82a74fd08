/**
 * Time to verdict for `tcpsleuth check` in a namespace lab (open, refused, filtered), against the
 * network's own answer (a bare node connect, same runtime start-up) and against
 * `nmap -sT -Pn -p PORT` on the same filtered port; plus start-up `--version` vs `node -e 0`.
 *
 * Run as root after `npm run build`: npx tsx bench/check.ts
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTopology, destroyTopology, iptables, LAB_ADDR, nsListen } from '../src/lab/netns.js';
import { which } from '../src/tools.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const LAB = 'chk-bench';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function timed(file: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 60_000 }, (_err, stdout) => resolve({ ms: performance.now() - t0, stdout: String(stdout) }));
  });
}
const inNs = (ns: string, file: string, args: string[]) => timed('ip', ['netns', 'exec', ns, file, ...args]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;

/** The network's own answer: one connect() from a bare node process, same start-up cost as ours. */
const BARE = `
  const s = require('node:net').connect({ host: process.argv[1], port: Number(process.argv[2]) });
  const done = (what) => { process.stdout.write(what); process.exit(0); };
  s.on('connect', () => done('connected')); s.on('error', (e) => done(e.code));
  setTimeout(() => done('timeout'), 130000);
`;

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('bench/check.ts needs root (network namespaces); skipped');
    return;
  }
  const t = await createTopology(LAB);
  const children = [];
  try {
    children.push(await nsListen(t.ns.server, 8080));
    children.push(await nsListen(t.ns.server, 9001));
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9001', '-j', 'DROP']);
    const c = t.ns.client;
    const cases: [string, number][] = [
      ['open', 8080],
      ['refused', 8081],
      ['filtered', 9001],
    ];
    console.log(`tcpsleuth check, time to verdict in a namespace lab (median of ${RUNS}; wall time incl. node start-up)`);
    console.log('verdict     check        check --no-ping   bare connect   overhead (--no-ping − bare)   in-process (--no-ping report durationMs)');
    const results: Record<string, number> = {};
    for (const [name, port] of cases) {
      const full: number[] = [];
      const noPing: number[] = [];
      const bare: number[] = [];
      const inProcess: number[] = [];
      for (let i = 0; i < (name === 'filtered' ? Math.min(RUNS, 3) : RUNS); i++) {
        const r = await inNs(c, process.execPath, [CLI, 'check', `${LAB_ADDR.server}:${port}`, '--json']);
        const verdict = JSON.parse(r.stdout).verdict;
        if (verdict !== name) throw new Error(`expected ${name}, got ${verdict}`);
        full.push(r.ms);
        const np = await inNs(c, process.execPath, [CLI, 'check', `${LAB_ADDR.server}:${port}`, '--json', '--no-ping']);
        noPing.push(np.ms);
        inProcess.push(JSON.parse(np.stdout).durationMs);
        if (name !== 'filtered') bare.push((await inNs(c, process.execPath, ['-e', BARE, LAB_ADDR.server, String(port)])).ms);
      }
      results[name] = median(full);
      results[`${name}-noping`] = median(noPing);
      const b = bare.length ? median(bare) : NaN;
      console.log(
        `${name.padEnd(10)}${fmt(median(full))}   ${fmt(median(noPing))}       ${bare.length ? fmt(b) : '   (never)'}      ${bare.length ? fmt(median(noPing) - b) : '      n/a'}                    ${fmt(median(inProcess))}`,
      );
    }

    if (which('nmap')) {
      const nm: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await inNs(c, 'nmap', ['-sT', '-Pn', '-n', '-p', '9001', LAB_ADDR.server]);
        if (!/9001\/tcp\s+filtered/.test(r.stdout)) throw new Error(`nmap did not say filtered:\n${r.stdout}`);
        nm.push(r.ms);
      }
      const n = median(nm);
      console.log(`nmap -sT -Pn -p 9001 (filtered)   ${fmt(n)}`);
      console.log(`ratio filtered: tcpsleuth/nmap = ${(results.filtered / n).toFixed(2)} (with ping), ${(results['filtered-noping'] / n).toFixed(2)} (--no-ping; budget 3.5 s without ping evidence)`);
    } else console.log('nmap not installed: sudo apt-get install nmap (ratio skipped)');
  } finally {
    for (const ch of children) ch.kill('SIGKILL');
    await destroyTopology(LAB);
  }

  const version: number[] = [];
  const bareNode: number[] = [];
  for (let i = 0; i < 9; i++) {
    version.push((await timed(process.execPath, [CLI, '--version'])).ms);
    bareNode.push((await timed(process.execPath, ['-e', '0'])).ms);
  }
  const v = median(version);
  const n = median(bareNode);
  console.log(`start-up: tcpsleuth --version ${fmt(v)}, node -e 0 ${fmt(n)}, ratio ${(v / n).toFixed(2)} (goal ≤ 2)`);
}

await main();
