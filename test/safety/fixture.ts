/**
 * The hostile-everything fixture: text other people control (a certificate's names, a banner, a
 * plain-text answer to a ClientHello, file names, a pasted message, arguments), each carrying
 * terminal escapes (window title, clipboard, C1 CSI, a bidi override) and Markdown/HTML that
 * would become a link, an image or an element. Real servers on loopback say it; the checks on
 * what comes out live here too, so every safety test asks the same questions.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

/** A real CommonMark/GFM reader: marked, which mermaid-cli brings (this version has no types of its own). */
const MARKED: string = 'marked';
const { marked } = (await import(MARKED)) as { marked: { lexer(md: string): unknown[]; parse(md: string): string } };

/** Every injected thing carries this word, so a DOM or a token that holds it came from us. */
export const MARK = 'tslpwn';

/** OSC 0 (window/pane title), OSC 52 (clipboard), C1 CSI (0x9b), a right-to-left override. */
export const TITLE = '\u001b]0;TSLPWN-TITLE\u0007';
export const CLIPBOARD = '\u001b]52;c;dHNscHdu\u0007';
export const C1_CSI = '\u009b31m';
export const RLO = '\u202e';

/** Markdown and HTML that would be a link, an image, elements and emphasis if not escaped. */
export const MARKUP = `[click](javascript:alert(1)) ![i](http://evil.test/x.png) <img src=x onerror=alert(1) data-${MARK}=1> <b data-${MARK}=1>b</b> *em* | cell`;

/** A pasted message or an argument: all of it at once. */
export const HOSTILE = `${MARK} ${TITLE}${CLIPBOARD}${C1_CSI}${RLO} ${MARKUP}`;

/** A banner is one printable line (the observe step keeps only those): the markup part. */
export const HOSTILE_BANNER = `SSH-2.0-${MARK} ${MARKUP}`;

/** What a plain-text service answers to a ClientHello. */
export const HOSTILE_PLAINTEXT = `HTTP/1.1 400 ${MARK} <script data-${MARK}=1>alert(1)</script> [x](javascript:alert(1)) ${TITLE}\r\n\r\n`;

/** A capture's file name: starts like a link target, carries a tag and escapes (no `/`). */
export const HOSTILE_FILE_NAME = `javascript:alert(1)${MARK}<img src=x onerror=alert(1) data-${MARK}=1>${TITLE}[x](javascript:alert(1)).pcap`;

/** The certificate's subject CN (at most 64 characters, an X.509 limit) and the other names. */
export const CERT_CN = `${MARK}${TITLE}${C1_CSI}${RLO}<b data-${MARK}=1>[c](javascript:x)`;
export const CERT_ISSUER_CN = `${CLIPBOARD}![i](http://evil.test/x.png)`;
export const CERT_SANS = [`${MARK}${TITLE}.test`, `<img src=x onerror=alert(1) data-${MARK}=1>`, '[x](javascript:alert(1))'];

/** Characters that act on a terminal: C0 (newline and tab aside), DEL, C1, bidi overrides. */
// eslint-disable-next-line no-control-regex
export const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Fails with where the first raw control sits (shown escaped), or passes. */
export function expectInert(text: string, where: string): void {
  const m = TERMINAL_UNSAFE.exec(text);
  const at = m ? JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40)) : '';
  expect(m ? `${where}: raw U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${at}` : 'inert').toBe('inert');
}

/** What `expectInert` would say, without failing (for a list of results). */
export function rawControlAt(text: string): string | undefined {
  const m = TERMINAL_UNSAFE.exec(text);
  return m ? `raw U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 30))}` : undefined;
}

type Token = { type: string; href?: string; raw?: string; text?: string; tokens?: Token[]; items?: Token[]; header?: { tokens: Token[] }[]; rows?: { tokens: Token[] }[][] };

/**
 * Links, images and raw HTML in a Markdown file that came from the fixture (they carry MARK, a
 * `javascript:` target or evil.test), read by a real CommonMark/GFM lexer (code spans are inert).
 */
export function injectedMarkdown(md: string): string[] {
  const found: string[] = [];
  const foreign = (s = '') => s.includes(MARK) || /javascript:|evil\.test|onerror/i.test(s);
  const walk = (tokens: Token[] = []) => {
    for (const t of tokens) {
      if ((t.type === 'link' || t.type === 'image') && (foreign(t.href) || foreign(t.raw))) found.push(`${t.type}: ${t.raw}`);
      if (t.type === 'html' && foreign(t.raw)) found.push(`html: ${t.raw}`);
      walk(t.tokens);
      walk(t.items);
      for (const cell of t.header ?? []) walk(cell.tokens);
      for (const row of t.rows ?? []) for (const cell of row) walk(cell.tokens);
    }
  };
  walk(marked.lexer(md) as unknown as Token[]);
  return found;
}

/** The Markdown as a viewer that passes HTML through (marked's default) would turn it into HTML. */
export function markdownAsHtml(md: string): string {
  return marked.parse(md);
}

/** In a page loaded in Chromium: elements and attributes the fixture injected, and whether its text is there. */
export const DOM_PROBE = `(() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.includes('${MARK}') || (/^on/i.test(a.name) && /alert/.test(a.value))) found.push(el.tagName + ' [' + a.name + '=' + a.value + ']');
      if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\\s*(javascript|data|vbscript):|evil\\.test/i.test(a.value)) found.push(el.tagName + ' ' + a.name + '=' + a.value);
    }
    if (el.tagName === 'SCRIPT' && /alert\\(1\\)/.test(el.textContent || '')) found.push('SCRIPT ' + el.textContent);
  }
  return { found, text: (document.body && document.body.textContent) || '' };
})()`;

/** A self-made CA (hostile issuer) and a leaf it signed (hostile subject and SANs, not 127.0.0.1). */
export function hostileCertificate(dir: string): { cert: string; key: string; caCert: string } {
  const file = (n: string) => join(dir, n);
  // -subj reads `/` as a separator; a backslash keeps it in the value.
  const subj = (pairs: [string, string][]) => pairs.map(([k, v]) => `/${k}=${v.replace(/\//g, '\\/')}`).join('');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-utf8'];
  execFileSync('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-subj', subj([['CN', CERT_ISSUER_CN]])], { stdio: 'ignore' });
  const san = CERT_SANS.map((n) => `DNS:${n}`).join(',');
  execFileSync('openssl', ['req', '-x509', ...ec, '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-keyout', file('leaf.key'), '-out', file('leaf.pem'), '-subj', subj([['CN', CERT_CN], ['O', MARKUP.slice(0, 60)], ['OU', `${MARK}${CLIPBOARD}`]]), '-addext', `subjectAltName=${san}`], { stdio: 'ignore' });
  return { cert: file('leaf.pem'), key: file('leaf.key'), caCert: file('ca.pem') };
}

export interface Listener {
  port: number;
  close(): Promise<void>;
}

/** A free loopback port (bound and released). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Resolves once something accepts on 127.0.0.1:port (at most `tries` attempts, 50 ms apart). */
async function accepting(port: number, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing accepts on 127.0.0.1:${port}`);
}

/** A real `openssl s_server` on loopback serving the hostile certificate. */
export async function opensslServer(cert: string, key: string): Promise<Listener> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', cert, '-key', key, '-www', '-quiet'], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      await Promise.race([accepting(port), exited.then(() => Promise.reject(new Error('s_server exited')))]);
    } catch {
      child.kill('SIGKILL');
      continue;
    }
    return {
      port,
      close: async () => {
        child.kill('SIGTERM');
        await exited;
      },
    };
  }
  throw new Error('openssl s_server did not start');
}

/** A loopback listener that says `banner` on connect, or `answer` to the first bytes it reads. */
export async function textServer(opts: { banner?: string; answer?: string }): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    const { banner, answer } = opts;
    if (banner) s.write(banner);
    if (answer) s.once('data', () => s.end(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A temporary folder removed by the returned function. */
export function tempDir(tag: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `tsl-safety-${tag}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
