import { describe, expect, it } from 'vitest';
import { formatScanText, interpretation, scanJson, splitShown } from '../../src/scan/format.js';
import { summarise, summaryLine } from '../../src/checks/scan.js';
import type { PortResult, ScanResult } from '../../src/scan/types.js';

const port = (p: number, state: PortResult['state'], reason: PortResult['reason'], attempts = 1): PortResult => ({
  port: p,
  state,
  reason,
  rttMs: reason === 'no-response' ? null : 0.5,
  attempts,
});
const result = (ports: PortResult[]): ScanResult => ({
  address: '198.19.0.2',
  ports,
  durationMs: 1234,
  parallelism: 4096,
  timing: { srttMs: 0.5, firstProbeTimeoutMs: 150, reprobeTimeoutMs: 1200, fixedTimeout: false },
});
const noPaint = (_t: unknown, s: string) => s;

describe('scan output', () => {
  const closed = Array.from({ length: 40 }, (_, i) => port(1000 + i, 'closed', 'conn-refused'));
  const r = result([port(22, 'open', 'syn-ack'), port(5432, 'filtered', 'no-response'), ...closed]);

  it('prints the JSON contract and nothing else per port', () => {
    const j = scanJson('db', r);
    expect(Object.keys(j)).toEqual(['host', 'address', 'ports', 'durationMs']);
    expect(j.ports[0]).toEqual({ port: 22, state: 'open', reason: 'syn-ack', rttMs: 0.5 });
    expect(j.ports[1]).toEqual({ port: 5432, state: 'filtered', reason: 'no-response', rttMs: null });
  });

  it('lists open and rare ports, counts large groups like nmap', () => {
    const { shown, hidden } = splitShown(r.ports);
    expect(shown.map((p) => p.port)).toEqual([22, 5432]);
    expect(hidden).toEqual([{ state: 'closed', reason: 'conn-refused', count: 40 }]);
    const text = formatScanText({ host: 'db', portsFrom: 'top 100', targetPort: 1005 }, r, noPaint);
    expect(text).toContain('Not shown: 39 closed ports (conn-refused)');
    expect(text).toMatch(/1005\/tcp\s+closed\s+conn-refused.*your port/);
    expect(text).toMatch(/22\/tcp\s+open\s+syn-ack\s+0\.5 ms\s+ssh/);
    expect(text).toContain('Done in 1.23 s: 1 open, 40 closed, 1 filtered.');
  });

  it('says what the pattern means', () => {
    expect(interpretation(r.ports)).toMatch(/1 port is filtered: a firewall rule for that port/);
    expect(interpretation([port(1, 'filtered', 'no-response'), port(2, 'filtered', 'no-response')])).toMatch(/drops everything/);
    expect(interpretation([{ ...port(1, 'open', 'syn-ack', 2), rttMs: 1012 }])).toMatch(/retransmitted SYN/);
    // A quick answer to the re-probe means the first probe was lost or slow, not a retransmit.
    expect(interpretation([port(1, 'open', 'syn-ack', 2)])).toBeUndefined();
    expect(interpretation([port(1, 'closed', 'conn-refused')])).toBeUndefined();
  });
});

describe('the scan check summary', () => {
  it('tells a host-wide block from a per-port rule', () => {
    const perPort = summarise({ host: 'db', targetPort: 5432 }, result([port(22, 'open', 'syn-ack'), port(5432, 'filtered', 'no-response')]));
    expect(perPort).toMatchObject({ filtering: 'per-port', target: { state: 'filtered', reason: 'no-response' } });
    expect(summaryLine(perPort)).toMatch(/^port 5432 filtered \(no-response\).*own firewall rule/);
    const hostWide = summarise({ host: 'db' }, result([port(22, 'filtered', 'no-response'), port(80, 'filtered', 'no-response')]));
    expect(hostWide.filtering).toBe('host-wide');
    const late = summarise({ host: 'db' }, result([{ ...port(80, 'open', 'syn-ack', 2), rttMs: 1008 }, port(81, 'closed', 'conn-refused', 2)]));
    expect(late.lateAnswers).toEqual([80]);
    expect(late.filtering).toBe('none');
  });
});

describe('writeScanJson', () => {
  it('writes the same object as scanJson, one port per line, in slices', async () => {
    const { writeScanJson } = await import('../../src/scan/format.js');
    const many = result(Array.from({ length: 5000 }, (_, i) => port(i + 1, i % 7 ? 'closed' : 'open', i % 7 ? 'conn-refused' : 'syn-ack')));
    const chunks: string[] = [];
    writeScanJson((c) => chunks.push(c), 'db', many);
    expect(chunks.length).toBeGreaterThan(3);
    const text = chunks.join('');
    expect(JSON.parse(text)).toEqual(scanJson('db', many));
    expect(text.split('\n')[5]).toBe('    {"port":2,"state":"closed","reason":"conn-refused","rttMs":0.5},');
    const none: string[] = [];
    writeScanJson((c) => none.push(c), 'db', result([]));
    expect(JSON.parse(none.join(''))).toEqual({ host: 'db', address: '198.19.0.2', ports: [], durationMs: 1234 });
  });
});
