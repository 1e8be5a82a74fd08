/**
 * `tcpsleuth watch` in a real terminal (tmux, the built CLI) against a loopback listener: the live
 * screen redraws in place, Ctrl-C ends the series with its summary and exit 130, the terminal is
 * left as it was and nothing keeps running.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, processesWithMarker, startTerminal } from '../e2e/tmux.js';

if (!hasTmux) process.stderr.write('skipped: the watch terminal test needs tmux (apt install tmux)\n');

let server: net.Server;
let port = 0;

beforeAll(async () => {
  server = net.createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(!hasTmux)('watch in a terminal', () => {
  it('draws the live screen, and Ctrl-C prints the summary and exits 130', async () => {
    const t = startTerminal(['watch', `127.0.0.1:${port}`, '--rate', '20']);
    try {
      const live = await t.waitFor((s) => /handshakes +\S{5,}/.test(s) && /Ctrl-C ends with the summary/.test(s));
      expect(live).toMatch(/failed +0% +open \d+ \(100%\)/);
      expect(live).toMatch(/SYN resent +0% of handshakes/);
      // Redrawn in place: one header, however many redraws there were.
      expect(live.match(/^watch 127\.0\.0\.1:\d+: \d+ attempts/gm)).toHaveLength(1);
      t.keys('C-c');
      expect(await t.exitCode()).toBe(130);
      const end = t.screen();
      expect(end).toMatch(/stopped by Ctrl-C/);
      expect(end).toMatch(/verdicts +open \d+/);
      expect(end).toMatch(/no finding: every attempt was open/);
      expect(end).not.toMatch(/Ctrl-C ends with the summary/);
      expect(t.cooked()).toBe(true);
      expect(processesWithMarker(t.marker)).toEqual([]);
    } finally {
      t.kill();
    }
  });
});
