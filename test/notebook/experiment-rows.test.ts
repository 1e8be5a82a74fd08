/**
 * The experiment's kernel watcher finds our socket in the real socket table, also when it is a
 * dual-stack IPv6 socket whose IPv4 peer the kernel shows as ::ffff:127.0.0.1.
 */
import { describe, it, expect } from 'vitest';
import net from 'node:net';
import { readProcSockets } from '../../src/checks/kernel.js';
import { clientRow, serverRow } from '../../src/notebook/experiment.js';

const linux = process.platform === 'linux';

async function withConnection(connectHost: string, fn: (port: number, localPort: number) => Promise<void>): Promise<void> {
  const server = net.createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((r) => server.listen({ host: '::', port: 0, ipv6Only: false }, () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect({ host: connectHost, port });
  await new Promise<void>((r, j) => client.once('connect', () => r()).once('error', j));
  try {
    await fn(port, client.localPort!);
  } finally {
    client.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

describe.skipIf(!linux)('experiment socket rows (Linux /proc/net/tcp*)', () => {
  it('finds a dual-stack client socket (peer ::ffff:127.0.0.1) when the target is 127.0.0.1', async () => {
    await withConnection('::ffff:127.0.0.1', async (port, localPort) => {
      const rows = await readProcSockets();
      const mapped = rows.find((r) => r.remotePort === port && r.localPort === localPort);
      expect(mapped?.remoteAddress).toBe('::ffff:127.0.0.1');
      expect(clientRow(rows, '127.0.0.1', port)?.localPort).toBe(localPort);
      expect(serverRow(rows, port)?.remotePort).toBe(localPort);
    });
  });

  it('finds a plain IPv4 client socket, and skips ports it is told to skip', async () => {
    await withConnection('127.0.0.1', async (port, localPort) => {
      const rows = await readProcSockets();
      expect(clientRow(rows, '127.0.0.1', port)?.state).toBe('ESTABLISHED');
      expect(clientRow(rows, '127.0.0.1', port, new Set([localPort]))).toBeUndefined();
      expect(clientRow(rows, '127.0.0.2', port)).toBeUndefined();
    });
  });
});
