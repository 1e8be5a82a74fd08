/** The built CLI (dist/cli.js) as users and scripts run it, against loopback listeners. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type RunningServer } from '../../src/lab/servers.js';
import { runCli } from '../helpers/cli.js';

let server: RunningServer;
let refused: RunningServer;
beforeAll(async () => {
  server = await startLoopbackServer('banner');
  refused = await startLoopbackServer('refused');
});
afterAll(async () => {
  await server.close();
});

describe('tcpsleuth scan (built CLI)', () => {
  it('--json prints { host, address, ports: [{ port, state, reason, rttMs }], durationMs }', async () => {
    const r = await runCli(['scan', '127.0.0.1', '-p', `${server.port},${refused.port}`, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['host', 'address', 'ports', 'durationMs']);
    expect(j.address).toBe('127.0.0.1');
    const open = j.ports.find((p: { port: number }) => p.port === server.port);
    expect(open).toMatchObject({ state: 'open', reason: 'syn-ack' });
    expect(typeof open.rttMs).toBe('number');
    expect(j.ports.find((p: { port: number }) => p.port === refused.port)).toMatchObject({ state: 'closed', reason: 'conn-refused' });
    expect(r.stderr).toBe('');
  });

  it('prints plain lines without a TTY: the table, the counts, the timing', async () => {
    const r = await runCli(['scan', `localhost:${server.port}`, '--top', '30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^tcpsleuth scan localhost \\(127\\.0\\.0\\.1\\): 31 ports, top 30 \\(.*\\) \\+ ${server.port}`));
    expect(r.stdout).toMatch(new RegExp(`${server.port}/tcp\\s+open\\s+syn-ack.*your port`));
    expect(r.stdout).toMatch(/Done in .*: \d+ open, \d+ closed, 0 filtered\./);
    expect(r.stdout).toMatch(/timing: smoothed RTT/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('scans more than 1000 ports of this machine without the permission note', async () => {
    const r = await runCli(['scan', '127.0.0.1', '-p', `${Math.max(1, server.port - 700)}-${Math.min(65535, server.port + 700)}`, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).ports.length).toBeGreaterThan(1000);
  });

  it('respects a low ulimit -n: fewer sockets at once, every port still scanned', async () => {
    // A fixed shell string (no user input): lower the limit, then exec the CLI with its arguments.
    const r = await runCli(['scan', '127.0.0.1', '-p', `1-400,${server.port}`], {
      prefix: ['sh', '-c', 'ulimit -n 100 && exec "$@"', 'sh'],
    });
    expect(r.code, r.stderr).toBe(0);
    const m = /up to (\d+) sockets at once \(ulimit -n 100\)/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1])).toBeLessThanOrEqual(100);
    expect(r.stdout).toMatch(new RegExp(`${server.port}/tcp\\s+open`));
    expect(r.stdout).toMatch(/Done in .*: \d+ open, \d+ closed, 0 filtered\./);
  });

  it.each([
    ['0', 'port 0 is out of range'],
    ['70000', 'port 70000 is out of range'],
    ['5-1', 'range 5-1 is backwards'],
    ['abc', '"abc" is not a port number'],
  ])('-p %s exits 2 with one clear line', async (spec, reason) => {
    const r = await runCli(['scan', 'localhost', '-p', spec]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(reason);
  });

  it('has its own help', async () => {
    const r = await runCli(['scan', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tcpsleuth scan HOST \[-p SPEC\]/);
    expect(r.stdout).toContain('admin-prohibited');
  });
});
