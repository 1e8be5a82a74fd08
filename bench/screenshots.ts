/**
 * PNG screenshots of HTML reports for a person to look at: reset (loopback, --capture as root),
 * filtered with --capture (root: our own namespaces, the router drops the SYN), tls-error (a
 * loopback TLS server with a self-signed certificate), refused, and (root, with sshd) one target
 * from a vantage point over ssh and from here side by side (`--from … --report`), each at desktop, phone
 * (390 px), dark and print (emulated media); plus the troubleshooting tree. Real checks, real
 * listeners; traffic only on loopback and inside the namespaces this script builds and removes.
 * Writes under /tmp/tcpsleuth-screens (or $1).
 *
 *   npm run build && npx tsx bench/screenshots.ts [OUTDIR]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withBrowser } from '../test/helpers/browser.js';
import { startLoopbackServer } from '../src/lab/servers.js';
import { createTopology, destroyTopology, iptables, LAB_ADDR, nsListen } from '../src/lab/netns.js';
import { which } from '../src/tools.js';
import { createFleetLab } from '../test/vantage/fleet-lab.js';

const out = resolve(process.argv[2] ?? '/tmp/tcpsleuth-screens');
const cli = resolve('dist/cli.js');
const root = process.getuid?.() === 0;

// As a user runs it from a clone (`node dist/cli.js …`), not as npx started this script: the
// commands a report prints are the ones that started it.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));

function run(file: string, args: string[]): Promise<void> {
  return new Promise((done) => execFile(file, args, { timeout: 120_000, env }, () => done()));
}

const check = (args: string[]) => run(process.execPath, [cli, 'check', ...args, '--no-ping']);

async function reports(): Promise<string[]> {
  const made: string[] = [];
  const refused = await startLoopbackServer('refused');
  const reset = await startLoopbackServer('reset-after-connect');
  const tls = await startLoopbackServer('tls');
  try {
    const capture = root ? ['--capture'] : [];
    await check([`127.0.0.1:${refused.port}`, '--report', join(out, 'refused.html'), ...capture]);
    await check([`127.0.0.1:${reset.port}`, '--report', join(out, 'reset.html'), ...capture]);
    await check([`127.0.0.1:${tls.port}`, '--tls', '--report', join(out, 'tls-error.html'), ...capture]);
    made.push('refused', 'reset', 'tls-error');
  } finally {
    await Promise.all([refused.close(), reset.close(), tls.close()]);
  }
  if (root) {
    const lab = `rshot${process.pid}`;
    const t = await createTopology(lab);
    try {
      await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9001', '-j', 'DROP']);
      await run('ip', ['netns', 'exec', t.ns.client, process.execPath, cli, 'check', `${LAB_ADDR.server}:9001`, '--no-ping', '--timeout', '2500ms', '--capture', '--report', join(out, 'filtered.html')]);
      made.push('filtered');
    } finally {
      await destroyTopology(lab);
    }
    // The same target from a vantage point over ssh (a real sshd in a namespace of its own, whose
    // source address the server drops) and from here: the side-by-side report.
    if (which('sshd')) {
      const fleet = await createFleetLab(`fshot${process.pid % 100000}`, { a: 10 }, {}, { kex: 'curve25519-sha256' });
      try {
        const listener = await nsListen(fleet.topology.ns.server, 9002, 'accept', '0.0.0.0');
        await iptables(fleet.topology.ns.server, ['-A', 'INPUT', '-s', '198.18.10.2', '-p', 'tcp', '--dport', '9002', '-j', 'DROP']);
        await run('ip', ['netns', 'exec', fleet.topology.ns.client, process.execPath, cli, 'check', `${LAB_ADDR.server}:9002`, '--from', 'app-a', '--from', 'local', '--ssh-config', fleet.sshConfig, '--no-ping', '--timeout', '1500ms', '--report', join(out, 'from.html')]);
        listener.kill('SIGKILL');
        made.push('from');
      } finally {
        await fleet.destroy();
      }
    }
  }
  return made;
}

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const made = await reports();
  await withBrowser(async (browser) => {
    const views: Array<[string, { width: number; height: number }, 'light' | 'dark', boolean]> = [
      ['desktop', { width: 1200, height: 900 }, 'light', false],
      ['phone', { width: 390, height: 844 }, 'light', false],
      ['dark', { width: 1200, height: 900 }, 'dark', false],
      ['print', { width: 800, height: 1100 }, 'light', true],
    ];
    for (const name of made) {
      for (const [view, viewport, scheme, print] of views) {
        const page = await browser.newPage();
        await page.setViewport(viewport);
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        if (print) await page.emulateMediaType('print');
        await page.goto(pathToFileURL(join(out, `${name}.html`)).href);
        const png = join(out, `report-${name}-${view}.png`);
        await page.screenshot({ path: png, fullPage: true });
        await page.close();
        console.log(`wrote ${png}`);
      }
    }
    for (const svg of ['troubleshooting.svg']) {
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
  writeFileSync(join(out, 'made.txt'), `${made.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
