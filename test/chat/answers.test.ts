/** "why?" and "is it the firewall?" decided from a check's own evidence (and a scan of its host). */
import { describe, expect, it } from 'vitest';
import { firewallReply, whyReply } from '../../src/chat/answers.js';
import type { CheckReport, StepEvidence, Verdict } from '../../src/evidence.js';
import type { ScanJson } from '../../src/chat/types.js';
import { ev } from '../guide/stand-ins.js';

function report(verdict: Verdict, steps: StepEvidence[], findings: string[] = [], details: { id: string; text: string }[] = []): CheckReport {
  return { target: { host: 'db.internal', port: 5432, addresses: ['10.0.0.5'], addressUsed: '10.0.0.5' }, verdict, meaning: `meaning of ${verdict}`, steps, findings, details, lessons: ['firewalls'], startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 };
}

const PING_OK = ev('ping', 'pass', '3/3 replies from 10.0.0.5');
const SILENT = ev('connect', 'fail', '10.0.0.5:5432: no answer to the SYN', { result: 'timeout', synRetransmits: 2, handshakeMs: 1500 });
const scan = (states: Array<[number, 'open' | 'closed' | 'filtered', string?]>): ScanJson => ({
  host: 'db.internal',
  address: '10.0.0.5',
  ports: states.map(([port, state, reason]) => ({ port, state, reason: reason ?? (state === 'filtered' ? 'no-response' : state === 'open' ? 'syn-ack' : 'conn-refused'), rttMs: null })),
  durationMs: 10,
});

describe('is it the firewall?', () => {
  it('silence with the host answering ping: a DROP, in numbers from the evidence', () => {
    const f = firewallReply(report('filtered', [PING_OK, SILENT], ['syn-retransmitted']));
    expect(f.likely).toBe('drop');
    expect(f.answer).toMatch(/in 1500 ms/);
    expect(f.answer).toMatch(/sent 3 times/);
    expect(f.answer).toMatch(/Ping answered/);
    expect(f.answer).toMatch(/scan it/);
    expect(f.evidence[0]).toContain('no answer to the SYN');
  });
  it('a scan of the same host decides the scope: one port, or the whole host', () => {
    const r = report('filtered', [PING_OK, SILENT]);
    const onePort = firewallReply(r, scan([[22, 'open'], [80, 'closed'], [5432, 'filtered']]));
    expect(onePort.answer).toMatch(/2 of 2 other ports answering.*rule is for port 5432/);
    expect(onePort.evidence.at(-1)).toMatch(/^scan: 2 other ports of db.internal: 2 answered \(open: 22\), 0 silent/);
    const wholeHost = firewallReply(r, scan([[22, 'filtered'], [80, 'filtered'], [5432, 'filtered']]));
    expect(wholeHost.answer).toMatch(/all 2 other ports silent too: the rule covers the whole host/);
    const elsewhere = firewallReply(r, { ...scan([[22, 'open']]), host: 'other', address: '10.9.9.9' });
    expect(elsewhere.answer).not.toMatch(/other ports (?:answering|silent)/);
    expect(elsewhere.evidence.some((l) => l.startsWith('scan:'))).toBe(false);
  });
  it('a full accept queue is not a firewall even though it is silent', () => {
    expect(firewallReply(report('filtered', [SILENT], ['accept-queue-full'])).likely).toBe('not-firewall');
  });
  it("this machine's OUTPUT rule: the local firewall, named", () => {
    const c = ev('connect', 'fail', 'dropped here', { result: 'local-firewall', localDropRules: ['-A OUTPUT -p tcp --dport 5432 -j DROP'] });
    const f = firewallReply(report('filtered', [c], ['local-firewall']));
    expect(f.likely).toBe('local-firewall');
    expect(f.answer).toContain('--dport 5432 -j DROP');
  });
  it('RST: not a drop; with nothing listening, not a firewall at all', () => {
    const c = ev('connect', 'fail', 'refused', { result: 'refused', code: 'ECONNREFUSED', handshakeMs: 0.4 });
    expect(firewallReply(report('refused', [c])).likely).toBe('reject');
    expect(firewallReply(report('refused', [c], ['not-listening'])).likely).toBe('not-firewall');
  });
  it('ICMP administratively prohibited: a firewall said so; no route: routing', () => {
    const c = ev('connect', 'fail', 'unreachable', { result: 'unreachable', code: 'EHOSTUNREACH' });
    const prohibited = report('unreachable', [c], ['icmp-from-router'], [{ id: 'icmp-from-router', text: 'Router 198.18.0.1 answered "communication administratively prohibited" for 10.0.0.5.' }]);
    expect(firewallReply(prohibited).likely).toBe('admin-prohibited');
    expect(firewallReply(report('unreachable', [c]), scan([[5432, 'filtered', 'admin-prohibited']])).likely).toBe('admin-prohibited');
    const noRoute = ev('connect', 'fail', 'no route', { result: 'no-route', code: 'ENETUNREACH' });
    expect(firewallReply(report('unreachable', [noRoute])).likely).toBe('not-firewall');
    expect(firewallReply(report('unreachable', [c])).likely).toBe('unknown');
  });
  it('open: no', () => {
    expect(firewallReply(report('open', [ev('connect', 'pass', 'connected', { result: 'connected', handshakeMs: 1 })])).likely).toBe('not-firewall');
  });
});

describe('why?', () => {
  it("answers in the verdict's words, with its own evidence first", () => {
    const w = whyReply(report('filtered', [PING_OK, SILENT], ['syn-retransmitted'], [{ id: 'syn-retransmitted', text: 'The kernel sent the SYN again.' }]));
    expect(w).toMatchObject({ kind: 'why', verdict: 'filtered', target: 'db.internal:5432', meaning: 'meaning of filtered' });
    expect(w.evidence[0]).toContain('no answer to the SYN');
    expect(w.evidence).toContain('The kernel sent the SYN again.');
    expect(w.explanation).toMatch(/Silence means something discarded a packet/);
    expect(w.next.join(' ')).toMatch(/traceroute/);
  });
});
