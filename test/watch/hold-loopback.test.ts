/**
 * holdCheck on loopback (any user): nothing on the path forgets a flow, so every held connection's
 * keepalive probe is answered, seen in the kernel's own socket table; a port nobody listens on
 * gives not-connected, not a timeout.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdCheck, type HoldProgress } from '../../src/checks/hold.js';

let server: net.Server;
let port = 0;

beforeAll(async () => {
  server = net.createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(process.platform !== 'linux')('holdCheck on loopback', () => {
  it('every rung answered: alive up to the longest idle, each probe seen going out on time', async () => {
    const seen: HoldProgress[] = [];
    const e = await holdCheck({ address: '127.0.0.1', port, durationMs: 3_000 }, { onProgress: (p) => seen.push(p) });
    expect(e.outcome).toBe('alive');
    expect(e.probes.map((p) => [p.idleMs, p.outcome])).toEqual([
      [1000, 'alive'],
      [2000, 'alive'],
      [3000, 'alive'],
    ]);
    for (const p of e.probes) expect(Math.abs(p.probedIdleMs! - p.idleMs)).toBeLessThan(400);
    expect(e.aliveUpToMs).toBeGreaterThan(2_700);
    expect(e.idleTimeoutMs).toBeUndefined();
    expect(seen.length).toBeGreaterThan(3);
  });

  it('nobody listening: not-connected, at once', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await holdCheck({ address: '127.0.0.1', port: free, durationMs: 30_000 });
    expect(e.outcome).toBe('not-connected');
    expect(e.reason).toMatch(/no connection/);
    expect(e.elapsedMs).toBeLessThan(5_000);
  });

  it('the signal stops it and closes every held connection', async () => {
    const stop = new AbortController();
    const run = holdCheck({ address: '127.0.0.1', port, durationMs: 20_000 }, { signal: stop.signal, onProgress: (p) => p.probes.length && stop.abort() });
    const t0 = performance.now();
    await expect(run).rejects.toThrow();
    expect(performance.now() - t0).toBeLessThan(1_000);
    const open = () => new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n)));
    // The server sees the FINs a moment later (bounded wait).
    for (let i = 0; i < 40 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await open()).toBe(0);
  });
});
