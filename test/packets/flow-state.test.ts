/**
 * The data flow of one conversation, packet by packet: each finding from the exact packets that
 * make it, and the look-alikes that must not (a capture that sees a packet twice, a keepalive, a
 * single fast retransmit, a late answer that is no Nagle stall). Real captures: test/lab/slow-transfers.test.ts.
 */
import { describe, it, expect } from 'vitest';
import { analyzeCaptureBuffer } from '../../src/packets/analyze-capture.js';
import type { ConversationSummary } from '../../src/packets/conversations.js';
import { FlowBuilder, F } from './flow-builder.js';

const timings = { syn: { synRetries: 6, linearTimeouts: 0, retransmitAtMs: [], giveUpMs: 127_000, source: 'classic' as const }, retries2: { value: 15, giveUpMs: 924_600, source: 'classic' as const } };

async function one(b: FlowBuilder, conversation?: number): Promise<ConversationSummary & { timeSequence?: unknown }> {
  const a = await analyzeCaptureBuffer(b.pcap(), { timings, conversation });
  expect(a.conversations).toHaveLength(1);
  return { ...a.conversations[0], timeSequence: a.timeSequence };
}

const ids = (c: ConversationSummary) => c.findings.map((f) => f.id);

/** A download of `n` segments of 1000 bytes from the server, each ACKed by the client at once. */
function download(b: FlowBuilder, from: number, n: number, gapUs = 100): number {
  let t = from;
  for (let k = 0; k < n; k++) {
    b.data('s', (t += gapUs), 1000);
    b.ack('c', t + 30);
  }
  return t + 30;
}

describe('a clean transfer', () => {
  it('has its RTT from the handshake, its counts per side, and no finding', async () => {
    const b = new FlowBuilder().handshake(0, 800);
    b.data('c', 1000, 120);
    b.ack('s', 1500);
    const end = download(b, 2000, 20);
    b.fin('s', end + 100);
    b.fin('c', end + 200);
    b.ack('s', end + 300);
    const c = await one(b);
    expect(c.rttMs).toBe(0.82);
    expect(c.transfer).toEqual({
      client: { segments: 1, retransmitted: 0, rto: 0, dupAcks: 0, zeroWindows: 0, windowFull: 0 },
      server: { segments: 20, retransmitted: 0, rto: 0, dupAcks: 0, zeroWindows: 0, windowFull: 0 },
    });
    expect(c.findings).toEqual([]);
  });

  it('a capture that sees every packet twice (tcpdump -i any on a router) is no retransmission', async () => {
    const b = new FlowBuilder().handshake(0, 800);
    let t = 1000;
    for (let k = 0; k < 10; k++) {
      b.data('s', (t += 200), 1000);
      b.echoLast(40);
      b.ack('c', t + 100);
      b.echoLast(40);
    }
    const c = await one(b);
    expect(c.transfer?.server.retransmitted).toBe(0);
    expect(c.findings).toEqual([]);
  });

  it('keepalive probes (one byte just behind) are not retransmissions', async () => {
    const b = new FlowBuilder().handshake(0, 800);
    b.data('c', 1000, 100);
    b.ack('s', 1200);
    const seq = b.data('c', 2000, 100);
    b.ack('s', 2200);
    for (const t of [10e6, 20e6, 30e6]) {
      b.again('c', t, (seq + 99) >>> 0, 1);
      b.ack('s', t + 200);
    }
    expect((await one(b)).transfer?.client.retransmitted).toBe(0);
  });

  it('sequence numbers that wrap past 2^32 stay in order', async () => {
    const b = new FlowBuilder(undefined, undefined, { c: 0xffffff00, s: 0xfffff000 }).handshake(0, 500);
    const end = download(b, 1000, 30);
    b.data('c', end + 100, 300);
    b.ack('s', end + 200);
    const c = await one(b);
    expect(c.transfer?.server).toMatchObject({ segments: 30, retransmitted: 0, dupAcks: 0 });
    expect(c.transfer?.client).toMatchObject({ segments: 1, retransmitted: 0, dupAcks: 0 });
    expect(c.findings).toEqual([]);
  });
});

describe('retransmissions', () => {
  it('three segments lost and resent after duplicate ACKs: fast retransmits, the receiver\'s dup ACKs counted', async () => {
    const b = new FlowBuilder().handshake(0, 800);
    let t = 1000;
    const lost: number[] = [];
    for (let k = 0; k < 30; k++) {
      t += 100;
      if (k % 10 === 3) {
        // Lost on the way: the client never sees it, and says so three times.
        lost.push(b.data('s', t, 1000));
        continue;
      }
      b.data('s', t, 1000);
      if (lost.length && k % 10 >= 4 && k % 10 <= 6) b.ack('c', t + 30, { ack: lost[lost.length - 1] });
      else b.ack('c', t + 30);
      if (k % 10 === 6) b.again('s', t + 60, lost[lost.length - 1], 1000);
    }
    const c = await one(b);
    expect(c.transfer?.server.retransmitted).toBe(3);
    expect(c.transfer?.server.rto).toBe(0);
    expect(c.transfer?.client.dupAcks).toBeGreaterThanOrEqual(6);
    const f = c.findings.find((x) => x.id === 'retransmissions');
    expect(f).toMatchObject({ id: 'retransmissions', sender: 'server', retransmitted: 3, rto: 0, fast: 3, lesson: 'slow-transfers' });
    expect(f!.packets[0]).toBeGreaterThan(0);
  });

  it('one retransmission after a timeout is a finding; one fast retransmit alone is not', async () => {
    const rto = new FlowBuilder().handshake(0, 800);
    const seq = rto.data('c', 1000, 500);
    rto.again('c', 1000 + 210_000, seq, 500);
    rto.ack('s', 1000 + 211_000);
    const c = await one(rto);
    expect(c.findings).toMatchObject([{ id: 'retransmissions', sender: 'client', rto: 1, fast: 0 }]);

    const fast = new FlowBuilder().handshake(0, 800);
    let t = 1000;
    const s1 = fast.data('s', (t += 100), 1000);
    fast.data('s', (t += 100), 1000);
    fast.ack('c', t + 30, { ack: s1 });
    fast.ack('c', t + 40, { ack: s1 });
    fast.again('s', t + 60, s1, 1000);
    fast.ack('c', t + 100);
    download(fast, t + 200, 100);
    const quiet = await one(fast);
    expect(quiet.transfer?.server.retransmitted).toBe(1);
    expect(quiet.findings).toEqual([]);
  });
});

describe('windows', () => {
  it('a reader that stops reading: zero windows, who, for how long, still shut at the end', async () => {
    const b = new FlowBuilder().handshake(0, 500);
    let t = 1000;
    for (let k = 0; k < 5; k++) {
      b.data('c', (t += 100), 1000);
      b.ack('s', t + 30, { win: 4000 - 1000 * k });
    }
    // Window 0, then the client probes it for a while; it never opens.
    for (let k = 0; k < 4; k++) b.ack('s', (t += 300_000), { win: 0 });
    const c = await one(b);
    expect(c.transfer?.server.zeroWindows).toBe(1);
    const f = c.findings.find((x) => x.id === 'zero-window');
    expect(f).toMatchObject({ reader: 'server', stalls: 1, stillClosed: true, lesson: 'flow-control' });
    expect(f && 'stalledMs' in f && f.stalledMs).toBeGreaterThanOrEqual(900);
    expect(ids(c)).not.toContain('receiver-limited');
  });

  it('a window that closes and opens again counts its stall once it reopens', async () => {
    const b = new FlowBuilder().handshake(0, 500);
    b.data('c', 1000, 1000);
    b.ack('s', 1100, { win: 0 });
    b.ack('s', 51_100, { win: 8000 });
    b.data('c', 51_200, 1000);
    b.ack('s', 51_300);
    const f = (await one(b)).findings.find((x) => x.id === 'zero-window');
    expect(f).toMatchObject({ stalls: 1, stalledMs: 50, stillClosed: false });
  });

  it('a sender that keeps filling a small window (scaling known from the handshake): receiver-limited', async () => {
    const b = new FlowBuilder();
    b.win.c = 1024; // × 4 = 4096 bytes once scaled
    b.handshake(0, 500, { wscale: [2, 7] });
    let t = 1000;
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < 4; k++) b.data('s', (t += 50), 1024);
      b.ack('c', (t += 10_000));
    }
    const c = await one(b);
    expect(c.transfer?.server.windowFull).toBeGreaterThanOrEqual(4);
    expect(c.findings).toMatchObject([{ id: 'receiver-limited', reader: 'client', largestWindow: 4096 }]);
  });

  it('without the handshake the window scale is unknown: no window-full guess', async () => {
    const b = new FlowBuilder();
    b.win.c = 1024;
    b.ack('c', 900);
    let t = 1000;
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < 4; k++) b.data('s', (t += 50), 1024);
      b.ack('c', (t += 10_000));
    }
    const c = await one(b);
    expect(c.handshakeSeen).toBe(false);
    expect(c.transfer?.server.windowFull).toBe(0);
    expect(c.findings).toEqual([]);
  });
});

describe('Nagle and the delayed ACK', () => {
  /** Requests written as two small writes; the server's ACK of the first comes `ackUs` later, the second write `holdUs` after that. */
  function requests(n: number, ackUs: number, holdUs: number): FlowBuilder {
    const b = new FlowBuilder().handshake(0, 100);
    let t = 1000;
    for (let k = 0; k < n; k++) {
      b.data('c', (t += 1000), 100);
      b.ack('s', (t += ackUs));
      b.data('c', (t += holdUs), 100);
      b.data('s', (t += 200), 20);
      b.ack('c', (t += 100));
    }
    return b;
  }

  it('a small write, a bare ACK 40 ms later, the second write at once: the stall, each time', async () => {
    const c = await one(requests(4, 40_000, 50));
    expect(c.findings).toMatchObject([{ id: 'nagle-delayed-ack', writer: 'client', stalls: 4, lesson: 'nagle' }]);
    const f = c.findings[0];
    expect('delayMs' in f && f.delayMs).toBe(160);
    // Packets: the first write, the delayed ACK, the held second write (after the 3 handshake packets).
    expect(f.packets).toEqual([4, 5, 6]);
  });

  it('an ACK that is only a slow round trip, or a second write that comes later on its own: no stall', async () => {
    expect((await one(requests(4, 2_000, 50))).findings).toEqual([]);
    expect((await one(requests(4, 40_000, 15_000))).findings).toEqual([]);
  });
});

describe('idle connections', () => {
  it('quiet for 5 s, then the next data is answered with a RST: idle-then-reset', async () => {
    const b = new FlowBuilder().handshake(0, 500);
    b.data('c', 1000, 100);
    b.data('s', 1500, 200);
    b.ack('c', 1600);
    b.data('c', 5_001_600, 100);
    b.rst('s', 5_002_000);
    const c = await one(b);
    expect(c.findings).toMatchObject([{ id: 'idle-then-reset', resetBy: 'server', idleMs: 5000, lesson: 'keepalive' }]);
    expect(c.findings[0].packets).toEqual([6, 7, 8]);
  });

  it('data sent after the idle gap is never acknowledged, retransmitted with backoff: rto-timeout, with the kernel\'s give-up time', async () => {
    const b = new FlowBuilder().handshake(0, 500);
    b.data('c', 1000, 100);
    b.ack('s', 1500);
    const t0 = 3_001_500;
    const seq = b.data('c', t0, 100);
    for (const at of [200e3, 600e3, 1400e3, 3000e3]) b.again('c', t0 + at, seq, 100);
    const c = await one(b);
    expect(c.findings).toMatchObject([
      { id: 'rto-timeout', sender: 'client', retransmissions: 4, waitedMs: 3000, idleBeforeMs: 3000, endedBy: 'capture-end', giveUpMs: 924_600, retries2: 15, lesson: 'retransmission' },
    ]);
    // The timeout's retransmissions are not reported again as loss the sender recovered from.
    expect(ids(c)).not.toContain('retransmissions');
  });

  it('a RST in the middle of a busy transfer is not an idle reset', async () => {
    const b = new FlowBuilder().handshake(0, 500);
    const end = download(b, 1000, 10);
    b.rst('c', end + 100);
    expect((await one(b)).findings).toEqual([]);
  });
});

describe('the time-sequence samples of one conversation', () => {
  it('data ranges per side, retransmissions marked, ACKs with the window edge, zero windows', async () => {
    const b = new FlowBuilder().handshake(0, 500);
    const s1 = b.data('c', 1000, 1000);
    b.ack('s', 1100, { win: 2000 });
    b.again('c', 300_000, s1, 1000);
    b.ack('s', 300_100, { win: 0 });
    const c = await one(b, 1);
    const ts = c.timeSequence as import('../../src/packets/time-sequence-samples.js').TimeSequence;
    expect(ts.client.data).toEqual([
      { atMs: 1, from: 0, to: 1000, retransmit: false },
      { atMs: 300, from: 0, to: 1000, retransmit: true },
    ]);
    expect(ts.client.acks.map((a) => [a.ack, a.edge])).toEqual([[0, 64240], [1000, 3000], [1000, 1000]]);
    expect(ts.client.zeroWindows).toEqual([300.1]);
    expect(ts.server.data).toEqual([]);
    void F;
  });
});
