/**
 * The process that holds a drill's fault up, so it outlives `drill start` and the terminal:
 * `tcpsleuth drill __hold ID`, started detached. It builds the lab scenario (namespaces named
 * after the drill, not the fault), says so in the drill's record, and waits. SIGTERM (drill stop,
 * drill answer) runs the lab's teardown through lifecycle; after MAX_HOLD_MS it ends by itself.
 */
import { spawn } from 'node:child_process';
import { rootSignal } from '../lifecycle.js';
import { destroyTopology } from '../lab/netns.js';
import { findCli } from '../lab/run-check.js';
import { upScenario } from '../lab/index.js';
import { isHolder, readDrill, updateDrill, type DrillRecord } from './state.js';

/** A forgotten drill does not hold namespaces and listeners for ever. */
export const MAX_HOLD_MS = 4 * 3600_000;

/** Runs in the holder process: up, record, wait, down. Returns the exit code. */
export async function holdDrill(id: string, dir?: string): Promise<number> {
  const record = readDrill(id, dir);
  if (!record) return 1;
  try {
    const up = await upScenario(record.scenario, { name: record.topology, signal: rootSignal });
    updateDrill(id, (r) => Object.assign(r, { status: 'up', holderPid: process.pid, target: { ...up.target } }), dir);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, MAX_HOLD_MS);
      rootSignal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    });
    await up.down();
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    updateDrill(id, (r) => Object.assign(r, { status: 'failed', error: message }), dir);
    return 1;
  }
}

/**
 * Starts the holder detached from this terminal (its own session, no stdio), so closing the
 * terminal or ending `drill start` leaves the fault up. Returns its pid.
 */
export function spawnHolder(id: string, stateDir: string): number {
  const child = spawn(process.execPath, [findCli(), 'drill', '__hold', id], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, TCPSLEUTH_STATE_DIR: stateDir },
  });
  child.unref();
  if (!child.pid) throw new Error('could not start the process that holds the drill');
  return child.pid;
}

/**
 * Waits (bounded) until the holder has the fault up or says why not. Resolves the record when up;
 * rejects with the holder's error otherwise.
 */
export async function waitUntilUp(id: string, pid: number, opts: { dir?: string; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<DrillRecord> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    opts.signal?.throwIfAborted();
    const r = readDrill(id, opts.dir);
    if (r?.status === 'up') return r;
    if (r?.status === 'failed') throw new Error(r.error ?? 'the fault could not be set up');
    if (!isHolder(pid, id) && readDrill(id, opts.dir)?.status !== 'up') throw new Error('the process holding the drill ended before the fault was up');
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the fault was not up within 30 s');
}

/**
 * Ends the holder (SIGTERM: it tears the fault down itself; SIGKILL after 5 s) and then removes the
 * drill's namespaces if any are left. Only the drill's own names are ever touched.
 */
export async function stopHolder(record: DrillRecord): Promise<void> {
  const pid = record.holderPid;
  if (pid && isHolder(pid, record.id)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone meanwhile
    }
    for (let i = 0; i < 50 && isHolder(pid, record.id); i++) await new Promise((r) => setTimeout(r, 100));
    if (isHolder(pid, record.id)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
  if (record.topology) await destroyTopology(record.topology);
}
