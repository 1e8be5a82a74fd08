/** End to end: the built CLI against real loopback listeners, piped (no TTY). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { selfSignedCert, type LoopbackBehaviour } from '../../src/lab/servers.js';
import { CLI, runCli } from '../helpers/cli.js';
import { useLoopbackServers } from '../helpers/loopback.js';
import type { CheckReport } from '../../src/evidence.js';

const port = useLoopbackServers();

async function checkJson(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; report: CheckReport }> {
  const r = await runCli(['check', ...args, '--json'], { env });
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as CheckReport;
  return { code: r.code, report };
}

describe('check --json on loopback: the verdict table', () => {
  it.each<[LoopbackBehaviour, string[], string, number, string[]]>([
    ['open', [], 'open', 0, []],
    ['banner', [], 'open', 0, ['banner-received']],
    ['refused', [], 'refused', 1, ['not-listening']],
    ['reset-after-connect', [], 'reset', 1, ['reset-after-connect']],
    ['closed-after-connect', [], 'closed', 1, []],
    ['accept-queue-full', ['--timeout', '1500'], 'filtered', 1, ['accept-queue-full']],
    ['tls', ['--tls'], 'tls-error', 1, ['tls-untrusted']],
    ['tls-delayed-reset', ['--tls'], 'reset', 1, ['reset-during-tls']],
    ['banner', ['--tls'], 'tls-error', 1, ['banner-received']],
  ])('%s → %s', async (behaviour, extra, verdict, code, findings) => {
    const r = await checkJson([`127.0.0.1:${port(behaviour)}`, ...extra]);
    expect(r.report.verdict).toBe(verdict);
    expect(r.code).toBe(code);
    expect(r.report.findings).toEqual(expect.arrayContaining(findings));
    expect(r.report.target).toMatchObject({ host: '127.0.0.1', port: port(behaviour), addresses: ['127.0.0.1'], addressUsed: '127.0.0.1' });
    for (const s of r.report.steps) {
      expect(s).toEqual(expect.objectContaining({ id: expect.any(String), outcome: expect.any(String), durationMs: expect.any(Number), evidence: expect.anything() }));
    }
    // Connect before ping: a router's ICMP rate limit must not starve the SYN of its error.
    expect(r.report.steps.map((s) => s.id).slice(0, 3)).toEqual(['dns', 'connect', 'ping']);
    expect(r.report.target.results).toEqual([expect.objectContaining({ address: '127.0.0.1', family: 4, durationMs: expect.any(Number) })]);
    expect(r.report.lessons.length).toBeGreaterThan(0);
  });

  it('banner evidence carries the line; tls evidence the certificate', async () => {
    const b = await checkJson([`127.0.0.1:${port('banner')}`, '--no-ping']);
    expect(b.report.steps.find((s) => s.id === 'observe')?.evidence).toMatchObject({ result: 'banner', banner: expect.stringMatching(/^SSH-2\.0/) });
    const t = await checkJson([`localhost:${port('tls')}`, '--tls', '--no-ping']);
    expect(t.report.steps.find((s) => s.id === 'tls')?.evidence).toMatchObject({ result: 'untrusted', servername: 'localhost', certificate: { subject: 'tcpsleuth-lab.localhost' } });
  });

  it('trusting the self-signed CA turns tls-error into open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsl-chk-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, (await selfSignedCert()).cert);
    const r = await checkJson([`localhost:${port('tls')}`, '--tls', '--no-ping'], { NODE_EXTRA_CA_CERTS: ca });
    expect(r.report.verdict).toBe('open');
    expect(r.report.steps.find((s) => s.id === 'tls')?.evidence).toMatchObject({ result: 'ok', trusted: true });
  });

  it('hosts-file names resolve and the DNS step says so', async () => {
    const r = await checkJson([`localhost:${port('open')}`, '--no-ping']);
    expect(r.report.verdict).toBe('open');
    const dns = r.report.steps[0];
    expect(dns).toMatchObject({ id: 'dns', outcome: 'pass' });
    expect((dns.evidence as { addresses: { address: string }[] }).addresses.map((a) => a.address)).toContain('127.0.0.1');
  });

  it('URL targets use the scheme default port (and -p overrides nothing silently)', async () => {
    const r = await runCli(['check', `http://127.0.0.1:${port('open')}/x`, '--json', '--no-ping']);
    expect(JSON.parse(r.stdout).target.port).toBe(port('open'));
    const bad = await runCli(['check', `127.0.0.1:${port('open')}`, '-p', '1']);
    expect(bad.code).toBe(2);
    const dashP = await runCli(['check', 'localhost', '-p', String(port('open')), '--json', '--no-ping']);
    expect(dashP.code).toBe(0);
    expect(JSON.parse(dashP.stdout).target).toMatchObject({ host: 'localhost', port: port('open') });
  });
});

describe('plain output (not a TTY)', () => {
  it('prints one line per step, then the verdict and what it means', async () => {
    const r = await runCli(['check', `127.0.0.1:${port('refused')}`]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`checking 127.0.0.1:${port('refused')}`);
    expect(lines.some((l) => /^skip dns /.test(l))).toBe(true);
    expect(lines.some((l) => /^FAIL connect .*ECONNREFUSED/.test(l))).toBe(true);
    expect(r.stdout).toMatch(/verdict: refused\n.*RST/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });
  it('--progress shows the kernel\'s view of our socket while the SYN goes unanswered', async () => {
    const r = await runCli(['check', `127.0.0.1:${port('accept-queue-full')}`, '--progress', '--no-ping', '--timeout', '1500']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/connect: 127\.0\.0\.1:\d+: SYN_SENT/);
    expect(r.stdout).toMatch(/verdict: filtered/);
    expect(r.stdout).toMatch(/accept-queue-full/);
  });
  it('colours only when forced, and NO_COLOR wins', async () => {
    const forced = await runCli(['check', `127.0.0.1:${port('open')}`, '--no-ping'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[32m/);
    const off = await runCli(['check', `127.0.0.1:${port('open')}`, '--no-ping'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(off.stdout).not.toMatch(/\x1b\[/);
  });
});

describe('sockets', () => {
  it('shows the LISTEN row with its bound address and says it is loopback only', async () => {
    const r = await runCli(['sockets', String(port('open'))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^STATE\\s+LOCAL\\s+REMOTE`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^LISTEN\\s+127\\.0\\.0\\.1:${port('open')}\\s`, 'm'));
    expect(r.stdout).toMatch(/loopback only/);
  });
  it('--json gives the rows and where it listens; a free port has no listener', async () => {
    const r = await runCli(['sockets', '--port', String(port('refused')), '--json']);
    const step = JSON.parse(r.stdout);
    expect(step).toMatchObject({ id: 'sockets', outcome: 'pass', evidence: { listening: [], localhostOnly: false } });
  });
});

describe('bad input: exit 2 and one line', () => {
  it.each([
    [['check', 'h.test:0']],
    [['check', 'h.test:65536']],
    [['check', 'h.test:-1']],
    [['check', 'h.test:80x']],
    [['check', ':80']],
    [['check', 'a b:80']],
    [['check', 'a\u0001b:80']],
    [['check', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}:80`]],
    [['check', 'h.test:80', '--bogus']],
    [['check']],
    [['check', 'h.test:80', '--timeout', 'soon']],
    [['sockets', '--port', '0']],
    [['sockets', '--state', 'NOPE']],
  ])('%j', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^tcpsleuth: /);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('start-up stays light', () => {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  const traceLoads = (args: string[]) =>
    new Promise<string[]>((resolve) => {
      const file = join(mkdtempSync(join(tmpdir(), 'tsl-chk-')), 'loads.txt');
      const hook = fileURLToPath(new URL('./trace-loads.mjs', import.meta.url));
      execFile(process.execPath, ['--import', hook, CLI, ...args], { env: { ...process.env, TRACE_FILE: file } }, () => {
        resolve(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((u) => fileURLToPath(u)));
      });
    });
  const loadsReact = (files: string[]) => files.filter((f) => f.startsWith(dist)).some((f) => /react\.(transitional\.)?element|react-reconciler/.test(readFileSync(f, 'utf8')));

  it('--version, --help and check --json never load Ink or React', async () => {
    for (const args of [['--version'], ['--help'], ['check', `127.0.0.1:${port('open')}`, '--json', '--no-ping']]) {
      const files = await traceLoads(args);
      expect(files).toContain(CLI);
      expect(loadsReact(files)).toBe(false);
    }
  });
});
