/** The pure rules that turn a conversation's flow facts into findings: a table of facts → ids. */
import { describe, it, expect } from 'vitest';
import { emptyFlowFacts, type FlowFacts } from '../../src/packets/flow-facts.js';
import { transferFindings, TRANSFER_LESSON, type FindingContext } from '../../src/packets/transfer-findings.js';
import { transferFindingText, transferFindingWhere } from '../../src/packets/transfer-text.js';

const ctx = (over: Partial<FindingContext> = {}): FindingContext => ({ startUs: 1e6, endUs: 9e6, finT: -1, retries2: { value: 15, giveUpMs: 924_600 }, ...over });

/** Facts with a change applied: `(f) => { f.server.retransmitted = 3 }`. */
function facts(change: (f: FlowFacts) => void): FlowFacts {
  const f = emptyFlowFacts();
  change(f);
  return f;
}

const cases: Array<{ name: string; f: FlowFacts; c?: Partial<FindingContext>; ids: string[] }> = [
  { name: 'nothing happened', f: emptyFlowFacts(), ids: [] },
  {
    name: 'three fast retransmits, 2% of the bytes',
    f: facts((f) => Object.assign(f.server, { segments: 100, bytes: 150_000, retransmitted: 3, retransBytes: 3000, retransFrame: 40 })),
    ids: ['retransmissions'],
  },
  {
    name: 'three fast retransmits of a huge transfer (0.2%): not worth saying',
    f: facts((f) => Object.assign(f.server, { segments: 1000, bytes: 1_500_000, retransmitted: 3, retransBytes: 3000 })),
    ids: [],
  },
  { name: 'two fast retransmits: not yet', f: facts((f) => Object.assign(f.server, { segments: 10, bytes: 10_000, retransmitted: 2, retransBytes: 2000 })), ids: [] },
  { name: 'one retransmission after a timeout', f: facts((f) => Object.assign(f.client, { segments: 2, bytes: 1000, retransmitted: 1, rto: 1, retransBytes: 500 })), ids: ['retransmissions'] },
  { name: 'a zero window', f: facts((f) => Object.assign(f.client, { zeroWindows: 1, zeroFrame: 9, zeroFirstT: 2e6, zeroUs: 5000, zeroOpenAt: 2e6 })), ids: ['zero-window'] },
  { name: 'the window filled twice', f: facts((f) => Object.assign(f.server, { windowFull: 2, wfFrame: 7 })), ids: ['receiver-limited'] },
  { name: 'the window filled once: not a pattern', f: facts((f) => Object.assign(f.server, { windowFull: 1 })), ids: [] },
  {
    name: 'a window that filled a few times and then closed: the reader stopped, not its buffer size',
    f: facts((f) => {
      Object.assign(f.server, { windowFull: 3 });
      Object.assign(f.client, { zeroWindows: 1, zeroOpenAt: -1 });
    }),
    ids: ['zero-window'],
  },
  {
    name: 'a small buffer filled 200 times, and closed twice when the reader lagged: both',
    f: facts((f) => {
      Object.assign(f.server, { windowFull: 200 });
      Object.assign(f.client, { zeroWindows: 2, zeroOpenAt: -1 });
    }),
    ids: ['zero-window', 'receiver-limited'],
  },
  { name: 'one Nagle stall', f: facts((f) => Object.assign(f.client, { nagle: 1, nagleUs: 40_000, nagleFrames: [4, 5, 6] })), ids: ['nagle-delayed-ack'] },
  {
    name: 'a RST right after an idle gap',
    f: facts((f) => Object.assign(f, { gapUs: 30e6, gapEndT: 31e6, gapFrom: 10, gapTo: 11, idleRstFrame: 12, idleRstT: 31.001e6, rstFrame: 12 })),
    c: { rst: { fromClient: false, t: 31.001e6, ttlMismatch: true } },
    ids: ['idle-then-reset'],
  },
  {
    name: 'unacknowledged data retransmitted 3 times over 1.4 s',
    f: facts((f) => Object.assign(f.client, { segments: 4, bytes: 400, retransmitted: 3, rto: 3, retransBytes: 300, tail: 3, tailFrame: 20, tailFirstT: 2.2e6, since: 2e6, lastSend: 3.4e6, unacked: 100 })),
    ids: ['rto-timeout'],
  },
  {
    name: 'two retransmissions within half a second at the end of a capture: not yet a timeout',
    f: facts((f) => Object.assign(f.client, { segments: 40, bytes: 40_000, retransmitted: 2, rto: 0, retransBytes: 2000, tail: 2, since: 2e6, lastSend: 2.5e6, unacked: 1000 })),
    ids: [],
  },
  {
    name: 'a run of retransmissions that was acknowledged in the end: loss, not a timeout',
    f: facts((f) => Object.assign(f.client, { segments: 5, bytes: 500, retransmitted: 3, rto: 3, retransBytes: 300, tail: 0, since: 0, lastSend: 5e6, unacked: 0 })),
    ids: ['retransmissions'],
  },
];

describe('transferFindings', () => {
  it.each(cases)('$name → $ids', ({ f, c, ids }) => {
    const out = transferFindings(f, ctx(c));
    expect(out.map((x) => x.id)).toEqual(ids);
    for (const x of out) {
      expect(x.lesson).toBe(TRANSFER_LESSON[x.id]);
      expect(transferFindingText(x).length).toBeGreaterThan(40);
      expect(transferFindingWhere(x)).toMatch(/ms|s$/);
    }
  });

  it('the timeout says what this kernel gives, and how the run ended', () => {
    const f = cases.find((x) => x.ids[0] === 'rto-timeout')!.f;
    const [r] = transferFindings(f, ctx({ retries2: { value: 8, giveUpMs: 102_200 }, rst: { fromClient: true, t: 3.5e6, ttlMismatch: false } }));
    expect(r).toMatchObject({ id: 'rto-timeout', sender: 'client', retransmissions: 3, waitedMs: 1400, endedBy: 'reset', giveUpMs: 102_200, retries2: 8, atMs: 1000 });
    expect(transferFindingText(r)).toMatch(/Linux retries for 1 min 42 s before it gives up \(tcp_retries2=8 on this machine\)/);
  });

  it('a zero window still shut at the end was shut until the last packet', () => {
    const f = cases.find((x) => x.name === 'a zero window')!.f;
    const [z] = transferFindings(f, ctx());
    expect(z).toMatchObject({ reader: 'client', stalls: 1, stillClosed: true, stalledMs: 7005, atMs: 1000, packets: [9] });
  });

  it('the share of retransmitted bytes, rounded to 0.1%', () => {
    const f = cases[1].f;
    const [r] = transferFindings(f, ctx());
    expect(r).toMatchObject({ share: 0.02, retransmitted: 3, fast: 3, rto: 0, bytes: 3000, packets: [40] });
    expect(transferFindingText(r)).toMatch(/the server resent 3 segments \(2% of its bytes\): 0 after a timeout, 3 without waiting for one/);
  });
});
