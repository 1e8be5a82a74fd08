/**
 * One hostile-everything fixture through every sink of the built CLI. Real loopback servers say
 * it (a banner, a certificate from `openssl s_server`, a plain-text answer to the ClientHello), a
 * capture file carries it in its name, a person pastes it into the chat, and it is typed as
 * arguments. Then: no raw control byte in any terminal output (plain, --json, the chat pipe,
 * analyze, drill, usage errors); no link, image or HTML tag from it in any `.md` file (read by a
 * real Markdown lexer, and rendered the way a viewer that passes HTML would); and in Chromium,
 * no element or attribute from it in any HTML report. Each sink is its own test, so a failure
 * names the sink (and so the owner of the fix).
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, withBrowser } from '../helpers/browser.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import {
  DOM_PROBE,
  HOSTILE,
  HOSTILE_BANNER,
  HOSTILE_FILE_NAME,
  HOSTILE_PLAINTEXT,
  MARK,
  TITLE,
  expectInert,
  hostileCertificate,
  injectedMarkdown,
  markdownAsHtml,
  opensslServer,
  rawControlAt,
  tempDir,
  textServer,
  type Listener,
} from './fixture.js';

const tmp = tempDir('everything');
const at = (name: string) => join(tmp.dir, name);
const env = { TCPSLEUTH_STATE_DIR: at('state') };
const PCAP = fileURLToPath(new URL('../fixtures/pcap/lo-ethernet-usec.pcap', import.meta.url));
const capture = at(HOSTILE_FILE_NAME);

const servers: Record<'banner' | 'tls' | 'plaintext', Listener | undefined> = { banner: undefined, tls: undefined, plaintext: undefined };
const target = (s: keyof typeof servers) => `127.0.0.1:${servers[s]!.port}`;
/** What each run printed, by name; filled in beforeAll, read by the tests. */
const out = new Map<string, CliResult>();

/** Runs the CLI (in the temporary folder, for the chat's reports) and keeps what it printed. */
async function keep(name: string, args: string[], input?: string): Promise<void> {
  out.set(name, await runCli(args, { env, input, timeoutMs: 45_000 }));
}

beforeAll(async () => {
  const { cert, key } = hostileCertificate(tmp.dir);
  servers.tls = await opensslServer(cert, key);
  servers.banner = await textServer({ banner: `${HOSTILE_BANNER}\r\n` });
  servers.plaintext = await textServer({ answer: HOSTILE_PLAINTEXT });
  copyFileSync(PCAP, capture);
  const check = (s: keyof typeof servers) => ['check', target(s), '--no-ping', ...(s === 'banner' ? [] : ['--tls'])];
  // Two at a time: the machine's cores are shared.
  const runs: [string, string[], string?][] = [];
  for (const s of ['banner', 'tls', 'plaintext'] as const) {
    runs.push([`plain ${s}`, check(s)], [`json ${s}`, [...check(s), '--json']], [`md ${s}`, [...check(s), '--report', at(`${s}.md`)]], [`html ${s}`, [...check(s), '--report', at(`${s}.html`)]]);
  }
  runs.push(
    ['report with a hostile name', [...check('banner'), '--report', at(`report-${MARK}${TITLE}.md`)]],
    ['analyze', ['analyze', capture]],
    ['analyze json', ['analyze', capture, '--json']],
    ['analyze md', ['analyze', capture, '--report', at('analyze.md')]],
    ['analyze html', ['analyze', capture, '--report', at('analyze.html')]],
    ['drill answer', ['drill', 'answer', HOSTILE, '--verdict', HOSTILE]],
    ['usage', ['check', HOSTILE]],
  );
  const chat = `${HOSTILE}\n${target('banner')}\nhttps://${target('tls')}\nhttps://${target('plaintext')}\n`;
  runs.push(['chat', ['chat'], chat], ['chat json', ['chat', '--json'], chat]);
  for (let i = 0; i < runs.length; i += 2) await Promise.all(runs.slice(i, i + 2).map(([n, a, input]) => keep(n, a, input)));
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.close()));
  tmp.remove();
});

const result = (name: string) => {
  const r = out.get(name);
  if (!r) throw new Error(`no run named ${name}`);
  return r;
};

describe('the terminal: no raw control byte in anything printed', () => {
  it.each(['plain banner', 'plain tls', 'plain plaintext'])('%s', (name) => {
    const r = result(name);
    expectInert(r.stdout, `${name} stdout`);
    expectInert(r.stderr, `${name} stderr`);
    expect(r.stdout).toContain(MARK);
  });

  it.each(['json banner', 'json tls', 'json plaintext'])('%s (--json)', (name) => {
    const r = result(name);
    expectInert(r.stdout, `${name} stdout`);
    expect(JSON.parse(r.stdout).steps.length).toBeGreaterThan(2);
  });

  it.each(['md banner', 'html tls', 'report with a hostile name'])('check --report (%s): the lines it prints', (name) => {
    const r = result(name);
    expectInert(r.stdout + r.stderr, name);
  });

  it('the chat in a pipe (plain): the pasted message and the three servers', () => {
    const r = result('chat');
    expectInert(r.stdout + r.stderr, 'chat');
    expect(r.stdout).toContain(MARK);
  });

  it('the chat in a pipe (--json lines)', () => {
    const r = result('chat json');
    expectInert(r.stdout + r.stderr, 'chat --json');
    expect(r.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(4);
  });

  it('analyze FILE with a hostile name (plain)', () => {
    const r = result('analyze');
    expectInert(r.stdout + r.stderr, 'analyze');
    expect(r.stdout).toContain(MARK);
  });

  it('analyze FILE with a hostile name (--json)', () => {
    const r = result('analyze json');
    expectInert(r.stdout + r.stderr, 'analyze --json');
  });

  it.each(['analyze md', 'analyze html'])('%s: the lines it prints', (name) => {
    const r = result(name);
    expectInert(r.stdout + r.stderr, name);
  });

  it('drill answer with a hostile id and verdict', () => {
    const r = result('drill answer');
    expectInert(r.stdout + r.stderr, 'drill answer');
    expect(r.code).toBe(2);
  });

  it('a usage error', () => {
    const r = result('usage');
    expectInert(r.stderr, 'usage error');
    expect(r.code).toBe(2);
  });
});

/** The Markdown files the runs wrote (the chat's report is optional: only if it wrote one). */
const MARKDOWN = ['banner.md', 'tls.md', 'plaintext.md', 'analyze.md'];

describe('Markdown: no link, image or HTML tag from the fixture', () => {
  it.each(MARKDOWN)('%s', (file) => {
    expect(existsSync(at(file)), `${file} was written`).toBe(true);
    const md = readFileSync(at(file), 'utf8');
    expect(md).toContain(MARK);
    const injected = injectedMarkdown(md);
    expect(injected, injected.join('\n')).toEqual([]);
    // A Markdown file is read in terminals too (cat, less): no raw controls either.
    expect(rawControlAt(md)).toBeUndefined();
  });
});

describe.skipIf(!hasChromium())('HTML in Chromium: no element or attribute from the fixture', () => {
  let browser: Browser | undefined;
  let release: () => void = () => undefined;
  beforeAll(async () => {
    // withBrowser closes the browser when the promise it runs settles: keep it open for this block.
    const opened = new Promise<Browser>((resolve) => {
      void withBrowser(async (b) => {
        resolve(b);
        await new Promise<void>((r) => (release = r));
      });
    });
    browser = await opened;
  });
  afterAll(() => release());

  /** Loads a page with every request but file:/data:/about: refused (no DNS for evil.test) and probes its DOM. */
  async function probe(load: { file?: string; html?: string }) {
    const page = await browser!.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    try {
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.setRequestInterception(true);
      page.on('request', (r) => {
        const url = r.url();
        if (/^(file|data|about):/.test(url)) return void r.continue();
        requests.push(url);
        void r.abort();
      });
      if (load.file) await page.goto(`file://${load.file}`, { waitUntil: 'load' });
      else await page.setContent(load.html ?? '', { waitUntil: 'load' });
      const dom = (await page.evaluate(DOM_PROBE)) as { found: string[]; text: string };
      return { ...dom, dialogs, requests };
    } finally {
      await page.close();
    }
  }

  it.each(['banner.html', 'tls.html', 'plaintext.html', 'analyze.html'])('%s', async (file) => {
    expect(existsSync(at(file)), `${file} was written`).toBe(true);
    const page = await probe({ file: at(file) });
    expect(page.text).toContain(MARK);
    expect(page.found, page.found.join('\n')).toEqual([]);
    expect(page.dialogs).toEqual([]);
    expect(page.requests.filter((u) => /evil\.test|javascript:/.test(u))).toEqual([]);
  });

  it.each(MARKDOWN)('%s rendered by a Markdown viewer that passes HTML', async (file) => {
    const page = await probe({ html: markdownAsHtml(readFileSync(at(file), 'utf8')) });
    expect(page.text).toContain(MARK);
    expect(page.found, page.found.join('\n')).toEqual([]);
    expect(page.dialogs).toEqual([]);
  });
});
