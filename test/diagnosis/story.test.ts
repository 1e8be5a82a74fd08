/**
 * The story (diagnosis/story.ts) from recorded evidence: one per verdict, then the rules that make
 * it trustworthy: no placeholders, this kernel's numbers (the evidence's first), advice that
 * respects what was observed, per-address outcomes that agree with the verdict.
 */
import { shellQuote } from '../../src/shell-words.js';
import { describe, expect, it } from 'vitest';
import type { CheckReport, StepEvidence, Verdict } from '../../src/evidence.js';
import type { ConnectEvidence, ConnectResult } from '../../src/checks/connect.js';
import type { ObserveEvidence } from '../../src/checks/observe.js';
import type { TlsEvidence } from '../../src/checks/tls.js';
import type { DnsEvidence } from '../../src/checks/dns.js';
import type { ConversationSummary } from '../../src/packets/conversations.js';
import { diagnose } from '../../src/diagnosis/index.js';
import { diagnoseHold } from '../../src/diagnosis/hold.js';
import { buildStory, type Story } from '../../src/diagnosis/story.js';
import { readTcpTimings, synSchedule, type TcpTimings } from '../../src/kernel-timing.js';

const CLASSIC: TcpTimings = readTcpTimings('/nonexistent');
const SELF = ['node', 'dist/cli.js'];
const PLACEHOLDER = /<time>|<the error>|&lt;time>|<this host>|\bTODO\b|\bundefined\b|\bNaN\b/;

const dnsOk: StepEvidence<'dns', DnsEvidence> = { id: 'dns', outcome: 'pass', durationMs: 1, summary: 'db.test → 198.19.0.2', evidence: { host: 'db.test', addresses: [{ address: '198.19.0.2', family: 4 }] } };
const dnsFail: StepEvidence<'dns', DnsEvidence> = { id: 'dns', outcome: 'fail', durationMs: 1, summary: 'db.test: ENOTFOUND', evidence: { host: 'db.test', addresses: [], code: 'ENOTFOUND', failure: 'nxdomain', resolvers: ['10.0.0.53'] } };
const conn = (result: ConnectResult, extra: Partial<ConnectEvidence> = {}): StepEvidence<'connect', ConnectEvidence> => ({
  id: 'connect',
  outcome: result === 'connected' ? 'pass' : 'fail',
  durationMs: 1,
  summary: `198.19.0.2:5432: ${result}`,
  reason: result === 'connected' ? undefined : `${extra.code ?? 'X'}: ${result}`,
  evidence: { address: '198.19.0.2', port: 5432, family: 4, result, handshakeMs: 0.4, budgetMs: 3500, localAddress: '198.18.0.2', kernelGivesUpMs: 11_000, kernelSyn: { synRetries: 6, linearTimeouts: 4 }, ...extra },
});
const obs = (result: ObserveEvidence['result'], eventMs?: number): StepEvidence<'observe', ObserveEvidence> => ({ id: 'observe', outcome: result === 'fin' || result === 'reset' ? 'fail' : 'pass', durationMs: 80, summary: `observe ${result}`, evidence: { result, windowMs: 80, bytes: 0, eventMs } });
const tlsStep = (result: TlsEvidence['result'], extra: Partial<TlsEvidence> = {}): StepEvidence<'tls', TlsEvidence> => ({ id: 'tls', outcome: result === 'ok' ? 'pass' : 'fail', durationMs: 5, summary: `tls ${result}`, evidence: { result, handshakeMs: 5, ...extra } });

function report(steps: StepEvidence[], verdict?: Verdict): CheckReport {
  const d = diagnose(steps);
  return { target: { host: 'db.test', port: 5432, addresses: ['198.19.0.2'], addressUsed: '198.19.0.2' }, verdict: verdict ?? d.verdict, meaning: d.meaning, steps, findings: d.findings, details: d.details, lessons: d.lessons, startedAt: '2026-05-03T12:04:05.000Z', durationMs: 100 };
}

const tell = (steps: StepEvidence[], extra: Partial<Parameters<typeof buildStory>[1]> = {}) => buildStory(report(steps), { timings: CLASSIC, self: SELF, ...extra });

/** Every sentence a story holds, for the text checks. */
function allText(s: Story): string {
  return [s.title, s.cause.text, s.why, s.whomToAsk?.text, s.summary, s.ticket, ...s.facts.map((f) => f.text), ...s.advice.map((a) => `${a.text} ${a.because}`), ...s.perAddress.map((a) => a.detail.text), ...s.lessonCommands].join('\n');
}

const CASES: Array<[Verdict, StepEvidence[]]> = [
  ['dns-error', [dnsFail]],
  ['unreachable', [dnsOk, conn('unreachable', { code: 'EHOSTUNREACH' })]],
  ['refused', [dnsOk, conn('refused', { code: 'ECONNREFUSED' })]],
  ['filtered', [dnsOk, conn('timeout', { code: 'TIMEOUT', synRetransmits: 2 })]],
  ['reset', [dnsOk, conn('connected'), obs('reset', 0.3)]],
  ['closed', [dnsOk, conn('connected'), obs('fin', 0.2)]],
  ['tls-error', [dnsOk, conn('connected'), obs('quiet'), tlsStep('alert', { alert: 'handshake failure' })]],
  ['open', [dnsOk, conn('connected'), obs('quiet')]],
];

describe('buildStory: one story per verdict', () => {
  it.each(CASES)('%s: title, cause, whom to ask, ticket, no placeholder', (verdict, steps) => {
    const s = tell(steps);
    expect(s.verdict).toBe(verdict);
    expect(s.title.length).toBeGreaterThan(5);
    expect(s.cause.text.length).toBeGreaterThan(20);
    expect(s.cause.cites.length).toBeGreaterThan(0);
    expect(allText(s)).not.toMatch(PLACEHOLDER);
    expect(s.when).toBe('2026-05-03 12:04:05 UTC');
    expect(s.ticket).toContain('2026-05-03 12:04:05 UTC');
    expect(s.ticket).toContain(s.error);
    if (verdict !== 'open') {
      expect(allText(s)).not.toMatch(/nothing went wrong|open and accepting/);
      expect(s.whomToAsk!.text).toContain(s.when);
    } else {
      expect(allText(s)).not.toMatch(/refused|ECONNREFUSED/);
    }
    // Every fact cites the evidence it came from.
    for (const f of s.facts) expect(f.cites.length).toBeGreaterThan(0);
    // The chosen address says the verdict.
    if (verdict !== 'dns-error') expect(s.perAddress.filter((a) => a.chosen).map((a) => a.verdict)).toEqual([verdict]);
  });

  it('the time is written in the zone asked for, with its offset', () => {
    expect(tell(CASES[4][1], { timeZone: 'Europe/Berlin' }).when).toBe('2026-05-03 14:04:05 Europe/Berlin (UTC+02:00)');
  });

  it('a reset after the handshake: the cause says when, the error is the RST, the per-address row is reset', () => {
    const s = tell([dnsOk, conn('connected'), obs('reset', 0.3)]);
    expect(s.cause.text).toMatch(/completed, then the peer reset the connection \(RST\) 0\.3 ms after connect\(\) returned/);
    expect(s.cause.cites).toEqual([{ step: 'observe' }]);
    expect(s.error).toBe('ECONNRESET: RST 0.3 ms after connect() returned');
    expect(s.perAddress).toEqual([expect.objectContaining({ address: '198.19.0.2', verdict: 'reset', chosen: true })]);
    expect(s.perAddress[0].detail.text).toMatch(/reset \(handshake completed, connect\(\) returned after .*, then RST\)/);
  });
});

describe('buildStory: the kernel\'s real numbers', () => {
  it('the evidence\'s sysctls win over the machine that renders it', () => {
    const s = tell([dnsOk, conn('timeout', { code: 'TIMEOUT' })]);
    expect(s.timings).toMatchObject({ giveUpMs: 11_000, from: 'evidence' });
    expect(s.timings.text).toBe('11 s on this machine (tcp_syn_retries=6, tcp_syn_linear_timeouts=4)');
    expect(s.why).toContain('gives up after 11 s on this machine');
    expect(s.why).not.toMatch(/127/);
  });

  it('without them, the context\'s timings (the classic 127 s when the sysctls cannot be read)', () => {
    const s = tell([dnsOk, conn('timeout', { code: 'TIMEOUT', kernelSyn: undefined, kernelGivesUpMs: undefined })]);
    expect(s.timings).toMatchObject({ giveUpMs: 127_000, from: 'classic' });
    expect(s.why).toContain('2 min 7 s (the classic Linux default, tcp_syn_retries=6)');
    const here = tell([dnsOk, conn('timeout', { code: 'TIMEOUT', kernelSyn: undefined, kernelGivesUpMs: undefined })], { timings: { ...CLASSIC, syn: synSchedule({ synRetries: 3 }) } });
    expect(here.timings).toMatchObject({ giveUpMs: 15_000, from: 'this-kernel' });
  });
});

const conversation = (extra: Partial<ConversationSummary>): ConversationSummary => ({
  index: 1,
  client: '198.18.0.2:40000',
  server: '198.19.0.2:5432',
  clientAddr: '198.18.0.2',
  serverAddr: '198.19.0.2',
  outcome: 'reset',
  handshakeSeen: true,
  synRetransmits: [],
  ecn: { state: 'not-requested', ceMarks: 0, ece: 0, cwr: 0 },
  bytes: { client: 0, server: 0 },
  packets: 4,
  startedAt: '2026-05-03T12:04:05.000Z',
  durationMs: 1,
  findings: [],
  ...extra,
});
const captureStep = (c: ConversationSummary): StepEvidence => ({ id: 'capture', outcome: 'pass', durationMs: 5, summary: 'captured 4 packets', evidence: { conversations: [c], macs: [] } });

describe('buildStory: advice that respects its own evidence', () => {
  it('reset without a capture: capture the RST; with one that holds both TTLs: the comparison is stated, not suggested', () => {
    const bare = tell([dnsOk, conn('connected'), obs('reset', 0.3)]);
    expect(bare.advice.map((a) => a.text).join('\n')).toMatch(/Capture the RST: .*node dist\/cli\.js check db\.test:5432 --capture/);

    const rst = { from: 'server' as const, address: '198.19.0.2', atMs: 1.2, afterHandshakeMs: 0.3, ttl: 64, synAckTtl: 64, ttlMismatch: false, afterBytes: { client: 0, server: 0 }, duringTls: false };
    const s = tell([dnsOk, conn('connected'), obs('reset', 0.3), captureStep(conversation({ rst }))]);
    expect(s.advice.map((a) => a.text).join('\n')).not.toMatch(/[Cc]apture/);
    const fact = s.facts.find((f) => /TTL/.test(f.text))!;
    expect(fact.text).toMatch(/TTL 64, the same as the SYN-ACK/);
    expect(fact.cites).toEqual([{ conversation: 1, packet: 'RST', atMs: 1.2 }, { conversation: 1, packet: 'SYN-ACK' }]);

    const forged = tell([dnsOk, conn('connected'), obs('reset', 0.3), captureStep(conversation({ rst: { ...rst, ttl: 61, ttlMismatch: true } }))]);
    expect(forged.facts.map((f) => f.text).join('\n')).toMatch(/TTL 61, not the SYN-ACK's 64: a box in between likely forged it/);
  });

  it('closed: "capture to see who sent the FIN" only while no capture shows it', () => {
    expect(tell([dnsOk, conn('connected'), obs('fin', 0.2)]).advice.map((a) => a.text).join('\n')).toMatch(/who sent the FIN/);
    const s = tell([dnsOk, conn('connected'), obs('fin', 0.2), captureStep(conversation({ outcome: 'closed', fin: { from: 'server', atMs: 0.9 } }))]);
    expect(s.advice.map((a) => a.text).join('\n')).not.toMatch(/who sent the FIN/);
    expect(s.facts.map((f) => f.text).join('\n')).toMatch(/the server closed first \(FIN\)/);
  });

  it('filtered: no "capture" once a capture ran, no scan/traceroute advice once they ran, no --server once the server side ran', () => {
    const base = [dnsOk, conn('timeout', { code: 'TIMEOUT', synRetransmits: 2 })];
    const texts = (s: Story) => s.advice.map((a) => a.text).join('\n');
    expect(texts(tell(base))).toMatch(/--capture[\s\S]*--server ssh:\/\/USER@SERVER/);
    // handshakeSeen: the capture saw the SYN (a real capture of an unanswered SYN does).
    const syns = conversation({ outcome: 'filtered', handshakeSeen: true, synRetransmits: [{ atMs: 1000, ecn: false }, { atMs: 2000, ecn: false }] });
    const scan: StepEvidence = { id: 'scan', outcome: 'pass', durationMs: 9, summary: 'scan', evidence: {} };
    const trace: StepEvidence = { id: 'traceroute', outcome: 'fail', durationMs: 9, summary: 'trace', evidence: { address: '198.19.0.2', hops: [] } };
    const server: StepEvidence = { id: 'server-capture', outcome: 'pass', durationMs: 9, summary: 'server capture', evidence: {} };
    const all = tell([...base, scan, trace, captureStep(syns), server]);
    expect(all.advice).toEqual([]);
    expect(all.facts.map((f) => f.text).join('\n')).toMatch(/the SYN left 3 times and nothing came back/);
  });

  it('a check run inside a named network namespace prints its advice to run from there too', () => {
    const s = tell([dnsOk, conn('timeout', { code: 'TIMEOUT' })], { netns: 'tsl-drill-abc123-c' });
    const cmds = s.advice.filter((a) => a.command).map((a) => a.command!);
    expect(cmds.length).toBeGreaterThan(2);
    for (const c of cmds) expect(c).toMatch(/^ip netns exec tsl-drill-abc123-c /);
    expect(s.advice.find((a) => a.command?.includes('--capture'))!.text).toContain('ip netns exec tsl-drill-abc123-c node dist/cli.js check db.test:5432 --capture');
    // Reading a lesson needs no network: no prefix there.
    expect(s.lessonCommands[0]).toMatch(/^node dist\/cli\.js learn /);
  });

  it('a check run on another machine (over ssh) prints its advice to run there, and none of tcpsleuth\'s own commands', () => {
    const via = (line: string) => `ssh app-1 ${shellQuote(line)}`;
    const s = tell([dnsOk, conn('timeout', { code: 'TIMEOUT' })], { via, netns: 'ignored-ns' });
    const cmds = s.advice.filter((a) => a.command).map((a) => a.command!);
    expect(cmds.length).toBeGreaterThan(1);
    for (const c of cmds) expect(c).toMatch(/^ssh app-1 '(nmap|traceroute) [^']+'$/);
    // The capture advice stays, without a command: tcpsleuth is not installed there.
    const capture = s.advice.find((a) => /^Capture to prove/.test(a.text))!;
    expect(capture.command).toBeUndefined();
    expect(s.advice.map((a) => a.text).join('\n')).not.toMatch(/dist\/cli\.js|ip netns exec/);
    // An aside stays outside the quoted remote command.
    const tls = tell([dnsOk, conn('connected'), { id: 'tls', outcome: 'fail', durationMs: 9, summary: 'tls', evidence: {} } as StepEvidence], { via });
    expect(tls.advice.filter((a) => a.command).length).toBeGreaterThan(0);
    for (const c of tls.advice.filter((a) => a.command).map((a) => a.command!)) expect(c).toMatch(/^ssh app-1 '[^']+'( \(or [^)]*\))?$/);
  });

  it('open, but a finding says part of the path fails: the title, cause, why and whom to ask say so', () => {
    const steps = [dnsOk, conn('connected'), obs('quiet')];
    const plain = buildStory(report(steps), { timings: CLASSIC, self: SELF });
    expect(plain.title).toBe('Open: the network path is fine');
    const idle = { id: 'idle-timeout', text: 'Idle connections to 198.19.0.2:5432 are forgotten after about 20.1 s (±974 ms).', idleTimeoutMs: 20_100 };
    const held = buildStory({ ...report(steps), details: [...report(steps).details, idle], findings: ['idle-timeout'] }, { timings: CLASSIC, self: SELF });
    expect(held.verdict).toBe('open');
    expect(held.title).toMatch(/^Open, but idle connections are dropped/);
    expect(held.cause.text).toMatch(/forgotten on the way after about 20\.1 s/);
    expect(held.cause.cites).toContainEqual({ finding: 'idle-timeout' });
    expect(held.whomToAsk?.who).toBe('the network/firewall team');
    expect(allText(held)).not.toMatch(/network path is fine|No network ticket needed|look above TCP/);
    const both = [dnsOk, conn('unreachable', { address: '198.19.0.3', code: 'EHOSTUNREACH' }), conn('connected'), obs('quiet')];
    const two = { ...report(both, 'open'), target: { host: 'db.test', port: 5432, addresses: ['198.19.0.3', '198.19.0.2'], addressUsed: '198.19.0.2' } };
    const disagree = buildStory({ ...two, details: [{ id: 'addresses-disagree', text: 'The addresses disagree.' }], findings: ['addresses-disagree'] }, { timings: CLASSIC, self: SELF });
    expect(disagree.title).toBe('Open on one address, failing on another');
    expect(disagree.whomToAsk?.text).toMatch(/198\.19\.0\.3 unreachable/);
    expect(allText(disagree)).not.toMatch(/network path is fine|No network ticket needed/);
  });

  it("an idle timeout: the story's advice carries what to set; the server's own FIN is the server's, not the network's", () => {
    const steps = [dnsOk, conn('connected'), obs('quiet')];
    const held = (outcome: 'silent' | 'closed') => {
      const findings = diagnoseHold({ address: '198.19.0.2', port: 5432, family: 4, maxIdleMs: 40_000, outcome, aliveUpToMs: 18_000, deadAfterMs: 20_000, idleTimeoutMs: 19_000, precisionMs: 1_000, rounds: 1, probes: [], method: 'keepalive', elapsedMs: 22_000 }, CLASSIC);
      return buildStory({ ...report(steps), details: [...report(steps).details, ...findings], findings: findings.map((f) => f.id) }, { timings: CLASSIC, self: SELF });
    };
    const path = held('silent');
    const keep = path.advice.find((a) => a.settings)!;
    expect(keep.text).toMatch(/keepalive\) every 9 s or sooner/);
    expect(keep.settings!.join('\n')).toMatch(/ServerAliveInterval 9/);
    expect(keep.settings!.join('\n')).not.toMatch(/network team/);
    expect(path.advice.filter((a) => /network team/.test(a.text))).toHaveLength(1);
    const server = held('closed');
    expect(server.title).toBe('Open, but the server closes idle connections');
    expect(server.whomToAsk?.who).not.toMatch(/network/);
    expect(allText(server)).not.toMatch(/network team|on the way|firewall, NAT/);
    expect(server.advice.find((a) => a.settings)!.settings!.join('\n')).toMatch(/drop pooled connections idle longer than 9 s/);
  });

  it('every printed command is built from how the tool was started', () => {
    const s = tell([dnsOk, conn('timeout', { code: 'TIMEOUT' })], { self: ['npx', 'tcpsleuth'] });
    const mine = s.advice.filter((a) => a.command?.includes('check'));
    expect(mine.length).toBeGreaterThan(0);
    for (const a of mine) expect(a.command).toMatch(/^npx tcpsleuth check db\.test:5432 /);
    expect(s.lessonCommands).toEqual(s.lessons.map((l) => `npx tcpsleuth learn ${l}`));
  });
});

describe('buildStory: one RST, one number (the clock named)', () => {
  const rst = { from: 'server' as const, address: '198.19.0.2', atMs: 1.2, afterHandshakeMs: 0.8, ttl: 64, synAckTtl: 64, ttlMismatch: false, afterBytes: { client: 0, server: 0 }, duringTls: false };
  /** Every sentence the story says about when the RST came, except the steps' own lines. */
  const timesSaid = (s: Story) => [s.cause.text, s.error, s.whomToAsk!.text, s.summary, ...s.facts.filter((f) => !f.cites.some((c) => 'step' in c)).map((f) => f.text)].join('\n').match(/\d+(?:\.\d+)? ms after (?:the handshake on the wire|the handshake|connect\(\) returned)/g) ?? [];

  it('with a capture: the wire\'s time everywhere the story states it, and said to be the wire\'s', () => {
    const s = tell([dnsOk, conn('connected'), obs('reset', 22), captureStep(conversation({ rst }))]);
    expect(s.cause.text).toContain('0.8 ms after the handshake on the wire');
    expect(s.error).toBe('ECONNRESET: RST 0.8 ms after the handshake on the wire');
    expect(s.ticket).toContain('0.8 ms after the handshake');
    // The socket's 22 ms is said only where the observe step speaks, under its own clock's name.
    expect([s.cause.text, s.error, s.whomToAsk!.text, s.summary].join('\n')).not.toContain('22 ms');
    for (const t of timesSaid(s)) expect(t).toMatch(/^0\.8 ms after the handshake/);
  });

  it('without one: the socket\'s time, named as connect()\'s view', () => {
    const s = tell([dnsOk, conn('connected'), obs('reset', 2.5)]);
    for (const t of timesSaid(s)) expect(t).toBe('2.5 ms after connect() returned');
    expect(timesSaid(s).length).toBeGreaterThan(1);
  });

  it('a reset before connect() returned: the wire\'s time beside it when the capture has it', () => {
    const s = tell([dnsOk, conn('reset', { code: 'ECONNRESET', handshakeMs: 2.6 }), captureStep(conversation({ rst }))]);
    expect(s.cause.text).toContain('(RST) 0.8 ms after the handshake on the wire, before connect() returned');
    expect(s.error).toBe('ECONNRESET: the handshake completed, then RST 0.8 ms after the handshake on the wire');
    expect(s.perAddress[0].detail.text).toBe('198.19.0.2 reset (handshake, then RST; connect() failed with ECONNRESET after 1.0 ms)');
  });

  it('refused: the RST\'s wire time after the SYN when captured, else connect()\'s time, each named', () => {
    const refused = conn('refused', { code: 'ECONNREFUSED', handshakeMs: 1.9, localAddress: undefined });
    expect(tell([dnsOk, refused]).cause.text).toContain('answered the SYN with RST (ECONNREFUSED; connect() failed after 1.9 ms)');
    const wire = conversation({ outcome: 'refused', packets: 2, rst: { ...rst, atMs: 0.4, afterHandshakeMs: undefined, synAckTtl: undefined } });
    const s = tell([dnsOk, refused, captureStep(wire)]);
    expect(s.cause.text).toContain('answered the SYN with RST (ECONNREFUSED; the RST came 0.4 ms after the SYN on the wire)');
    expect(s.cause.text).not.toContain('1.9 ms');
    expect(s.perAddress[0].detail.text).toBe('198.19.0.2 refused (ECONNREFUSED; connect() failed after 1.0 ms)');
  });

  it('a capture that began after the handshake: the RST is not "in answer to the SYN", and the advice says why to capture again', () => {
    const late = conversation({ handshakeSeen: false, packets: 1, rst: { ...rst, afterHandshakeMs: undefined, synAckTtl: undefined } });
    const s = tell([dnsOk, conn('connected'), obs('reset', 2.5), captureStep(late)]);
    const said = s.facts.map((f) => f.text).join('\n');
    expect(said).not.toMatch(/in answer to the SYN/);
    expect(said).toMatch(/the capture began after the handshake, so there is no SYN-ACK to compare it with/);
    const again = s.advice.find((a) => a.command?.endsWith('--capture'))!;
    expect(again.text).toMatch(/^Capture it again/);
    expect(again.because).toMatch(/began after the handshake/);
    // The cause keeps the socket's time: the capture has none for it.
    expect(s.cause.text).toContain('2.5 ms after connect() returned');
  });
});

describe('buildStory: where it ran from, as far as the evidence knows', () => {
  const refused = [dnsOk, conn('refused', { code: 'ECONNREFUSED', localAddress: undefined })];
  it('no local address: the machine\'s name, and the route\'s source address when it was looked up; never "this machine"', () => {
    const named = tell(refused, { from: 'ws1' });
    expect(named.from).toBe('ws1');
    const routed = tell(refused, { from: 'ws1', source: '198.18.0.2' });
    expect(routed.from).toBe('ws1 (source address 198.18.0.2, per its route)');
    expect(routed.ticket).toContain('checked from ws1 (source address 198.18.0.2, per its route)');
    for (const s of [named, routed]) expect(allText(s)).not.toMatch(/this machine(?! \()/);
  });

  it('the kernel\'s view of the waiting SYN names the source when the socket did not', () => {
    const s = tell([dnsOk, conn('timeout', { code: 'TIMEOUT', localAddress: undefined, kernel: { state: 'SYN_SENT', local: '198.18.0.7:40000', remote: '198.19.0.2:5432', retransmits: 2 } })], { from: 'ws1', source: '10.9.9.9' });
    expect(s.from).toBe('ws1 (198.18.0.7)');
    expect(s.whomToAsk!.text).toContain('from ws1 (198.18.0.7) to 198.19.0.2 port 5432');
  });
});

describe('buildStory: the check\'s own teardown is said to be ours', () => {
  it('an open conversation the check closed: no "the client closed first", the handshake and our FIN', () => {
    const s = tell([dnsOk, conn('connected'), obs('quiet'), captureStep(conversation({ outcome: 'open', fin: { from: 'client', atMs: 203 } }))]);
    const said = s.facts.map((f) => f.text).join('\n');
    expect(said).not.toMatch(/client closed first/);
    expect(said).toContain('The capture shows the handshake (SYN, SYN-ACK, ACK) and no RST or FIN from the server before the check closed it (its own FIN, 203 ms after the first SYN).');
    // A TLS client's closing RST is ours too, not "the RST came from the client".
    const tls = tell([dnsOk, conn('connected'), obs('quiet'), tlsStep('ok'), captureStep(conversation({ outcome: 'reset', bytes: { client: 517, server: 1200 }, rst: { from: 'client', address: '198.18.0.2', atMs: 9, afterHandshakeMs: 8, ttl: 64, ttlMismatch: false, afterBytes: { client: 517, server: 1200 }, duringTls: false } }))]);
    expect(tls.facts.map((f) => f.text).join('\n')).not.toMatch(/RST came from/);
    expect(tls.facts.map((f) => f.text).join('\n')).toContain('before the check closed it (its own RST');
  });
});

describe('buildStory: a TLS error\'s title says what failed', () => {
  it('an untrusted certificate after a handshake that worked: not "the TLS handshake failed"', () => {
    const s = tell([dnsOk, conn('connected'), obs('quiet'), tlsStep('untrusted', { authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', chainTrusted: false })]);
    expect(s.verdict).toBe('tls-error');
    expect(s.findings.map((f) => f.id)).toContain('tls-untrusted');
    expect(s.title).toBe('TLS error: the certificate is not trusted here');
    expect(s.perAddress[0].detail.text).toMatch(/then the TLS step failed\)$/);
    // An alert with no finding of its own keeps the general title.
    expect(tell([dnsOk, conn('connected'), obs('quiet'), tlsStep('alert', { alert: 'handshake failure' })]).title).toBe('TLS error: TCP is fine, the TLS handshake failed');
  });
});

describe('buildStory: a refusal this host\'s socket table explains', () => {
  const listener = { port: 5432, queued: 0, backlog: 511, queueFull: false };
  it('listening on 127.0.0.1 only: the service runs, bound to the wrong address; no "nothing listens", no generic checklist', () => {
    const s = tell([dnsOk, conn('refused', { code: 'ECONNREFUSED', localListeners: [{ address: '127.0.0.1', ...listener }] })]);
    expect(s.title).toBe('Refused: the service listens on 127.0.0.1 only');
    expect(s.cause.text).toContain('listens on 127.0.0.1 only');
    expect(s.cause.cites).toContainEqual({ finding: 'listening-localhost-only' });
    expect(allText(s)).not.toMatch(/nothing (?:accepts|listens)|Is the service running|Scan the neighbours/);
    expect(s.advice[0].text).toMatch(/^Bind the service to 0\.0\.0\.0/);
    expect(s.whomToAsk?.text).toMatch(/listens on 127\.0\.0\.1 only.*bind to 0\.0\.0\.0/);
    expect(s.ticket).toContain('Refused: the service listens on 127.0.0.1 only');
  });

  it('nothing listens on this host: the cause says so from the socket table, and the advice starts the service', () => {
    const s = tell([dnsOk, conn('refused', { code: 'ECONNREFUSED', localListeners: [] })]);
    expect(s.cause.text).toMatch(/socket table has no LISTEN socket on port 5432/);
    expect(s.advice[0].text).toMatch(/^Start the service/);
    expect(s.advice[0].command).toBe(`${SELF.join(' ')} sockets --listening`);
    expect(allText(s)).not.toMatch(/Scan the neighbours|Is it on another port\? Scan/);
    expect(s.whomToAsk?.text).toContain('nothing listens on port 5432');
  });
});
