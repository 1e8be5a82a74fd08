/**
 * A running drill on disk, so it survives the terminal closing: one small JSON file per drill in
 * `<state dir>/drills/` (beside progress.json), written atomically (temp file, rename).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../notebook/progress.js';
import type { DrillLevel } from './catalogue.js';

/** Where the learner should point their tools. */
export interface DrillTarget {
  host: string;
  port: number;
  tls: boolean;
  /** Namespace scenarios: the lab's client namespace the learner investigates from. */
  namespace?: string;
}

export interface DrillRecord {
  version: 1;
  id: string;
  scenario: string;
  level: DrillLevel;
  /** `starting` until the holder process has the fault up; `failed` if it could not. */
  status: 'starting' | 'up' | 'failed';
  /** The process that holds the fault up (`tcpsleuth drill __hold ID`). */
  holderPid?: number;
  /** Namespace scenarios: the lab topology name (`drill-<id>`, namespaces `tsl-drill-<id>-*`). */
  topology?: string;
  target?: DrillTarget;
  ticket?: string;
  error?: string;
  hintsTaken: number;
  startedAt: string;
}

/** The folder of running drills. */
export function drillsDir(dir = stateDir()): string {
  return join(dir, 'drills');
}

const fileOf = (id: string, dir?: string) => join(drillsDir(dir), `${id}.json`);

/** Drill ids are short hex words: they name files and namespaces, so nothing else is accepted. */
export const isDrillId = (id: string): boolean => /^[a-f0-9]{6}$/.test(id);

/** Writes (or replaces) a drill's record atomically. */
export function writeDrill(record: DrillRecord, dir?: string): void {
  mkdirSync(drillsDir(dir), { recursive: true, mode: 0o700 });
  const file = fileOf(record.id, dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The record of drill `id`, or undefined when there is none (or it does not parse). */
export function readDrill(id: string, dir?: string): DrillRecord | undefined {
  if (!isDrillId(id)) return undefined;
  try {
    const r = JSON.parse(readFileSync(fileOf(id, dir), 'utf8')) as DrillRecord;
    return r && r.version === 1 && r.id === id ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Applies `change` to the stored record (read, change, write); returns the new record. */
export function updateDrill(id: string, change: (r: DrillRecord) => void, dir?: string): DrillRecord | undefined {
  const r = readDrill(id, dir);
  if (!r) return undefined;
  change(r);
  writeDrill(r, dir);
  return r;
}

export function removeDrill(id: string, dir?: string): void {
  if (isDrillId(id)) rmSync(fileOf(id, dir), { force: true });
}

/** Every stored drill, oldest first. */
export function allDrills(dir?: string): DrillRecord[] {
  let names: string[];
  try {
    names = readdirSync(drillsDir(dir));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => readDrill(n.slice(0, -'.json'.length), dir))
    .filter((r): r is DrillRecord => r !== undefined)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** True when `pid` is the holder of drill `id` (Linux: its command line says so), never a reused pid. */
export function isHolder(pid: number | undefined, id: string): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.includes('drill') && args.includes('__hold') && args.includes(id);
  } catch {
    return process.platform !== 'linux';
  }
}
