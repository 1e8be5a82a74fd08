import { describe, it, expect } from 'vitest';
import net from 'node:net';
import tls from 'node:tls';
import { startLoopbackServer } from '../../src/lab/servers.js';

/** What a raw client sees: the first event after connect() (a plain probe, not the product's check). */
function probe(port: number, host = '127.0.0.1', waitMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    let connected = false;
    const done = (what: string) => {
      s.destroy();
      resolve(what);
    };
    s.on('connect', () => {
      connected = true;
      s.write('hello');
    });
    s.on('data', (d) => done(`data:${d.toString().trim().slice(0, 21)}`));
    s.on('end', () => done('fin'));
    s.on('error', (e: NodeJS.ErrnoException) => done(connected ? `after-connect:${e.code}` : (e.code ?? 'error')));
    setTimeout(() => done(connected ? 'open-silent' : 'no-answer'), waitMs);
  });
}

describe('loopback behaviour servers', () => {
  it.each([
    ['open', 'open-silent'],
    ['refused', 'ECONNREFUSED'],
    // On loopback the RST lands before Node reports the connect: ECONNRESET at connect time.
    ['reset-after-connect', 'ECONNRESET'],
    ['closed-after-connect', 'fin'],
    ['banner', 'data:SSH-2.0-OpenSSH_9.2p1'],
    ['tls-delayed-reset', 'after-connect:ECONNRESET'],
  ] as const)('%s behaves as %s', async (behaviour, expected) => {
    const server = await startLoopbackServer(behaviour);
    try {
      expect(await probe(server.port)).toBe(expected);
    } finally {
      await server.close();
    }
  });

  it('accept-queue-full drops new SYNs (no answer)', async () => {
    const server = await startLoopbackServer('accept-queue-full');
    try {
      expect(await probe(server.port, '127.0.0.1', 1500)).toBe('no-answer');
    } finally {
      await server.close();
    }
  });

  it('localhost-only refuses another loopback address', async () => {
    const server = await startLoopbackServer('localhost-only');
    try {
      expect(await probe(server.port, '127.0.0.1')).toBe('open-silent');
      expect(await probe(server.port, '127.0.0.2')).toBe('ECONNREFUSED');
    } finally {
      await server.close();
    }
  });

  it('tls completes a handshake with a self-signed certificate', async () => {
    const server = await startLoopbackServer('tls');
    try {
      const subject = await new Promise<string>((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', port: server.port, rejectUnauthorized: false, servername: 'localhost' }, () => {
          resolve(String(s.getPeerCertificate().subject.CN));
          s.destroy();
        });
        s.on('error', reject);
      });
      expect(subject).toBe('tcpsleuth-lab.localhost');
    } finally {
      await server.close();
    }
  });
});
