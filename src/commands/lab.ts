/**
 * `tcpsleuth lab [list|up|down|run]`: reproduce classic TCP faults on this machine.
 * All the work is in src/lab/; this file parses arguments, prints, and picks exit codes.
 */
import { selfCommandLine } from '../self-command.js';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { onCleanup, rootSignal, runCleanups } from '../lifecycle.js';
import { isRoot } from '../tools.js';
import {
  AlreadyUpError,
  NeedsRootError,
  UnsupportedError,
  LabError,
  downAll,
  downScenario,
  isScenarioId,
  listScenarios,
  runScenario,
  scenarioInfo,
  upScenario,
} from '../lab/index.js';
import { namespaceFaultExists } from '../lab/faults.js';
import { readUpRecord, removeUpRecord, writeUpRecord } from '../lab/state.js';
import { closestScenario, errorRow, firstLine, listRows, listTable, matrixLine, MATRIX_HEADER, resultRow, runLines, upLines, upRow } from '../lab/text.js';
import { argEcho } from '../sinks/terminal.js';

// `lab up drop | head -3` closes our stdout early. Exiting there (as other commands do) would
// skip the teardown, so the lab just stops writing and carries on until its own end.
let stdoutClosed = false;
const out = (line = '') => {
  if (!stdoutClosed) process.stdout.write(`${line}\n`);
};

function watchStdout(): void {
  process.stdout.on('error', () => {
    stdoutClosed = true;
  });
}

/** A bug of ours must not leave namespaces behind: tear down first, then report it in one line. */
function teardownOnCrash(): void {
  process.once('uncaughtException', (e: Error) => {
    process.stderr.write(`tcpsleuth lab: internal error: ${e.message}; tearing the lab down\n`);
    void runCleanups().finally(() => process.exit(70));
  });
}
const err = (line: string) => process.stderr.write(`tcpsleuth lab: ${line}\n`);

/** The command line's options (test/docs checks `lab --help` lists the same). */
export const OPTIONS = { json: { type: 'boolean' }, all: { type: 'boolean' }, capture: { type: 'boolean' }, ipv6: { type: 'boolean', short: '6' } } as const;

export default async function run(argv: string[]): Promise<number> {
  watchStdout();
  teardownOnCrash();
  const parsed = parseArgsOrUsage({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const { values, positionals } = parsed;
  const [verb = 'list', id, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${argEcho(extra[0])}" (see: ${selfCommandLine(['lab', '--help'])})`);
  const json = values.json ?? false;
  if (values.all && verb !== 'down' && verb !== 'run') throw new UsageError('--all goes with lab down or lab run');
  if (values.capture && verb !== 'run') throw new UsageError('--capture goes with lab run');
  if (values.ipv6 && verb !== 'run' && verb !== 'up') throw new UsageError('--ipv6 goes with lab up or lab run');
  const family = values.ipv6 ? 6 : 4;
  if (family === 6 && id !== undefined && scenarioInfo(id)?.kind === 'loopback') {
    throw new UsageError(`${id} runs on IPv4 loopback; --ipv6 is for the namespace scenarios (${selfCommandLine(['lab', 'list'])})`);
  }
  if (family === 6 && id === 'ecn-strip') throw new UsageError('ecn-strip works over IPv4 only: iptables has no ECN target for IPv6');
  try {
    switch (verb) {
      case 'list':
      case 'ls':
        if (id !== undefined) throw new UsageError('lab list takes no scenario id');
        return list(json);
      case 'up':
        return await up(scenarioId(id, 'up'), json, family);
      case 'down':
        if (values.all) {
          if (id !== undefined) throw new UsageError('lab down takes a scenario id or --all, not both');
          return await downEverything(json);
        }
        return await down(scenarioId(id, 'down'), json);
      case 'run':
        if (values.all) {
          if (id !== undefined) throw new UsageError('lab run takes a scenario id or --all, not both');
          return await runEvery(json, values.capture ?? false, family === 6);
        }
        return await runOne(scenarioId(id, 'run'), json, values.capture ?? false, family);
      default:
        throw new UsageError(`unknown lab command "${argEcho(verb)}": use list, up ID, down ID|--all, run ID|--all`);
    }
  } catch (e) {
    if (e instanceof NeedsRootError || e instanceof UnsupportedError) throw new UsageError(e.message);
    if (e instanceof AlreadyUpError || e instanceof LabError) {
      err(firstLine(e.message));
      return 1;
    }
    throw e;
  }
}

function scenarioId(id: string | undefined, verb: string): string {
  if (!id) throw new UsageError(`lab ${verb} needs a scenario id (see: ${selfCommandLine(['lab', 'list'])})`);
  if (!isScenarioId(id)) {
    const near = closestScenario(id);
    throw new UsageError(`unknown scenario "${argEcho(id)}"${near ? ` (did you mean ${near}?)` : ''} (see: ${selfCommandLine(['lab', 'list'])})`);
  }
  return id;
}

function list(json: boolean): number {
  const all = listScenarios();
  if (json) out(JSON.stringify(listRows(all), null, 2));
  else for (const line of listTable(all, isRoot())) out(line);
  return 0;
}

async function up(id: string, json: boolean, family: 4 | 6): Promise<number> {
  const holder = readUpRecord(id);
  if (holder) throw new AlreadyUpError(id, ` (held by tcpsleuth lab up, pid ${holder.pid}): try ${holder.tryCommand}`);
  const lab = await upScenario(id, { signal: rootSignal, family });
  writeUpRecord({ id: lab.id, host: lab.target.host, port: lab.target.port, tryCommand: lab.tryCommand });
  onCleanup(() => removeUpRecord(lab.id, process.pid));
  if (json) out(JSON.stringify(upRow(lab, process.pid)));
  else for (const line of upLines(lab)) out(line);
  // Hold the scenario until a signal (lifecycle runs the teardown and exits) or until someone
  // removed its namespaces behind our back (then there is nothing left to hold).
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (lab.info.kind !== 'namespace') return;
      void namespaceFaultExists(lab.id).then((exists) => {
        if (!exists && !rootSignal.aborted) {
          clearInterval(timer);
          resolve();
        }
      });
    }, 1_000);
    rootSignal.addEventListener('abort', () => clearInterval(timer), { once: true });
  });
  await lab.down();
  removeUpRecord(lab.id, process.pid);
  if (!json) out(`lab ${lab.id}: its namespaces were removed, stopping`);
  return 0;
}

async function down(id: string, json: boolean): Promise<number> {
  const wasUp = await downScenario(id);
  if (json) out(JSON.stringify({ id, wasUp }));
  else out(wasUp ? `lab ${id}: down` : `lab ${id} was not up`);
  return 0;
}

async function downEverything(json: boolean): Promise<number> {
  const { namespaces, processes } = await downAll();
  if (json) out(JSON.stringify({ namespaces, processes }));
  else {
    out(`stopped ${processes.length} lab up process${processes.length === 1 ? '' : 'es'}, removed ${namespaces.length} namespace${namespaces.length === 1 ? '' : 's'}`);
    for (const ns of namespaces) out(`  ${ns}`);
    if (!isRoot()) out(`(not root: namespaces were not looked at; sudo ${selfCommandLine(['lab', 'down', '--all'])} removes them)`);
  }
  return 0;
}

async function runOne(id: string, json: boolean, capture: boolean, family: 4 | 6): Promise<number> {
  const info = scenarioInfo(id)!;
  try {
    const r = await runScenario(id, { signal: rootSignal, capture, family });
    if (json) out(JSON.stringify(resultRow(r)));
    else for (const line of runLines(r, info)) out(line);
    return r.ok ? 0 : 1;
  } catch (e) {
    if (!(e instanceof LabError) || e instanceof NeedsRootError || e instanceof UnsupportedError) throw e;
    if (json) out(JSON.stringify(errorRow(info, e)));
    else err(`${id}: ${firstLine(e.message)}`);
    return 1;
  }
}

/**
 * `lab run --all`: the fault matrix by hand, one scenario after another: every scenario over IPv4,
 * then (as root) every namespace scenario again over IPv6; `--ipv6` runs the IPv6 half only. Not
 * root: the namespace scenarios are listed as skipped. Exit 0 when every scenario that ran reached
 * its verdict.
 */
async function runEvery(json: boolean, capture: boolean, only6: boolean): Promise<number> {
  const root = isRoot();
  const rows: object[] = [];
  let failed = 0;
  if (!json) out(MATRIX_HEADER);
  for (const family of only6 ? [6 as const] : root ? [4 as const, 6 as const] : [4 as const]) {
    failed += await runFamily(family, capture, root, json, rows);
  }
  if (json) out(JSON.stringify(rows, null, 2));
  else out(failed ? `${failed} scenario${failed === 1 ? '' : 's'} did not reach the expected verdict` : 'every scenario reached its expected verdict');
  return failed ? 1 : 0;
}

/** One family's half of the matrix; rows are appended (IPv6 rows say `family: 6`). Returns the failures. */
async function runFamily(family: 4 | 6, capture: boolean, root: boolean, json: boolean, rows: object[]): Promise<number> {
  let failed = 0;
  for (const info of listScenarios()) {
    // Over IPv6 only the namespace scenarios that exist for IPv6 run.
    if (family === 6 && (info.kind === 'loopback' || info.id === 'ecn-strip')) continue;
    if (info.needsRoot && !root) {
      rows.push({ id: info.id, expected: info.expect, verdict: null, findings: [], ok: null, skipped: info.reason });
      if (!json) out(matrixLine(info, undefined));
      continue;
    }
    let row: ReturnType<typeof resultRow> | ReturnType<typeof errorRow>;
    try {
      row = resultRow(await runScenario(info.id, { signal: rootSignal, capture: capture && root, family }));
    } catch (e) {
      if (!(e instanceof LabError)) throw e;
      row = errorRow(info, e);
    }
    if (!row.ok) failed++;
    rows.push(family === 6 ? { ...row, family } : row);
    if (!json) out(matrixLine(info, row, family));
  }
  return failed;
}
