import { describe, it, expect } from 'vitest';
import stringWidth from 'string-width';
import { loadLessons } from '../../src/notebook/lessons.js';
import { CUT, inlineToTerminal, markdownToTerminal } from '../../src/notebook/markdown-terminal.js';
import { markdownToHtml, inline } from '../../src/report/markdown-html.js';

const RAGGED = `When the final ACK
arrives the connection becomes **ESTABLISHED**. The listening
socket itself never leaves \`LISTEN\`: each connection is a new socket, and the kernel completes handshakes on its own.`;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, '');

describe('lesson Markdown in a terminal', () => {
  it('reflows prose to the width instead of keeping the source line breaks', () => {
    const lines = markdownToTerminal(RAGGED, { width: 40 }).split('\n');
    expect(lines.every((l) => stringWidth(l) <= 40)).toBe(true);
    expect(lines[0]).toBe('When the final ACK arrives the');
    expect(lines.join(' ')).toContain('becomes ESTABLISHED. The listening socket itself never leaves LISTEN:');
    // At 120 columns the same paragraph takes two lines.
    expect(markdownToTerminal(RAGGED, { width: 120 }).split('\n')).toHaveLength(2);
  });

  it('keeps code as written: never wrapped, cut with a marker at the edge when asked', () => {
    const md = 'Some text.\n\n```console\nIP 127.0.0.1.51234 > 127.0.0.1.8080: Flags [S], seq 1804289383, win 65495, options [mss 65495,sackOK]\n$ ss -tan\n```';
    const plain = markdownToTerminal(md, { width: 60 }).split('\n');
    expect(plain).toContain('    IP 127.0.0.1.51234 > 127.0.0.1.8080: Flags [S], seq 1804289383, win 65495, options [mss 65495,sackOK]');
    const cut = markdownToTerminal(md, { width: 60, cutCode: true }).split('\n');
    const packet = cut.find((l) => l.includes('Flags [S]'))!;
    expect(stringWidth(packet)).toBe(60);
    expect(packet.endsWith(CUT)).toBe(true);
    expect(packet.startsWith('    IP 127.0.0.1.51234 > 127.0.0.1.8080: Flags [S], seq 1')).toBe(true);
    expect(cut).toContain('    $ ss -tan');
  });

  it('gives list items a hanging indent, nested lists their own, and numbers ordered lists', () => {
    const md = '- a firewall with a DROP rule, or a cloud security group without an allow rule for the port\n- a route\n  - nested item that is long enough to wrap around the narrow width here\n\n1. one\n2. two';
    const lines = markdownToTerminal(md, { width: 40 }).split('\n');
    expect(lines[0]).toBe('- a firewall with a DROP rule, or a');
    expect(lines[1]).toMatch(/^ {2}\S/);
    const nested = lines.findIndex((l) => l.startsWith('  - nested'));
    expect(nested).toBeGreaterThan(0);
    expect(lines[nested + 1]).toMatch(/^ {4}\S/);
    expect(lines.slice(-2)).toEqual(['1. one', '2. two']);
    expect(lines.every((l) => stringWidth(l) <= 40)).toBe(true);
  });

  it('styles emphasis and inline code when colour is on, and drops the marks when it is off', () => {
    const md = 'A **bold** word, an *em* word and `ss -tan`.';
    expect(markdownToTerminal(md)).toBe('A bold word, an em word and ss -tan.');
    const styled = markdownToTerminal(md, { color: true, colorLevel: 1 });
    expect(styled).toContain('\u001b[1mbold\u001b[22m');
    expect(styled).toContain('\u001b[3mem\u001b[23m');
    expect(styled).toContain('\u001b[36mss -tan\u001b[39m');
    expect(visible(styled)).toBe('A bold word, an em word and ss -tan.');
    // NO_COLOR-style terminals (level 0) get the plain words even when colour is asked for.
    expect(markdownToTerminal(md, { color: true, colorLevel: 0 })).toBe('A bold word, an em word and ss -tan.');
    expect(inlineToTerminal('`SO_REUSEADDR` *before* bind()')).toBe('SO_REUSEADDR before bind()');
  });

  it('lays a table out in columns when it fits, one field a line when it does not', () => {
    const md = '| action | what comes back |\n| --- | --- |\n| DROP | nothing: SYN retransmissions, then a timeout |\n| REJECT | an RST or an ICMP error |';
    const wide = markdownToTerminal(md, { width: 80 }).split('\n');
    expect(wide[0]).toMatch(/^action {2,}what comes back$/);
    expect(wide[2]).toMatch(/^DROP {4}nothing: SYN/);
    const narrow = markdownToTerminal(md, { width: 30 }).split('\n');
    expect(narrow).toContain('action: DROP');
    expect(narrow.some((l) => l.startsWith('what comes back: nothing:'))).toBe(true);
    expect(narrow.every((l) => stringWidth(l) <= 30)).toBe(true);
  });

  it('drops HTML comments, shows other raw HTML as text, and keeps foreign control bytes inert', () => {
    const out = markdownToTerminal('<!-- topic: rst -->\nSay <b>hi</b> \u001b]52;c;AAAA\u0007 and \u202eevil.');
    expect(out).not.toContain('topic');
    expect(out).toContain('<b>hi</b>');
    expect(out).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(out).toContain('␛]52;c;AAAA␇');
    expect(out).toContain('<U+202E>');
  });

  it('renders every shipped lesson at 60 columns: prose within the width, cut code marked', () => {
    for (const lesson of loadLessons()) {
      for (const cell of lesson.cells) {
        if (cell.kind !== 'text') continue;
        for (const line of markdownToTerminal(cell.markdown, { width: 60, cutCode: true }).split('\n')) {
          // A single word longer than the width (a URL) may overflow; nothing else does.
          if (stringWidth(line) > 60) expect(line.trim(), `${lesson.id}: ${line}`).not.toMatch(/\s/);
        }
      }
    }
  });
});

describe('lesson Markdown in HTML (the same parser)', () => {
  it('escapes text, never passes raw HTML through, and links only to https or our own paths', () => {
    const html = markdownToHtml('Hi <script>alert(1)</script> & <!-- note --> [a](javascript:alert(1)) [b](https://example.org/x) [c](http://plain.example)');
    expect(html).not.toMatch(/<script|href="javascript|href="http:/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('note');
    expect(html).toContain('<a href="https://example.org/x">b</a>');
    expect(html).toContain('c (<code>http://plain.example</code>)');
  });

  it('nests lists, keeps code blocks whole, and shifts headings', () => {
    expect(markdownToHtml('- a\n  - b\n- c')).toBe('<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>');
    expect(markdownToHtml('```console\n$ ss -tan | grep 5432\n```')).toBe('<pre><code class="language-console">$ ss -tan | grep 5432</code></pre>');
    expect(markdownToHtml('## Part', { headingShift: 1 })).toBe('<h3>Part</h3>');
    expect(inline('`a<b` and **c**')).toBe('<code>a&lt;b</code> and <strong>c</strong>');
  });
});
