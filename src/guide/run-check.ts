/**
 * `runCheck`: what `tcpsleuth check` runs: dns → connect (every address at once; the verdict is
 * what a client that falls back gets) → ping → observe → tls → diagnose. The checks live in src/checks/, the
 * verdict rules in src/diagnosis/, and the order of steps in the guide machine (machine.ts). It
 * lives with the guide because it is the guide run headless: commands and notebooks call down into it.
 */
import type { CheckReport, Progress, StepEvidence, Target } from '../evidence.js';
import { runGuideHeadless } from './headless.js';

export interface RunCheckOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Called as each step finishes, in order. */
  onStep?: (s: StepEvidence) => void;
  /** Ping the address connect ended with, after the handshake (default true). */
  ping?: boolean;
  /** Force the TLS probe (default: target.tls). */
  tls?: boolean;
  /** Capture the handshake with tcpdump (wired in by the capture step). */
  capture?: boolean;
  /** The connect budget per address, overriding the adaptive one (`--timeout`). */
  budgetMs?: number;
  /** How long to observe after the handshake (default adaptive). */
  observeMs?: number;
  /** Extra CA certificates (PEM) the TLS step trusts (`--ca`), and the file they came from. */
  ca?: string;
  caFile?: string;
  /** The SNI name and the name the certificate must cover (`--servername`); default the target's host. */
  servername?: string;
}

/**
 * Runs every check against `target` and returns the report `check --json` prints. The guide's
 * machine decides the steps (src/guide/machine.ts), run headless: one decision path for the
 * interactive guide, plain output and --json.
 */
export async function runCheck(target: Target, opts: RunCheckOptions = {}): Promise<CheckReport> {
  const { report } = await runGuideHeadless(target, {
    signal: opts.signal,
    onProgress: opts.onProgress,
    onStep: opts.onStep,
    capture: opts.capture,
    options: { ping: opts.ping, tls: opts.tls, budgetMs: opts.budgetMs, observeMs: opts.observeMs, ca: opts.ca, caFile: opts.caFile, servername: opts.servername },
  });
  return report;
}
