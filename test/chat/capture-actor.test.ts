/**
 * The chat's capture on loopback, with real tcpdump: it listens past its own connection, so a
 * download already running is in the file, and it says what the transfers show, or that there
 * was none to judge (a capture of a handshake cannot say why a download is slow).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChatCapture } from '../../src/chat/capture-actor.js';
import { which } from '../../src/tools.js';
import { isRoot } from '../helpers/root.js';

const can = isRoot && Boolean(which('tcpdump'));
if (!can) process.stderr.write('skipped: the chat capture needs root and tcpdump\n');

describe.runIf(can)('the chat capture (root, tcpdump)', () => {
  let server: net.Server;
  let port = 0;
  beforeAll(async () => {
    // Each client that sends "GET" gets 256 KiB, then a FIN.
    server = net.createServer((s) => {
      s.on('error', () => undefined);
      s.once('data', () => s.end(Buffer.alloc(256 * 1024, 0x61)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const input = (listenMs: number) => ({ target: { host: '127.0.0.1', port }, listenMs }) as Parameters<typeof runChatCapture>[0];

  it('only its own handshake: no transfer to judge, said so', async () => {
    const r = await runChatCapture(input(300), new AbortController().signal);
    expect(r.outcome).toBe('pass');
    expect(r.transfers).toMatch(/^No data to or from 127\.0\.0\.1:\d+ passed in the \d+ s the capture ran, only handshakes/);
  });

  it('a download during the window is in the capture, and what it shows is said', async () => {
    const download = (): Promise<number> =>
      new Promise((resolve, reject) => {
        let got = 0;
        const c = net.connect(port, '127.0.0.1', () => c.write('GET'));
        c.on('data', (b) => (got += b.length));
        c.on('end', () => resolve(got));
        c.on('error', reject);
      });
    // The download starts once the capture's own connection is up (the server counts connections).
    const started = new Promise<number>((resolve) => server.once('connection', () => resolve(download())));
    // 3 s of listening: the 256 KiB took longer than 1.5 s to pass on a machine at load 10.
    const r = await runChatCapture(input(3000), new AbortController().signal);
    expect(await started).toBe(256 * 1024);
    // The download's own 256 KiB (and the one request line) is all the data there was.
    expect(r.transfers).toMatch(/^1 conversation carried 256 KiB in the \d+ s the capture ran/);
  });
});
