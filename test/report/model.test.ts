/**
 * The pure parts: the model reads per-address results when a check has them, times carry their
 * zone, and neither renderer lets text from the evidence become markup.
 */
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/evidence.js';
import { buildReportModel, localTime } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { markdownToHtml } from '../../src/report/markdown-html.js';
import { handshakeFromSteps, mermaidText } from '../../src/report/sequence.js';

const origin = { hostname: 'ws1', localAddress: '10.0.0.5', interface: 'eth0', timeZone: 'Europe/Berlin' };

/** A report shaped like `check --json`'s, with hostile text where the evidence carries words. */
function report(extra: Partial<CheckReport['target']> & Record<string, unknown> = {}): CheckReport {
  return {
    target: { host: 'db.example', port: 5432, addresses: ['192.0.2.7', '192.0.2.8'], addressUsed: '192.0.2.8', ...extra },
    verdict: 'closed',
    meaning: 'The handshake completed, then the other side closed. More words.',
    steps: [
      { id: 'connect', outcome: 'pass', durationMs: 3, summary: 'connected', command: 'nc -vz db.example 5432', evidence: { address: '192.0.2.8', port: 5432, result: 'connected', handshakeMs: 3 } },
      { id: 'observe', outcome: 'fail', durationMs: 50, summary: 'banner <script>alert(1)</script> | pipe', evidence: { result: 'fin', banner: '<script>x</script>' } },
    ],
    findings: ['banner-received'],
    details: [{ id: 'banner-received', text: 'It said <img src=x onerror=alert(1)>' }],
    lessons: ['handshake'],
    startedAt: '2026-11-29T14:05:06.000Z',
    durationMs: 120,
  };
}

describe('report model', () => {
  it('uses per-address results when the check has them, and tolerates their absence', () => {
    const withResults = buildReportModel(
      report({
        results: [
          { address: '192.0.2.7', family: 4, verdict: 'filtered', result: 'timeout', error: 'TIMEOUT', durationMs: 3500 },
          { address: '192.0.2.8', family: 4, verdict: 'refused', result: 'refused', error: 'ECONNREFUSED', durationMs: 2 },
        ],
      }),
      { origin },
    );
    expect(withResults.addresses).toEqual([
      { address: '192.0.2.7', outcome: 'filtered', summary: '192.0.2.7 filtered (no answer within 3.50 s)', used: false },
      { address: '192.0.2.8', outcome: 'refused', summary: '192.0.2.8 refused (ECONNREFUSED) after 2.0 ms', used: true },
    ]);
    const without = buildReportModel(report(), { origin });
    expect(without.addresses.map((a) => [a.address, a.outcome])).toEqual([['192.0.2.8', 'connected'], ['192.0.2.7', 'not tried']]);
  });

  it('writes the time in the zone it ran in, with the offset', () => {
    expect(localTime('2026-11-29T14:05:06.000Z', 'Europe/Berlin')).toBe('2026-11-29 15:05:06 Europe/Berlin (UTC+01:00)');
    expect(localTime('2026-07-01T00:00:00.000Z', 'America/New_York')).toBe('2026-06-30 20:00:00 America/New_York (UTC-04:00)');
    expect(localTime('2026-07-01T00:00:00.000Z', 'UTC')).toBe('2026-07-01 00:00:00 UTC');
    expect(buildReportModel(report(), { origin }).summary).toBe('db.example:5432 (192.0.2.8): closed. The handshake completed, then the other side closed. Checked from ws1 (10.0.0.5) at 2026-11-29 15:05:06 Europe/Berlin (UTC+01:00).');
  });

  it('draws the steps when there is no capture: SYN, SYN-ACK, ACK, then the FIN the observe step saw', () => {
    const d = handshakeFromSteps(report())!;
    expect(d.mermaid.split('\n').filter((l) => /->>/.test(l))).toEqual(['  C->>S: [S] SYN', '  S->>C: [S.] SYN-ACK · 3.0 ms', '  C->>S: [.] ACK', '  S->>C: [F.] FIN (the server closed)']);
    expect(mermaidText('a;b#c\nd')).toBe('a b c d');
  });

  it('evidence text never becomes markup, in HTML or in Markdown', () => {
    const m = buildReportModel(report(), { origin });
    const html = renderHtml(m);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const md = renderMarkdown(m);
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).toContain('banner &lt;script>alert(1)&lt;/script> \\| pipe');
  });

  it('lesson Markdown: escaped first, then only the few constructs become tags', () => {
    expect(markdownToHtml('Hi <b>x</b> **bold** `a<b` [rfc](https://www.rfc-editor.org/rfc/rfc9293)')).toBe('<p>Hi &lt;b&gt;x&lt;/b&gt; <strong>bold</strong> <code>a&lt;b</code> <a href="https://www.rfc-editor.org/rfc/rfc9293">rfc</a></p>');
    expect(markdownToHtml('| a | b |\n| --- | --- |\n| 1 | `2` |')).toBe('<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td><code>2</code></td></tr></tbody></table>');
    expect(markdownToHtml('- one\n  more\n- two')).toBe('<ul><li>one more</li><li>two</li></ul>');
    expect(markdownToHtml('[x](javascript:alert(1))')).not.toContain('href="javascript');
  });
});
