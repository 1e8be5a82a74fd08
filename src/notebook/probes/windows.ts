/**
 * Flow control on loopback, watched in the kernel's socket table:
 * - `zero-window-reader`: the server stops reading; its receive buffer fills, it advertises a zero
 *   window, and the sender's kernel switches to the zero-window probe (persist) timer. Then the
 *   server reads again and the rest flows.
 * - `slow-reader-transfer`: a reader that takes 64 KB every 25 ms sets the pace of a 4 MB
 *   transfer; data waits in its Recv-Q, not in the network. A reader that keeps up, for contrast.
 */
import type net from 'node:net';
import type { ProbeMeasurement } from './catalogue.js';
import { connect, listen, needLinux, type Listener } from './loopback.js';
import { connectionRow, formatBytes, pause, readTimedSockets } from './proc-timers.js';

const CHUNK = Buffer.alloc(64 * 1024, 0x78);

/** Writes CHUNKs while the socket's own buffer stays under 1 MB, up to `limit` bytes; returns what it queued. */
function topUp(socket: net.Socket, sent: number, limit: number): number {
  while (socket.writableLength < 1 << 20 && sent < limit) {
    socket.write(CHUNK);
    sent += CHUNK.length;
  }
  return sent;
}

/** Resolves with ms once the peer has read `total` bytes and seen the end. */
function drained(peer: net.Socket, total: () => number, t0: number, timeoutMs: number): Promise<{ ms: number; got: number }> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const timer = setTimeout(() => reject(new Error(`the reader got ${formatBytes(got)} of ${formatBytes(total())} in ${timeoutMs} ms`)), timeoutMs);
    peer.on('data', (d: Buffer) => (got += d.length));
    peer.on('end', () => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - t0, got });
    });
  });
}

export async function zeroWindowReader(signal?: AbortSignal): Promise<ProbeMeasurement> {
  needLinux();
  const server = await listen({ onConnection: (s) => s.pause() });
  const client = await connect(server.host, server.port, { signal });
  try {
    const peer = await server.peerOf(client);
    const me = client.localPort ?? 0;
    const t0 = Date.now();
    let sent = 0;
    let stall: { clientTx: number; serverRx: number; atMs: number; timerMs: number } | undefined;
    // Bounded: at most 3 s or 64 MB before giving up on seeing the window close.
    while (!stall && Date.now() - t0 < 3000) {
      sent = topUp(client, sent, 64 << 20);
      await pause(20, signal);
      const rows = await readTimedSockets();
      const mine = connectionRow(rows, me, server.port);
      const theirs = connectionRow(rows, server.port, me);
      if (mine?.timer === 'zero-window-probe') stall = { clientTx: mine.txQueue, serverRx: theirs?.rxQueue ?? 0, atMs: Date.now() - t0, timerMs: mine.timerMs };
    }
    const queued = sent;
    const resumedAt = Date.now();
    const done = drained(peer, () => queued, resumedAt, 20_000);
    peer.resume();
    client.end();
    const { ms, got } = await done;
    const observed = stall ? 'zero-window' : 'no-zero-window';
    const measured = stall
      ? [
          `after ${stall.atMs} ms the reader's kernel held ${formatBytes(stall.serverRx)} unread (its Recv-Q) and advertised a zero window`,
          `the sender's kernel held ${formatBytes(stall.clientTx)} it could not send (its Send-Q) and ran the zero-window probe timer (next probe in ${(stall.timerMs / 1000).toFixed(1)} s)`,
          `once the reader read again, the remaining ${formatBytes(got)} arrived in ${ms} ms`,
        ]
      : [`no zero window within 3 s (${formatBytes(sent)} written)`];
    return {
      observed,
      summary: stall
        ? `the reader stopped reading; its buffer filled (${formatBytes(stall.serverRx)}), its window went to zero and the sender probed it until it read again`
        : 'the window never closed',
      measured,
      data: { stalledAfterMs: stall?.atMs ?? -1, receiverUnread: stall?.serverRx ?? 0, senderUnsent: stall?.clientTx ?? 0, resumedMs: ms, bytes: got },
    };
  } finally {
    client.destroy();
    await server.close();
  }
}

const TOTAL = 4 << 20;

/** Sends TOTAL bytes to the next connection of `server`, sampling both queues every 25 ms. */
async function transfer(server: Listener, signal?: AbortSignal) {
  const client = await connect(server.host, server.port, { signal });
  try {
    const peer = await server.peerOf(client);
    const me = client.localPort ?? 0;
    const t0 = Date.now();
    const done = drained(peer, () => TOTAL, t0, 30_000);
    let sent = 0;
    let finished = false;
    void done.finally(() => (finished = true)).catch(() => {});
    const looks: { rx: number; tx: number }[] = [];
    while (!finished) {
      sent = topUp(client, sent, TOTAL);
      if (sent >= TOTAL && !client.writableEnded) client.end();
      await Promise.race([pause(25, signal), done.catch(() => {})]);
      const rows = await readTimedSockets();
      const theirs = connectionRow(rows, server.port, me);
      const mine = connectionRow(rows, me, server.port);
      if (theirs || mine) looks.push({ rx: theirs?.rxQueue ?? 0, tx: mine?.txQueue ?? 0 });
    }
    const { ms } = await done;
    return { ms, looks };
  } finally {
    client.destroy();
  }
}

export async function slowReaderTransfer(signal?: AbortSignal): Promise<ProbeMeasurement> {
  needLinux();
  const slow = await listen({
    onConnection: (s) =>
      s.on('data', () => {
        s.pause();
        setTimeout(() => s.resume(), 25);
      }),
  });
  const fast = await listen({ onConnection: (s) => s.on('data', () => {}) });
  try {
    const a = await transfer(slow, signal);
    const b = await transfer(fast, signal);
    const waiting = a.looks.filter((l) => l.rx > 0).length;
    const share = a.looks.length ? waiting / a.looks.length : 0;
    const maxRx = Math.max(0, ...a.looks.map((l) => l.rx));
    const maxTx = Math.max(0, ...a.looks.map((l) => l.tx));
    const rate = (ms: number) => `${(TOTAL / 1024 / 1024 / Math.max(ms, 1) * 1000).toFixed(1)} MB/s`;
    const observed = a.ms >= 5 * Math.max(b.ms, 1) && share >= 0.5 ? 'receiver-limited' : 'not-receiver-limited';
    return {
      observed,
      summary:
        observed === 'receiver-limited'
          ? `4 MB took ${a.ms} ms to the slow reader and ${b.ms} ms to one that keeps up: the data waited in the reader's Recv-Q, so the reader set the pace, not the network`
          : `the slow reader was not the bottleneck (${a.ms} ms against ${b.ms} ms)`,
      measured: [
        `slow reader (64 KB every 25 ms): 4 MB in ${a.ms} ms (${rate(a.ms)})`,
        `  its Recv-Q held unread data on ${Math.round(share * 100)}% of ${a.looks.length} looks (up to ${formatBytes(maxRx)}); the sender's Send-Q reached ${formatBytes(maxTx)}`,
        `reader that keeps up: 4 MB in ${b.ms} ms (${rate(b.ms)})`,
      ],
      data: { slowMs: a.ms, fastMs: b.ms, recvQShare: share, maxRecvQ: maxRx, maxSendQ: maxTx },
    };
  } finally {
    await slow.close();
    await fast.close();
  }
}
