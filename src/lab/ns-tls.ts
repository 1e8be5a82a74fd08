/**
 * A TLS server inside a lab namespace, with a certificate chain big enough that the server's first
 * flight (ServerHello … Certificate … Finished) fills full-size TCP segments: what a path MTU
 * blackhole swallows. The key and chain reach the child through its environment, never argv.
 */
import type { ChildProcess } from 'node:child_process';
import { startTool } from '../tools.js';
import { certGenerator, type Generate } from './cert-generator.js';
import { startedWhen } from './netns.js';

let chain: Promise<{ key: string; cert: string; ca: string }> | undefined;

/** An RSA leaf for the lab's server addresses, issued by an RSA lab CA; the chain is sent with both (≈2 kB). */
export function bigChain(): Promise<{ key: string; cert: string; ca: string }> {
  chain ??= (async () => {
    const generate = await certGenerator();
    const o = (x: object) => x as Parameters<Generate>[1];
    const ca = await generate([{ name: 'commonName', value: 'tcpsleuth lab VPN CA' }], o({
      keySize: 2048,
      algorithm: 'sha256',
      days: 30,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    }));
    const leaf = await generate([{ name: 'commonName', value: 'intranet.tsl-lab.test' }], o({
      keySize: 2048,
      algorithm: 'sha256',
      days: 30,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'intranet.tsl-lab.test' }, { type: 7, ip: '198.19.0.2' }, { type: 7, ip: 'fd00:19::2' }] }],
    }));
    return { key: leaf.private, cert: `${leaf.cert.trim()}\n${ca.cert.trim()}\n`, ca: ca.cert };
  })();
  return chain;
}

/** Starts a TLS listener (the big chain) on `port` inside `ns`; resolves once it listens. */
export async function nsTlsListen(ns: string, port: number): Promise<ChildProcess> {
  const { key, cert } = await bigChain();
  const script = `
    const tls = require('node:tls');
    const [port] = process.argv.slice(1);
    const server = tls.createServer({ key: process.env.TSL_TLS_KEY, cert: process.env.TSL_TLS_CERT }, (s) => {
      s.on('error', () => {});
      s.end('HTTP/1.1 200 OK\\r\\ncontent-length: 0\\r\\n\\r\\n');
    });
    server.on('tlsClientError', () => {});
    server.listen({ port: Number(port), host: '::', ipv6Only: false }, () => process.stdout.write('listening\\n'));
    setTimeout(() => process.exit(0), 3600e3).unref();
  `;
  // The namespace name rides along as an unused argument so leftovers are findable in /proc/*/cmdline.
  const child = startTool('ip', ['netns', 'exec', ns, process.execPath, '-e', script, String(port), ns], {
    env: { PATH: process.env.PATH, TSL_TLS_KEY: key, TSL_TLS_CERT: cert },
  });
  return startedWhen(child, 'listening', `TLS listener in ${ns}`);
}
