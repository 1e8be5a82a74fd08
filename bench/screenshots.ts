/**
 * PNG screenshots of an HTML report (desktop, phone, dark mode, print) and of the troubleshooting
 * tree, via headless Chromium, for a person to look at. Reports come from real checks of
 * loopback ports (a refused one and a reset one). Writes under /tmp/tcpsleuth-screens (or $1).
 *
 *   npm run build && npx tsx bench/screenshots.ts [OUTDIR]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withBrowser } from '../test/helpers/browser.js';

const out = resolve(process.argv[2] ?? '/tmp/tcpsleuth-screens');
const cli = resolve('dist/cli.js');

function check(args: string[]): Promise<void> {
  return new Promise((done) => execFile(process.execPath, [cli, 'check', ...args], { timeout: 120_000 }, () => done()));
}

async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const refused = await freePort();
  // A listener that resets every connection at once (SO_LINGER 0).
  const resetter = net.createServer((s) => s.resetAndDestroy()).listen(0, '127.0.0.1');
  await new Promise((r) => resetter.once('listening', r));
  const resetPort = (resetter.address() as net.AddressInfo).port;
  await check([`127.0.0.1:${refused}`, '--report', join(out, 'refused.html')]);
  await check([`127.0.0.1:${resetPort}`, '--report', join(out, 'reset.html'), ...(process.getuid?.() === 0 ? ['--capture'] : [])]);
  resetter.close();
  const lesson = await new Promise<string>((done) => execFile(process.execPath, [cli, 'learn', 'ecn', '--html'], { timeout: 120_000, maxBuffer: 8 << 20 }, (_e, stdout) => done(stdout)));
  writeFileSync(join(out, 'lesson-ecn.html'), lesson);

  await withBrowser(async (browser) => {
    const shots: Array<[string, string, { width: number; height: number }, 'light' | 'dark', boolean]> = [
      ['refused.html', 'report-refused-desktop.png', { width: 1200, height: 900 }, 'light', false],
      ['reset.html', 'report-reset-desktop.png', { width: 1200, height: 900 }, 'light', false],
      ['reset.html', 'report-reset-phone.png', { width: 390, height: 844 }, 'light', false],
      ['reset.html', 'report-reset-dark.png', { width: 1200, height: 900 }, 'dark', false],
      ['reset.html', 'report-reset-print.png', { width: 800, height: 1100 }, 'light', true],
      ['lesson-ecn.html', 'lesson-ecn-desktop.png', { width: 1100, height: 900 }, 'light', false],
      ['lesson-ecn.html', 'lesson-ecn-phone-dark.png', { width: 390, height: 844 }, 'dark', false],
    ];
    for (const [file, png, viewport, scheme, print] of shots) {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      if (print) await page.emulateMediaType('print');
      await page.goto(pathToFileURL(join(out, file)).href);
      await page.screenshot({ path: join(out, png), fullPage: true });
      await page.close();
      console.log(`wrote ${join(out, png)}`);
    }
    for (const svg of ['troubleshooting.svg', 'lessons/handshake-1.svg', 'lessons/ecn-1.svg']) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 900 });
      const text = readFileSync(resolve('diagrams', svg), 'utf8');
      await page.setContent(`<body style="margin:0;background:#fff">${text}</body>`);
      const png = join(out, `diagram-${svg.replace(/\//g, '-').replace(/\.svg$/, '.png')}`);
      await page.screenshot({ path: png, fullPage: true });
      await page.close();
      console.log(`wrote ${png}`);
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
