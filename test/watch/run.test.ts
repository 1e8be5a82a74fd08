/**
 * runWatch against real listeners on loopback (any user): the attempts take turns on the
 * addresses, counts and findings come from real handshakes, and the signal ends the series with a
 * summary of what finished.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWatch, WatchError } from '../../src/watch/run.js';
import type { Attempt } from '../../src/series/types.js';

let server: net.Server;
let port = 0;

beforeAll(async () => {
  server = net.createServer((s) => s.on('error', () => undefined));
  // 127.0.0.1 only: the same port on 127.0.0.2 is refused.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('runWatch on loopback', () => {
  it('every attempt open: no finding, quantiles from real handshakes', async () => {
    const seen: Attempt[] = [];
    const s = await runWatch({ host: '127.0.0.1', port, ratePerSecond: 50, count: 8 }, { onAttempt: (a) => seen.push(a) });
    expect(s.attempts).toBe(8);
    expect(seen.map((a) => a.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.byVerdict).toEqual({ open: 8 });
    expect(s.findings).toEqual([]);
    expect(s.retransmitShare).toBe(0);
    expect(s.handshakeMs!.max).toBeLessThan(500);
    expect(s.interrupted).toBe(false);
  });

  it('two addresses in turn, one refusing: one-address-bad and refused-intermittent', async () => {
    const s = await runWatch({ host: 'pool', port, addresses: ['127.0.0.1', '127.0.0.2'], ratePerSecond: 50, count: 12 });
    expect(s.byAddress.map((r) => [r.address, r.byVerdict])).toEqual([
      ['127.0.0.1', { open: 6 }],
      ['127.0.0.2', { refused: 6 }],
    ]);
    expect(s.findings).toEqual(['one-address-bad', 'refused-intermittent']);
    const one = s.details.find((d) => d.id === 'one-address-bad');
    expect(one && 'address' in one ? one.address : undefined).toBe('127.0.0.2');
  });

  it('the signal ends an endless series with the attempts that finished', async () => {
    const stop = new AbortController();
    const s = await runWatch(
      { host: '127.0.0.1', port, ratePerSecond: 100 },
      { signal: stop.signal, onAttempt: (_a, sofar) => sofar.length === 5 && stop.abort() },
    );
    expect(s.interrupted).toBe(true);
    expect(s.attempts).toBeGreaterThanOrEqual(5);
    expect(s.attempts).toBeLessThan(10);
  });

  it('a name that does not resolve is a WatchError, before any attempt', async () => {
    await expect(runWatch({ host: 'no-such-name.invalid', port, count: 1 })).rejects.toBeInstanceOf(WatchError);
  });
});

describe('runWatch: what happens right after the handshake counts, as in check', () => {
  const listen = async (onConnection: (s: net.Socket) => void) => {
    const srv = net.createServer((s) => {
      s.on('error', () => undefined);
      onConnection(s);
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    return { srv, port: (srv.address() as net.AddressInfo).port };
  };

  it('a server that accepts and resets is reset every time, one that accepts and closes is closed', async () => {
    const resets = await listen((s) => s.resetAndDestroy());
    const closes = await listen((s) => s.end());
    try {
      const r = await runWatch({ host: '127.0.0.1', port: resets.port, ratePerSecond: 50, count: 10 });
      expect(r.byVerdict).toEqual({ reset: 10 });
      const c = await runWatch({ host: '127.0.0.1', port: closes.port, ratePerSecond: 50, count: 10 });
      expect(c.byVerdict).toEqual({ closed: 10 });
    } finally {
      resets.srv.close();
      closes.srv.close();
    }
  });
});
