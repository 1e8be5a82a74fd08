/**
 * A TLS handshake that stalls on loopback (a server that accepts and says nothing): the clamped-MSS
 * retries run through socat, do not help, and so name no blackhole; an abort during them stops
 * socat too (no orphaned process).
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { tlsProbe } from '../../src/checks/tls.js';
import { diagnose } from '../../src/diagnosis/index.js';
import { which } from '../../src/tools.js';
import { useLoopbackServers } from '../helpers/loopback.js';

const port = useLoopbackServers(['open']);
const hasSocat = which('socat') !== undefined;
if (!hasSocat) process.stderr.write('skipped: the clamped-MSS retry tests need socat (apt-get install socat)\n');

/** socat processes whose command line names this port (ours: nobody else connects to it). */
function socatsFor(p: number): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd[0].endsWith('socat') && cmd.some((a) => a.includes(`:${p},mss=`))) pids.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe.skipIf(!hasSocat || process.platform !== 'linux')('a stalled TLS handshake on loopback', () => {
  it('a silent server: both clamped tries time out too, so no pmtu-blackhole is claimed', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('open'), timeoutMs: 1500 });
    expect(t.evidence.result).toBe('timeout');
    expect(t.evidence.mssRetry).toMatchObject({ available: true, tries: [{ mss: 1200, result: 'timeout' }, { mss: 536, result: 'timeout' }] });
    expect(t.evidence.mssRetry!.worksWithMss).toBeUndefined();
    expect(t.summary).toMatch(/smaller segments did not help \(MSS 1200: timeout, MSS 536: timeout\)/);
    expect(t.durationMs).toBeGreaterThan(4000);
    const d = diagnose([{ id: 'connect', outcome: 'pass', durationMs: 1, summary: '', evidence: { result: 'connected' } }, t]);
    expect(d.verdict).toBe('tls-error');
    expect(d.findings).not.toContain('pmtu-blackhole');
    // The clamped tries' socat was killed; on a busy machine it may take a moment to be reaped.
    for (let i = 0; i < 40 && socatsFor(port('open')).length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(socatsFor(port('open'))).toEqual([]);
  }, 20_000);

  it('an abort during the clamped retry stops the check and its socat', async () => {
    const ac = new AbortController();
    const p = port('open');
    const probe = tlsProbe({ address: '127.0.0.1', port: p, timeoutMs: 1000 }, { signal: ac.signal });
    // The first try gives up after 1 s; then socat runs the clamped one.
    const deadline = Date.now() + 4000;
    while (socatsFor(p).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(socatsFor(p).length).toBe(1);
    ac.abort();
    await expect(probe).rejects.toThrow(/aborted/);
    for (let i = 0; i < 40 && socatsFor(p).length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(socatsFor(p)).toEqual([]);
  }, 20_000);
});
