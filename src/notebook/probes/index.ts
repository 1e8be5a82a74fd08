/**
 * Runs a probe experiment and turns what it measured into the notebook's result shape. A probe
 * that cannot run here (not Linux, not root, a tool missing) is skipped with the reason; any other
 * failure becomes `error` with one sentence, never a stack trace.
 */
import type { ExperimentCell } from '../cells.js';
import { PROBES, type ProbeId, type ProbeMeasurement, type ProbeOutcome } from './catalogue.js';
import { deadBackend, synDropShare } from './intermittent.js';
import { keepaliveDeadPeer, keepaliveIdle } from './keepalive.js';
import { ProbeUnavailable } from './loopback.js';
import { nagleWriteWriteRead } from './nagle.js';
import { lossyTransfer, retransmitDeadPeer } from './retransmit.js';
import { sandboxBlocker } from './sandbox.js';
import { timeWaitRestart } from './time-wait.js';
import { slowReaderTransfer, zeroWindowReader } from './windows.js';

const RUNNERS: Record<ProbeId, (signal?: AbortSignal) => Promise<ProbeMeasurement>> = {
  'dead-backend': deadBackend,
  'syn-drop-share': synDropShare,
  'keepalive-idle': keepaliveIdle,
  'keepalive-dead-peer': keepaliveDeadPeer,
  'retransmit-dead-peer': retransmitDeadPeer,
  'zero-window-reader': zeroWindowReader,
  'nagle-write-write-read': nagleWriteWriteRead,
  'slow-reader-transfer': slowReaderTransfer,
  'lossy-transfer': lossyTransfer,
  'time-wait-restart': timeWaitRestart,
};

export interface ProbeResult {
  ok: boolean;
  observed: ProbeOutcome | 'error';
  summary: string;
  measured?: string[];
  data?: ProbeMeasurement['data'];
  skipped?: string;
  where: 'loopback' | 'namespaces';
}

/** Runs probe `id` and compares its outcome with `expect`. */
export async function runProbe(id: ProbeId, expect: ExperimentCell['expect'], signal?: AbortSignal): Promise<ProbeResult> {
  const where = PROBES[id].needs === 'root' ? 'namespaces' : 'loopback';
  const blocker = PROBES[id].needs === 'root' ? sandboxBlocker() : undefined;
  if (blocker) return { ok: false, observed: 'error', summary: `not run: ${blocker}`, skipped: blocker, where };
  try {
    const m = await RUNNERS[id](signal);
    return { ok: m.observed === expect, observed: m.observed, summary: m.summary, measured: m.measured, data: m.data, where };
  } catch (err) {
    if (err instanceof ProbeUnavailable) return { ok: false, observed: 'error', summary: `not run: ${err.message}`, skipped: err.message, where };
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { ok: false, observed: 'error', summary: `the experiment could not run: ${msg}`, where };
  }
}
