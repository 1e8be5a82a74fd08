/**
 * Runs the real `tcpsleuth check TARGET --json` against a lab scenario, as a child process: inside
 * the client namespace for namespace scenarios (`ip netns exec NS node cli.js check ...`), directly
 * for loopback ones. The same code path a learner types, so the lab tests the product, not a copy.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckReport } from '../evidence.js';
import { runTool } from '../tools.js';
import { LabError } from './netns.js';

/**
 * The built CLI (dist/cli.js): `TCPSLEUTH_CLI`, the running CLI itself, or found next to this
 * module (bundled into dist/ or dist/chunks/, or as a source file under src/lab/).
 */
export function findCli(): string {
  const candidates = [
    process.env.TCPSLEUTH_CLI,
    process.argv[1] && basename(process.argv[1]) === 'cli.js' ? process.argv[1] : undefined,
    fileURLToPath(new URL('./cli.js', import.meta.url)),
    fileURLToPath(new URL('../cli.js', import.meta.url)),
    fileURLToPath(new URL('../../dist/cli.js', import.meta.url)),
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new LabError('cannot find the built CLI (dist/cli.js): run `npm run build`, or set TCPSLEUTH_CLI');
}

export interface CheckRequest {
  host: string;
  port: number;
  tls: boolean;
  /** Run the check inside this network namespace (the lab's client). */
  namespace?: string;
  /** Ask the check to capture the handshake (`--capture`; findings such as icmp-from-router need it). */
  capture?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The `check` arguments for a lab target: `HOST:PORT --json`, plus `--tls` when the fault needs data. */
function checkArgs(host: string, port: number, tls: boolean, capture = false): string[] {
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return ['check', target, ...(tls ? ['--tls'] : []), ...(capture ? ['--capture'] : []), '--json'];
}

/**
 * Runs the check and returns its report. Throws LabError naming what was seen when the check
 * crashed, timed out or printed something that is not a report.
 */
export async function runCheckProcess(req: CheckRequest): Promise<CheckReport> {
  const cli = findCli();
  const args = [cli, ...checkArgs(req.host, req.port, req.tls, req.capture)];
  const [file, argv] = req.namespace
    ? ['ip', ['netns', 'exec', req.namespace, process.execPath, ...args]]
    : [process.execPath, args];
  const r = await runTool(file, argv, {
    timeoutMs: req.timeoutMs ?? 90_000,
    signal: req.signal,
    // TCPSLEUTH_LAB marks the check as the lab's, so a leftover is findable in /proc/*/environ.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TCPSLEUTH_LAB: req.namespace ?? 'loopback' },
  });
  if (r.aborted) throw new LabError('the check was interrupted');
  if (r.timedOut) throw new LabError(`the check did not finish within ${Math.round((req.timeoutMs ?? 90_000) / 1000)} s`);
  const firstErr = r.stderr.trim().split('\n')[0] ?? '';
  if (r.code !== 0 && r.code !== 1) {
    throw new LabError(`the check exited with ${r.code ?? r.signal}${firstErr ? `: ${firstErr}` : ''}`);
  }
  try {
    const report = JSON.parse(r.stdout) as CheckReport;
    if (typeof report.verdict !== 'string') throw new Error('no verdict');
    return report;
  } catch {
    throw new LabError(`the check printed no JSON report${firstErr ? ` (${firstErr})` : ''}`);
  }
}
