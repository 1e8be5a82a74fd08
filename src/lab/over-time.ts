/**
 * The over-time half of `lab run` for scenarios a single check passes (OverTime in scenarios.ts):
 * the real `tcpsleuth watch TARGET … --json` or `tcpsleuth check TARGET --hold … --json`, as a
 * child process inside the lab's client namespace, the same way run-check.ts runs the check.
 */
import { runTool } from '../tools.js';
import { LabError } from './netns.js';
import { findCli } from './run-check.js';
import type { OverTime } from './scenarios.js';

/** The tcpsleuth arguments of an over-time run: `watch TARGET ARGS` or `check TARGET ARGS` (--hold). */
export function overTimeArgs(host: string, port: number, over: OverTime): string[] {
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return [over.command === 'watch' ? 'watch' : 'check', target, ...over.args];
}

export interface OverTimeResult {
  /** The arguments as a learner types them after `tcpsleuth`. */
  args: string[];
  findings: string[];
}

/**
 * Runs the over-time command with --json and returns the findings it reported. Throws LabError
 * naming what was seen when it crashed, timed out or printed no JSON.
 */
export async function runOverTime(req: { host: string; port: number; namespace?: string; signal?: AbortSignal; timeoutMs?: number }, over: OverTime): Promise<OverTimeResult> {
  const args = overTimeArgs(req.host, req.port, over);
  const argv = [findCli(), ...args, '--json'];
  const [file, fileArgs] = req.namespace ? ['ip', ['netns', 'exec', req.namespace, process.execPath, ...argv]] : [process.execPath, argv];
  const timeoutMs = req.timeoutMs ?? 90_000;
  const r = await runTool(file, fileArgs, {
    timeoutMs,
    signal: req.signal,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TCPSLEUTH_LAB: req.namespace ?? 'loopback' },
  });
  if (r.aborted) throw new LabError(`${args[0]} was interrupted`);
  if (r.timedOut) throw new LabError(`${args[0]} did not finish within ${Math.round(timeoutMs / 1000)} s`);
  const firstErr = r.stderr.trim().split('\n')[0] ?? '';
  if (r.code !== 0 && r.code !== 1) throw new LabError(`${args[0]} exited with ${r.code ?? r.signal}${firstErr ? `: ${firstErr}` : ''}`);
  try {
    const out = JSON.parse(r.stdout) as { findings?: unknown };
    if (!Array.isArray(out.findings)) throw new Error('no findings');
    return { args, findings: out.findings.filter((f): f is string => typeof f === 'string') };
  } catch {
    throw new LabError(`${args[0]} printed no JSON${firstErr ? ` (${firstErr})` : ''}`);
  }
}
