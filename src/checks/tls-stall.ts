/**
 * The TLS step's stall: TCP connected, the ClientHello left, nothing came back. Retried with a
 * clamped MSS (mss-clamp.ts) to tell a path MTU blackhole from a port that does not speak TLS.
 */
import type { TlsEvidence, TlsInput, TlsStep, MssRetryEvidence } from './tls.js';
import { CLAMPED_MSS, clampUnavailable } from './mss-clamp.js';
import { throwIfAborted, tlsAttempt } from './tls-attempt.js';
import { judged, said, type Base, type Common } from './tls-cert.js';

/**
 * TCP connected, the ClientHello left, and nothing came back. Full-size segments lost on a path with
 * a smaller MTU (and the router's ICMP "fragmentation needed" filtered) look exactly like this, so
 * try again asking for smaller segments; if that completes, it is a PMTU blackhole.
 */
export async function stalled(input: TlsInput, opts: { address: string; port: number; servername?: string; ca?: string; signal?: AbortSignal }, base: Base, common: Common, timeoutMs: number): Promise<TlsStep> {
  const evidence: TlsEvidence = { ...common, result: 'timeout' };
  const plain = `no TLS answer within ${timeoutMs / 1000} s after TCP connected`;
  if (input.mssRetry === false) return { ...base, outcome: 'fail', summary: `${plain} (is this port TLS at all?)`, reason: plain, evidence };
  const missing = clampUnavailable();
  if (missing) {
    evidence.mssRetry = { available: false, ...missing, tries: [] };
    return { ...base, outcome: 'fail', summary: `${plain}; could not retry with a smaller MSS (PMTU blackhole test): ${missing.reason}`, reason: plain, evidence };
  }
  const retry: MssRetryEvidence = { available: true, tries: [] };
  evidence.mssRetry = retry;
  for (const mss of CLAMPED_MSS) {
    // The first try already waited the full time: a clamped try that would work is quick.
    const a = await tlsAttempt({ ...opts, mss, timeoutMs: Math.min(timeoutMs, 2500) });
    throwIfAborted(a);
    retry.tries.push({ mss, result: a.ok ? 'ok' : a.timeout ? 'timeout' : 'error', handshakeMs: a.handshakeMs, error: a.ok ? undefined : (a.transportError ?? a.err?.message) });
    if (a.ok) {
      retry.worksWithMss = mss;
      const ok = judged(a, base, common, opts.servername ?? opts.address);
      Object.assign(evidence, { protocol: ok.evidence.protocol, cipher: ok.evidence.cipher, certificate: ok.evidence.certificate });
      return {
        ...base,
        outcome: 'fail',
        summary: `${plain}; with the MSS clamped to ${mss} the handshake completed in ${a.handshakeMs.toFixed(0)} ms (${said(ok.evidence.protocol)}): full-size segments are lost on the way (PMTU blackhole)`,
        reason: `stalled with full-size segments, works with MSS ${mss}`,
        evidence,
      };
    }
    // Not a blackhole this test can see: the clamped try failed otherwise (refused, reset, an alert).
    if (!a.timeout) break;
  }
  const tried = retry.tries.map((t) => `MSS ${t.mss}: ${t.result}`).join(', ');
  return { ...base, outcome: 'fail', summary: `${plain} (is this port TLS at all?); smaller segments did not help (${tried})`, reason: plain, evidence };
}

