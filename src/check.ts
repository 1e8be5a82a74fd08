/**
 * `runCheck`: the straightforward pipeline behind `tcpsleuth check`: dns → ping → connect (each
 * address in order, falling back to the next on failure) → observe → tls → diagnose. Kept thin on
 * purpose: the checks live in src/checks/, the decisions in src/diagnosis/, and the guide machine
 * can replace this body with a headless run while keeping the signature.
 */
import type { CheckReport, Progress, StepEvidence, Target } from './evidence.js';
import { dns } from './checks/dns.js';
import { ping, type PingStep } from './checks/ping.js';
import { connect, type ConnectStep } from './checks/connect.js';
import { observe } from './checks/observe.js';
import { tlsProbe } from './checks/tls.js';
import { diagnose } from './diagnosis/index.js';
import { FINDING_LESSONS } from './diagnosis/findings.js';
import { startCapture, type CaptureEvidence } from './checks/capture.js';

export interface RunCheckOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Called as each step finishes, in order. */
  onStep?: (s: StepEvidence) => void;
  /** Ping the first address (default true). */
  ping?: boolean;
  /** Force the TLS probe (default: target.tls). */
  tls?: boolean;
  /** Capture the handshake with tcpdump (wired in by the capture step). */
  capture?: boolean;
  /** The connect budget per address, overriding the adaptive one (`--timeout`). */
  budgetMs?: number;
  /** How long to observe after the handshake (default adaptive). */
  observeMs?: number;
}

/** Runs every check against `target` and returns the report `check --json` prints. */
export async function runCheck(target: Target, opts: RunCheckOptions = {}): Promise<CheckReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const steps: StepEvidence[] = [];
  const ctx = { signal: opts.signal, onProgress: opts.onProgress };
  const record = <S extends StepEvidence>(s: S): S => {
    steps.push(s);
    opts.onStep?.(s);
    return s;
  };
  const report = (addresses: string[], addressUsed?: string): CheckReport => {
    const d = diagnose(steps);
    addCaptureFindings(d, steps);
    return {
      target: { host: target.host, port: target.port, addresses, addressUsed },
      verdict: d.verdict,
      meaning: d.meaning,
      steps,
      findings: d.findings,
      details: d.details,
      lessons: d.lessons,
      startedAt: startedAt.toISOString(),
      durationMs: performance.now() - t0,
    };
  };

  const resolved = record(await dns({ host: target.host, isIpLiteral: target.isIpLiteral }, ctx));
  const addresses = resolved.evidence.addresses.map((a) => a.address);
  if (resolved.outcome === 'fail' || addresses.length === 0) return report(addresses);

  // Ping runs alongside the first handshake: it never blocks the check, and if the host answers
  // it, the connect budget can shrink (no late ICMP is coming from a host that answers).
  const pinging: Promise<PingStep> =
    opts.ping === false
      ? Promise.resolve({ id: 'ping', outcome: 'skipped', durationMs: 0, summary: 'ping skipped (--no-ping)', reason: '--no-ping', evidence: { address: addresses[0] } })
      : ping({ address: addresses[0] }, ctx);

  // Capture (tcpdump) starts here, before the first SYN, when opts.capture is set.
  const capturing = opts.capture ? await startCapture({ address: addresses[0], alsoAddresses: addresses, port: target.port }, ctx) : undefined;

  let used: ConnectStep | undefined;
  for (const [i, address] of addresses.entries()) {
    const first = i === 0;
    const attempt = connect(
      {
        address,
        port: target.port,
        budgetMs: opts.budgetMs,
        hostAnswersPing: first ? pinging.then((p) => p.outcome === 'pass') : false,
        keepOpen: true,
      },
      ctx,
    );
    if (first) record(await pinging);
    used = record(await attempt);
    // A reset at connect time means the handshake completed: that host answered, so stop there.
    if (used.evidence.result === 'connected' || used.evidence.result === 'reset') break;
  }
  const addressUsed = used?.evidence.address;

  if (used?.evidence.result === 'connected') {
    const watched = record(
      await observe({ socket: used.socket, address: used.evidence.address, port: target.port, windowMs: opts.observeMs, handshakeMs: used.evidence.handshakeMs }, ctx),
    );
    const stillOpen = watched.evidence.result !== 'reset' && watched.evidence.result !== 'fin';
    if (stillOpen && (opts.tls ?? target.tls)) {
      record(await tlsProbe({ address: used.evidence.address, port: target.port, servername: target.host }, ctx));
    }
  }

  // Capture stops here and its step is recorded, after tls.
  if (capturing) record(await capturing.stop());

  return report(addresses, addressUsed);
}

/** The capture's own findings (SYN retransmits, ICMP from a router, RST TTL, ECN) join the verdict's. */
function addCaptureFindings(d: ReturnType<typeof diagnose>, steps: StepEvidence[]): void {
  const cap = steps.find((s) => s.id === 'capture') as CaptureEvidence | undefined;
  if (!cap) return;
  const extra = cap.outcome === 'unavailable' ? [{ id: 'capture-unavailable', text: `No capture: ${cap.reason}. ${cap.fix ?? ''}`.trim() }] : cap.evidence.findings;
  for (const f of extra) {
    if (d.findings.includes(f.id)) continue;
    d.findings.push(f.id);
    d.details.push(f);
    for (const l of FINDING_LESSONS[f.id] ?? []) if (!d.lessons.includes(l)) d.lessons.push(l);
  }
}
