/**
 * Which scenarios a `tcpsleuth lab up` process is holding, so `lab down ID` (from another terminal)
 * can find and stop it, and a second `lab up` can say "already up". One small JSON file per
 * scenario in a per-user folder under the temp directory, written atomically.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface UpRecord {
  version: 1;
  id: string;
  pid: number;
  host: string;
  port: number;
  tryCommand: string;
  startedAt: string;
}

/** The folder holding the records (per user: root's lab and a user's lab do not mix). */
export function stateDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return process.env.TCPSLEUTH_LAB_STATE ?? join(tmpdir(), `tcpsleuth-lab-${uid}`);
}

const fileOf = (id: string) => join(stateDir(), `${id}.json`);

/** True when a process with this pid exists (signal 0 tests without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Records that this process holds scenario `id`. */
export function writeUpRecord(record: Omit<UpRecord, 'version' | 'pid' | 'startedAt'>): void {
  mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
  const full: UpRecord = { version: 1, pid: process.pid, startedAt: new Date().toISOString(), ...record };
  const tmp = `${fileOf(record.id)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(full, null, 2)}\n`);
  renameSync(tmp, fileOf(record.id));
}

/** The record of scenario `id` if its process is still alive; stale records are removed. */
export function readUpRecord(id: string): UpRecord | undefined {
  let record: UpRecord;
  try {
    record = JSON.parse(readFileSync(fileOf(id), 'utf8')) as UpRecord;
  } catch {
    return undefined;
  }
  if (record.version !== 1 || typeof record.pid !== 'number' || !isAlive(record.pid)) {
    removeUpRecord(id);
    return undefined;
  }
  return record;
}

/** Removes the record of `id` (only if it is ours, when `onlyPid` is given). */
export function removeUpRecord(id: string, onlyPid?: number): void {
  if (onlyPid !== undefined) {
    try {
      const r = JSON.parse(readFileSync(fileOf(id), 'utf8')) as UpRecord;
      if (r.pid !== onlyPid) return;
    } catch {
      return;
    }
  }
  rmSync(fileOf(id), { force: true });
}

/** Every live record. */
export function allUpRecords(): UpRecord[] {
  let names: string[];
  try {
    names = readdirSync(stateDir());
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => readUpRecord(n.slice(0, -'.json'.length)))
    .filter((r): r is UpRecord => r !== undefined);
}
