/**
 * Loopback servers for the TLS failures people meet behind load balancers: a port that answers in
 * plain text, a certificate for another name, a server that wants a client certificate, a server
 * that speaks only TLS 1.0, and a server whose certificate comes from the lab's own CA (for
 * `check --ca`). Certificates are made once per process with `selfsigned` (no openssl needed).
 */
import net from 'node:net';
import tls from 'node:tls';
import { certGenerator, type Generate } from './cert-generator.js';
import { selfSignedCert } from './servers.js';


/** The name the lab's CA-signed certificate is for, besides localhost and 127.0.0.1. */
export const LAB_TLS_NAME = 'db.tsl-lab.test';

interface Pem {
  key: string;
  cert: string;
}

let labCa: Promise<{ ca: Pem; leaf: Pem }> | undefined;

/**
 * The lab's internal CA and a certificate it issued for `db.tsl-lab.test`, localhost and 127.0.0.1:
 * trusted by nobody until a check is told `--ca` with the CA's certificate.
 */
export function labCertificateAuthority(): Promise<{ ca: Pem; leaf: Pem }> {
  labCa ??= (async () => {
    const generate = await certGenerator();
    const opts = (o: object) => o as Parameters<Generate>[1];
    const ca = await generate([{ name: 'commonName', value: 'tcpsleuth lab internal CA' }], opts({
      keyType: 'ec',
      algorithm: 'sha256',
      days: 30,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    }));
    const leaf = await generate([{ name: 'commonName', value: LAB_TLS_NAME }], opts({
      keyType: 'ec',
      algorithm: 'sha256',
      days: 30,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: LAB_TLS_NAME }, { type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    }));
    return { ca: { key: ca.private, cert: ca.cert }, leaf: { key: leaf.private, cert: leaf.cert } };
  })();
  return labCa;
}

let otherName: Promise<Pem> | undefined;

/** A self-signed certificate for `www.other-site.test` only: neither localhost nor 127.0.0.1. */
export function otherNameCert(): Promise<Pem> {
  otherName ??= (async () => {
    const generate = await certGenerator();
    const pems = await generate([{ name: 'commonName', value: 'www.other-site.test' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      days: 30,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'www.other-site.test' }] }],
    } as Parameters<Generate>[1]);
    return { key: pems.private, cert: pems.cert };
  })();
  return otherName;
}

export type TlsFaultBehaviour = 'tls-not-tls' | 'tls-name-mismatch' | 'tls-client-cert-required' | 'tls-protocol-mismatch' | 'tls-internal-ca';

/** What each server does, in words. */
export const TLS_FAULT_DOES: Record<TlsFaultBehaviour, string> = {
  'tls-not-tls': 'a plain HTTP server: it reads the ClientHello as a bad request and answers "HTTP/1.1 400 Bad Request"',
  'tls-name-mismatch': 'a TLS server whose self-signed certificate is for www.other-site.test only',
  'tls-client-cert-required': 'a TLS server (its own CA) that requires a client certificate signed by that CA',
  'tls-protocol-mismatch': 'a TLS server that speaks only TLS 1.0 (OpenSSL security level 0, as an old appliance would)',
  'tls-internal-ca': `a TLS server with a certificate for ${LAB_TLS_NAME} issued by the lab's internal CA`,
};

/** Starts the server for `behaviour` on `host` (port 0: a free one); returns its port and a closer. */
export async function startTlsFaultServer(behaviour: TlsFaultBehaviour, host: string, port = 0): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  const keepQuiet = (s: net.Socket) => s.on('error', () => undefined);
  if (behaviour === 'tls-not-tls') {
    server = net.createServer((s) => {
      keepQuiet(s);
      s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    });
  } else {
    const opts = await tlsOptions(behaviour);
    const t = tls.createServer(opts, (s) => {
      keepQuiet(s);
      s.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
    });
    t.on('tlsClientError', () => undefined);
    server = t;
  }
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function tlsOptions(behaviour: Exclude<TlsFaultBehaviour, 'tls-not-tls'>): Promise<tls.TlsOptions> {
  switch (behaviour) {
    case 'tls-name-mismatch':
      return { ...(await otherNameCert()) };
    case 'tls-client-cert-required': {
      const { ca, leaf } = await labCertificateAuthority();
      return { ...leaf, requestCert: true, rejectUnauthorized: true, ca: [ca.cert] };
    }
    case 'tls-protocol-mismatch':
      // OpenSSL 3 refuses TLS 1.0 at its default security level; an old appliance is configured like this.
      return { ...(await selfSignedCert()), minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0' };
    case 'tls-internal-ca':
      return { ...(await labCertificateAuthority()).leaf };
  }
}
