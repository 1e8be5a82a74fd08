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
    const { refineVerdictText, verdictText } = await import('../../src/guide/explanations.js');
    const t = { host: 'intranet.example', port: 443 };
    const plain = verdictText('tls-error', t, '10.1.2.3');
    expect(refineVerdictText(plain, ['tls-untrusted'], t, '10.1.2.3')).toBe(plain);
    const v = refineVerdictText(plain, ['pmtu-blackhole'], t, '10.1.2.3', 1200);
    expect(v.title).toMatch(/path MTU blackhole/);
    expect(v.ask).toMatch(/^Ask the network \(VPN\/firewall\) team: .*segments of 1200 bytes pass.*type 3 code 4.*Packet Too Big.*clamp the MSS/);
    expect(v.next[0]).toBe('Confirm the path MTU: tracepath 10.1.2.3 (or ping -M do -s 1472 10.1.2.3, then smaller sizes)');
    expect(v.lessons[0]).toBe('pmtu');
  });
});
