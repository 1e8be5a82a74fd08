/**
 * Which scenarios a `tcpsleuth lab up` process is holding, so `lab down ID` (from another terminal)
 * can find and stop it, and a second `lab up` can say "already up". One small JSON file per
 * scenario in a per-user folder under the temp directory, written atomically.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from './netns.js';

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

/**
 * The folder, created if needed, and only if it is ours: `lab down` signals the pids recorded
 * there, so a folder someone else can write (or a symlink planted in /tmp) is refused.
 */
function ownStateDir(): string {
  const dir = stateDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o022) !== 0) {
    throw new LabError(`refusing to use ${dir} for lab records: it must be a directory owned by you and writable only by you`);
  }
  return dir;
}

/**
 * True when `pid` is still a `tcpsleuth lab up ID` process (Linux: its command line says so), so a
 * stale record whose pid was reused by something else is never signalled.
 */
export function isLabUp(pid: number, id: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const rest = args.slice(args.indexOf('lab') + 1);
    return args.includes('lab') && rest.includes('up') && rest.includes(id);
  } catch {
    // No /proc (macOS): trust the pid.
    return process.platform !== 'linux';
  }
}

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
  ownStateDir();
  const full: UpRecord = { version: 1, pid: process.pid, startedAt: new Date().toISOString(), ...record };
  const tmp = `${fileOf(record.id)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(full, null, 2)}\n`);
  renameSync(tmp, fileOf(record.id));
}

/** The record of scenario `id` if its process is still alive; stale records are removed. */
export function readUpRecord(id: string): UpRecord | undefined {
  let record: UpRecord;
  try {
    ownStateDir();
    record = JSON.parse(readFileSync(fileOf(id), 'utf8')) as UpRecord;
  } catch {
    return undefined;
  }
  if (record.version !== 1 || typeof record.pid !== 'number' || record.id !== id || !isLabUp(record.pid, id)) {
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
  const dir = ownStateDir();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => readUpRecord(n.slice(0, -'.json'.length)))
    .filter((r): r is UpRecord => r !== undefined);
}
