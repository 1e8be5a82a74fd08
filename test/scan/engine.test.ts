/** The engine against real loopback listeners: no mocks, no root. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLoopbackServer, type RunningServer } from '../../src/lab/servers.js';
import { deduceAdminProhibited, scanPorts } from '../../src/scan/engine.js';
import { classifyConnectError, probeBackend } from '../../src/scan/probe.js';
import type { PortResult, ScanProgress } from '../../src/scan/types.js';

let open: RunningServer[] = [];
let refused: RunningServer[] = [];

beforeAll(async () => {
  open = await Promise.all([startLoopbackServer('open'), startLoopbackServer('banner'), startLoopbackServer('reset-after-connect')]);
  refused = await Promise.all([startLoopbackServer('refused'), startLoopbackServer('refused')]);
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

const byPort = (ports: PortResult[]) => new Map(ports.map((p) => [p.port, p]));

describe('scanPorts on loopback', () => {
  it('reports listeners open (syn-ack) and free ports closed (conn-refused), with RTTs', async () => {
    const ports = [...open.map((s) => s.port), ...refused.map((s) => s.port)];
    const seen: PortResult[] = [];
    const r = await scanPorts('127.0.0.1', ports, { parallel: 64, onResult: (p) => seen.push(p) });
    const m = byPort(r.ports);
    for (const s of open) expect(m.get(s.port)).toMatchObject({ state: 'open', reason: 'syn-ack', attempts: 1 });
    for (const s of refused) expect(m.get(s.port)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
    for (const p of r.ports) expect(p.rttMs).toBeGreaterThanOrEqual(0);
    expect(r.ports.map((p) => p.port)).toEqual([...ports].sort((a, b) => a - b));
    expect(seen).toHaveLength(ports.length);
    expect(r.timing.srttMs).toBeDefined();
  });

  it('never holds more sockets than allowed, and still finishes every port', async () => {
    // A listener whose accept queue is full drops SYNs: its probe stays in flight for about a
    // second, so progress is seen mid-scan however fast the refused ports go (or how busy the CPU is).
    const silent = await startLoopbackServer('accept-queue-full');
    const ports = [...Array.from({ length: 299 }, (_, i) => 40000 + i).filter((p) => p !== silent.port), silent.port];
    let maxInFlight = 0;
    const r = await scanPorts('127.0.0.1', ports, {
      parallel: 7,
      progressEveryMs: 0,
      onProgress: (p: ScanProgress) => (maxInFlight = Math.max(maxInFlight, p.inFlight)),
    });
    await silent.close();
    expect(r.ports).toHaveLength(ports.length);
    expect(r.parallelism).toBe(7);
    expect(maxInFlight).toBeGreaterThan(0);
    expect(maxInFlight).toBeLessThanOrEqual(7);
  });

  it('handles of refused ports are reused for the next ports, and closed when the scan ends', async () => {
    const { readdirSync } = await import('node:fs');
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    // Two thousand mostly free ports first, then the listeners: those are probed on reused handles.
    const listening = new Set(open.map((s) => s.port));
    const range = Array.from({ length: 2000 }, (_, i) => 45000 + i).filter((p) => !listening.has(p));
    const r = await scanPorts('127.0.0.1', [...range, ...listening], { parallel: 8 });
    const m = byPort(r.ports);
    for (const s of open) expect(m.get(s.port)).toMatchObject({ state: 'open', reason: 'syn-ack' });
    // Every free port still comes out refused: none lost to a reused socket (other users' listeners aside).
    expect(r.ports.filter((p) => p.reason === 'conn-refused').length).toBeGreaterThan(range.length - 20);
    // Other test files run at the same time: a listener of theirs with a full accept queue in this range drops SYNs.
    expect(r.ports.filter((p) => !['conn-refused', 'syn-ack'].includes(p.reason)).length).toBeLessThanOrEqual(5);
    await new Promise((done) => setTimeout(done, 50));
    expect(fds()).toBeLessThanOrEqual(before + 2);
  });

  it('with --rate, scans the same ports to the same states', async () => {
    const ports = [open[0].port, refused[0].port];
    const r = await scanPorts('127.0.0.1', ports, { rate: 20 });
    expect(byPort(r.ports).get(open[0].port)?.state).toBe('open');
    expect(byPort(r.ports).get(refused[0].port)?.state).toBe('closed');
  });

  it('calls a port whose SYNs the kernel drops (full accept queue) filtered after the late re-probe', async () => {
    const full = await startLoopbackServer('accept-queue-full');
    try {
      const r = await scanPorts('127.0.0.1', [full.port, refused[0].port, open[0].port], { parallel: 16 });
      const p = byPort(r.ports).get(full.port)!;
      expect(p).toMatchObject({ state: 'filtered', reason: 'no-response', rttMs: null, attempts: 2 });
      expect(r.timing.reprobeTimeoutMs).toBeGreaterThan(1000);
    } finally {
      await full.close();
    }
  });

  it('re-probes a silent port while its first probe keeps waiting (two SYNs in flight for one port)', async () => {
    const full = await startLoopbackServer('accept-queue-full');
    try {
      let maxInFlight = 0;
      let sawSilent = false;
      const r = await scanPorts('127.0.0.1', [full.port], {
        progressEveryMs: 0,
        onProgress: (p) => {
          maxInFlight = Math.max(maxInFlight, p.inFlight);
          sawSilent ||= p.reprobing === 1;
        },
      });
      expect(sawSilent).toBe(true);
      expect(maxInFlight).toBe(2);
      expect(r.ports[0]).toMatchObject({ state: 'filtered', reason: 'no-response', attempts: 2 });
    } finally {
      await full.close();
    }
  });

  it('stops when the signal aborts, and rejects with its reason', async () => {
    const full = await startLoopbackServer('accept-queue-full');
    try {
      const ac = new AbortController();
      const p = scanPorts('127.0.0.1', [full.port], { signal: ac.signal });
      setTimeout(() => ac.abort(new Error('stop now')), 50);
      await expect(p).rejects.toThrow('stop now');
    } finally {
      await full.close();
    }
  });

  it('scans IPv6 loopback too', async (ctx) => {
    const s6 = await startLoopbackServer('open', { host: '::1' }).catch(() => undefined);
    if (!s6) return ctx.skip(); // no IPv6 on this machine: reported as skipped, not passed
    try {
      const r = await scanPorts('::1', [s6.port]);
      expect(r.ports[0]).toMatchObject({ port: s6.port, state: 'open', reason: 'syn-ack' });
    } finally {
      await s6.close();
    }
  });

  it('default backend is the tcp_wrap handle; plain net.Socket (TCPSLEUTH_SCAN_SOCKETS=net) gives the same answers', async () => {
    // The other tests ran on the default backend: make sure that was the tcp_wrap fast path, so
    // both backends are covered (if a Node release drops the binding, this says so).
    expect(probeBackend(), 'default backend on this Node').toBe('handle');
    process.env.TCPSLEUTH_SCAN_SOCKETS = 'net';
    vi.resetModules();
    try {
      const fresh = await import('../../src/scan/engine.js');
      const probe = await import('../../src/scan/probe.js');
      expect(probe.probeBackend()).toBe('net');
      const r = await fresh.scanPorts('127.0.0.1', [open[0].port, refused[0].port]);
      expect(byPort(r.ports).get(open[0].port)?.state).toBe('open');
      expect(byPort(r.ports).get(refused[0].port)?.state).toBe('closed');
    } finally {
      delete process.env.TCPSLEUTH_SCAN_SOCKETS;
    }
  });
});

describe('reasons from errors', () => {
  it('maps connect() errors to states and reasons', () => {
    expect(classifyConnectError('ECONNREFUSED')).toEqual({ state: 'closed', reason: 'conn-refused' });
    expect(classifyConnectError('EHOSTUNREACH')).toEqual({ state: 'filtered', reason: 'host-unreach' });
    expect(classifyConnectError('ENETUNREACH')).toEqual({ state: 'filtered', reason: 'net-unreach' });
    expect(classifyConnectError('EPERM')).toEqual({ state: 'filtered', reason: 'local-firewall' });
    expect(classifyConnectError('EACCES')).toEqual({ state: 'filtered', reason: 'admin-prohibited' });
    expect(classifyConnectError('ECONNRESET')).toEqual({ state: 'open', reason: 'syn-ack' });
    expect(classifyConnectError('EMFILE')).toBe('retry-later');
    expect(classifyConnectError('EWHATEVER')).toEqual({ state: 'filtered', reason: 'local-error' });
  });

  it('calls host-unreach admin-prohibited only when the same host answered other ports', () => {
    const hu: PortResult = { port: 1, state: 'filtered', reason: 'host-unreach', rttMs: 1, attempts: 1 };
    const rst: PortResult = { port: 2, state: 'closed', reason: 'conn-refused', rttMs: 1, attempts: 1 };
    expect(deduceAdminProhibited([hu])[0].reason).toBe('host-unreach');
    expect(deduceAdminProhibited([hu, rst])[0].reason).toBe('admin-prohibited');
  });
});

describe('local limits', () => {
  it('scans each port once even when the caller repeats some', async () => {
    const s = await startLoopbackServer('open');
    try {
      const r = await scanPorts('127.0.0.1', [s.port, s.port, s.port]);
      expect(r.ports).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});
