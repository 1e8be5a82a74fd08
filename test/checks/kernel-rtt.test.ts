import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { kernelRttMs, parseSsRtt } from '../../src/checks/kernel-rtt.js';
import { summarize, type ConnectEvidence } from '../../src/checks/connect.js';
import { formatRttMs } from '../../src/duration.js';
import { useLoopbackServers } from '../helpers/loopback.js';

const portOf = useLoopbackServers(['open']);

describe("the kernel's round trip for a connected socket", () => {
  it('reads srtt out of an ss -ti line, and nothing out of a line without one', () => {
    expect(parseSsRtt('\t cubic wscale:7,7 rto:201 rtt:0.043/0.021 ato:40 mss:32768')).toBe(0.043);
    expect(parseSsRtt('\t cubic wscale:7,7 rto:204 rtt:3.5/1.75 mss:1448')).toBe(3.5);
    expect(parseSsRtt('\t cubic wscale:7,7 rto:1000 mss:524')).toBeUndefined();
  });

  it("on loopback, is the network's time: below connect()'s own clock, which adds this program's delays", async () => {
    const started = performance.now();
    const socket = net.connect(portOf('open'), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const connectMs = performance.now() - started;
    const rtt = await kernelRttMs(socket);
    socket.destroy();
    expect(rtt).toBeGreaterThan(0);
    expect(rtt!).toBeLessThan(connectMs);
  });

  it('is undefined for a socket that is gone', async () => {
    const socket = net.connect(portOf('open'), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.destroy();
    expect(await kernelRttMs(socket)).toBeUndefined();
  });

  it("the connect line names both clocks when the kernel's is known, and connect()'s alone otherwise", () => {
    const e: ConnectEvidence = { address: '127.0.0.1', port: 8080, family: 4, result: 'connected', handshakeMs: 72.8, budgetMs: 3000 };
    expect(summarize(e)).toBe('127.0.0.1:8080: handshake completed; connect() returned after 72.8 ms');
    expect(summarize({ ...e, kernelRttUs: 31 })).toBe("127.0.0.1:8080: handshake completed, round trip 0.031 ms by the kernel's clock (connect() returned after 72.8 ms)");
    expect(formatRttMs(0.5)).toBe('0.5 ms');
    expect(formatRttMs(12.34)).toBe('12 ms');
  });
});
