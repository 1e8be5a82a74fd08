import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { connectAll } from '../../src/checks/connect-all.js';
import { startLoopbackServer } from '../../src/lab/servers.js';

// A listener on 127.0.0.1 only: 127.0.0.2 (also loopback) refuses the same port.
let server: net.Server;
let port = 0;
beforeAll(async () => {
  server = net.createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('connectAll: every address of a name', () => {
  it('tries every address; the chosen one is the first whose handshake completed, and only it keeps its socket', async () => {
    const asked: string[] = [];
    const { chosen, all } = await connectAll({ addresses: ['127.0.0.2', '127.0.0.1', '127.0.0.3'], port, keepOpen: true, answersPing: async (a) => (asked.push(a), true) });
    expect(all.map((s) => [s.evidence.address, s.evidence.result])).toEqual([
      ['127.0.0.2', 'refused'],
      ['127.0.0.1', 'connected'],
      ['127.0.0.3', 'refused'],
    ]);
    expect(chosen).toBe(all[1]);
    expect(chosen.socket?.destroyed).toBe(false);
    chosen.socket?.destroy();
    // Every handshake answered within the probe delay: no ping was started behind any SYN.
    expect(asked).toEqual([]);
  });

  it('when none connects, the chosen step is the last address (what a falling-back client ends with)', async () => {
    const { chosen, all } = await connectAll({ addresses: ['127.0.0.2', '127.0.0.3'], port, parallel: 1 });
    expect(all.map((s) => s.evidence.result)).toEqual(['refused', 'refused']);
    expect(chosen.evidence.address).toBe('127.0.0.3');
  });

  it('a SYN still unanswered after a moment asks whether the host answers ping; a yes shortens the budget', async () => {
    // A listener that never accepts: its full queue drops our SYN, as a firewall would.
    const full = await startLoopbackServer('accept-queue-full');
    try {
      const asked: string[] = [];
      const { chosen } = await connectAll({ addresses: ['127.0.0.1'], port: full.port, answersPing: async (a) => (asked.push(a), true) });
      expect(chosen.evidence.result).toBe('timeout');
      expect(asked).toEqual(['127.0.0.1']);
      expect(chosen.evidence.budgetMs).toBe(1300);
      const { chosen: unknown } = await connectAll({ addresses: ['127.0.0.1'], port: full.port, answersPing: async () => false });
      expect(unknown.evidence.budgetMs).toBe(3500);
    } finally {
      await full.close();
    }
  }, 15_000);
});
