/**
 * The fault lab's one entry point: the CLI (`tcpsleuth lab`), the notebook's experiments and the
 * guide ("see this fault happen") all build, check and remove scenarios through these functions.
 *
 * Every scenario that is built registers its teardown with lifecycle.onCleanup, so Ctrl-C, SIGTERM
 * and a crashed check still remove namespaces, rules and processes.
 */
import { asRoot, rootPrefix, selfArgv, selfCommandLine } from '../self-command.js';
import { shellLine } from '../shell-words.js';
import type { CheckReport, FindingId, Verdict } from '../evidence.js';
import { onCleanup } from '../lifecycle.js';
import { isRoot } from '../tools.js';
import { downNamespaceFault, labName, namespaceFaultExists, upNamespaceFault } from './faults.js';
import { upLoopbackFault } from './loopback.js';
import { destroyAllLabs, LAB_PREFIX, LabError, topologyFor } from './netns.js';
import { runCheckProcess } from './run-check.js';
import { SCENARIOS, scenarioInfo, type OverTime, type ScenarioId, type ScenarioInfo } from './scenarios.js';
import { overTimeArgs, runOverTime } from './over-time.js';
import type { SynLossOptions } from './faults.js';
import { allUpRecords, isAlive, readUpRecord, removeUpRecord } from './state.js';

export { SCENARIOS, SCENARIO_IDS, isScenarioId, scenarioInfo, type ScenarioId, type ScenarioInfo, type LessonId } from './scenarios.js';
export { LabError } from './netns.js';

/** `host:port`, with an IPv6 address in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The scenario needs root and we are not root: the command says how (sudo) and exits 2. */
export class NeedsRootError extends LabError {
  constructor(id: string, reason: string, verb: string) {
    super(`lab ${id} ${reason}; run it with: sudo ${selfCommandLine(['lab', verb, id])}`);
    this.name = 'NeedsRootError';
  }
}

/** Namespace scenarios need Linux: macOS and Windows get the loopback ones only. */
export class UnsupportedError extends LabError {
  constructor(id: string) {
    super(`lab ${id} needs Linux network namespaces; on ${process.platform} the loopback scenarios work (${selfCommandLine(['lab', 'list'])})`);
    this.name = 'UnsupportedError';
  }
}

/** The scenario is already up (its namespaces exist, or a `lab up` process holds it). */
export class AlreadyUpError extends LabError {
  constructor(id: string, detail: string) {
    super(`lab ${id} is already up${detail}; stop it with: ${selfCommandLine(['lab', 'down', id])}`);
    this.name = 'AlreadyUpError';
  }
}

/** The whole catalogue, in teaching order. */
export function listScenarios(): ScenarioInfo[] {
  return SCENARIOS.map((s) => ({ ...s, findings: [...s.findings], ...(s.captureFindings ? { captureFindings: [...s.captureFindings] } : {}) }));
}

function infoOrThrow(id: string): ScenarioInfo {
  const info = scenarioInfo(id);
  if (!info) throw new LabError(`unknown scenario "${id}" (see: ${selfCommandLine(['lab', 'list'])})`);
  return info;
}

function requireRoot(info: ScenarioInfo, verb: string): void {
  if (info.kind === 'namespace' && process.platform !== 'linux') throw new UnsupportedError(info.id);
  if (info.needsRoot && !isRoot()) {
    throw new NeedsRootError(info.id, info.reason ?? 'needs root', verb);
  }
}

/** Where a check should go to see the fault. */
export interface LabTarget {
  host: string;
  port: number;
  /** The check must probe TLS (send a ClientHello) for the fault to show. */
  tls: boolean;
  /** Namespace scenarios: run the check inside this namespace (the lab's client). */
  namespace?: string;
}

export interface UpScenario {
  id: ScenarioId;
  info: ScenarioInfo;
  target: LabTarget;
  /** The exact command a learner types to see the fault. */
  tryCommand: string;
  /** What makes the fault: the commands the lab ran (namespace scenarios), or the server's habit in words. */
  fault: string[];
  /** A tcpdump command (run it with sudo) that shows the packets while you try. */
  watch: string;
  /** Removes everything the scenario made; safe to call twice. */
  down(): Promise<void>;
}

/** The command a learner types to check a lab target (watch it, or hold it idle, when the fault shows over time). */
export function tryCommandFor(target: LabTarget, over?: OverTime): string {
  const check = selfArgv(over ? overTimeArgs(target.host, target.port, over) : ['check', hostPort(target.host, target.port), ...(target.tls ? ['--tls'] : [])]);
  return shellLine(target.namespace ? asRoot(['ip', 'netns', 'exec', target.namespace, ...check]) : check);
}

export interface UpOptions {
  signal?: AbortSignal;
  /**
   * Namespace scenarios: the topology name (namespaces `tsl-<name>-c/-r/-s`), default `lab-<id>`.
   * Tests that build scenarios while other tests may run the same one pick their own.
   */
  name?: string;
  /** Namespace scenarios: build the fault for IPv6 (fd00:19::2, ip6tables) instead of IPv4. */
  family?: 4 | 6;
  /** syn-loss: drop every 4th SYN (default) or a random share. */
  synLoss?: SynLossOptions;
}

/**
 * Builds scenario `id` and returns its target. Throws NeedsRootError (namespace scenario, not
 * root), AlreadyUpError (its namespaces exist) or LabError; on failure nothing is left behind.
 */
export async function upScenario(id: string, opts: UpOptions = {}): Promise<UpScenario> {
  const info = infoOrThrow(id);
  requireRoot(info, 'up');
  opts.signal?.throwIfAborted();
  const name = opts.name ?? labName(info.id);
  if (opts.family === 6 && info.kind === 'loopback') throw new LabError(`${info.id} runs on IPv4 loopback (127.0.0.0/8); IPv6 is for the namespace scenarios`);
  if (info.kind === 'namespace' && (await namespaceFaultExists(info.id, name))) {
    const holder = name === labName(info.id) ? readUpRecord(info.id) : undefined;
    throw new AlreadyUpError(info.id, holder ? ` (held by tcpsleuth lab up, pid ${holder.pid})` : ` (namespaces ${LAB_PREFIX}${name}-* exist)`);
  }
  // Registered before building: a Ctrl-C halfway through waits for the build to stop (it checks
  // the signal and removes what it made), then makes sure nothing is left.
  const building =
    info.kind === 'namespace'
      ? upNamespaceFault(info.id, info.port ?? 8080, { signal: opts.signal, name, family: opts.family, synLoss: opts.synLoss })
      : upLoopbackFault(info.id);
  const unregister = onCleanup(async () => {
    const built = await building.catch(() => undefined);
    if (built) await built.down();
    else if (info.kind === 'namespace') await downNamespaceFault(info.id, name);
  });
  let fault: Awaited<typeof building>;
  try {
    fault = await building;
  } catch (err) {
    unregister();
    // A concurrent up of the same scenario won the race (createTopology says "already up").
    if (err instanceof LabError && !(err instanceof AlreadyUpError) && /already up/.test(err.message)) {
      throw new AlreadyUpError(info.id, ` (namespaces ${LAB_PREFIX}${name}-* exist)`);
    }
    throw err;
  }
  const namespace = info.kind === 'namespace' ? topologyFor(name).ns.client : undefined;
  let done = false;
  const target: LabTarget = { host: fault.host, port: fault.port, tls: info.tls ?? false, namespace };
  return {
    id: info.id,
    info,
    target,
    tryCommand: tryCommandFor(target, info.overTime),
    fault: fault.applied,
    watch: `${rootPrefix()}${fault.watch}`,
    down: async () => {
      if (done) return;
      done = true;
      unregister();
      await fault.down();
    },
  };
}

async function stopProcess(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  // Its own cleanup removes what it built; give it a bounded moment to do so.
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

/**
 * Takes scenario `id` down: stops the `lab up` process holding it and removes its namespaces.
 * Returns false when it was not up.
 */
export async function downScenario(id: string): Promise<boolean> {
  const info = infoOrThrow(id);
  requireRoot(info, 'down');
  let wasUp = false;
  const holder = readUpRecord(info.id);
  if (holder && holder.pid !== process.pid) {
    wasUp = true;
    await stopProcess(holder.pid);
  }
  removeUpRecord(info.id);
  if (info.kind === 'namespace' && (await namespaceFaultExists(info.id))) {
    wasUp = true;
    await downNamespaceFault(info.id);
  }
  return wasUp;
}

/**
 * `lab down --all`: stops every `lab up` process of this user and, as root, removes every
 * namespace whose name starts with `prefix` (default: all of the lab's, `tsl-`).
 */
export async function downAll(opts: { prefix?: string } = {}): Promise<{ namespaces: string[]; processes: number[] }> {
  const prefix = opts.prefix ?? LAB_PREFIX;
  if (!prefix.startsWith(LAB_PREFIX)) throw new LabError(`refusing to remove namespaces outside ${LAB_PREFIX}*`);
  const processes: number[] = [];
  for (const r of allUpRecords()) {
    // A `lab up` process holds `tsl-lab-<id>` (loopback ones too, by name only): match it like its namespaces.
    if (r.pid === process.pid || !`${LAB_PREFIX}${labName(r.id as ScenarioId)}-`.startsWith(prefix)) continue;
    processes.push(r.pid);
    await stopProcess(r.pid);
    removeUpRecord(r.id);
  }
  const namespaces = isRoot() ? await destroyAllLabs(prefix) : [];
  return { namespaces, processes };
}

export interface ScenarioResult {
  id: ScenarioId;
  expected: Verdict;
  verdict: Verdict;
  findings: FindingId[];
  /** Findings the catalogue lists for this fault (capture ones only with --capture) that the check did not report. */
  missingFindings: FindingId[];
  /** verdict === expected */
  ok: boolean;
  /** The check as a learner would type it (the lab ran exactly this, with --json). */
  command: string;
  report: CheckReport;
  /** Faults that show over time: the watch or hold the lab ran after the check, and its findings. */
  overTime?: { command: string; findings: FindingId[] };
}

export interface RunOptions extends UpOptions {
  /** Bound on the check's run (default 90 s). */
  timeoutMs?: number;
  /** Pass `--capture` to the check (root): findings such as icmp-from-router and ecn-blackhole need it. */
  capture?: boolean;
}

/**
 * Builds scenario `id`, runs the real check against it, and tears it down whatever happens
 * (success, failure, a crashed check, an abort).
 */
export async function runScenario(id: string, opts: RunOptions = {}): Promise<ScenarioResult> {
  requireRoot(infoOrThrow(id), 'run');
  const up = await upScenario(id, opts);
  try {
    const report = await runCheckProcess({ ...up.target, signal: opts.signal, timeoutMs: opts.timeoutMs, capture: opts.capture });
    const over = up.info.overTime ? await runOverTime({ ...up.target, signal: opts.signal, timeoutMs: opts.timeoutMs }, up.info.overTime) : undefined;
    const findings = [...(Array.isArray(report.findings) ? report.findings : []), ...(over?.findings ?? [])];
    const check = tryCommandFor(up.target);
    return {
      id: up.id,
      expected: up.info.expect,
      verdict: report.verdict,
      findings,
      missingFindings: [...up.info.findings, ...(opts.capture ? (up.info.captureFindings ?? []) : []), ...(up.info.overTime?.findings ?? [])].filter((f) => !findings.includes(f)),
      ok: report.verdict === up.info.expect,
      command: `${check}${opts.capture ? ' --capture' : ''}`,
      report,
      ...(over ? { overTime: { command: up.tryCommand, findings: over.findings } } : {}),
    };
  } finally {
    await up.down();
  }
}
