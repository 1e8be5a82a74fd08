/**
 * The live screen as a component (ink-testing-library): it lays out the running summary (header,
 * sparkline with failures marked, shares, a row per address, the findings so far) and adds nothing.
 */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { WatchView } from '../../src/ui/watch/WatchView.js';
import { summarize } from '../../src/watch/summary.js';
import type { Attempt } from '../../src/series/types.js';

const attempt = (seq: number, address: string, verdict: 'open' | 'filtered', handshakeMs: number, synRetransmits = 0): Attempt => ({
  seq,
  address,
  family: 4,
  atMs: seq * 100,
  verdict,
  result: verdict === 'open' ? 'connected' : 'timeout',
  handshakeMs,
  synRetransmits,
});

describe('WatchView', () => {
  it('shows the series so far: sparkline, failed share by verdict, SYN resent share, rows per address, findings', async () => {
    const attempts = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => (i % 2 ? attempt(i, '10.0.0.1', 'open', i === 3 ? 1001 : 0.5, i === 3 ? 1 : 0) : attempt(i, '10.0.0.2', 'filtered', 3500, 3)));
    const summary = summarize(attempts, { host: 'svc.test', port: 80, addresses: ['10.0.0.1', '10.0.0.2'], ratePerSecond: 10, startedAt: 'now', durationMs: 800, interrupted: false, syn: { retransmitAtMs: [1000, 2000, 3000], source: 'this-kernel' } });
    const { lastFrame } = render(<WatchView summary={summary} attempts={attempts} elapsedMs={900} width={20} />);
    await new Promise((r) => setTimeout(r, 10));
    const frame = lastFrame()!;
    expect(frame).toMatch(/^watch svc\.test:80 \(10\.0\.0\.1, 10\.0\.0\.2\): 8 attempts/m);
    expect(frame).toMatch(/handshakes +▁✗█✗▁✗▁✗/);
    expect(frame).toMatch(/failed +50% +open 4 \(50%\), filtered 4 \(50%\)/);
    expect(frame).toMatch(/SYN resent +25% of handshakes \(1 of 4\)/);
    expect(frame).toMatch(/10\.0\.0\.2 +4 filtered 4/);
    expect(frame).toMatch(/so far +one-address-bad/);
  });
});
