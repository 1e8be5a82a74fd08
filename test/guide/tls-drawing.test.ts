/** The verdict card's drawing says what came back for the ClientHello, per TLS failure. */
import { describe, it, expect } from 'vitest';
import { drawHandshake } from '../../src/guide/handshake.js';
import type { StepEvidence } from '../../src/evidence.js';

const connect: StepEvidence = { id: 'connect', outcome: 'pass', durationMs: 1, summary: '', evidence: { result: 'connected' } };
const tls = (evidence: object): StepEvidence => ({ id: 'tls', outcome: 'fail', durationMs: 1, summary: '', evidence });

describe('tls-error drawings', () => {
  it.each([
    [{ result: 'timeout', mssRetry: { available: true, tries: [], worksWithMss: 1200 } }, /✗ certificate .*full-size segments lost; MSS 1200 works/],
    [{ result: 'timeout', mssRetry: { available: true, tries: [] } }, /✗ ServerHello .*nothing came back/],
    [{ result: 'not-tls', plaintextKind: 'an HTTP server' }, /◀─+ plain text ─+│  not TLS: an HTTP server/],
    [{ result: 'untrusted' }, /◀─+ certificate ─+│  not trusted here/],
    [{ result: 'protocol-mismatch' }, /TLS alert/],
  ])('%j', (evidence, line) => {
    const lines = drawHandshake('tls-error', { connect, tls: tls(evidence) });
    expect(lines.join('\n')).toMatch(/ClientHello/);
    expect(lines.at(-1)).toMatch(line);
  });
});

describe('the verdict card for a PMTU blackhole', () => {
  it('goes to the network team with what to ask for, and leads with the pmtu lesson', async () => {
    const { verdictCard } = await import('../../src/guide/transcript.js');
    const t = { host: 'intranet.example', port: 443 };
    const conn: StepEvidence = { id: 'connect', outcome: 'pass', durationMs: 1, summary: 'connected', evidence: { address: '10.1.2.3', port: 443, family: 4, result: 'connected', handshakeMs: 1, budgetMs: 3500 } };
    const stalled = (mss?: number): StepEvidence => tls({ result: 'timeout', handshakeMs: 5, mssRetry: { available: true, tries: [], ...(mss ? { worksWithMss: mss } : {}) } });
    const plain = verdictCard('tls-error', { connect: conn, tls: tls({ result: 'untrusted', handshakeMs: 5, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) }, t, '10.1.2.3');
    expect(plain.text.title).not.toMatch(/MTU/);
    const v = verdictCard('tls-error', { connect: conn, tls: stalled(1200) }, t, '10.1.2.3').text;
    expect(v.title).toMatch(/path MTU blackhole/);
    expect(v.ask).toMatch(/^Ask the network \(VPN\/firewall\) team: .*segments of 1200 bytes pass.*type 3 code 4.*Packet Too Big.*clamp the MSS/);
    // The big packets that vanish are the server's: the MTU is measured from there, towards this machine.
    expect(v.next[0]).toMatch(/^Confirm the path MTU from the server towards this machine, the way the big packets travel \(on the server: tracepath -n/);
    const known = verdictCard('tls-error', { connect: { ...conn, evidence: { ...(conn.evidence as object), localAddress: '192.168.9.7' } } as StepEvidence, tls: stalled(1200) }, t, '10.1.2.3').text;
    expect(known.next[0]).toBe('Confirm the path MTU from the server towards this machine (192.168.9.7), the way the big packets travel; on the server: tracepath -n 192.168.9.7');
    expect(v.lessons[0]).toBe('pmtu');
  });
});
