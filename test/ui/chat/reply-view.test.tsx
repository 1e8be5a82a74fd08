import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/chat/types.js';
import { parseTarget } from '../../../src/target.js';
import { ReplyView } from '../../../src/ui/chat/ReplyView.js';
import { inkTestSetup, tick } from '../helpers.js';

const onCleanup = inkTestSetup();

async function draw(reply: Reply): Promise<string> {
  const r = render(<ReplyView reply={reply} id={1} />);
  onCleanup(r.unmount);
  await tick();
  return r.lastFrame() ?? '';
}

const report = {
  target: { host: '127.0.0.1', port: 5432, addresses: ['127.0.0.1'], addressUsed: '127.0.0.1' },
  verdict: 'refused' as const,
  meaning: 'nothing listens',
  steps: [
    { id: 'ping' as const, outcome: 'pass' as const, durationMs: 1, summary: '3/3 replies', evidence: {} },
    { id: 'connect' as const, outcome: 'fail' as const, durationMs: 1, summary: 'refused (ECONNREFUSED)', evidence: { address: '127.0.0.1', port: 5432, result: 'refused' } },
  ],
  findings: [],
  details: [{ id: 'not-listening', text: 'Nothing listens on port 5432' }],
  lessons: ['rst'],
  startedAt: new Date(0).toISOString(),
  durationMs: 2,
};

describe('a reply is drawn from its data', () => {
  it('a declined offer says so (the acknowledgement had no body and the chat stayed silent)', async () => {
    expect(await draw({ kind: 'ack', text: 'OK, not running it.' })).toContain('OK, not running it.');
  });

  it('a check from elsewhere: the vantage table\'s lines (controls in a remote name shown inert) and the command', async () => {
    const summary = { summary: true as const, target: { host: '127.0.0.1', port: 5432 }, verdicts: [{ from: 'local', verdict: 'open' as const, addresses: ['127.0.0.1'] }], findings: [], details: [], lessons: [], durationMs: 3 };
    const f = await draw({ kind: 'from', target: '127.0.0.1:5432', reports: [], summary, lines: ['FROM   ADDRESSES  VERDICT', 'local  127.0.0.1  open', 'app-\u001b]0;x\u0007 -  no verdict'], command: 'tcpsleuth check 127.0.0.1:5432 --from local', text: '127.0.0.1:5432 from here: open. The same from a shell: tcpsleuth check 127.0.0.1:5432 --from local' });
    expect(f).toContain('local  127.0.0.1  open');
    expect(f).toContain('--from local');
    expect(f).not.toContain('\u001b]0;');
  });

  it('a check: the guide step cards and verdict card', async () => {
    const f = await draw({ kind: 'check', ...report } as Reply);
    expect(f).toMatch(/✔ Ping/);
    expect(f).toMatch(/✘ Connect\s+\$ nc -vz/);
    expect(f).toContain('Verdict: REFUSED');
    expect(f).toContain('[not-listening]');
  });

  it('a scan: the table of shown ports and a count of the rest', async () => {
    const ports = [{ port: 22, state: 'open' as const, reason: 'syn-ack', rttMs: 0.1 }, ...Array.from({ length: 40 }, (_, i) => ({ port: 1000 + i, state: 'closed' as const, reason: 'conn-refused', rttMs: 0.1 }))];
    const f = await draw({ kind: 'scan', host: 'localhost', address: '127.0.0.1', ports, durationMs: 12 } as Reply);
    expect(f).toContain('scan of localhost (127.0.0.1): 1 open, 40 closed, 0 filtered');
    expect(f).toMatch(/22\/tcp\s+open/);
    expect(f).toContain('Not shown: 40 closed ports');
  });

  it('an offer closes the reply with its question, or says what Enter does', async () => {
    const target = parseTarget('127.0.0.1:80');
    expect(await draw({ kind: 'prompt', need: 'target', text: 'Which port?', offer: { kind: 'check', target } } as Reply)).toContain('Press Enter (or type yes) to check 127.0.0.1:80 live.');
    const f = await draw({ kind: 'why', target: 'x:1', verdict: 'filtered', meaning: 'silence', explanation: 'SYNs were dropped', evidence: ['3 SYNs, no answer'], next: ['ask the firewall team'], lessons: [], text: 'Check it again?', offer: { kind: 'check', target } } as Reply);
    expect(f).toContain('x:1 is FILTERED: silence');
    expect(f.trimEnd().endsWith('Check it again?')).toBe(true);
  });

  it('quotes of what people typed are inert; an error reply shows its fix', async () => {
    const f = await draw({ kind: 'unknown', text: 'I did not get "\x1b[2Jhi"', examples: ['db:5432'] } as Reply);
    expect(f).toContain('␛[2Jhi');
    expect(f).not.toContain('\x1b[2J');
    const e = await draw({ kind: 'error', text: 'tcpdump is missing', fix: 'apt install tcpdump' } as Reply);
    expect(e).toContain('fix: apt install tcpdump');
  });

  it('every kind draws its own words', async () => {
    const replies: Reply[] = [
      { kind: 'answer', topic: 't', lesson: 'rst', section: 'RST', answer: 'An RST ends it.', related: [] },
      { kind: 'firewall', target: 'x:1', verdict: 'filtered', likely: 'drop', answer: 'Probably a DROP rule.', evidence: ['no answer'] },
      { kind: 'traceroute', target: 'x:1', outcome: 'pass', summary: '2 hops', hops: [{ ttl: 1, address: '10.0.0.1', rttMs: 1.2 }, { ttl: 2, address: null, rttMs: null }] },
      { kind: 'capture', target: 'x:1', outcome: 'unavailable', summary: 'no tcpdump', findings: [], fix: 'install tcpdump' },
      { kind: 'lesson', lesson: 'rst', title: 'RST', topics: [], minutes: 5, summary: 'Resets.', command: 'tcpsleuth learn rst' },
      { kind: 'quiz', lesson: 'rst', index: 0, question: 'What ends it?', choices: ['RST', 'FIN'] },
      { kind: 'lab', scenario: '', title: 'Lab scenarios', lesson: 'handshake', scenarios: [{ id: 'refused', title: 'Nothing listens', needsRoot: false }] },
      { kind: 'report', command: 'tcpsleuth check x:1 --report r.md', file: 'r.md' },
      { kind: 'help', text: 'Try these', commands: [{ name: '/scan [PORTS]', description: 'scan' }], examples: ['db:5432'] },
      { kind: 'stopped', what: 'check', text: 'Stopped checking x:1.' },
    ];
    const frames = await Promise.all(replies.map(draw));
    expect(frames[0]).toContain('An RST ends it.');
    expect(frames[1]).toContain('Probably a DROP rule.');
    expect(frames[1]).toContain('no answer');
    expect(frames[2]).toMatch(/1\s+10\.0\.0\.1\s+1\.2 ms/);
    expect(frames[3]).toContain('install tcpdump');
    expect(frames[4]).toContain('tcpsleuth learn rst');
    expect(frames[7]).toContain('r.md');
    expect(frames[5]).toMatch(/1\. RST/);
    expect(frames[6]).toContain('refused: Nothing listens');
    expect(frames[8]).toContain('/scan [PORTS]');
    expect(frames[9]).toContain('Stopped checking x:1.');
  });
});

describe('drills and the server checklist in the terminal chat', () => {
  it('a started drill shows its ticket, target and the numbered causes', async () => {
    const f = await draw({
      kind: 'drill',
      action: 'start',
      text: 'Drill 1a2b3c (level 1).',
      id: '1a2b3c',
      ticket: 'The metrics API at 127.0.0.2:35469 says connection refused.',
      target: '127.0.0.2:35469',
      investigate: ['tcpsleuth', 'check', '127.0.0.2:35469'],
      causes: [
        { id: 'not-listening', text: 'nothing listens on the port' },
        { id: 'localhost-only', text: 'the service only listens on localhost' },
      ],
      asks: [{ id: 'service-owner', text: 'the service owner' }],
      level: 1,
    } as Reply);
    expect(f).toContain('Ticket: The metrics API at 127.0.0.2:35469 says connection refused.');
    expect(f).toContain('investigate: tcpsleuth check 127.0.0.2:35469');
    expect(f).toMatch(/2\. the service only listens on localhost/);
  });
});
