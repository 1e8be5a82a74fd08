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
