/**
 * As root: `check --from` against real sshds in two vantage namespaces (a, b) behind the lab's
 * router, the CLI itself in the client namespace as `local`. Each fault is seen by one vantage
 * point only: the server's INPUT chain drops a's source address; a service listens on one of the
 * server's two addresses and the name resolves to the other one in b; a name only a's hosts file
 * knows. Restricted logins show what a bare machine still gives. One topology for the whole file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iptables, LAB_ADDR, nsListen, nsStart } from '../../src/lab/netns.js';
import { runTool } from '../../src/tools.js';
import type { FleetSummary, VantageReport } from '../../src/vantage/types.js';
import { CLI, runCliInNamespace } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { hasSshd } from '../server/sshd.js';
import { addRestrictedLogin, createFleetLab, SSH_PORT, type FleetLab } from './fleet-lab.js';

noteSkip('the vantage-point tests (test/vantage/fleet.test.ts)');
if (canUseNamespaces && !hasSshd) process.stderr.write('skipped: the vantage-point tests need sshd and ssh (openssh-server, openssh-client)\n');

const LAB = `vt${process.pid % 100000}`;
const S = LAB_ADDR.server;
const S2 = '198.19.0.3';
const A = '198.18.10.2';

describe.skipIf(!canUseNamespaces || !hasSshd)('check --from: vantage points over ssh', () => {
  let lab: FleetLab;
  const children: ChildProcess[] = [];

  /** Runs `check --from` with --json; `count` vantage points expected (default: one per --from). */
  async function from(target: string, vantages: string[], count = vantages.length, extra: string[] = []): Promise<{ code: number; lines: VantageReport[]; summary: FleetSummary; stderr: string }> {
    const args = ['check', target, ...vantages.flatMap((v) => ['--from', v]), '--ssh-config', lab.sshConfig, '--timeout', '1500', '--json', ...extra];
    const r = await runCliInNamespace(lab.topology.ns.client, args, { timeoutMs: 60_000 });
    const lines = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.length, r.stderr).toBe(count + 1);
    return { code: r.code, lines: lines.slice(0, -1), summary: lines.at(-1), stderr: r.stderr };
  }
  const byFrom = (lines: VantageReport[], f: string) => lines.find((l) => l.from === f)!;

  beforeAll(async () => {
    lab = await createFleetLab(LAB, { a: 10, b: 20 }, {
      client: { 'svc.vt': S },
      a: { 'svc.vt': S, 'db.vt': S },
      b: { 'svc.vt': S2 },
    }, { kex: 'curve25519-sha256' });
    const server = lab.topology.ns.server;
    await runTool('ip', ['-n', server, 'addr', 'add', `${S2}/24`, 'dev', 's0']);
    children.push(await nsListen(server, 9201, 'accept', '0.0.0.0'));
    await iptables(server, ['-A', 'INPUT', '-s', A, '-p', 'tcp', '--dport', '9201', '-j', 'DROP']);
    // Bound to one of the server's two addresses only.
    children.push(await nsListen(server, 9202, 'accept', S));
    // A banner with terminal control sequences: what a remote says stays inert on our screen.
    const hostile = `require('net').createServer((s) => { s.on('error', () => {}); s.write('\\x1b]0;owned\\x07\\x1b[2J220 hi\\r\\n'); }).listen(9203, '0.0.0.0', () => console.log('listening'));`;
    const h = nsStart(server, process.execPath, ['-e', hostile, LAB]);
    children.push(h);
    await new Promise<void>((resolve) => h.stdout?.once('data', () => resolve()));
    // TLS with a self-signed certificate for svc.vt: the vantage point's own openssl and trust store judge it.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(lab.dir, 'tls.key'), '-out', join(lab.dir, 'tls.crt'), '-days', '30', '-subj', '/CN=svc.vt', '-addext', 'subjectAltName=DNS:svc.vt'], { stdio: 'ignore' });
    const tlsServer = `const fs = require('fs'); require('tls').createServer({ key: fs.readFileSync(process.argv[1]), cert: fs.readFileSync(process.argv[2]) }, (s) => s.on('error', () => {})).listen(9443, '0.0.0.0', () => console.log('listening'));`;
    const t = nsStart(server, process.execPath, ['-e', tlsServer, join(lab.dir, 'tls.key'), join(lab.dir, 'tls.crt'), LAB]);
    children.push(t);
    await new Promise<void>((resolve) => t.stdout?.once('data', () => resolve()));
    addRestrictedLogin(lab, 'a', 'app-a-py', ['sh', '/usr/bin/python3']);
    addRestrictedLogin(lab, 'a', 'app-a-bare', ['sh']);
  }, 90_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await lab?.destroy();
  });

  it('an INPUT rule drops one source: filtered from a, open from b and here, and the source is named', async () => {
    const { code, lines, summary } = await from(`${S}:9201`, ['app-a', 'app-b', 'local']);
    expect(byFrom(lines, 'app-a').verdict).toBe('filtered');
    expect(byFrom(lines, 'app-b').verdict).toBe('open');
    expect(byFrom(lines, 'local').verdict).toBe('open');
    expect(code).toBe(1);
    expect(byFrom(lines, 'app-a').vantage).toMatchObject({ kind: 'ssh', source: A, method: 'bash' });
    expect(byFrom(lines, 'app-a').steps.map((s) => s.id)).toEqual(['dns', 'connect', 'ping']);
    // The command to try it yourself goes there first, so it runs as printed.
    expect(byFrom(lines, 'app-a').steps[1].command).toBe(`ssh -F ${lab.sshConfig} app-a 'timeout 2 bash -c '\\''exec 3<>/dev/tcp/${S}/9201'\\'''`);
    expect(summary.findings).toEqual(['differs-by-vantage', 'source-address-matters']);
    expect(summary.details.find((d) => d.id === 'source-address-matters')!.text).toMatch(new RegExp(`${S} is open from .*but filtered from app-a \\(${A}\\)`));
    expect(summary.verdicts.map((v) => v.from)).toEqual(['app-a', 'app-b', 'local']);
  });

  it('a service bound to one address, the name resolving to the other in b: refused from b, dns-differs', async () => {
    const { lines, summary } = await from('svc.vt:9202', ['app-a', 'app-b', 'local']);
    expect(byFrom(lines, 'app-a')).toMatchObject({ verdict: 'open', target: { addresses: [S] } });
    expect(byFrom(lines, 'app-b')).toMatchObject({ verdict: 'refused', target: { addresses: [S2] } });
    expect(byFrom(lines, 'local').verdict).toBe('open');
    expect(summary.findings).toEqual(['differs-by-vantage', 'dns-differs']);
    expect(summary.details.find((d) => d.id === 'dns-differs')!.text).toMatch(new RegExp(`from app-a and local to ${S}; from app-b to ${S2}`));
  });

  it('a name only a knows: open from a, dns-error elsewhere', async () => {
    const { lines, summary } = await from('db.vt:9202', ['app-a', 'app-b']);
    expect(byFrom(lines, 'app-a').verdict).toBe('open');
    expect(byFrom(lines, 'app-b').verdict).toBe('dns-error');
    expect(byFrom(lines, 'app-b').steps[0]).toMatchObject({ id: 'dns', outcome: 'fail' });
    expect(summary.findings).toContain('dns-differs');
  });

  it('TLS from a vantage point: its openssl, its trust store, the same findings', async () => {
    const { lines } = await from(`${S}:9443`, ['app-a'], 1, ['--servername', 'svc.vt']);
    expect(lines[0].verdict).toBe('tls-error');
    expect(lines[0].findings).toContain('tls-untrusted');
    expect(lines[0].findings).not.toContain('tls-name-mismatch');
    expect(lines[0].steps.find((s) => s.id === 'tls')!.evidence).toMatchObject({ protocol: 'TLSv1.3', certificate: { subject: 'svc.vt', selfSigned: true } });
    const other = await from(`${S}:9443`, ['app-a'], 1, ['--servername', 'other.vt']);
    expect(other.lines[0].findings).toEqual(expect.arrayContaining(['tls-untrusted', 'tls-name-mismatch']));
  });

  it('a login with only sh and python3 still gets a verdict, and names what is missing', async () => {
    const { lines } = await from(`${S}:9202`, ['app-a-py']);
    const r = lines[0];
    expect(r.verdict).toBe('open');
    expect(r.vantage.method).toBe('python3');
    expect(r.vantage.missing).toEqual(expect.arrayContaining(['bash', 'nc', 'curl', 'ping', 'openssl']));
    expect(r.steps.find((s) => s.id === 'ping')).toMatchObject({ outcome: 'unavailable', fix: expect.stringMatching(/iputils-ping/) });
    expect(r.steps.find((s) => s.id === 'observe')).toMatchObject({ outcome: 'pass' });
  });

  it('a login with only sh: no verdict, and the tools to install are named', async () => {
    const { code, lines } = await from(`${S}:9202`, ['app-a-bare', 'app-b']);
    const bare = byFrom(lines, 'app-a-bare');
    expect(bare.verdict).toBeNull();
    expect(bare.error).toMatchObject({ kind: 'unavailable' });
    expect(bare.error!.reason).toMatch(/bash .*nc, curl or python3/);
    expect(byFrom(lines, 'app-b').verdict).toBe('open');
    expect(code).toBe(1);
  });

  it('an unreachable vantage point is a row with the reason, not the end of the run', async () => {
    const { lines, summary } = await from(`${S}:9202`, [`ssh://root@${A}:${SSH_PORT + 1}`, 'app-b']);
    expect(lines[0].from === 'app-b' ? lines[1] : lines[0]).toMatchObject({ verdict: null, error: { kind: 'connect' } });
    expect(byFrom(lines, 'app-b').verdict).toBe('open');
    expect(summary.verdicts).toHaveLength(2);
  });

  it('an Ansible inventory group, and a plain list', async () => {
    const ini = join(lab.dir, 'fleet.ini');
    writeFileSync(ini, `[web]\nweb-a ansible_host=${A} ansible_port=${SSH_PORT} ansible_user=root\nweb-b ansible_host=${lab.vantages.b.address}\n\n[web:vars]\nansible_port=${SSH_PORT}\nansible_user=root\n\n[db]\nnowhere.invalid\n`);
    const { lines } = await from(`${S}:9202`, [`@${ini}:web`], 2);
    expect(lines.map((l) => l.from).sort()).toEqual(['web-a', 'web-b']);
    expect(lines.every((l) => l.verdict === 'open')).toBe(true);
    const list = join(lab.dir, 'hosts.txt');
    writeFileSync(list, '# two vantage points\napp-a\napp-b  # the other one\n');
    const r = await from(`${S}:9201`, [`@${list}`], 2);
    expect(r.lines.map((l) => l.verdict).sort()).toEqual(['filtered', 'open']);
  });

  it('plain output: one table, the difference, and a remote banner stays inert', async () => {
    const r = await runCliInNamespace(lab.topology.ns.client, ['check', `${S}:9201`, '--from', 'app-a', '--from', 'app-b', '--ssh-config', lab.sshConfig, '--timeout', '1500', '--plain']);
    expect(r.stdout).toMatch(/^FROM\s+ADDRESSES\s+VERDICT\s+TIME\s+FINDING$/m);
    expect(r.stdout).toMatch(/^app-a\s+198\.19\.0\.2\s+filtered/m);
    expect(r.stdout).toMatch(/source-address-matters/);
    const one = await runCliInNamespace(lab.topology.ns.client, ['check', `${S}:9203`, '--from', 'app-a', '--ssh-config', lab.sshConfig, '--plain']);
    // Not a printable line, so not a banner: shown as bytes, exactly as a local check shows it.
    expect(one.stdout).toMatch(/non-text data first \(1b5d303b/);
    expect(one.stdout).not.toContain('\x1b');
    expect(one.stdout).not.toContain('\x07');
  });

  it('the API: two runs share one ssh master, and close() ends it', async () => {
    const script = new URL('./api-run.ts', import.meta.url).pathname;
    const r = await runTool('ip', ['netns', 'exec', lab.topology.ns.client, process.execPath, '--import', 'tsx', script, `${S}:9202`, lab.sshConfig, 'app-a', 'app-b'], { timeoutMs: 60_000 });
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(got.first, r.stderr).toEqual([{ from: 'app-a', verdict: 'open' }, { from: 'app-b', verdict: 'open' }]);
    expect(got.second).toEqual(got.first);
    expect(got.pid1).toMatch(/^\d+$/);
    // The same master served the second run: no new connection, no new key exchange.
    expect(got.pid2).toBe(got.pid1);
    expect(got.after).toBeUndefined();
    expect(got.dirLeft).toBe(false);
  });

  it('Ctrl-C leaves no ssh here and no probe there', async () => {
    const child = spawn('ip', ['netns', 'exec', lab.topology.ns.client, process.execPath, CLI, 'check', `${S}:9201`, '--from', 'app-a', '--ssh-config', lab.sshConfig, '--timeout', '20s', '--plain'], { stdio: ['ignore', 'pipe', 'pipe'] });
    /** Every process in a's namespace but its sshd listener: the probe, its tools, the login's sshd. */
    const inA = async () => {
      const pids = (await runTool('ip', ['netns', 'pids', lab.vantages.a.ns])).stdout.split('\n').filter(Boolean);
      const cmd = await Promise.all(pids.map((p) => runTool('cat', [`/proc/${p}/cmdline`]).then((r) => r.stdout.replace(/\0/g, ' ').trim())));
      return cmd.filter((c) => c && !/sshd -D -e -f .*\[listener\]|^\/usr\/sbin\/sshd -D -e -f/.test(c));
    };
    // Bounded wait until the probe's connect runs there (it waits out the 20 s budget).
    for (let i = 0; i < 100 && !(await inA()).some((c) => c.startsWith('timeout') && c.includes('tcpsleuth-probe')); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await inA()).some((c) => c.startsWith('timeout') && c.includes('tcpsleuth-probe'))).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    for (let i = 0; i < 30 && (await inA()).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await inA()).toEqual([]);
    const ours = await runTool('pgrep', ['-f', lab.sshConfig]);
    expect(ours.stdout.trim()).toBe('');
  }, 40_000);
});
