/**
 * The check from a machine reached over ssh: the probe runs there (nothing installed, a POSIX sh
 * is enough), its records become the check's own steps, and the same `diagnose` gives the
 * verdict. Bounded by a timeout and the caller's signal; stopping closes the probe's stdin, which
 * ends it and everything it started on the other side, then ssh.
 */
import { connectBudgetMs } from '../checks/connect.js';
import { addressResults, diagnose } from '../diagnosis/index.js';
import { withStory } from '../guide/story-context.js';
import type { Target } from '../evidence.js';
import type { SshControl } from '../remote/control.js';
import { classifySshFailure, formatDestination, sshCommandLine, streamRemote, type SshDestination } from '../remote/ssh.js';
import { PROBE_NAME, PROBE_SCRIPT, probeArgs, probeTimeoutMs, type ProbeOptions } from './probe-script.js';
import { parseProbeOutput } from './probe-output.js';
import { CONNECT_TOOLS_FIX, probeSteps } from './probe-steps.js';
import type { VantageError, VantageFacts, VantageReport } from './types.js';

export interface SshCheckOptions {
  signal?: AbortSignal;
  /** The connect budget per address (`--timeout`); default the check's budget without a ping hint. */
  budgetMs?: number;
  /** Ping from there (default true). */
  ping?: boolean;
  /** Force the TLS step (default: target.tls). */
  tls?: boolean;
  servername?: string;
  /** Share ssh connections between checks to the same host. */
  control?: SshControl;
}

/** What ran, as text: the probe's stdout and ssh's stderr, and how it ended. */
interface ProbeRun {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
}

async function runProbe(dest: SshDestination, args: string[], timeoutMs: number, opts: SshCheckOptions): Promise<ProbeRun | VantageError> {
  const s = streamRemote(dest, PROBE_SCRIPT, { signal: opts.signal, args, name: PROBE_NAME, sshOptions: opts.control?.options(dest) });
  if ('kind' in s) return s;
  let stdout = '';
  let stderr = '';
  s.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  s.child.stderr?.on('data', (d: Buffer) => (stderr.length < 64_000 ? (stderr += d.toString('utf8')) : undefined));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void s.finish(1500);
  }, timeoutMs);
  const code = await s.exited;
  clearTimeout(timer);
  return { stdout, stderr, code, timedOut };
}

const aborted = () => Object.assign(new Error('aborted'), { name: 'AbortError' });

/** Runs the check of `target` from `dest` over ssh; never throws except when aborted. */
export async function checkFromSsh(target: Target, label: string, dest: SshDestination, opts: SshCheckOptions = {}): Promise<VantageReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const probe: ProbeOptions = { budgetMs: opts.budgetMs ?? connectBudgetMs({}), ping: opts.ping ?? true, tls: opts.tls ?? target.tls, servername: opts.servername, watchStdin: true };
  const facts: VantageFacts = { kind: 'ssh', ssh: formatDestination(dest) };
  const run = await runProbe(dest, probeArgs(target, probe), probeTimeoutMs(probe), opts);
  if (opts.signal?.aborted) throw aborted();
  const empty = (error: VantageError): VantageReport => ({
    from: label,
    target: { host: target.host, port: target.port, addresses: [] },
    verdict: null,
    meaning: `No verdict from ${label}: ${error.reason}.`,
    steps: [],
    findings: [],
    details: [],
    lessons: [],
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - t0,
    vantage: facts,
    error,
  });
  if ('kind' in run) return empty(run);
  if (run.code === 255 && !run.stdout.includes('@tsl ')) return empty(classifySshFailure(run.stderr, dest));

  const out = parseProbeOutput(run.stdout);
  Object.assign(facts, { hostname: out.hostname, missing: out.missing.length ? out.missing : undefined });
  if (!out.records.length) {
    if (run.timedOut) return empty({ kind: 'timeout', reason: `the probe on ${label} said nothing within ${Math.round(probeTimeoutMs(probe) / 1000)} s`, fix: 'is the machine overloaded? try again, or run the check there by hand' });
    const said = run.stderr.trim().split('\n').slice(-1)[0] ?? '';
    return empty({ kind: 'probe', reason: `the probe did not run there (exit ${run.code}${said ? `: ${said}` : ''})`, fix: `${label} needs a POSIX sh on its PATH for the probe (${PROBE_NAME})` });
  }
  if (out.fatal) return empty({ kind: 'probe', reason: `the probe refused its arguments (${out.fatal})`, fix: 'this is a bug in tcpsleuth: please report it with the command line' });

  const built = probeSteps(out, target, probe.budgetMs);
  // A step's command is what to type there: printed with the ssh that gets there, it runs as printed.
  for (const s of built.steps) if (s.command) s.command = sshCommandLine(dest, [s.command]);
  Object.assign(facts, { source: built.source, method: built.method });
  const dns = built.steps.find((s) => s.id === 'dns');
  const canConnect = built.steps.some((s) => s.id === 'connect' && s.outcome !== 'unavailable');
  if (!canConnect && dns?.outcome !== 'fail') {
    const why = dns?.outcome === 'unavailable'
      ? { kind: 'unavailable', reason: dns.reason ?? 'nothing there can resolve names', fix: dns.fix ?? '' }
      : built.steps.some((s) => s.id === 'connect')
        ? { kind: 'unavailable', reason: `nothing on ${label} can open a TCP connection: none of bash (with timeout), nc, curl or python3 is on its PATH`, fix: CONNECT_TOOLS_FIX }
        : run.timedOut
          ? { kind: 'timeout', reason: `the probe on ${label} did not finish within ${Math.round(probeTimeoutMs(probe) / 1000)} s`, fix: 'try again with a shorter --timeout, or run the check there by hand' }
          : { kind: 'probe', reason: `the probe on ${label} stopped before connecting (exit ${run.code})`, fix: 'run it again; if it persists, run the check there by hand' };
    return { ...empty(why), steps: built.steps, target: { host: target.host, port: target.port, addresses: built.addresses } };
  }
  const d = diagnose(built.steps);
  const report = {
    from: label,
    target: { host: target.host, port: target.port, addresses: built.addresses, addressUsed: built.chosen?.evidence.address, results: addressResults(built.steps) },
    verdict: d.verdict,
    meaning: d.meaning,
    steps: built.steps,
    findings: d.findings,
    details: d.details,
    lessons: d.lessons,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - t0,
    vantage: facts,
  } satisfies VantageReport;
  // Told from there: its advice runs there (over the same ssh), never from this machine.
  withStory(report, { from: out.hostname ?? label, ...(built.source ? { source: built.source } : {}), netns: undefined, via: (line) => sshCommandLine(dest, [line]) });
  return report;
}
