import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type RunningServer } from '../../src/lab/servers.js';
import { runCli } from '../helpers/cli.js';
import { hasTmux, processesWithMarker, startTerminal, type Terminal } from './tmux.js';

if (!hasTmux) process.stderr.write('skipped: the tmux end-to-end tests need tmux\n');

describe.skipIf(!hasTmux)('the guide in a real terminal (tmux)', () => {
  const servers: RunningServer[] = [];
  const terms: Terminal[] = [];
  let refused: RunningServer;
  let open: RunningServer;
  let stalled: RunningServer;

  beforeAll(async () => {
    refused = await startLoopbackServer('refused');
    open = await startLoopbackServer('open');
    stalled = await startLoopbackServer('accept-queue-full');
    servers.push(refused, open, stalled);
  });
  afterEach(() => {
    for (const t of terms.splice(0)) t.kill();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const term = (args: string[]) => {
    const t = startTerminal(args);
    terms.push(t);
    return t;
  };

  it('a closed port: the steps, the refused verdict with its handshake, then q exits 1', async () => {
    const t = term(['check', `127.0.0.1:${refused.port}`]);
    const screen = await t.waitFor((s) => s.includes('What next?'));
    expect(screen).toContain(`you › Check 127.0.0.1:${refused.port}`);
    expect(screen).toMatch(/✔ Ping\s+\$ ping/);
    expect(screen).toMatch(new RegExp(`✘ Connect\\s+\\$ nc -vz .*127\\.0\\.0\\.1 ${refused.port}`));
    expect(screen).toContain('ECONNREFUSED');
    expect(screen).toContain('Verdict: REFUSED');
    expect(screen).toMatch(/◀─+ RST ─+│/);
    t.keys('q');
    expect(await t.exitCode()).toBe(1);
    expect(t.cooked()).toBe(true);
  });

  it('an open port: the handshake completes, the verdict is open, q exits 0', async () => {
    const t = term(['check', `localhost:${open.port}`]);
    const screen = await t.waitFor((s) => s.includes('What next?'));
    expect(screen).toMatch(/✔ DNS\s+\$ getent ahosts localhost/);
    expect(screen).toMatch(/✔ Connect .*\n.*handshake completed/);
    expect(screen).toMatch(/✔ Observe/);
    expect(screen).toContain('Verdict: OPEN');
    expect(screen).toMatch(/◀─+ SYN-ACK ─+│/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Ctrl-C during the connect step aborts it, leaves no process behind and restores the terminal', async () => {
    const t = term(['check', `127.0.0.1:${stalled.port}`]);
    // The listener never accepts, so the SYN goes unanswered for the connect budget (~1.3 s).
    await t.waitFor((s) => /Connect: sends a SYN/.test(s), 15_000, 40);
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
    // It stopped mid-step: no verdict was reached.
    expect(t.screen()).not.toContain('Verdict:');
    expect(t.screen()).toContain('Interrupted.');
    expect(t.cooked()).toBe(true);
    expect(processesWithMarker(t.marker)).toEqual([]);
  });

  it('colour marks the verdict, and NO_COLOR turns every colour off', async () => {
    const coloured = startTerminal(['check', `127.0.0.1:${refused.port}`], [], { FORCE_COLOR: '1' });
    terms.push(coloured);
    await coloured.waitFor((s) => s.includes('What next?'));
    expect(coloured.screenWithEscapes()).toMatch(/\x1b\[[0-9;]*m/);
    // Even with colour forced on for the terminal, NO_COLOR wins.
    const plain = startTerminal(['check', `127.0.0.1:${refused.port}`], [], { FORCE_COLOR: '1', NO_COLOR: '1' });
    terms.push(plain);
    await plain.waitFor((s) => s.includes('What next?'));
    expect(plain.screenWithEscapes()).not.toMatch(/\x1b\[[0-9;]*3[1-6]m/);
  });

  it("the home screen is the chat; a lab fault (/lab refused) runs through the guide's check", async () => {
    const t = term([]);
    const home = await t.waitFor((s) => s.includes('Ask, paste an error, or give a host:port'));
    for (const entry of ['check a port', 'paste an error', 'learn TCP', 'try a fault in the lab']) expect(home).toContain(entry);
    t.keys('-l', '/lab refused');
    t.keys('Enter');
    // A lab run sets up its fault first; on a busy machine that can take a while.
    const screen = await t.waitFor((s) => s.includes('Verdict: REFUSED'), 40_000);
    expect(screen).toContain('Nothing listens on the port');
    t.keys('-l', '/quit');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
  });
});

describe('without a terminal', () => {
  it('tcpsleuth alone prints a short plain home and exits 0, with no cursor codes', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tcpsleuth check HOST:PORT');
    expect(r.stdout).not.toMatch(/\x1b/);
  });
});
