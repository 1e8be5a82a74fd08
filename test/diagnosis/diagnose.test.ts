import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addressResults, diagnose } from '../../src/diagnosis/index.js';
import { VERDICTS, type StepEvidence } from '../../src/evidence.js';
import type { ConnectEvidence, ConnectResult } from '../../src/checks/connect.js';
import type { ObserveEvidence } from '../../src/checks/observe.js';
import type { TlsEvidence } from '../../src/checks/tls.js';
import type { DnsEvidence } from '../../src/checks/dns.js';
import type { PingEvidence } from '../../src/checks/ping.js';

const dnsOk: StepEvidence<'dns', DnsEvidence> = { id: 'dns', outcome: 'pass', durationMs: 1, summary: 'ok', evidence: { host: 'db.test', addresses: [{ address: '198.19.0.2', family: 4 }] } };
const dnsFail = (failure: DnsEvidence['failure'], code: string): StepEvidence<'dns', DnsEvidence> => ({ id: 'dns', outcome: 'fail', durationMs: 1, summary: `db.test: ${code}`, evidence: { host: 'db.test', addresses: [], code, failure } });
const pingStep = (outcome: StepEvidence['outcome'], errorLines: { from?: string; text: string }[] = []): StepEvidence<'ping', PingEvidence> => ({
  id: 'ping',
  outcome,
  durationMs: 400,
  summary: 'ping',
  evidence: { address: '198.19.0.2', stats: { platform: 'linux', sent: 3, received: outcome === 'pass' ? 3 : 0, errors: errorLines.length, lossPercent: outcome === 'pass' ? 0 : 100, errorLines } },
});
const conn = (result: ConnectResult, extra: Partial<ConnectEvidence> = {}): StepEvidence<'connect', ConnectEvidence> => ({
  id: 'connect',
  outcome: result === 'connected' ? 'pass' : 'fail',
  durationMs: 1,
  summary: result,
  evidence: { address: '198.19.0.2', port: 5432, family: 4, result, handshakeMs: 1, budgetMs: 3500, ...extra },
});
const obs = (result: ObserveEvidence['result'], banner?: string): StepEvidence<'observe', ObserveEvidence> => ({ id: 'observe', outcome: result === 'fin' || result === 'reset' ? 'fail' : 'pass', durationMs: 80, summary: result, evidence: { result, windowMs: 80, bytes: banner ? banner.length : 0, banner } });
const tlsStep = (result: TlsEvidence['result'], authorizationError?: string): StepEvidence<'tls', TlsEvidence> => ({ id: 'tls', outcome: result === 'ok' ? 'pass' : 'fail', durationMs: 5, summary: `tls ${result}`, evidence: { result, authorizationError, handshakeMs: 5 } });

describe('diagnose: the verdict table', () => {
  it.each<[string, StepEvidence[], string, string[]]>([
    ['NXDOMAIN', [dnsFail('nxdomain', 'ENOTFOUND')], 'dns-error', ['nxdomain']],
    ['resolver down', [dnsFail('resolver-unreachable', 'EAI_AGAIN')], 'dns-error', ['resolver-unreachable']],
    ['ICMP host unreachable', [dnsOk, pingStep('fail', [{ from: '198.18.0.1', text: 'Destination Host Unreachable' }]), conn('unreachable', { code: 'EHOSTUNREACH' })], 'unreachable', ['icmp-from-router']],
    ['no route', [dnsOk, conn('no-route', { code: 'ENETUNREACH' })], 'unreachable', ['no-route']],
    ['RST to the SYN', [dnsOk, pingStep('pass'), conn('refused', { code: 'ECONNREFUSED' })], 'refused', []],
    ['localhost-only listener', [dnsOk, conn('refused', { localListeners: [{ address: '127.0.0.1', port: 5432, queued: 0, backlog: 511, queueFull: false }] })], 'refused', ['listening-localhost-only']],
    ['listens on another address', [dnsOk, conn('refused', { address: '127.0.0.1', localListeners: [{ address: '198.19.0.2', port: 5432, queued: 0, backlog: 128, queueFull: false }] })], 'refused', ['listening-other-address']],
    ['nothing listens on this host', [dnsOk, conn('refused', { address: '127.0.0.1', localListeners: [] })], 'refused', ['not-listening']],
    ['SYN dropped', [dnsOk, pingStep('pass'), conn('timeout', { synRetransmits: 2 })], 'filtered', ['syn-retransmitted']],
    ['accept queue full', [dnsOk, conn('timeout', { synRetransmits: 1, localListeners: [{ address: '127.0.0.1', port: 5432, queued: 2, backlog: 1, queueFull: true }] })], 'filtered', ['syn-retransmitted', 'accept-queue-full']],
    ['own firewall (EPERM)', [dnsOk, conn('local-firewall', { code: 'EPERM' })], 'filtered', ['local-firewall']],
    ['ping blocked, TCP dropped', [dnsOk, pingStep('fail'), conn('timeout')], 'filtered', ['icmp-blocked-or-host-down']],
    ['RST at connect', [dnsOk, conn('reset', { code: 'ECONNRESET' })], 'reset', ['reset-after-connect']],
    ['RST right after', [dnsOk, conn('connected'), obs('reset')], 'reset', ['reset-after-connect']],
    ['FIN right after', [dnsOk, conn('connected'), obs('fin')], 'closed', []],
    ['a goodbye line, then FIN', [dnsOk, conn('connected'), obs('fin', '421 Too many connections')], 'closed', ['banner-received']],
    ['RST during TLS', [dnsOk, conn('connected'), obs('quiet'), tlsStep('reset')], 'reset', ['reset-during-tls']],
    ['TLS alert', [dnsOk, conn('connected'), obs('quiet'), tlsStep('alert')], 'tls-error', []],
    ['self-signed', [dnsOk, conn('connected'), obs('quiet'), tlsStep('untrusted', 'DEPTH_ZERO_SELF_SIGNED_CERT')], 'tls-error', ['tls-untrusted']],
    ['expired', [dnsOk, conn('connected'), obs('quiet'), tlsStep('untrusted', 'CERT_HAS_EXPIRED')], 'tls-error', ['tls-untrusted', 'tls-expired']],
    ['open', [dnsOk, pingStep('pass'), conn('connected'), obs('quiet')], 'open', []],
    ['open with a banner, ping blocked', [dnsOk, pingStep('fail'), conn('connected'), obs('banner', 'SSH-2.0-x')], 'open', ['banner-received', 'icmp-blocked-or-host-down']],
    ['ping unavailable', [dnsOk, { id: 'ping', outcome: 'unavailable', durationMs: 0, summary: 'no ping', reason: 'ping not found', evidence: { address: 'x' } }, conn('connected'), obs('quiet')], 'open', ['ping-unavailable']],
    ['TLS fine', [dnsOk, conn('connected'), obs('quiet'), tlsStep('ok')], 'open', []],
    ['fell back to the second address', [dnsOk, conn('unreachable'), conn('connected'), obs('quiet')], 'open', ['fell-back-to-next-address', 'addresses-disagree']],
  ])('%s → %s', (_name, steps, verdict, findings) => {
    const d = diagnose(steps);
    expect(d.verdict).toBe(verdict);
    expect(d.findings).toEqual(findings);
    expect(d.details.map((x) => x.id)).toEqual(findings);
    expect(d.lessons.length).toBeGreaterThan(0);
    expect(d.meaning.length).toBeGreaterThan(20);
  });

  it('findings a step judged itself (scan) and a capture\'s conversations join the verdict, without duplicates', () => {
    const scan: StepEvidence = { id: 'scan', outcome: 'pass', durationMs: 1, summary: 'scan', evidence: { findings: [{ id: 'reset-after-connect', text: 'dup' }] } };
    const rst = { from: 'server', address: '198.19.0.2', ttl: 64, synAckTtl: 55, ttlMismatch: true, duringTls: false };
    const capture: StepEvidence = { id: 'capture', outcome: 'pass', durationMs: 1, summary: 'cap', evidence: { conversations: [{ server: '198.19.0.2:443', serverAddr: '198.19.0.2', synRetransmits: [], rst, ecn: { state: 'none' } }] } };
    const d = diagnose([dnsOk, conn('connected'), obs('reset'), scan, capture]);
    expect(d.verdict).toBe('reset');
    expect(d.findings).toEqual(['reset-after-connect', 'rst-ttl-mismatch']);
    expect(d.details[0].text).not.toBe('dup');
    expect(d.details[1].text).toMatch(/TTL 64 but the SYN-ACK with TTL 55/);
    expect(d.lessons).toEqual(expect.arrayContaining(['rst', 'firewalls']));
    const unavailable: StepEvidence = { id: 'capture', outcome: 'unavailable', durationMs: 0, summary: 'no tcpdump', reason: 'tcpdump not found', fix: 'install it', evidence: {} };
    expect(diagnose([dnsOk, conn('connected'), obs('quiet'), unavailable]).findings).toEqual(['capture-unavailable']);
  });

  it('names the lessons of the verdict and of its findings', () => {
    expect(diagnose([dnsOk, conn('timeout', { localListeners: [{ address: '127.0.0.1', port: 1, queued: 2, backlog: 1, queueFull: true }] })]).lessons).toEqual(
      expect.arrayContaining(['firewalls', 'timeouts', 'syn-floods']),
    );
    expect(diagnose([dnsOk, conn('connected'), obs('quiet'), tlsStep('reset')]).lessons).toEqual(expect.arrayContaining(['rst', 'tls']));
    expect(diagnose([dnsFail('nxdomain', 'ENOTFOUND')]).lessons[0]).toBe('dns');
  });

  it('always yields a known verdict, whatever the evidence', () => {
    const results: ConnectResult[] = ['connected', 'refused', 'unreachable', 'no-route', 'timeout', 'local-firewall', 'reset', 'error'];
    // The lessons there are: lessons/*.md.
    const known = new Set(readdirSync(fileURLToPath(new URL('../../lessons/', import.meta.url))).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)));
    fc.assert(
      fc.property(
        fc.constantFrom(...results),
        fc.constantFrom<ObserveEvidence['result']>('quiet', 'banner', 'data', 'fin', 'reset', 'error'),
        fc.option(fc.constantFrom<TlsEvidence['result']>('ok', 'untrusted', 'reset', 'closed', 'alert', 'timeout', 'error')),
        fc.constantFrom<StepEvidence['outcome']>('pass', 'fail', 'unavailable'),
        (c, o, t, p) => {
          const steps: StepEvidence[] = [dnsOk, pingStep(p), conn(c)];
          if (c === 'connected') steps.push(obs(o, o === 'banner' ? 'x' : undefined));
          if (c === 'connected' && t) steps.push(tlsStep(t));
          const d = diagnose(steps);
          expect(VERDICTS).toContain(d.verdict);
          expect(d.lessons.every((l) => known.has(l))).toBe(true);
          if (c !== 'connected') expect(['refused', 'unreachable', 'filtered', 'reset']).toContain(d.verdict);
        },
      ),
    );
  });
});

describe('diagnose: every ICMP error any step saw is one body of evidence', () => {
  const net = (seqs: number[], sent = 3): StepEvidence<'ping', PingEvidence> => ({
    id: 'ping',
    outcome: 'fail',
    durationMs: 110,
    summary: 'ping',
    evidence: { address: '198.19.0.2', stats: { platform: 'linux', sent, received: 0, errors: seqs.length, lossPercent: 100, errorLines: seqs.map((seq) => ({ from: '198.18.0.1', text: 'Destination Net Unreachable', seq })) } },
  });

  it('a SYN that timed out while ping got "net unreachable" from a router is unreachable, naming the router', () => {
    // Ping first spent the router's allowance: probes 1-2 got the error, probe 3 and the SYN got silence.
    const d = diagnose([dnsOk, net([1, 2]), conn('timeout', { synRetransmits: 3 })]);
    expect(d.verdict).toBe('unreachable');
    expect(d.findings).toEqual(expect.arrayContaining(['icmp-from-router', 'icmp-rate-limited']));
    expect(d.details.find((f) => f.id === 'icmp-from-router')!.text).toMatch(/198\.18\.0\.1.*Destination Net Unreachable.*198\.19\.0\.2/);
    expect(d.details.find((f) => f.id === 'icmp-rate-limited')!.text).toMatch(/^Ping probe 1 got an ICMP error, then ping probe 3, the SYN \(sent 4 times\) got nothing/);
    expect(d.meaning).toMatch(/Router 198\.18\.0\.1.*no route/);
    expect(d.findings).not.toContain('syn-retransmitted');
  });

  it('ENETUNREACH answered by a router is the router\'s missing route, not this host\'s', () => {
    const d = diagnose([dnsOk, conn('no-route', { code: 'ENETUNREACH' }), net([1])]);
    expect(d.verdict).toBe('unreachable');
    expect(d.findings).toEqual(['icmp-from-router', 'icmp-rate-limited']);
    expect(d.details[1].text).toMatch(/^The SYN \(ENETUNREACH\) got an ICMP error, then ping probe 2, ping probe 3 got nothing/);
  });

  it('errors on every probe are not a rate limit; silence with no error anywhere stays filtered', () => {
    expect(diagnose([dnsOk, conn('no-route', { code: 'ENETUNREACH' }), net([1, 2, 3])]).findings).toEqual(['icmp-from-router']);
    const silent = diagnose([dnsOk, conn('timeout', { synRetransmits: 1 }), pingStep('fail')]);
    expect(silent.verdict).toBe('filtered');
    expect(silent.findings).not.toContain('icmp-from-router');
  });

  it('"Host Unreachable" from our own address (a failed ARP here) is not a router', () => {
    const own = conn('unreachable', { code: 'EHOSTUNREACH', kernel: { state: 'SYN_SENT', local: '198.18.0.2:40000', remote: '198.19.0.2:5432', retransmits: 2 } });
    const ping: StepEvidence<'ping', PingEvidence> = { ...net([1, 2, 3]), evidence: { address: '198.19.0.2', stats: { platform: 'linux', sent: 3, received: 0, errors: 3, lossPercent: 100, errorLines: [1, 2, 3].map((seq) => ({ from: '198.18.0.2', text: 'Destination Host Unreachable', seq })) } } };
    const d = diagnose([dnsOk, own, ping]);
    expect(d.verdict).toBe('unreachable');
    expect(d.findings).not.toContain('icmp-from-router');
  });

  it('a router error seen only by traceroute or a capture counts too', () => {
    const trace: StepEvidence = { id: 'traceroute', outcome: 'fail', durationMs: 900, summary: 'stops', evidence: { address: '198.19.0.2', tool: 'traceroute', probe: 'tcp', reached: false, hops: [{ ttl: 1, address: '198.18.0.1', rttMs: 0.1, annotation: '!N' }] } };
    expect(diagnose([dnsOk, conn('timeout'), trace])).toMatchObject({ verdict: 'unreachable', findings: ['icmp-from-router'] });
    const capture: StepEvidence = { id: 'capture', outcome: 'pass', durationMs: 1, summary: 'cap', evidence: { conversations: [{ server: '198.19.0.2:5432', serverAddr: '198.19.0.2', synRetransmits: [], ecn: { state: 'none' }, icmp: { from: '198.18.0.1', role: 'router', meaning: 'host unreachable' } }] } };
    expect(diagnose([dnsOk, conn('timeout'), capture]).verdict).toBe('unreachable');
  });
});

describe('diagnose: every address of a name', () => {
  const v6 = (result: ConnectResult, code?: string) => conn(result, { address: 'fd00:19::2', family: 6, code });

  it('IPv6 refused, IPv4 open: open (a client with fallback gets through), addresses-disagree says who is hurt', () => {
    const d = diagnose([dnsOk, v6('refused', 'ECONNREFUSED'), conn('connected'), obs('quiet')]);
    expect(d.verdict).toBe('open');
    expect(d.findings).toEqual(['fell-back-to-next-address', 'addresses-disagree']);
    const text = d.details[1].text;
    expect(text).toMatch(/fd00:19::2 refused \(ECONNREFUSED; connect\(\) failed after/);
    expect(text).toMatch(/198\.19\.0\.2 open/);
    expect(text).toMatch(/clients without fallback/);
    expect(text).toMatch(/clients preferring IPv6/);
  });

  it('the first address connected and a later one is silent: open, still disagree (the silent one costs a timeout)', () => {
    const d = diagnose([dnsOk, conn('connected'), v6('timeout', 'TIMEOUT'), obs('quiet')]);
    expect(d.verdict).toBe('open');
    expect(d.findings).toEqual(['addresses-disagree']);
    expect(d.details[0].text).toMatch(/fd00:19::2 filtered/);
  });

  it('all addresses agree: no finding; all fail: the verdict is the last address\'s, as a falling-back client sees it', () => {
    expect(diagnose([dnsOk, v6('connected'), conn('connected'), obs('quiet')]).findings).toEqual([]);
    const d = diagnose([dnsOk, v6('refused', 'ECONNREFUSED'), conn('timeout', { code: 'TIMEOUT' })]);
    expect(d.verdict).toBe('filtered');
    expect(d.findings).toContain('addresses-disagree');
    expect(d.details.find((f) => f.id === 'addresses-disagree')!.text).toMatch(/no address works/);
  });
});

describe('per-address outcomes in the verdict vocabulary', () => {
  const v6 = (result: ConnectResult, code?: string) => conn(result, { address: 'fd00:19::2', family: 6, code });
  it.each<[string, StepEvidence[], string]>([
    ['handshake, then RST', [dnsOk, conn('connected'), obs('reset')], 'reset'],
    ['handshake, then FIN', [dnsOk, conn('connected'), obs('fin')], 'closed'],
    ['handshake, then a TLS alert', [dnsOk, conn('connected'), obs('quiet'), tlsStep('alert')], 'tls-error'],
    ['handshake, quiet', [dnsOk, conn('connected'), obs('quiet')], 'open'],
  ])('%s: the chosen address says %s, like the verdict', (_name, steps, verdict) => {
    const d = diagnose(steps);
    expect(d.verdict).toBe(verdict);
    const results = addressResults(steps, d.verdict);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ address: '198.19.0.2', verdict, result: 'connected' });
  });

  it('only the chosen address takes the verdict; the others keep what their own handshake got', () => {
    const steps = [dnsOk, v6('refused', 'ECONNREFUSED'), conn('connected'), obs('reset')];
    const d = diagnose(steps);
    expect(d.verdict).toBe('reset');
    expect(addressResults(steps, d.verdict).map((r) => [r.address, r.verdict])).toEqual([
      ['fd00:19::2', 'refused'],
      ['198.19.0.2', 'reset'],
    ]);
    // No address works for a client: the disagreement sentence must not call the reset one open.
    const text = d.details.find((f) => f.id === 'addresses-disagree')!.text;
    expect(text).toMatch(/198\.19\.0\.2 reset \(handshake completed, connect\(\) returned after .*, then RST\)/);
    expect(text).toMatch(/no address works/);
    expect(text).not.toMatch(/198\.19\.0\.2 open/);
  });
});
