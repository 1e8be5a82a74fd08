/**
 * Servers for the scenarios the notebook adds to the lab's loopback catalogue. Loopback only.
 */
import net from 'node:net';
import tls from 'node:tls';

/**
 * A TLS server with a self-signed certificate for the `tls` experiment. Not servers.ts's `tls`
 * behaviour: bundled with code splitting, `import('selfsigned')` yields only a default export
 * there, so its `generate` is undefined in dist/cli.js. This one accepts either shape.
 */
export async function startSelfSignedTlsServer(): Promise<{ host: string; port: number; close(): Promise<void> }> {
  const mod = (await import('selfsigned')) as unknown as { generate?: Generate; default?: { generate?: Generate } };
  const generate = mod.generate ?? mod.default?.generate;
  if (!generate) throw new Error('the selfsigned package has no generate()');
  const pems = await generate([{ name: 'commonName', value: 'tcpsleuth-lab.localhost' }], {
    keySize: 2048,
    days: 30,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: pems.private, cert: pems.cert }, (s) => {
    s.on('error', () => undefined);
    s.end();
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    host: '127.0.0.1',
    port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

type Generate = (attrs: { name: string; value: string }[], opts: Record<string, unknown>) => Promise<{ private: string; cert: string }>;
