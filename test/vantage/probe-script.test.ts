/**
 * The probe script run for real on this machine, against listeners on loopback, once per tool it
 * can connect with (a PATH holding only that tool and the basics), under dash and under bash in
 * POSIX mode. Its output goes through the same parser and steps as over ssh. Hostile arguments
 * are refused by the script itself and run nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnosis/index.js';
import { parseTarget } from '../../src/target.js';
import { which } from '../../src/tools.js';
import { parseProbeOutput } from '../../src/vantage/probe-output.js';
import { PROBE_SCRIPT, probeArgs } from '../../src/vantage/probe-script.js';
import { probeSteps } from '../../src/vantage/probe-steps.js';

const BASICS = ['date', 'mktemp', 'rm', 'uname', 'sleep', 'id', 'getent', 'ip', 'ss'];
const METHODS: Record<string, string[]> = { bash: ['bash', 'timeout'], nc: ['nc'], curl: ['curl'], python3: ['/usr/bin/python3'] };

let dir: string;
const servers: net.Server[] = [];
const ports: Record<string, number> = {};

function listen(name: string, onConn: (s: net.Socket) => void): Promise<void> {
  return new Promise((resolve) => {
    const srv = net.createServer((s) => {
      s.on('error', () => undefined);
      onConn(s);
    });
    srv.listen(0, '127.0.0.1', () => {
      ports[name] = (srv.address() as net.AddressInfo).port;
      servers.push(srv);
      resolve();
    });
  });
}

/** A PATH folder with `sh` (dash or bash), the basics and one connect tool. */
function pathWith(name: string, tools: string[]): string {
  const bin = join(dir, name);
  if (!existsSync(bin)) mkdirSync(bin);
  for (const t of [...BASICS, ...tools].filter(Boolean)) {
    const src = t.includes('/') ? t : which(t);
    if (src && !existsSync(join(bin, t.split('/').pop()!))) symlinkSync(src, join(bin, t.split('/').pop()!));
  }
  return bin;
}

function runProbe(shell: string[], path: string, target: string, opts: { tls?: boolean; budgetMs?: number } = {}, args?: string[]): Promise<string> {
  const t = parseTarget(target);
  const argv = args ?? probeArgs(t, { budgetMs: opts.budgetMs ?? 800, ping: false, tls: Boolean(opts.tls) });
  return new Promise((resolve) => {
    execFile(shell[0], [...shell.slice(1), '-c', PROBE_SCRIPT, 'tcpsleuth-probe', ...argv], { env: { PATH: path, HOME: dir }, timeout: 20_000 }, (_err, stdout) => resolve(String(stdout)));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsl-probe-test-'));
  await listen('quiet', () => undefined);
  await listen('banner', (s) => s.write('SSH-2.0-Probe_Test\r\n'));
  await listen('fin', (s) => s.end());
  await listen('bannerfin', (s) => s.end('421 Too many connections\r\n'));
  await listen('reset', (s) => s.resetAndDestroy());
  // A port that was open a moment ago and is closed now: refused.
  await listen('closed', () => undefined);
  await new Promise<void>((r) => servers.pop()!.close(() => r()));
});

afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const SHELLS: Array<[string, string[]]> = [
  ['dash', ['sh']],
  ['bash --posix', [which('bash') ?? 'bash', '--posix']],
];

describe.each(Object.entries(METHODS).filter(([, tools]) => tools.every((t) => (t.includes('/') ? existsSync(t) : which(t)))))('connecting with %s', (method, tools) => {
  // What each tool can tell after the handshake: nc closes at once, so it cannot observe.
  const observes = method !== 'nc';
  it.each(SHELLS)('under %s: open, banner, FIN, reset and refused read as a local check reads them', async (_name, shell) => {
    const path = pathWith(`${method}-${shell[0] === 'sh' ? 'dash' : 'bash'}`, [...tools, shell[0] === 'sh' ? 'sh' : '']);
    const sh = shell[0] === 'sh' ? [join(path, 'sh')] : shell;
    const verdict = async (port: string) => {
      const out = parseProbeOutput(await runProbe(sh, path, `127.0.0.1:${ports[port]}`));
      expect(out.complete).toBe(true);
      const built = probeSteps(out, parseTarget(`127.0.0.1:${ports[port]}`), 800);
      expect(built.method).toBe(method);
      return { d: diagnose(built.steps), built };
    };
    const quiet = await verdict('quiet');
    expect(quiet.d.verdict).toBe('open');
    expect(quiet.built.steps.find((s) => s.id === 'observe')?.outcome).toBe(observes ? 'pass' : 'skipped');
    const refused = await verdict('closed');
    expect(refused.d.verdict).toBe('refused');
    // The target is this very host: ss names who listens (nobody).
    expect(refused.d.findings).toContain('not-listening');
    if (!observes) return;
    const banner = await verdict('banner');
    expect(banner.d.verdict).toBe('open');
    expect(banner.d.findings).toContain('banner-received');
    expect(banner.d.details.find((f) => f.id === 'banner-received')!.text).toContain('SSH-2.0-Probe_Test');
    expect((await verdict('fin')).d.verdict).toBe('closed');
    const byeBye = await verdict('bannerfin');
    expect(byeBye.d.verdict).toBe('closed');
    expect(byeBye.d.meaning).toContain('421 Too many connections');
    // The RST right after accept: some tools see it at connect, others right after: reset either way.
    expect((await verdict('reset')).d.verdict).toBe('reset');
  }, 60_000);
});

describe('a PATH with nothing to connect with', () => {
  it('says so, and what to install', async () => {
    const path = pathWith('bare', ['sh']);
    const out = parseProbeOutput(await runProbe([join(path, 'sh')], path, `127.0.0.1:${ports.quiet}`));
    const built = probeSteps(out, parseTarget(`127.0.0.1:${ports.quiet}`), 1500);
    expect(built.steps.find((s) => s.id === 'connect')).toMatchObject({ outcome: 'unavailable', fix: expect.stringMatching(/bash .*netcat.*curl.*python3/) });
    expect(out.missing).toEqual(expect.arrayContaining(['bash', 'nc', 'curl', 'python3', 'openssl', 'ping']));
  });
});

const MARKER = join(tmpdir(), `tsl-pwned-${process.pid}`);

describe('hostile arguments reach the script as data', () => {
  it.each([
    ['a command substitution', `$(touch ${MARKER})`],
    ['backticks', '`id`'],
    ['a semicolon', `127.0.0.1;touch ${MARKER}`],
    ['quotes', `127.0.0.1' ; touch ${MARKER} ; '`],
    ['a newline', `127.0.0.1\ntouch ${MARKER}`],
    ['a leading dash', `-oProxyCommand=touch ${MARKER}`],
  ])('%s as the host: refused by the probe itself, nothing runs', async (_name, host) => {
    const path = pathWith('hostile', ['sh', 'bash', 'timeout']);
    const out = await runProbe([join(path, 'sh')], path, '127.0.0.1:1', {}, [host, '80', '1500', '0', '', '0', '0', '0']);
    expect(parseProbeOutput(out).fatal).toBe('bad-host');
    expect(out).not.toMatch(/@tsl connect/);
    expect(existsSync(MARKER)).toBe(false);
  });

  it('a hostile servername or port is refused too', async () => {
    const path = pathWith('hostile', ['sh']);
    expect(parseProbeOutput(await runProbe([join(path, 'sh')], path, '127.0.0.1:1', {}, ['127.0.0.1', '80;id', '1500', '0', '', '0', '1', '0'])).fatal).toBe('bad-port');
    expect(parseProbeOutput(await runProbe([join(path, 'sh')], path, '127.0.0.1:1', {}, ['127.0.0.1', '80', '1500', '1', '$(id)', '0', '1', '0'])).fatal).toBe('bad-servername');
  });
});
