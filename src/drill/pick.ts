/**
 * Which drills this machine can run, and picking one: only rows whose scenario exists in the lab's
 * registry, loopback ones for everyone, namespace ones as root on Linux.
 */
import { selfCommandLine } from '../self-command.js';
import { scenarioInfo, type ScenarioInfo } from '../lab/index.js';
import { isRoot } from '../tools.js';
import { DRILLS, type DrillEntry, type DrillLevel } from './catalogue.js';
import { DrillError } from './grade.js';
import { argEcho } from '../sinks/terminal.js';

export interface Runnable {
  entry: DrillEntry;
  info: ScenarioInfo;
}

/** Every catalogue row the lab knows, with whether this machine can run it. */
export function drillRows(root = isRoot(), platform = process.platform): (Runnable & { runnable: boolean })[] {
  const rows: (Runnable & { runnable: boolean })[] = [];
  for (const entry of DRILLS) {
    const info = scenarioInfo(entry.scenario);
    if (!info) continue;
    const runnable = info.kind === 'loopback' || (root && platform === 'linux');
    rows.push({ entry, info, runnable });
  }
  return rows;
}

/**
 * Picks a drill: `scenario` names one (a trainer's choice), else one at random among the runnable
 * ones of `level` (all levels when undefined). Throws DrillError saying what is missing.
 */
export function pickDrill(opts: { level?: DrillLevel; scenario?: string; root?: boolean; random?: () => number } = {}): Runnable {
  const rows = drillRows(opts.root);
  if (opts.scenario !== undefined) {
    const row = rows.find((r) => r.entry.scenario === opts.scenario);
    if (!row) throw new DrillError(`no drill for scenario "${argEcho(opts.scenario)}" (drills: ${rows.map((r) => r.entry.scenario).join(', ')})`);
    if (!row.runnable) throw new DrillError(`the drill on ${opts.scenario} ${row.info.reason ?? 'needs root'}; run it with sudo`);
    return row;
  }
  const pool = rows.filter((r) => r.runnable && (opts.level === undefined || r.entry.level === opts.level));
  if (!pool.length) {
    const locked = rows.filter((r) => !r.runnable && (opts.level === undefined || r.entry.level === opts.level)).length;
    throw new DrillError(`no level ${opts.level} drill can run here${locked ? `: its ${locked} drills need root (sudo ${selfCommandLine(['drill', 'start', '--level', String(opts.level)])})` : ''}`);
  }
  const random = opts.random ?? Math.random;
  return pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))];
}
