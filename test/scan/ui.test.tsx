import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ScanView } from '../../src/ui/scan/ScanView.js';
import { ProgressBar } from '../../src/ui/scan/ProgressBar.js';
import { isNotable } from '../../src/scan/format.js';
import type { PortResult, ScanProgress } from '../../src/scan/types.js';

const progress: ScanProgress = {
  total: 1000,
  done: 500,
  open: 2,
  closed: 490,
  filtered: 8,
  inFlight: 120,
  reprobing: 8,
  elapsedMs: 800,
  etaMs: 1500,
  timeoutMs: 150,
  srttMs: 0.4,
};
const rows: PortResult[] = [
  { port: 443, state: 'open', reason: 'syn-ack', rttMs: 0.3, attempts: 1 },
  { port: 22, state: 'open', reason: 'syn-ack', rttMs: 0.2, attempts: 1 },
  { port: 9004, state: 'filtered', reason: 'admin-prohibited', rttMs: 0.9, attempts: 1 },
];

describe('the live scan table', () => {
  it('shows the header, the rows found so far in port order, counts and the bar with ETA', async () => {
    const { lastFrame, unmount } = render(
      <ScanView meta={{ host: 'db', portsFrom: 'top 1000 (nmap-services)', targetPort: 22 }} address="10.0.0.5" total={1000} progress={progress} notable={rows} />,
    );
    await new Promise((r) => setTimeout(r, 10));
    const frame = lastFrame() ?? '';
    expect(frame).toContain('tcpsleuth scan db (10.0.0.5): 1000 ports, top 1000 (nmap-services)');
    expect(frame.indexOf('22/tcp')).toBeLessThan(frame.indexOf('443/tcp'));
    expect(frame).toMatch(/22\/tcp\s+open\s+syn-ack.*your port/);
    expect(frame).toMatch(/9004\/tcp\s+filtered\s+admin-prohibited/);
    expect(frame).toContain(' 50% 500/1000 ETA 1.50 s');
    expect(frame).toMatch(/2 open · 490 closed · 8 filtered/);
    expect(frame).toContain('8 silent, re-probing late');
    unmount();
  });

  it('past maxRows keeps the open rows and counts the rest, open ones included', async () => {
    const many: PortResult[] = [
      ...[80, 443, 8080].map((port): PortResult => ({ port, state: 'open', reason: 'syn-ack', rttMs: 0.2, attempts: 1 })),
      ...[9001, 9002].map((port): PortResult => ({ port, state: 'filtered', reason: 'admin-prohibited', rttMs: 0.9, attempts: 1 })),
    ];
    const { lastFrame, unmount } = render(<ScanView meta={{ host: 'db', portsFrom: 'top 1000' }} address="db" total={1000} progress={progress} notable={many} maxRows={2} />);
    await new Promise((r) => setTimeout(r, 10));
    const frame = lastFrame() ?? '';
    expect(frame).toMatch(/443\/tcp\s+open/);
    expect(frame).toMatch(/8080\/tcp\s+open/);
    expect(frame).not.toMatch(/^80\/tcp/m);
    expect(frame).not.toContain('9001/tcp');
    expect(frame).toContain('… 3 more rows (listed at the end)');
    unmount();
  });

  it('draws an empty bar before anything is known', async () => {
    const { lastFrame } = render(<ProgressBar done={0} total={10} width={10} />);
    expect(lastFrame()).toBe('[░░░░░░░░░░]   0% 0/10 ETA …');
  });

  it('lists open ports and explained filters live, not every closed or silent one', () => {
    expect(isNotable(rows[0])).toBe(true);
    expect(isNotable(rows[2])).toBe(true);
    expect(isNotable({ port: 1, state: 'closed', reason: 'conn-refused', rttMs: 1, attempts: 1 })).toBe(false);
    expect(isNotable({ port: 1, state: 'filtered', reason: 'no-response', rttMs: null, attempts: 2 })).toBe(false);
  });
});
