/**
 * The ladder (src/diagnosis/ladder.ts): from the committed synthetic capture (every fault as one
 * conversation, decoded by the real reader) and from the steps of check reports; and its Mermaid
 * rendering (src/report/sequence.ts): dashed arrows for what never came, idle gaps, our teardown
 * marked, notes wrapped, foreign text inert.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CheckReport, StepEvidence } from '../../src/evidence.js';
import { analyzeCapture } from '../../src/packets/analyze-capture.js';
import { conversationOutcome, formatUs, ladderFromCapture, ladderFromSteps, storyConversation, type Ladder } from '../../src/diagnosis/ladder.js';
import { ladderMermaid, mermaidText, NOTE_CHARS, wrapNote } from '../../src/report/sequence.js';
import { readTcpTimings, synSchedule } from '../../src/kernel-timing.js';
import { buildStory } from '../../src/diagnosis/story.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/pcap/synthetic-ethernet-be-usec.pcap', import.meta.url));
/** The fixture's conversations, in the order generate.ts writes the scenarios. */
const CONV = { open: 1, refused: 2, filtered: 3, 'reset-during-tls': 4, 'unreachable-router': 5, closed: 6, 'ecn-blackhole': 9 } as const;

async function captured(n: number, clientIsUs = true): Promise<Ladder> {
  const a = await analyzeCapture(FIXTURE, { conversation: n });
  return ladderFromCapture(a.conversation(n)!, a.events!, { clientIsUs, synRtoMs: 1000 });
}

const labels = (l: Ladder) => l.events.map((e) => (e.expected ? `✗ ${e.expected}` : `${e.from}: ${e.label}${e.ours ? ' (ours)' : ''}`));

describe('the ladder from a capture', () => {
  it('filtered: the first SYN, the SYN-ACK that never came, the retransmissions after idle gaps', async () => {
    const l = await captured(CONV.filtered);
    expect(labels(l)).toEqual(['client: SYN', '✗ SYN-ACK expected within 1 s', 'client: SYN again (retransmission 1)', 'client: SYN again (retransmission 2)', 'client: SYN again (retransmission 3)']);
    expect(l.events.map((e) => e.gapBeforeUs)).toEqual([undefined, undefined, 1_000_000, 2_000_000, 4_000_000]);
    expect(l.events.map((e) => e.atUs)).toEqual([0, 0, 1_000_000, 3_000_000, 7_000_000]);
    expect(l.missing).toEqual(['no SYN-ACK: 4 SYNs went out and nothing came back (something dropped the SYN or the SYN-ACK)']);
    expect(l.firstSynAt).toBe('2026-11-21T09:00:20.000Z');
  });

  it('reset during TLS: the ClientHello named, the ServerHello that never came, then the RST with its TTL', async () => {
    const l = await captured(CONV['reset-during-tls']);
    expect(labels(l)).toEqual(['client: SYN', 'server: SYN-ACK', 'client: ACK', 'client: ClientHello', '✗ ServerHello expected after the ClientHello', 'server: ACK', 'server: RST']);
    const rst = l.events.at(-1)!;
    expect(rst.packet).toBe('[R.] ttl 255');
    expect(rst.gapBeforeUs).toBe(2_499_400);
    expect(rst.ours).toBeUndefined();
  });

  it("the client's own FIN is ours in a check, not in someone else's capture", async () => {
    expect(labels(await captured(CONV.open, true))).toEqual(['client: SYN', 'server: SYN-ACK', 'client: ACK', 'client: data 100 B', 'server: data 300 B', 'client: ACK', 'client: FIN (ours)', 'server: FIN', 'client: ACK']);
    expect(labels(await captured(CONV.open, false))).toContain('client: FIN');
  });

  it('an ICMP error from a router comes from the middlebox, with its address', async () => {
    const l = await captured(CONV['unreachable-router']);
    const icmp = l.events.find((e) => e.from === 'middlebox');
    expect(icmp?.via).toBe('198.18.0.1');
    expect(icmp?.label).toMatch(/^ICMP /);
    expect(labels(l)[1]).toBe('✗ SYN-ACK expected within 1 s');
  });

  it('refused and closed: what came, and no arrow for anything expected', async () => {
    expect(labels(await captured(CONV.refused))).toEqual(['client: SYN', 'server: RST']);
    expect(labels(await captured(CONV.closed))).toEqual(['client: SYN', 'server: SYN-ACK', 'client: ACK', 'server: FIN', 'client: FIN (ours)', 'server: ACK']);
  });

  it('ECN blackhole: the SYN that asked for ECN went unanswered, the plain retry got through', async () => {
    expect(labels(await captured(CONV['ecn-blackhole']))).toEqual(['client: SYN (asks for ECN)', '✗ SYN-ACK expected within 1 s', 'client: SYN again (retransmission 1)', 'server: SYN-ACK', 'client: ACK']);
  });
});

describe('which conversation tells the story, and how the table names it', () => {
  it("the connect step's own (its local port), the TLS step's when TLS ran, else the last", async () => {
    // The fixture's conversations, all made to one target (198.19.0.2:8000) as one check's would be.
    const all = (await analyzeCapture(FIXTURE)).conversations.map((c) => ({ ...c, server: '198.19.0.2:8000' }));
    const port = Number(all[5].client.split(':').pop());
    const at = { host: '198.19.0.2', port: 8000, addresses: ['198.19.0.2'], addressUsed: '198.19.0.2' };
    const steps = (extra: StepEvidence[] = []): CheckReport => ({ ...report([{ id: 'connect', outcome: 'pass', durationMs: 1, summary: '', evidence: { address: '198.19.0.2', port: 8000, result: 'connected', localPort: port } }, ...extra]), target: at });
    expect(storyConversation(steps(), all)?.index).toBe(6);
    const tls = steps([{ id: 'tls', outcome: 'fail', durationMs: 1, summary: '', evidence: { result: 'reset' } }]);
    expect(storyConversation(tls, all.slice(0, 5))?.index).toBe(4);
    expect(storyConversation(undefined, all)?.index).toBe(all.length);
  });

  it("another address's conversation never stands in for the chosen one's (ipv6-refused: IPv6 open, IPv4 refused last)", async () => {
    const all = (await analyzeCapture(FIXTURE)).conversations;
    const open = { ...all[0], server: '[fd00:19::2]:8080', serverAddr: 'fd00:19::2', client: '[fd00:18::2]:40000' };
    const refused = { ...all[1], index: 2, server: '198.19.0.2:8080', serverAddr: '198.19.0.2' };
    const target = { host: 'svc.test', port: 8080, addresses: ['fd00:19::2', '198.19.0.2'], addressUsed: 'fd00:19::2' };
    const connects: StepEvidence[] = [
      { id: 'connect', outcome: 'pass', durationMs: 1, summary: '', evidence: { address: 'fd00:19::2', port: 8080, family: 6, result: 'connected', localPort: 40000 } },
      { id: 'connect', outcome: 'fail', durationMs: 1, summary: '', evidence: { address: '198.19.0.2', port: 8080, family: 4, result: 'refused', localPort: 40001 } },
    ];
    const r = { ...report(connects), target };
    expect(storyConversation(r, [open, refused])?.serverAddr).toBe('fd00:19::2');
    expect(storyConversation(r, [refused])).toBeUndefined();
    // The Story tells the same one: its packet sentences are about the open address.
    const story = buildStory({ ...r, steps: [...connects, { id: 'capture', outcome: 'pass', durationMs: 1, summary: '', evidence: { conversations: [open, refused] } }] }, { timings: readTcpTimings('/nonexistent') });
    expect(story.facts.map((f) => f.text).join('\n')).not.toMatch(/RST came from/);
  });

  it("a RST the client sent is our teardown in a check, the client's reset in someone else's capture", async () => {
    const all = (await analyzeCapture(FIXTURE)).conversations;
    const server = all.find((c) => c.outcome === 'reset' && c.rst?.from === 'server')!;
    expect(conversationOutcome(server, true)).toBe('reset');
    const ours = { ...server, rst: { ...server.rst!, from: 'client' as const } };
    expect(conversationOutcome(ours, true)).toMatch(/^closed by us/);
    expect(conversationOutcome(ours, false)).toBe('reset by the client');
  });
});

function report(steps: StepEvidence[], verdict: CheckReport['verdict'] = 'open'): CheckReport {
  return { target: { host: '192.0.2.8', port: 443, addresses: ['192.0.2.8'] }, verdict, meaning: '', steps, findings: [], details: [], lessons: [], startedAt: '2026-11-29T14:05:06.000Z', durationMs: 10 };
}

const connect = (evidence: Record<string, unknown>, outcome: StepEvidence['outcome'] = 'fail'): StepEvidence => ({ id: 'connect', outcome, durationMs: 2, summary: 'connect', evidence: { address: '192.0.2.8', port: 443, ...evidence } });

describe('the ladder from the steps (no capture)', () => {
  it('ECONNRESET from connect(): the handshake completed, then the RST (never "a reset during the handshake")', () => {
    const l = ladderFromSteps(report([connect({ result: 'reset', code: 'ECONNRESET', handshakeMs: 2.2 })], 'reset'))!;
    expect(labels(l)).toEqual(['client: SYN', 'server: SYN-ACK', 'client: ACK', 'server: RST']);
    expect(l.events.at(-1)!.atUs).toBe(2200);
    expect(ladderMermaid(l)).not.toMatch(/during the handshake/);
  });

  it('several addresses: the ladder is the chosen address\'s, not the last one tried', () => {
    const open = connect({ address: 'fd00:19::2', family: 6, result: 'connected', handshakeMs: 0.3 }, 'pass');
    const refused = connect({ address: '198.19.0.2', family: 4, result: 'refused', code: 'ECONNREFUSED', handshakeMs: 0.2 });
    const r = { ...report([open, refused]), target: { host: 'svc.test', port: 443, addresses: ['fd00:19::2', '198.19.0.2'], addressUsed: 'fd00:19::2' } };
    const l = ladderFromSteps(r)!;
    expect(l.server).toBe('[fd00:19::2]:443');
    expect(labels(l)).toEqual(['client: SYN', 'server: SYN-ACK', 'client: ACK']);
    expect(ladderMermaid(l)).not.toMatch(/refused|ECONNREFUSED/);
  });

  it("unanswered: the kernel's own retransmission times, from this kernel's schedule", () => {
    const schedule = synSchedule({ synRetries: 6, linearTimeouts: 4 });
    const l = ladderFromSteps(report([connect({ result: 'timeout', code: 'TIMEOUT', handshakeMs: 3500, budgetMs: 3500, synRetransmits: 3 })], 'filtered'), { synRetransmitAtMs: schedule.retransmitAtMs })!;
    // Not measured: each label says its time is the kernel's schedule.
    expect(labels(l)).toEqual(['client: SYN', '✗ SYN-ACK expected within 1 s', ...[1, 2, 3].map((n) => `client: SYN again (retransmission ${n}, when this kernel's schedule sends it)`)]);
    expect(l.events.slice(2).map((e) => e.atUs)).toEqual([1_000_000, 2_000_000, 3_000_000]);
    expect(l.missing[0]).toContain('within 3.50 s');
  });

  it("the TLS step is a connection of its own; a reset after the ClientHello draws the ServerHello that never came", () => {
    const tls: StepEvidence = { id: 'tls', outcome: 'fail', durationMs: 5, summary: 'reset', evidence: { result: 'reset', handshakeMs: 5 } };
    const observe: StepEvidence = { id: 'observe', outcome: 'pass', durationMs: 50, summary: 'quiet', evidence: { result: 'quiet', windowMs: 50, bytes: 0 } };
    const l = ladderFromSteps(report([connect({ result: 'connected', handshakeMs: 1 }, 'pass'), observe, tls], 'reset'))!;
    expect(labels(l)).toEqual([
      'client: SYN',
      'server: SYN-ACK',
      'client: ACK',
      'client: FIN (ours)',
      'client: SYN (the TLS step’s own connection)',
      'server: SYN-ACK',
      'client: ACK',
      'client: ClientHello',
      '✗ ServerHello expected after the ClientHello',
      'server: RST',
    ]);
  });

  it('a name that did not resolve: the question to the resolver and its answer; nothing when no step ran', () => {
    const dns: StepEvidence = { id: 'dns', outcome: 'fail', durationMs: 3, summary: 'NXDOMAIN', reason: 'NXDOMAIN: no such name', evidence: {} };
    const l = ladderFromSteps(report([dns], 'dns-error'))!;
    expect(l.server).toBe('DNS resolver');
    expect(l.events.map((e) => e.quote)).toEqual(['192.0.2.8', 'NXDOMAIN: no such name']);
    expect(ladderFromSteps(report([]))).toBeUndefined();
  });
});

describe('the ladder as Mermaid', () => {
  it('times after the first SYN on each arrow, gaps as notes, dashed arrows, our teardown marked', async () => {
    const filtered = ladderMermaid(await captured(CONV.filtered), '2026-11-21 09:00:20.000 UTC');
    expect(filtered).toContain('Note over C,S: first SYN at<br/>2026-11-21 09:00:20.000 UTC');
    expect(filtered).toContain('  C->>S: +0 µs SYN · [S]');
    expect(filtered).toContain('  S--xC: SYN-ACK expected within 1 s (never came)');
    expect(filtered).toContain('  Note over C,S: ⋯ 1.000000 s idle ⋯');
    expect(filtered).toContain('  C->>S: +1.000000 s SYN again (retransmission 1) · [S]');
    const open = ladderMermaid(await captured(CONV.open));
    expect(open).toMatch(/C->>S: \+[\d.]+ ms FIN · \[F\.\] \(ours, teardown\)/);
    const icmp = ladderMermaid(await captured(CONV['unreachable-router']));
    expect(icmp).toContain('participant M as router 198.18.0.1');
    expect(icmp).toMatch(/M->>C: \+400 µs ICMP /);
  });

  it('notes are broken into lines that fit the box; one long word is cut', () => {
    const text = 'no SYN-ACK: 3 SYNs went out and nothing came back (something dropped the SYN or the SYN-ACK)';
    const lines = wrapNote(text).split('<br/>');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(NOTE_CHARS);
    expect(lines.join(' ')).toBe(text);
    expect(wrapNote('x'.repeat(90)).split('<br/>').map((l) => l.length)).toEqual([NOTE_CHARS, NOTE_CHARS, 90 - 2 * NOTE_CHARS]);
  });

  it('foreign text cannot end a message, open a tag or move a terminal', () => {
    expect(mermaidText('a;b#c\nd')).toBe('a b c␊d');
    expect(mermaidText('<img src=x onerror=alert(1)>')).toBe('‹img src=x onerror=alert(1)›');
    expect(mermaidText('\u001b]0;owned\u0007')).not.toMatch(/[\u0000-\u001f]/);
    const l: Ladder = { source: 'steps', client: '', server: '192.0.2.8:25', events: [{ from: 'server', label: 'data 40 B', quote: 'SMTP <script>x</script>;\nend' }], missing: [] };
    const m = ladderMermaid(l);
    expect(m.split('\n').filter((x) => x.includes('SMTP'))).toEqual(['  S->>C: data 40 B “SMTP ‹script›x‹/script› ␊end”']);
  });

  it('microseconds in the unit that reads best', () => {
    expect([11, 5701, 1_000_011, 999_999].map(formatUs)).toEqual(['11 µs', '5.701 ms', '1.000011 s', '999.999 ms']);
  });
});
