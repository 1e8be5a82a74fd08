/**
 * The built CLI's edges for watch and check --hold (any user, loopback): help that teaches the
 * JSON shape and exit codes, clear usage errors (exit 2, one line, nothing left running), a name
 * that does not resolve, and --json against a real listener.
 */
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { WatchSummary } from '../../src/series/types.js';

let server: net.Server;
let port = 0;

beforeAll(async () => {
  server = net.createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('tcpsleuth watch on the command line', () => {
  it('--help teaches the JSON shape, the findings, the exit codes and this machine\'s SYN schedule', async () => {
    const r = await runCli(['watch', '--help'], { env: { TCPSLEUTH_SELF: 'tcpsleuth' } });
    expect(r.code).toBe(0);
    for (const word of ['retransmitShare', 'synLossShare', 'byVerdict', 'byAddress', 'p50, p90, p99, max', '--jsonl', 'syn-retransmit-intermittent', 'one-address-bad', 'periodic-failure', 'refused-intermittent', 'reset-intermittent']) {
      expect(r.stdout).toContain(word);
    }
    expect(r.stdout).toMatch(/^ {2}0 {4}every attempt was open and there is no finding$/m);
    expect(r.stdout).toMatch(/^ {2}130 {2}stopped by Ctrl-C/m);
    expect(r.stdout).toMatch(/on this machine 1 s, 2 s/);
    expect(r.stdout).toContain('tcpsleuth learn intermittent');
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/tcpsleuth watch HOST:PORT/);
  });

  it.each([
    [['watch'], /missing target/],
    [['watch', `127.0.0.1:${1}`, '--rate', '0'], /bad --rate "0"/],
    [['watch', '127.0.0.1:1', '--rate', 'fast'], /bad --rate/],
    [['watch', '127.0.0.1:1', '--count', '0'], /bad --count/],
    [['watch', '127.0.0.1:1', '--count', '3', '--duration', '5s'], /pick one/],
    [['watch', '127.0.0.1:1', '--json', '--jsonl'], /contradict/],
    [['watch', '127.0.0.1:1', '--duration', 'soon'], /bad --duration "soon"/],
    [['watch', '127.0.0.1:1', '--bogus'], /unknown option --bogus/],
    [['check', '127.0.0.1:1', '--hold', '1s'], /bad --hold "1s": expected between 2 s/],
    [['check', '127.0.0.1:1', '127.0.0.2:1', '--hold', '10s'], /--hold checks one target/],
    [['check', '127.0.0.1:1', '--hold', '10s', '--capture'], /does not go with --capture/],
    [['check', '127.0.0.1:1', '--hold', '10s', '--report', 'x.txt'], /--report wants a file ending in \.md or \.html/],
  ])('%j is a usage error', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('a name that does not resolve: one line saying so, exit 1, no attempt', async () => {
    const r = await runCli(['watch', 'no-such-host.invalid:80', '--count', '3', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tcpsleuth watch: no-such-host\.invalid: /);
  });

  it('--json against a listener: every attempt open, no finding, exit 0', async () => {
    const r = await runCli(['watch', `127.0.0.1:${port}`, '--rate', '50', '--count', '10', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as WatchSummary;
    expect(s).toMatchObject({ attempts: 10, byVerdict: { open: 10 }, handshakes: 10, retransmitted: 0, retransmitShare: 0, findings: [], details: [], interrupted: false });
    expect(Object.keys(s.handshakeMs!)).toEqual(['p50', 'p90', 'p99', 'max']);
  });

  it('check --hold --report: the report tells the hold, as the terminal did (one story)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsl-hold-report-'));
    try {
      const file = join(dir, 'held.md');
      const r = await runCli(['check', `127.0.0.1:${port}`, '--hold', '2s', '--no-ping', '--report', file]);
      expect(r.code, r.stderr).toBe(0);
      const terminal = /^ok {3}hold {5}(.+)$/m.exec(r.stdout)?.[1];
      expect(terminal).toMatch(/connections? held idle .*alive after/);
      const md = readFileSync(file, 'utf8');
      expect(md).toContain(`hold: ${terminal}`);
      // Under a heading that says where it was seen (no packet was captured here).
      expect(md).toContain('## What the held connections show');
      expect(md).not.toContain('## What the packets show');
      expect(md).toMatch(/connections held idle on 127\\\.0\\\.0\\\.1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a closed port: every attempt refused, exit 1', async () => {
    const r = await runCli(['watch', `127.0.0.1:${port}`.replace(/\d+$/, '1'), '--rate', '50', '--count', '4', '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as WatchSummary).byVerdict).toEqual({ refused: 4 });
  });
});
