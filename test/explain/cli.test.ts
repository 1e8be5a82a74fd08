/**
 * `tcpsleuth explain` through the built binary (dist/cli.js): argument, stdin, --json, huge and
 * binary pastes, colours, exit codes (0 classified, 1 unknown, 2 usage), and that it never loads
 * Ink or React.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'node:net';
import { CLI, runCli } from '../helpers/cli.js';
import { startLoopbackServer } from '../../src/lab/servers.js';

// Printed commands are asserted as `tcpsleuth …` (the name the README's docs use); how the test
// runner was started (npx) must not leak into them.
process.env.TCPSLEUTH_SELF = 'tcpsleuth';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
});

describe('tcpsleuth explain (built CLI)', () => {
  it('explains an argument in plain words and ends with the command to check it', async () => {
    const r = await runCli(['explain', 'psql: error: connection to server at "db.internal" (10.0.0.9), port 5432 failed: Connection refused']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Connection refused — db\.internal:5432/);
    expect(r.stdout).toContain('answered by RST');
    expect(r.stdout).toContain('nothing accepts connections on port 5432');
    expect(r.stdout).toMatch(/Likely causes, most likely first:\n {2}1\. /);
    expect(r.stdout).toContain('tcpsleuth learn handshake');
    expect(r.stdout.trimEnd().split('\n').at(-1)?.trim()).toBe('tcpsleuth check db.internal:5432');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--json prints one object with the contract fields', async () => {
    const r = await runCli(['explain', '--json', 'read tcp 10.0.0.5:51234->10.0.0.9:5432: read: connection reset by peer']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ class: 'reset', also: null, host: '10.0.0.9', port: 5432, tool: 'go', checkCommand: 'tcpsleuth check 10.0.0.9:5432' });
    expect(typeof out.explanation).toBe('string');
    expect(out.lessons).toContain('rst');
  });

  it('reads stdin when there is no argument, and with "-"', async () => {
    const text = 'javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake\n\tat sun.security.ssl.SSLSocketImpl.handleEOF(SSLSocketImpl.java:1715)\n';
    for (const args of [['explain', '--json'], ['explain', '--json', '-']]) {
      const r = await runCli(args, { input: text });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ class: 'tls', also: 'closed', tool: 'java' });
    }
  });

  it('a bare Windows errno in hex classifies', async () => {
    const r = await runCli(['explain', '--json', '0x2746']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ class: 'reset', host: null, port: null });
  });

  it('exit 1 for text it does not recognise, with a hint', async () => {
    const r = await runCli(['explain', 'the build is green']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Not recognised/);
    expect(r.stdout).toContain('paste the whole error');
  });

  it('exit 2 with one line for no text and for an unknown option', async () => {
    const empty = await runCli(['explain'], { input: '   \n' });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).toMatch(/^tcpsleuth: no error text/);
    const bad = await runCli(['explain', '--frobnicate', 'connection refused']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('tcpsleuth: unknown option --frobnicate (see --help)');
  });

  it('text that starts with a dash is text, not an option', async () => {
    const wget = '--2024-05-02 10:14:03--  http://files.internal:8000/a.tgz\nConnecting to files.internal (files.internal)|10.1.2.3|:8000... failed: Connection refused.';
    const r = await runCli(['explain', '--json', wget]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ class: 'refused', host: 'files.internal', port: 8000, tool: 'wget' });
    const after = await runCli(['explain', '--json', '--', '-ERR', 'Connection', 'refused']);
    expect(JSON.parse(after.stdout).class).toBe('refused');
  });

  it('a 6 MB paste on stdin: finds the cause at the end and says it was cut', async () => {
    const noise = '2024-05-02T10:00:00Z INFO request served in 3 ms\n'.repeat(120_000);
    const input = `${noise}Caused by: java.net.ConnectException: Connection refused: db.internal/10.0.0.9:5432\n`;
    const r = await runCli(['explain', '--json'], { input });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ class: 'refused', host: 'db.internal', port: 5432 });
    expect(out.truncated.totalChars).toBeGreaterThan(5_000_000);
    const plain = await runCli(['explain'], { input });
    expect(plain.stdout).toContain('long paste');
  });

  it('binary garbage on stdin never crashes', async () => {
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 3)) & 0xff;
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [CLI, 'explain', '--json'], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
      child.stdin?.end(bytes);
    });
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).not.toContain('internal error');
    expect(typeof JSON.parse(r.stdout).class).toBe('string');
  });

  it('colours only when asked: --color forces them, NO_COLOR (and a pipe) keeps them off', async () => {
    const text = 'dial tcp 10.0.0.9:443: i/o timeout';
    const forced = await runCli(['explain', '--color', text]);
    expect(forced.stdout).toMatch(/\u001b\[\d+m/);
    const plain = await runCli(['explain', text], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toMatch(/\u001b\[/);
  });

  it('--help describes the command', async () => {
    const r = await runCli(['explain', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tcpsleuth explain "ERROR TEXT"');
    expect(r.stdout).toContain('Exit codes');
  });

  it('loads neither Ink nor React', async () => {
    // A resolve hook reports every file the process loads; none may contain Ink or React code.
    const hook = 'data:text/javascript,export async function resolve(s,c,n){const r=await n(s,c);if(r.url.startsWith("file:"))process.stderr.write("LOADED "+r.url+"\\n");return r}';
    const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hook)})`;
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', register, CLI, 'explain', 'connection refused'], { env: { ...process.env, NO_COLOR: '1' } }, (_err, stdout, stderr) => resolve({ stdout, stderr }));
    });
    const files = [...r.stderr.matchAll(/^LOADED (file:\S+)$/gm)].map((m) => fileURLToPath(m[1]));
    expect(files.some((f) => f.includes('explain'))).toBe(true);
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      expect(code, f).not.toMatch(/node_modules\/(ink|react|react-reconciler|yoga-layout)\//);
    }
    expect(r.stdout).toMatch(/^Connection refused/);
  });

  describe('--check runs the real check on loopback', () => {
    let server: Server;
    let openPort = 0;
    let closedPort = 0;
    beforeAll(async () => {
      const probe = createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      closedPort = (probe.address() as { port: number }).port;
      await new Promise<void>((r) => probe.close(() => r()));
      server = createServer((s) => s.on('error', () => {}));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      openPort = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('confirms a refusal that is still there (exit 1)', async () => {
      const r = await runCli(['explain', '--check', '--json', `Error: connect ECONNREFUSED 127.0.0.1:${closedPort}`]);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ class: 'refused', host: '127.0.0.1', port: closedPort });
      expect(out.check).toMatchObject({ verdict: 'refused', agrees: true });
    });

    it('says when the failure is gone: the port listens now (exit 0)', async () => {
      const r = await runCli(['explain', '--check', `dial tcp 127.0.0.1:${openPort}: connect: connection refused`]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Checked 127.0.0.1:${openPort} now: open`);
    });

    it('a reset the message shows is seen again by the live check', async () => {
      const srv = await startLoopbackServer('reset-after-connect');
      try {
        const r = await runCli(['explain', '--check', '--json', `read tcp 127.0.0.1:40000->127.0.0.1:${srv.port}: read: connection reset by peer`]);
        expect(r.code).toBe(1);
        expect(JSON.parse(r.stdout).check).toMatchObject({ verdict: 'reset', agrees: true });
      } finally {
        await srv.close();
      }
    });

    it('with no target there is nothing to check', async () => {
      const r = await runCli(['explain', '--check', 'curl: (52) Empty reply from server']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Nothing to check');
    });
  });
});
