/**
 * Runs the exported API twice in one process, sharing one ssh control: `node --import tsx
 * test/vantage/api-run.ts TARGET SSH_CONFIG VANTAGE…` (inside the lab's client namespace). Prints
 * one JSON object: each run's verdicts, the master's pid after each run (`ssh -O check`), and
 * what is left after close().
 */
import { existsSync } from 'node:fs';
import { openSshControl } from '../../src/remote/control.js';
import { sshArgs } from '../../src/remote/ssh.js';
import { parseTarget } from '../../src/target.js';
import { runTool } from '../../src/tools.js';
import { runFromVantages } from '../../src/vantage/run.js';
import { parseVantages } from '../../src/vantage/vantages.js';

const [target, config, ...from] = process.argv.slice(2);
const vantages = parseVantages(from, config);
const ssh = vantages.find((v) => v.kind === 'ssh')!;
const control = openSshControl();
const master = async () => {
  if (ssh.kind !== 'ssh') return undefined;
  const r = await runTool('ssh', sshArgs(ssh.dest, 'true', ['-o', `ControlPath=${control.dir}/%C`, '-O', 'check']), { timeoutMs: 5000 });
  return /pid=(\d+)/.exec(r.stderr + r.stdout)?.[1];
};
const run = async () => (await runFromVantages(parseTarget(target), vantages, { control, ping: false, budgetMs: 1500 })).reports.map((r) => ({ from: r.from, verdict: r.verdict }));
const first = await run();
const pid1 = await master();
const second = await run();
const pid2 = await master();
await control.close();
process.stdout.write(`${JSON.stringify({ first, second, pid1, pid2, after: await master(), dirLeft: existsSync(control.dir) })}\n`);
