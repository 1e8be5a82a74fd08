/**
 * The pure parts: every sentence a report says about the verdict is the story's
 * (src/diagnosis/story.ts), rendered by both printers with no placeholder left and the chosen
 * address's outcome equal to the verdict; times carry their zone; and a
 * hostile-everything fixture goes through both renderers without becoming markup: no link, image
 * or tag from foreign text in the Markdown (read by a real Markdown parser), none in the HTML, no
 * raw control byte in either.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/evidence.js';
import { buildCaptureReportModel, buildReportModel, localTime } from '../../src/report/model.js';
import { buildStory } from '../../src/diagnosis/story.js';
import { synSchedule } from '../../src/kernel-timing.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { HOSTILE_PCAP, hostileCapture, hostileExtras, hostileReport, INJECTED_HTML } from './hostile-fixture.js';

const origin = { hostname: 'ws1', localAddress: '10.0.0.5', interface: 'eth0', timeZone: 'Europe/Berlin' };

function report(extra: Partial<CheckReport> = {}): CheckReport {
  return {
    target: { host: 'db.example', port: 5432, addresses: ['192.0.2.7', '192.0.2.8'], addressUsed: '192.0.2.8' },
    verdict: 'reset',
    meaning: 'The handshake completed, then the other side sent RST.',
    steps: [
      { id: 'connect', outcome: 'fail', durationMs: 3500, summary: '192.0.2.7:5432: no answer', reason: 'TIMEOUT: no answer to the SYN', evidence: { address: '192.0.2.7', port: 5432, family: 4, result: 'timeout', code: 'TIMEOUT', handshakeMs: 3500, budgetMs: 3500, synRetransmits: 2 } },
      { id: 'connect', outcome: 'pass', durationMs: 3, summary: 'connected', command: 'nc -vz db.example 5432', evidence: { address: '192.0.2.8', port: 5432, family: 4, result: 'connected', handshakeMs: 3 } },
      { id: 'observe', outcome: 'fail', durationMs: 5, summary: 'the peer reset the connection', reason: 'ECONNRESET: reset after the handshake', evidence: { result: 'reset', windowMs: 50, bytes: 0, eventMs: 0.6 } },
    ],
    findings: ['reset-after-connect'],
    details: [{ id: 'reset-after-connect', text: 'The RST came right after the handshake.' }],
    lessons: ['rst', 'socket-states'],
    startedAt: '2026-11-29T14:05:06.000Z',
    durationMs: 120,
    ...extra,
  };
}

const timings = { syn: synSchedule({ synRetries: 6, linearTimeouts: 4 }), retries2: { value: 15, giveUpMs: 924_600, source: 'this-kernel' as const }, keepalive: { timeS: 7200, intervalS: 75, probes: 9, source: 'this-kernel' as const } };

describe('one story, every renderer (issue 18)', () => {
  const story = buildStory(report(), { timings, from: 'ws1', timeZone: 'Europe/Berlin' });
  const m = buildReportModel(report(), { origin, timings });
  const md = renderMarkdown(m);
  const html = renderHtml(m);
  // Text as a reader sees it in each: the sinks' escapes undone.
  const mdPlain = md.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const htmlPlain = html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('the verdict, title, cause, whom to ask, summary, ticket, per-address rows and advice are the story\'s', () => {
    expect(m.verdict).toMatchObject({ id: story.verdict, tone: 'bad', title: story.title, cause: story.cause.text, whomToAsk: story.whomToAsk!.who, ask: story.whomToAsk!.text });
    expect(m.summary).toBe(story.summary);
    expect(m.ticket).toBe(story.ticket);
    expect(m.synGiveUp).toBe('11 s on this machine (tcp_syn_retries=6, tcp_syn_linear_timeouts=4)');
    for (const text of [mdPlain, htmlPlain]) {
      for (const sentence of [story.title, story.cause.text, story.whomToAsk!.who, story.summary, story.why, ...story.advice.map((a) => a.text), ...story.perAddress.map((a) => a.detail.text)]) expect(text).toContain(sentence);
      for (const line of story.ticket.split('\n')) expect(text).toContain(line);
      expect(text).not.toMatch(/<time>|<the error>|<this host>/);
      expect(text).not.toMatch(/nothing went wrong/);
    }
    expect(html.indexOf('class="verdict bad"')).toBeLessThan(html.indexOf('<h2>'));
    expect(html).toContain('<div class="label">reset</div>');
    expect(md.split('\n')[2]).toBe('# RESET: db\\.example\\:5432');
  });

  it("an advice's settings (an idle timeout's keepalive per client) are in both reports, under their advice", () => {
    const idle = { id: 'idle-timeout' as const, text: 'Idle connections are forgotten after about 19.0 s.', idleTimeoutMs: 19_000, by: 'silent', keepaliveS: 9, advice: ['OpenSSH: ServerAliveInterval 9 in ~/.ssh/config', 'per socket: SO_KEEPALIVE with TCP_KEEPIDLE=9'] };
    const open = report({ verdict: 'open', steps: [report().steps[1]], findings: ['idle-timeout'], details: [idle] });
    const held = buildReportModel(open, { origin, timings });
    const keep = held.advice.find((a) => a.settings)!;
    expect(keep.settings).toEqual(idle.advice);
    const heldMd = renderMarkdown(held).replace(/\\(.)/g, '$1');
    expect(heldMd).toMatch(/\n- Keep connections from idling[^\n]*\n {2}- OpenSSH: ServerAliveInterval 9 in ~\/\.ssh\/config\n {2}- per socket/);
    expect(renderHtml(held)).toMatch(/<li>Keep connections from idling[^<]*<span class="muted">[^<]*<\/span><ul><li>OpenSSH: ServerAliveInterval 9 in ~\/.ssh\/config<\/li><li>per socket: SO_KEEPALIVE with TCP_KEEPIDLE=9<\/li><\/ul><\/li>/);
  });

  it("the chosen address's outcome is the verdict; the others keep their own", () => {
    expect(m.addresses.map((a) => [a.address, a.outcome, a.used])).toEqual([
      ['192.0.2.7', 'filtered', false],
      ['192.0.2.8', 'reset', true],
    ]);
  });

  it('the ladder without a capture: handshake, then the RST the observe step saw; the figure is the RST lesson', () => {
    expect(m.ladder!.ladder.events.map((e) => e.label)).toEqual(['SYN', 'SYN-ACK', 'ACK', 'RST']);
    // The RST the story places 0.6 ms after the handshake (3 ms after the SYN).
    expect(m.ladder!.ladder.events.map((e) => e.atUs)).toEqual([0, 3000, 3000, 3600]);
    expect(m.figure).toMatchObject({ lesson: 'rst', command: 'tcpsleuth learn rst' });
    expect(m.figure!.expectedMermaid).toContain('S->>C: SYN-ACK');
    expect(m.lessons.map((l) => l.command)).toEqual(story.lessonCommands);
  });

  it('the kernel rows name their address when the check tried several', () => {
    expect(m.kernelByAddress).toBe(true);
    expect(m.kernel.map((k) => k.address)).toEqual(['192.0.2.7', '192.0.2.8']);
    expect(md).toContain('| When | Address | State | Retransmits | Note |');
    expect(md).toMatch(/\| `192\.0\.2\.7` \| `SYN_SENT → closed by us` \|/);
    expect(html).toContain('<th>Address</th>');
    // One address: no column to repeat it in.
    const one = buildReportModel({ ...report(), steps: report().steps.slice(1), target: { host: 'db.example', port: 5432, addresses: ['192.0.2.8'], addressUsed: '192.0.2.8' } }, { origin, timings });
    expect(one.kernelByAddress).toBeUndefined();
    expect(renderMarkdown(one)).toContain('| When | State | Retransmits | Note |');
  });

  it('the capture step names the file saved beside the report, not the temporary one', () => {
    const cap = { id: 'capture' as const, outcome: 'pass' as const, durationMs: 300, summary: 'captured 4 packets on lo; saved to /tmp/tcpsleuth-capture-x/t.pcap', command: 'tcpdump -w /tmp/tcpsleuth-capture-x/t.pcap', evidence: { file: '/tmp/tcpsleuth-capture-x/t.pcap', conversations: [] } };
    const withCap = buildReportModel({ ...report(), steps: [...report().steps, cap] }, { origin, timings, pcapRelative: 'r.pcap' });
    const step = withCap.steps.find((x) => x.id === 'capture')!;
    expect(step.summary).toBe('captured 4 packets on lo; saved to r.pcap (beside this report)');
    // What ran is what ran: the command keeps its own path.
    expect(step.command).toBe('tcpdump -w /tmp/tcpsleuth-capture-x/t.pcap');
  });

  it('lesson commands are printed the way the tool was started', () => {
    const text = renderMarkdown(buildReportModel(report(), { origin, self: ['node', 'dist/cli.js'] }));
    expect(text).toContain('`node dist/cli.js learn rst`');
    expect(text).not.toMatch(/`tcpsleuth learn/);
  });

  it('writes the time in the zone it ran in, with the offset', () => {
    expect(localTime('2026-11-29T14:05:06.000Z', 'Europe/Berlin')).toBe('2026-11-29 15:05:06 Europe/Berlin (UTC+01:00)');
    expect(localTime('2026-07-01T00:00:00.000Z', 'America/New_York')).toBe('2026-06-30 20:00:00 America/New_York (UTC-04:00)');
    expect(localTime('2026-07-01T00:00:00.123Z', 'UTC', { fraction: true })).toBe('2026-07-01 00:00:00.123 UTC');
    expect(m.startedLocal).toBe('2026-11-29 15:05:06 Europe/Berlin (UTC+01:00)');
  });
});

/**
 * A real Markdown parser (marked, CommonMark with GFM tables, installed with mermaid). Loaded by a
 * name TypeScript does not resolve: the installed version may come without type declarations.
 */
const MARKED = 'marked';
let parseMarkdown: (md: string) => string;
beforeAll(async () => {
  const mod = (await import(MARKED)) as { marked: { parse: (md: string) => string } };
  parseMarkdown = (md) => mod.marked.parse(md);
});

/** Every element and link a Markdown parser makes of `md`. */
function markdownMarkup(md: string): { html: string; tags: string[]; hrefs: string[] } {
  const html = parseMarkdown(md);
  return { html, tags: [...new Set([...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((x) => x[1].toLowerCase()))], hrefs: [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((x) => x[1]) };
}

describe('hostile bytes stay inert (issue 19)', () => {
  let check: ReturnType<typeof buildReportModel>;
  let capture: ReturnType<typeof buildCaptureReportModel>;
  beforeAll(async () => {
    const extras = hostileExtras();
    // The check's capture is saved beside the report as report.pcap: the one link a report makes.
    check = buildReportModel(hostileReport(), { ...extras, capture: await hostileCapture() });
    capture = buildCaptureReportModel(await hostileCapture(), { ...extras, pcapRelative: HOSTILE_PCAP, startedAt: '2026-11-29T14:05:06.000Z' });
  });

  it('Markdown: no link, image, raw HTML or control byte comes from foreign text', () => {
    for (const m of [check, capture]) {
      const md = renderMarkdown(m);
      // eslint-disable-next-line no-control-regex
      expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      const { html, tags, hrefs } = markdownMarkup(md);
      expect(tags.filter((t) => !['p', 'h1', 'h2', 'h3', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'hr', 'a', 'br'].includes(t))).toEqual([]);
      // The only link is ours: the capture beside the report; none when its name is not a plain path.
      expect(hrefs).toEqual(m === check ? ['./report.pcap'] : []);
      // Foreign text may sit in code spans as it was (inert there); what the parser made of it is what counts.
      for (const bad of INJECTED_HTML) expect(html, bad).not.toContain(bad);
    }
    // Line 1 of an analyze report names the capture file: escaped, not HTML.
    const first = renderMarkdown(capture).split('\n')[0];
    expect(markdownMarkup(first).tags).toEqual(['p']);
  });

  it('HTML: every foreign text is escaped; the only href is ours', () => {
    for (const m of [check, capture]) {
      const html = renderHtml(m);
      // eslint-disable-next-line no-control-regex
      expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      for (const bad of INJECTED_HTML) expect(html, bad).not.toContain(bad);
      expect([...html.matchAll(/\bhref="([^"]*)"/g)].map((x) => x[1])).toEqual(m === check ? ['./report.pcap'] : []);
      expect(html).not.toMatch(/<(script|img|iframe|svg|object|embed|form|input)\b/i);
    }
  });
});
