/**
 * `check --ca FILE` and `--servername NAME` through the built CLI, against a real loopback TLS
 * server whose certificate the lab's own CA issued for db.tsl-lab.test, localhost and 127.0.0.1.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackServer, type RunningServer } from '../../src/lab/servers.js';
import { labCertificateAuthority } from '../../src/lab/tls-servers.js';
import { runCli } from '../helpers/cli.js';

let server: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'tsl-tls-options-'));
const caFile = join(dir, 'lab-ca.pem');

beforeAll(async () => {
  server = await startLoopbackServer('tls-internal-ca');
  writeFileSync(caFile, (await labCertificateAuthority()).ca.cert);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function check(...extra: string[]) {
  const r = await runCli(['check', `127.0.0.1:${server.port}`, '--tls', '--no-ping', '--json', ...extra]);
  return { code: r.code, report: JSON.parse(r.stdout), stderr: r.stderr };
}

describe('--ca: trust an internal CA for this check', () => {
  it('without it the chain is untrusted (unknown issuer); with it the port is open', async () => {
    const without = await check();
    expect(without.report.verdict).toBe('tls-error');
    expect(without.report.findings).toEqual(['tls-untrusted']);
    const withCa = await check('--ca', caFile);
    expect(withCa.code).toBe(0);
    expect(withCa.report.verdict).toBe('open');
    const tls = withCa.report.steps.find((s: { id: string }) => s.id === 'tls');
    expect(tls.evidence).toMatchObject({ result: 'ok', chainTrusted: true, nameMatches: true, caFile });
    expect(tls.command).toContain(`-CAfile ${caFile}`);
  });

  it('--servername: SNI and the name checked; the right name passes, another fails on the name alone', async () => {
    const right = await check('--ca', caFile, '--servername', 'db.tsl-lab.test');
    expect(right.report.verdict).toBe('open');
    expect(right.report.steps.find((s: { id: string }) => s.id === 'tls').evidence.servername).toBe('db.tsl-lab.test');
    const wrong = await check('--ca', caFile, '--servername', 'api.tsl-lab.test');
    expect(wrong.code).toBe(1);
    expect(wrong.report.verdict).toBe('tls-error');
    // The chain is trusted now: only the name is wrong, and the words say which names it covers.
    expect(wrong.report.findings).toEqual(['tls-name-mismatch']);
    expect(wrong.report.details[0].text).toMatch(/does not cover api\.tsl-lab\.test: it is for DNS:db\.tsl-lab\.test/);
  });

  it('--report and several targets keep --ca and --servername (the same check, not a weaker one)', async () => {
    const file = join(dir, 'report.md');
    const reported = await check('--ca', caFile, '--servername', 'db.tsl-lab.test', '--report', file);
    expect(reported.report.verdict).toBe('open');
    expect(reported.report.steps.find((s: { id: string }) => s.id === 'tls').evidence).toMatchObject({ chainTrusted: true, servername: 'db.tsl-lab.test' });
    const target = `127.0.0.1:${server.port}`;
    const many = await runCli(['check', target, target, '--tls', '--no-ping', '--json', '--ca', caFile]);
    const lines = many.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((r) => r.verdict)).toEqual(['open', 'open']);
    expect(many.code).toBe(0);
  });

  it('--ca or --servername alone turn the TLS step on', async () => {
    const r = await runCli(['check', `127.0.0.1:${server.port}`, '--no-ping', '--json', '--ca', caFile]);
    expect(JSON.parse(r.stdout).steps.map((s: { id: string }) => s.id)).toContain('tls');
  });
});

describe('bad --ca / --servername: exit 2, one line, nothing sent', () => {
  it.each([
    [['--ca', join(dir, 'missing.pem')], /--ca .*missing\.pem: no such file/],
    [['--ca', dir], /--ca .*: is a folder/],
    [['--servername', '10.0.0.1'], /SNI carries a host name, not an IP address/],
    [['--servername', 'bad name;rm'], /not a host name/],
    [['--ca', caFile, '--no-tls'], /need the TLS step/],
  ])('%j', async (args, message) => {
    const r = await runCli(['check', `127.0.0.1:${server.port}`, '--json', ...(args as string[])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('a file that is not PEM', async () => {
    const junk = join(dir, 'junk.der');
    writeFileSync(junk, Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02]));
    const r = await runCli(['check', `127.0.0.1:${server.port}`, '--json', '--ca', junk]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no PEM certificate in it .*openssl x509 -inform der/);
  });
});
