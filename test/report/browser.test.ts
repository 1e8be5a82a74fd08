/**
 * Headless Chromium (Debian's, via puppeteer): every generated diagram is rendered now and each
 * label must fit its box, the report's ladders too (every line of every note inside its box); a
 * hostile-everything report leaves no element or attribute of its own in the DOM; the HTML report
 * and a lesson page open with no console errors, no requests beyond the file itself, and nothing
 * wider than a phone; without a browser the report still comes out, as source.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer';
import { guideMachine } from '../../src/guide/machine.js';
import { guideDiagrams } from '../../src/guide/diagram.js';
import { loadLessons } from '../../src/notebook/lessons.js';
import { lessonDiagrams } from '../../src/report/diagram-files.js';
import { descendants, renderMermaidSvgs } from '../../src/report/render.js';
import { hasChromium, withBrowser } from '../helpers/browser.js';
import { labelMisfits } from '../helpers/label-fit.js';
import { CLI, runCli } from '../helpers/cli.js';
import { useLoopbackServers } from '../helpers/loopback.js';
import { analyzeCapture } from '../../src/packets/analyze-capture.js';
import { ladderFromCapture } from '../../src/diagnosis/ladder.js';
import { ladderMermaid } from '../../src/report/sequence.js';
import { buildReportModel } from '../../src/report/model.js';
import { renderHtml } from '../../src/report/html.js';
import { hostileCapture, hostileExtras, hostileReport } from './hostile-fixture.js';

if (!hasChromium()) process.stderr.write('skipped: the Chromium report tests need /usr/bin/chromium (apt-get install chromium fonts-dejavu-core)\n');

const port = useLoopbackServers(['reset-after-connect', 'refused']);
const dir = mkdtempSync(join(tmpdir(), 'tsl-report-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens a file and collects console errors, page errors and every request that is not the file. */
async function open(browser: Browser, file: string, width = 1200): Promise<{ errors: string[]; requests: string[]; scrollWidth: number }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.setViewport({ width, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  await page.close();
  return { errors, requests, scrollWidth };
}

describe.skipIf(!hasChromium())('rendering in Chromium', () => {
  it('every generated diagram, rendered now: no label is wider than its box', async () => {
    const all = { ...guideDiagrams(guideMachine), ...lessonDiagrams(loadLessons()) };
    const names = Object.keys(all);
    expect(names.length).toBeGreaterThanOrEqual(12);
    const r = await renderMermaidSvgs(names.map((n) => all[n]));
    if (!r.ok) return expect.fail(`${r.reason}: ${r.fix}`);
    const misfits = await withBrowser(async (browser) => {
      const page = await browser.newPage();
      const out: string[] = [];
      for (let i = 0; i < names.length; i++) {
        // Something was measured: a diagram with no labels found would pass vacuously.
        await page.setContent(r.svgs[i]);
        const labelled = (await page.evaluate("document.querySelectorAll('svg g.node, svg foreignObject, rect.actor, rect.note').length")) as number;
        expect(labelled, names[i]).toBeGreaterThan(0);
        for (const m of await labelMisfits(page, r.svgs[i])) out.push(`${names[i]}: "${m.text}" is ${m.labelWidth.toFixed(0)} px in a ${m.boxWidth.toFixed(0)} px ${m.kind}`);
      }
      return out;
    });
    expect(misfits).toEqual([]);
  }, 240_000);

  it('the measurement catches a clipped label', async () => {
    const clipped = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><g class="node"><rect width="30" height="20"/><g class="label"><foreignObject width="30" height="20"><div xmlns="http://www.w3.org/1999/xhtml" style="display:inline-block;white-space:nowrap">advice and more</div></foreignObject></g></g></svg>';
    const outside = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50"><text x="-40" y="20">cut off</text><text x="10" y="20">fine</text></svg>';
    const [a, b] = await withBrowser(async (browser) => {
      const page = await browser.newPage();
      return [await labelMisfits(page, clipped), await labelMisfits(page, outside)];
    });
    expect(a.map((m) => m.text)).toContain('advice and more');
    expect(b.map((m) => `${m.text}: ${m.kind}`)).toEqual(['cut off: outside the drawing']);
  });

  it("the report's ladders: every arrow label and every line of every note fits (refused, filtered, reset during TLS, ICMP, the textbook)", async () => {
    const fixture = join(__dirname, '../fixtures/pcap/synthetic-ethernet-be-usec.pcap');
    const sources: string[] = [];
    for (const n of [2, 3, 4, 5, 9]) {
      const a = await analyzeCapture(fixture, { conversation: n });
      sources.push(ladderMermaid(ladderFromCapture(a.conversation(n)!, a.events!, { clientIsUs: true }), '2026-11-21 09:00:20.000 Europe/Berlin (UTC+01:00)'));
    }
    // The narrowest ladder (refused: two short arrows) with a UTC time, one line of 40 characters before wrapping.
    const refused = await analyzeCapture(fixture, { conversation: 2 });
    sources.push(ladderMermaid(ladderFromCapture(refused.conversation(2)!, refused.events!, { clientIsUs: true }), '2026-12-07 03:17:37.738 UTC'));
    const m = buildReportModel(hostileReport(), hostileExtras());
    sources.push(m.ladder!.mermaid, m.figure!.expectedMermaid);
    const r = await renderMermaidSvgs(sources);
    if (!r.ok) return expect.fail(`${r.reason}: ${r.fix}`);
    const misfits = await withBrowser(async (browser) => {
      const page = await browser.newPage();
      const out: string[] = [];
      let notes = 0;
      for (const [i, svg] of r.svgs.entries()) {
        await page.setContent(svg);
        notes += (await page.evaluate("document.querySelectorAll('rect.note').length")) as number;
        for (const x of await labelMisfits(page, svg)) out.push(`ladder ${i}: "${x.text}" is ${x.labelWidth.toFixed(0)} px in a ${x.boxWidth.toFixed(0)} px ${x.kind}`);
      }
      // Wrapped notes were there to measure: the first SYN's time, idle gaps, what never came.
      expect(notes).toBeGreaterThanOrEqual(8);
      return out;
    });
    expect(misfits).toEqual([]);
  }, 240_000);

  it('a hostile-everything report: no element or attribute from the fixture reaches the DOM', async () => {
    const m = buildReportModel(hostileReport(), { ...hostileExtras(), capture: await hostileCapture() });
    const r = await renderMermaidSvgs([m.ladder!.mermaid, m.figure!.expectedMermaid], { idPrefix: 'tsl-ladder-' });
    if (!r.ok) return expect.fail(`${r.reason}: ${r.fix}`);
    const file = join(dir, 'hostile.html');
    writeFileSync(file, renderHtml(m, { ladderSvg: r.svgs[0], expectedSvg: r.svgs[1] }));
    const found = await withBrowser(async (browser) => {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const dom = (await page.evaluate(`(() => {
        const bad = [];
        const links = [];
        const forbidden = new Set(['script', 'img', 'iframe', 'object', 'embed', 'form', 'input', 'b', 'image', 'foreignobject', 'audio', 'video', 'link', 'base']);
        for (const el of Array.from(document.querySelectorAll('*'))) {
          const tag = el.tagName.toLowerCase();
          if (forbidden.has(tag)) bad.push('<' + tag + '>');
          for (const a of Array.from(el.attributes)) {
            const n = a.name.toLowerCase();
            if (n.startsWith('on') || n === 'src' || n === 'srcset' || n === 'formaction') bad.push(tag + ' ' + n + '=' + a.value);
            if (n === 'href' || n === 'xlink:href') links.push(a.value);
          }
        }
        return { bad, links, text: document.body.innerText, svgs: document.querySelectorAll('svg').length };
      })()`)) as { bad: string[]; links: string[]; text: string; svgs: number };
      return { ...dom, dialogs };
    });
    expect(found.svgs).toBe(2);
    expect(found.bad).toEqual([]);
    // The one link is ours (the pcap beside the report); any other reference stays inside the page.
    expect(found.links.filter((l) => !/^#[\w-]+$/.test(l))).toEqual(['./report.pcap']);
    expect(found.dialogs).toEqual([]);
    // The hostile text is there, as text: inert, not gone.
    expect(found.text).toContain('<script>alert(1)</script>');
    expect(found.text).toContain('␛]52;c;Zm9v␇');
  }, 120_000);

  it('the HTML report opens with no console errors, no fetches, and fits a phone', async () => {
    const file = join(dir, 'reset.html');
    const r = await runCli(['check', `127.0.0.1:${port('reset-after-connect')}`, '--no-ping', '--report', file], { timeoutMs: 90_000 });
    expect(r.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain('<svg');
    const lesson = join(dir, 'lesson.html');
    const l = await runCli(['learn', 'handshake', '--html'], { timeoutMs: 90_000 });
    expect(l.code).toBe(0);
    writeFileSync(lesson, l.stdout);
    await withBrowser(async (browser) => {
      // The report's own ladder and the textbook beside it: their labels fit too.
      for (const id of ['tsl-ladder-1', 'tsl-ladder-2']) {
        const svg = new RegExp(`<svg id="${id}"[\\s\\S]*?<\\/svg>`).exec(readFileSync(file, 'utf8'))?.[0];
        expect(svg, id).toBeDefined();
        expect(await labelMisfits(await browser.newPage(), svg!)).toEqual([]);
      }
      for (const f of [file, lesson]) {
        for (const width of [1200, 390]) {
          const seen = await open(browser, f, width);
          expect(seen.errors, f).toEqual([]);
          expect(seen.requests, f).toEqual([]);
          expect(seen.scrollWidth, `${f} at ${width} px`).toBeLessThanOrEqual(width);
        }
      }
    });
  }, 180_000);
});

describe.skipIf(!hasChromium())('Ctrl-C while the report renders', () => {
  it('exits 130 and leaves no Chromium, no temp folder and no report behind', async () => {
    const file = join(dir, 'interrupted.html');
    // A temp folder of its own: other processes (tests, engineers) render reports at the same time.
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const child = spawn(process.execPath, [CLI, 'check', `127.0.0.1:${port('refused')}`, '--no-ping', '--report', file], { stdio: 'ignore', env: { ...process.env, TMPDIR: tmp } });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const isChromium = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium');
      } catch {
        return false;
      }
    };
    let tree: number[] = [];
    for (let i = 0; i < 200 && !tree.some(isChromium); i++) {
      await new Promise((r) => setTimeout(r, 100));
      tree = descendants(child.pid!);
    }
    expect(tree.some(isChromium)).toBe(true);
    const tmpBefore = readdirSync(tmp).filter((f) => f.startsWith('tsl-report-mmdc-'));
    expect(tmpBefore.length).toBeGreaterThan(0);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const running = (pid: number) => {
      try {
        return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
      } catch {
        return false;
      }
    };
    // SIGKILL is immediate, but the kernel takes a moment to tear a big process down.
    for (let i = 0; i < 30 && tree.some(running); i++) await new Promise((r) => setTimeout(r, 100));
    const alive = tree.filter(running);
    expect(alive.map((pid) => `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 80)}`)).toEqual([]);
    for (const f of tmpBefore) expect(existsSync(join(tmp, f)), f).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('interrupted'))).toEqual([]);
  }, 60_000);
});

describe('without a browser', () => {
  it('the HTML report still comes out, with the Mermaid source and how to get the picture', async () => {
    const file = join(dir, 'nobrowser.html');
    const r = await runCli(['check', `127.0.0.1:${port('refused')}`, '--no-ping', '--report', file], { env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no Chromium at /nonexistent/chromium');
    expect(r.stderr).toContain('apt-get install chromium');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('```mermaid\nsequenceDiagram');
    expect(html).toContain('To get the picture');
    expect(html).not.toContain('<svg id="tsl-ladder');
  });
});
