/**
 * The probes' loopback listener hands a probe its own connection's far end, even when something
 * else on this machine connected first (another test's full port scan of 127.0.0.1 does): the
 * slow-reader probe once waited 30 s on a stranger's silent socket.
 */
import { describe, expect, it } from 'vitest';
import { connect, listen } from '../../src/notebook/probes/loopback.js';

describe('the probes\' loopback listener', () => {
  it('peerOf(client) is that client\'s connection, not a stranger that connected first', async () => {
    const server = await listen();
    try {
      const stranger = await connect(server.host, server.port);
      await new Promise((r) => setTimeout(r, 20));
      const client = await connect(server.host, server.port);
      const peer = await server.peerOf(client);
      expect(peer.remotePort).toBe(client.localPort);
      expect(peer.remotePort).not.toBe(stranger.localPort);
      const got = new Promise<string>((resolve) => peer.once('data', (d: Buffer) => resolve(d.toString())));
      client.write('mine');
      expect(await got).toBe('mine');
      stranger.destroy();
      client.destroy();
    } finally {
      await server.close();
    }
  });

  it('waits for the client\'s connection when the accept comes after the call', async () => {
    const server = await listen();
    try {
      const client = await connect(server.host, server.port);
      const peer = await server.peerOf(client);
      expect(peer.remotePort).toBe(client.localPort);
      client.destroy();
    } finally {
      await server.close();
    }
  });
});
