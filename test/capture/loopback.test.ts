import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import net from 'node:net';
import { startCapture, captureDuring, CAPTURE_FIX } from '../../src/checks/capture.js';
import { startLoopbackServer } from '../../src/lab/servers.js';
import { isRoot } from '../helpers/root.js';
import { captureFindings } from '../../src/diagnosis/capture-findings.js';
import { bundleRunner, exitOf, processesMentioning, startRunner, waitGone } from './helpers.js';

if (!isRoot) process.stderr.write('skipped: tcpdump capture tests need root (run the tests as root)\n');

/** Connects, optionally sends a TLS-looking first record, resolves with what happened. */
function connect(port: number, send?: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      if (send) s.write(send);
      else setTimeout(() => s.end(), 50);
    });
    const timer = setTimeout(() => {
      s.destroy();
      resolve('timeout');
    }, 5000);
    s.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e.code ?? 'error');
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

const HELLO = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x03]);

describe.skipIf(!isRoot)('capture on loopback with the real tcpdump', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a reset after the ClientHello: outcome reset, finding reset-during-tls, tcpdump gone', async () => {
    const srv = await startLoopbackServer('tls-delayed-reset', { stallMs: 150 });
    try {
      const ev = await captureDuring({ address: '127.0.0.1', port: srv.port }, () => connect(srv.port, HELLO));
      expect(ev.outcome).toBe('pass');
      const file = ev.evidence.file!;
      dirs.push(dirname(file));
      expect(existsSync(file)).toBe(true);
      expect(ev.evidence.iface).toBe('lo');
      expect(ev.command).toContain(`tcpdump -i lo`);
      const c = ev.evidence.conversations.find((x) => x.handshakeSeen);
      expect(c?.outcome).toBe('reset');
      expect(c?.rst).toMatchObject({ from: 'server', duringTls: true, afterBytes: { client: HELLO.length, server: 0 } });
      expect(c?.rst?.afterHandshakeMs).toBeGreaterThanOrEqual(100);
      expect(captureFindings(ev.evidence.conversations).map((f) => f.id)).toContain('reset-during-tls');
      expect(ev.evidence.diagram).toMatch(/◀─+ \[R\.\] ttl 64 ─+│/);
      expect(ev.evidence.diagram).toMatch(/no TLS ServerHello/);
      expect(await waitGone(file)).toEqual([]);
    } finally {
      await srv.close();
    }
  });

  it('nothing listening: the SYN answered by RST is refused', async () => {
    const srv = await startLoopbackServer('refused');
    const ev = await captureDuring({ address: '127.0.0.1', port: srv.port }, () => connect(srv.port));
    dirs.push(dirname(ev.evidence.file!));
    expect(ev.outcome).toBe('pass');
    expect(ev.evidence.conversations.map((c) => c.outcome)).toEqual(['refused']);
    expect(ev.evidence.conversations[0].rst?.from).toBe('server');
    expect(captureFindings(ev.evidence.conversations)).toEqual([]);
    expect(await waitGone(ev.evidence.file!)).toEqual([]);
  });

  it('an aborted check stops tcpdump', async () => {
    const ac = new AbortController();
    const s = await startCapture({ address: '127.0.0.1', port: 9 }, { signal: ac.signal });
    expect(s.running).toBe(true);
    dirs.push(dirname(s.file!));
    expect(processesMentioning(s.file!).length).toBeGreaterThan(0);
    ac.abort();
    expect(await waitGone(s.file!)).toEqual([]);
    // stop() after the abort still analyses what was written.
    expect((await s.stop()).outcome).toBe('pass');
  });

  it('a failing check (the step throws) still stops tcpdump', async () => {
    let file = '';
    await expect(
      captureDuring({ address: '127.0.0.1', port: 9 }, async () => {
        file = processesMentioning('tcpsleuth-127.0.0.1-9-').length ? 'running' : '';
        throw new Error('connect blew up');
      }),
    ).rejects.toThrow('connect blew up');
    expect(file).toBe('running');
    expect(await waitGone('tcpsleuth-127.0.0.1-9-')).toEqual([]);
  });
});

describe.skipIf(!isRoot)('tcpdump is stopped when the process is interrupted, and explained when unusable', () => {
  let runner = '';
  beforeAll(async () => {
    runner = await bundleRunner();
  });
  afterAll(() => {
    if (runner) rmSync(dirname(runner), { recursive: true, force: true });
  });

  for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${sig}: exit ${code} and no tcpdump left`, async () => {
      const { child, file } = await startRunner(runner, ['127.0.0.1', '9', 'wait']);
      expect(file).toBeDefined();
      expect(processesMentioning(file!).length).toBeGreaterThan(0);
      child.kill(sig);
      expect(await exitOf(child)).toBe(code);
      expect(await waitGone(file!)).toEqual([]);
      rmSync(dirname(file!), { recursive: true, force: true });
    });
  }

  it('not permitted (an unprivileged user): unavailable, with sudo/setcap as the fix', async () => {
    const { child, output } = await startRunner(runner, ['127.0.0.1', '9', 'stop'], ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
    await exitOf(child);
    const ev = JSON.parse(output.trim().split('\n').pop()!);
    expect(ev).toMatchObject({ id: 'capture', outcome: 'unavailable', fix: CAPTURE_FIX });
    expect(ev.reason).toMatch(/permission|not permitted/i);
    expect(ev.summary).toMatch(/goes on without it/);
  });

  it('tcpdump missing: unavailable, naming the package', async () => {
    const child = (await import('node:child_process')).spawn(process.execPath, [runner, '127.0.0.1', '9', 'stop'], { env: { PATH: '/nonexistent' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await exitOf(child);
    const ev = JSON.parse(out.trim());
    expect(ev).toMatchObject({ outcome: 'unavailable', reason: 'tcpdump is not installed' });
    expect(ev.fix).toMatch(/apt-get install tcpdump/);
  });
});
