/**
 * "Does it work from app-1?" (issue 21): the words, the understanding, the plan and the `--from`
 * values are pure and checked as data (no ssh needed); the live path runs once through the built
 * chat in a pipe with `from here` and an inventory group of `ansible_connection=local` hosts,
 * against a real listener on 127.0.0.1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVantageAsk, groupCandidates } from '../../src/chat/vantage-words.js';
import { understand } from '../../src/chat/understand.js';
import { plan } from '../../src/chat/plan.js';
import { route } from '../../src/chat/route.js';
import { fromValues } from '../../src/chat/from-actor.js';
import { parseTarget } from '../../src/target.js';
import type { Thread } from '../../src/chat/types.js';
import { runCli } from '../helpers/cli.js';

const db = parseTarget('db.internal:5432');
const thread: Thread = { target: db };
const jobOf = (message: string, t: Thread = thread, autoCheck = true) => plan(route(message, t), t, { autoCheck }).job;

describe('asking for a check from elsewhere', () => {
  it.each([
    ['does it work from app-1?', ['app-1'], undefined],
    ['check it from the jump host too', ['jump'], undefined],
    ['is it reachable from bastion.example.com?', ['bastion.example.com'], undefined],
    ['does 10.0.0.5:22 work from app-1, app-2 and app-3?', ['app-1', 'app-2', 'app-3'], undefined],
    ['and from here?', ['local'], undefined],
    ['try it from ssh://ops@10.0.0.9:2222', ['ssh://ops@10.0.0.9:2222'], undefined],
    ['from all web servers', [], 'web servers'],
    ['check it from every db host please', [], 'db host'],
  ])('%s', (message, names, group) => {
    const ask = readVantageAsk(message);
    expect(ask?.names).toEqual(names);
    expect(ask?.group).toBe(group);
  });
  it.each(["Then you try to copy a 4 GB file over the VPN and it freezes at 3% like it's waiting for approval from Legal.", 'I get connection refused from the server', "I can't connect from home", 'from the office it works', 'the error came from postgres', 'connect from my laptop fails'])('not a request: %s', (message) => {
    expect(readVantageAsk(message)).toBeNull();
    expect(understand(message, { lastTarget: { host: 'db.internal', port: 5432 } }).followUp).not.toBe('from');
  });
  it('the group words name the inventory groups they may mean', () => {
    expect(groupCandidates('web servers')).toEqual(expect.arrayContaining(['web_servers', 'webservers', 'web-servers', 'web']));
  });
});

describe('the understanding and the plan', () => {
  it('acts on the thread\'s target, or on the one the message names', () => {
    expect(understand('does it work from app-1?', { lastTarget: { host: 'db.internal', port: 5432 } })).toMatchObject({ intent: 'follow-up', followUp: 'from', act: true, from: { names: ['app-1'] }, target: { host: 'db.internal', port: 5432 } });
    expect(jobOf('does it work from app-1?')).toEqual({ run: 'from', target: db, names: ['app-1'] });
    expect(jobOf('try api.internal:8443 from app-1 and app-2', {})).toMatchObject({ run: 'from', target: { host: 'api.internal', port: 8443 }, names: ['app-1', 'app-2'] });
    expect(jobOf('from all web servers')).toEqual({ run: 'from', target: db, names: [], group: 'web servers' });
  });
  it('with no target it asks for one and runs nothing; with every check an offer it offers', () => {
    expect(understand('does it work from app-1?')).toMatchObject({ followUp: 'from', act: false });
    expect(jobOf('does it work from app-1?', {})).toMatchObject({ run: 'reply', reply: { kind: 'prompt', need: 'target' } });
    expect(jobOf('does it work from app-1?', thread, false)).toMatchObject({ run: 'reply', reply: { kind: 'prompt', need: 'confirm', text: expect.stringContaining('from app-1') } });
  });
  it('names become --from values; a group needs TCPSLEUTH_INVENTORY, and without it the reply says how', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsl-chat2-inv-'));
    try {
      const inv = join(dir, 'hosts.ini');
      writeFileSync(inv, '[webservers]\nweb-1\nweb-2\n\n[db]\ndb-1\n');
      expect(fromValues({ names: ['app-1', 'local'], target: db })).toEqual({ values: ['app-1', 'local'] });
      expect(fromValues({ names: [], group: 'web servers', target: db }, { TCPSLEUTH_INVENTORY: inv })).toEqual({ values: [`@${inv}:webservers`] });
      expect(fromValues({ names: [], group: 'web servers', target: db }, {})).toMatchObject({ help: expect.stringContaining('TCPSLEUTH_INVENTORY') });
      expect(() => fromValues({ names: [], group: 'cache nodes', target: db }, { TCPSLEUTH_INVENTORY: inv })).toThrow(/no group for "cache nodes" \(groups: webservers, db\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the live path (the built chat in a pipe, --from local)', () => {
  let server: net.Server;
  let port = 0;
  let dir = '';
  beforeAll(async () => {
    server = net.createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'tsl-chat2-from-'));
    writeFileSync(join(dir, 'hosts.ini'), '[web_servers]\nweb-a ansible_connection=local\n');
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks the thread\'s target from here and from an inventory group, with the command that does the same', async () => {
    const r = await runCli(['chat', '--json', '--no-auto-check'], {
      input: `127.0.0.1:${port}\nyes\ndoes it work from here?\nyes\nfrom all web servers\nyes\n`,
      env: { TCPSLEUTH_SELF: 'tcpsleuth', TCPSLEUTH_INVENTORY: join(dir, 'hosts.ini'), TCPSLEUTH_STATE_DIR: dir },
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(0);
    const replies = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; need?: string; command?: string; summary?: { verdicts: Array<{ from: string; verdict: string }> } });
    expect(replies.map((x) => x.kind)).toEqual(['prompt', 'check', 'prompt', 'from', 'prompt', 'from']);
    const [, , , here, , group] = replies;
    expect(here.summary?.verdicts).toEqual([expect.objectContaining({ from: 'local', verdict: 'open' })]);
    expect(here.command).toBe(`tcpsleuth check 127.0.0.1:${port} --from local`);
    expect(group.summary?.verdicts).toEqual([expect.objectContaining({ from: 'local', verdict: 'open' })]);
    expect(group.command).toBe(`tcpsleuth check 127.0.0.1:${port} --from @${join(dir, 'hosts.ini')}:web_servers`);
  });
});
