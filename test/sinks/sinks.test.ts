import { describe, expect, it } from 'vitest';
import { argEcho, inertBidi, termLine } from '../../src/sinks/terminal.js';
import { mdCode, mdLink, mdText } from '../../src/sinks/markdown.js';
import { h, htmlLink, safeHref } from '../../src/sinks/html.js';
import { jsonInert, toJson } from '../../src/sinks/json.js';
import fc from 'fast-check';

const HOSTILE = 'x\u001b]0;pwned\u0007\u001b]52;c;ZXZpbA==\u0007\u202e[click](javascript:alert(1)) ![i](http://e/x.png) <img src=x onerror=alert(1)> *b* `c` | d';

describe('the terminal sink', () => {
  it('leaves no control byte and names bidi overrides', () => {
    const out = termLine(HOSTILE + '\nsecond\tline');
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(out).toContain('␛]0;pwned␇');
    expect(out).toContain('<U+202E>');
    expect(inertBidi('a\nb')).toBe('a\nb');
  });
  it('cuts an echoed argument to a readable length', () => {
    const out = argEcho('a'.repeat(100_000));
    expect(out.length).toBeLessThanOrEqual(121);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('the Markdown sink', () => {
  it('turns no foreign text into a link, image, tag or emphasis', () => {
    const out = mdText(HOSTILE);
    expect(out).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/);
    expect(out).not.toMatch(/<img/);
    expect(out).not.toMatch(/(?<!\\)\*b(?<!\\)\*/);
    expect(out).toContain('\\|');
    expect(out).not.toMatch(/https?:\/\//);
  });
  it('fences a code span longer than any backtick run inside', () => {
    expect(mdCode('a ``` b')).toBe('````a ``` b````');
    expect(mdCode('`x')).toBe('`` `x ``');
  });
  it('links only targets of ours', () => {
    expect(mdLink('pcap', 'report.pcap')).toBe('[pcap](./report.pcap)');
    expect(mdLink('x', 'javascript:alert(1)')).toBe('`javascript:alert(1)`');
    expect(mdLink('x', '../../etc/passwd')).toBe('`../../etc/passwd`');
  });
});

describe('the HTML sink', () => {
  it('escapes text and attributes, allows only our links', () => {
    expect(h('<a href="x">\'')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('/etc/passwd')).toBeUndefined();
    expect(safeHref('cap.pcap')).toBe('./cap.pcap');
    expect(htmlLink('<b>', 'data:text/html,x')).toBe('<code>data:text/html,x</code>');
  });
});

describe('the JSON sink', () => {
  // eslint-disable-next-line no-control-regex
  const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

  it('keeps the value and leaves nothing a terminal acts on', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }), (value) => {
        const text = toJson(value, undefined, 2);
        expect(text).not.toMatch(UNSAFE);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 100 },
    );
  });
  it('escapes C1 CSI, DEL and a bidi override that JSON.stringify leaves raw', () => {
    expect(JSON.stringify('a\u009b31m\u007f\u202e')).toMatch(UNSAFE);
    expect(jsonInert(JSON.stringify('a\u009b31m\u007f\u202e'))).toBe('"a\\u009b31m\\u007f\\u202e"');
    expect(jsonInert(JSON.stringify('\\\u009b'))).toBe('"\\\\\\u009b"');
  });
});
