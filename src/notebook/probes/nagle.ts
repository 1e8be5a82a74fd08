/**
 * `nagle-write-write-read`: request/response rounds on loopback where each 16-byte request goes
 * out in two 8-byte writes and the server answers only once it has the whole request. With
 * Nagle on, the second write waits for the ACK of the first, and the server's kernel delays that
 * ACK (it expects to send it with the answer): about 40 ms a round on Linux. With TCP_NODELAY
 * the same rounds take microseconds.
 */
import type net from 'node:net';
import type { ProbeMeasurement } from './catalogue.js';
import { connect, elapsedMs, listen } from './loopback.js';
import { median } from './proc-timers.js';

const ROUNDS = 20;
const HALF = 8;

/** Times `ROUNDS` write-write-read rounds on one connection. */
async function rounds(host: string, port: number, noDelay: boolean, signal?: AbortSignal): Promise<number[]> {
  const socket = await connect(host, port, { noDelay, signal });
  try {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      signal?.throwIfAborted();
      const t0 = process.hrtime.bigint();
      const answered = readBytes(socket, HALF, 5000);
      socket.write('H'.repeat(HALF));
      socket.write('B'.repeat(HALF));
      await answered;
      times.push(elapsedMs(t0));
    }
    return times;
  } finally {
    socket.destroy();
  }
}

function readBytes(socket: net.Socket, n: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const onData = (d: Buffer) => {
      got += d.length;
      if (got >= n) done();
    };
    const done = (err?: Error) => {
      clearTimeout(timer);
      socket.off('data', onData);
      if (err) reject(err);
      else resolve();
    };
    socket.on('data', onData);
  });
}

export async function nagleWriteWriteRead(signal?: AbortSignal): Promise<ProbeMeasurement> {
  // The server answers each whole request (two halves) with HALF bytes, and never before.
  const server = await listen({
    onConnection: (s) => {
      let pending = 0;
      s.on('data', (d: Buffer) => {
        pending += d.length;
        for (; pending >= 2 * HALF; pending -= 2 * HALF) s.write('R'.repeat(HALF));
      });
    },
  });
  try {
    const nagle = await rounds(server.host, server.port, false, signal);
    const noDelay = await rounds(server.host, server.port, true, signal);
    const mNagle = median(nagle);
    const mNoDelay = median(noDelay);
    const stalled = nagle.filter((t) => t >= 20).length;
    const observed = mNagle >= 20 && mNagle >= 10 * Math.max(mNoDelay, 0.1) ? 'nagle-delayed-ack' : 'no-stall';
    const fmt = (xs: number[]) => xs.map((t) => t.toFixed(1)).join(' ');
    return {
      observed,
      summary:
        observed === 'nagle-delayed-ack'
          ? `with Nagle on, a round took ${mNagle.toFixed(1)} ms (median of ${ROUNDS}); with TCP_NODELAY ${mNoDelay.toFixed(2)} ms: the second write waited for a delayed ACK`
          : `no stall: ${mNagle.toFixed(1)} ms a round with Nagle on, ${mNoDelay.toFixed(2)} ms with TCP_NODELAY`,
      measured: [
        `Nagle on (the default): median ${mNagle.toFixed(1)} ms a round; ${stalled} of ${ROUNDS} rounds took 20 ms or more`,
        `  rounds in ms: ${fmt(nagle)}`,
        `TCP_NODELAY:            median ${mNoDelay.toFixed(2)} ms a round`,
        `  rounds in ms: ${fmt(noDelay)}`,
      ],
      data: { rounds: ROUNDS, medianNagleMs: mNagle, medianNoDelayMs: mNoDelay, nagleMs: nagle, noDelayMs: noDelay },
    };
  } finally {
    await server.close();
  }
}
