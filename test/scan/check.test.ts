/** The guide's scan step against real loopback listeners. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type RunningServer } from '../../src/lab/servers.js';
import { guideScanPorts, scanCheck } from '../../src/checks/scan.js';
import type { Progress } from '../../src/evidence.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startLoopbackServer('open');
});
afterAll(async () => {
  await server.close();
});

describe('scanCheck', () => {
  it('scans the target port, its neighbours and the common ports; pass when the target is open', async () => {
    const progress: Progress[] = [];
    const ev = await scanCheck({ host: 'localhost', address: '127.0.0.1', targetPort: server.port }, { onProgress: (p) => progress.push(p) });
    expect(ev.id).toBe('scan');
    expect(ev.outcome).toBe('pass');
    expect(ev.evidence.target).toMatchObject({ state: 'open', reason: 'syn-ack' });
    const scanned = ev.evidence.ports.map((p) => p.port);
    expect(scanned).toEqual(expect.arrayContaining([server.port - 1, server.port + 1, 80, 443, 22]));
    expect(ev.summary).toContain(`port ${server.port} open`);
    expect(ev.command).toMatch(/^nmap -sT -Pn -p \S+ 127\.0\.0\.1$/);
    expect(progress.at(-1)?.step).toBe('scan');
  });

  it('fails when the target port is closed, and says so', async () => {
    const refused = await startLoopbackServer('refused');
    const ev = await scanCheck({ host: 'localhost', address: '127.0.0.1', ports: [refused.port, server.port], targetPort: refused.port });
    expect(ev.outcome).toBe('fail');
    expect(ev.reason).toBe(`port ${refused.port} is closed (conn-refused)`);
    expect(ev.evidence.filtering).toBe('none');
  });

  it('stops when aborted', async () => {
    const full = await startLoopbackServer('accept-queue-full');
    try {
      const ac = new AbortController();
      const run = scanCheck({ host: 'localhost', address: '127.0.0.1', ports: [full.port] }, { signal: ac.signal });
      setTimeout(() => ac.abort(new Error('left the state')), 50);
      await expect(run).rejects.toThrow('left the state');
    } finally {
      await full.close();
    }
  });

  it('keeps the guide default small and valid at the edges', () => {
    expect(guideScanPorts(1).slice(0, 3)).toEqual([1, 2, 3]);
    expect(guideScanPorts(65535)).toContain(65533);
    expect(guideScanPorts(65535).every((p) => p <= 65535)).toBe(true);
    expect(guideScanPorts().length).toBe(20);
  });
});
