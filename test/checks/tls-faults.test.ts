/**
 * The TLS step against real loopback TLS servers with one fault each: it must name the fault
 * (not-tls, name mismatch, client certificate required, protocol mismatch) and the rules must turn
 * it into the verdict and the finding scripts match on.
 */
import { describe, it, expect } from 'vitest';
import { tlsProbe } from '../../src/checks/tls.js';
import { diagnose } from '../../src/diagnosis/index.js';
import type { StepEvidence } from '../../src/evidence.js';
import { startLoopbackServer } from '../../src/lab/servers.js';
import { useLoopbackServers } from '../helpers/loopback.js';

const port = useLoopbackServers(['tls', 'banner', 'tls-not-tls', 'tls-name-mismatch', 'tls-client-cert-required', 'tls-protocol-mismatch']);
const connected: StepEvidence = { id: 'connect', outcome: 'pass', durationMs: 1, summary: '', evidence: { result: 'connected' } };

describe('tls-not-tls: the port answers the ClientHello in plain text', () => {
  it('an HTTP server: says so, and quotes what it said, escaped', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('tls-not-tls') });
    expect(t.evidence.result).toBe('not-tls');
    expect(t.evidence.plaintextKind).toBe('an HTTP server');
    expect(t.evidence.plaintext).toMatch(/^HTTP\/1\.1 400 Bad Request\\r\\nServer: nginx/);
    expect(t.summary).toMatch(/does not speak TLS/);
    const d = diagnose([connected, t]);
    expect(d.verdict).toBe('tls-error');
    expect(d.findings).toEqual(['tls-not-tls']);
    expect(d.details[0].text).toMatch(/HTTP\/1\.1 400 Bad Request/);
  });
  it('an SSH banner is named as SSH', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('banner') });
    expect(t.evidence.result).toBe('not-tls');
    expect(t.evidence.plaintextKind).toBe('an SSH server');
    expect(t.evidence.plaintext).toBe('SSH-2.0-OpenSSH_9.2p1 tcpsleuth-lab\\r\\n');
  });
  it('an SMTP banner with control bytes is escaped, not printed raw', async () => {
    const s = await startLoopbackServer('banner', { banner: '220 mx.example ESMTP\x1b[2J\x00\r\n' });
    try {
      const t = await tlsProbe({ address: '127.0.0.1', port: s.port });
      expect(t.evidence.result).toBe('not-tls');
      expect(t.evidence.plaintextKind).toBe('an SMTP server');
      expect(t.evidence.plaintext).toBe('220 mx.example ESMTP\\x1b[2J\\x00\\r\\n');
      expect(t.summary).not.toMatch(/\x1b/);
      expect(diagnose([connected, t]).details[0].text).toMatch(/STARTTLS command: openssl s_client -starttls smtp/);
    } finally {
      await s.close();
    }
  });
});

describe('tls-name-mismatch: checked even when the chain is untrusted', () => {
  it('a self-signed certificate for another name says both', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('tls-name-mismatch'), servername: 'localhost' });
    expect(t.evidence.result).toBe('untrusted');
    expect(t.evidence.chainTrusted).toBe(false);
    expect(t.evidence.nameMatches).toBe(false);
    expect(t.evidence.checkedName).toBe('localhost');
    const d = diagnose([connected, t]);
    expect(d.verdict).toBe('tls-error');
    expect(d.findings).toEqual(expect.arrayContaining(['tls-untrusted', 'tls-name-mismatch']));
    expect(d.details.find((f) => f.id === 'tls-name-mismatch')!.text).toMatch(/www\.other-site\.test/);
  });
  it('an IP target is checked against the certificate too', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('tls-name-mismatch') });
    expect(t.evidence.nameMatches).toBe(false);
    expect(t.evidence.checkedName).toBe('127.0.0.1');
    expect(diagnose([connected, t]).details.find((f) => f.id === 'tls-name-mismatch')!.text).toMatch(/Checked by address: .*--servername NAME/);
  });
  it('the lab certificate for localhost matches: only untrusted, no mismatch', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('tls'), servername: 'localhost' });
    expect(t.evidence.nameMatches).toBe(true);
    expect(diagnose([connected, t]).findings).toEqual(['tls-untrusted']);
  });
});

describe('tls-client-cert-required: mutual TLS', () => {
  it('TLS 1.3: the alert after the handshake is caught', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('tls-client-cert-required') });
    expect(t.evidence.result).toBe('client-cert-required');
    expect(t.evidence.alert).toBe('certificate required');
    const d = diagnose([connected, t]);
    expect(d.verdict).toBe('tls-error');
    expect(d.findings).toEqual(['tls-client-cert-required']);
  });
  it('TLS 1.2: the CertificateRequest seen in the clear names it, not a bare handshake failure', async () => {
    const { labCertificateAuthority } = await import('../../src/lab/tls-servers.js');
    const { ca, leaf } = await labCertificateAuthority();
    const tls = await import('node:tls');
    const server = tls.createServer({ ...leaf, requestCert: true, rejectUnauthorized: true, ca: [ca.cert], maxVersion: 'TLSv1.2' }, (s) => s.end());
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const p = (server.address() as import('node:net').AddressInfo).port;
      const t = await tlsProbe({ address: '127.0.0.1', port: p });
      expect(t.evidence.result).toBe('client-cert-required');
      expect(t.evidence.alert).toBe('handshake failure');
    } finally {
      server.close();
    }
  });
});

describe('tls-protocol-mismatch: no common version', () => {
  it('a TLS 1.0-only server: named, with what it does speak', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('tls-protocol-mismatch') });
    expect(t.evidence.result).toBe('protocol-mismatch');
    expect(t.evidence.serverProtocol).toBe('TLSv1');
    expect(t.evidence.alert).toBe('protocol version');
    expect(t.summary).toMatch(/speaks only TLSv1 /);
    const d = diagnose([connected, t]);
    expect(d.verdict).toBe('tls-error');
    expect(d.findings).toEqual(['tls-protocol-mismatch']);
  });
});
