import { describe, it, expect, afterAll } from 'vitest';
import { createTopology, destroyTopology, listLabNamespaces, nsListen, iptables, LAB_ADDR, topologyExists } from '../../src/lab/netns.js';
import { runTool } from '../../src/tools.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';

noteSkip('the namespace topology test');

/** A raw connect from the client namespace (not the product's check): the first event seen. */
async function rawConnect(ns: string, addr: string, port: number): Promise<string> {
  const code = `const s=require('net').connect(${port}, '${addr}');s.on('connect',()=>{console.log('open');process.exit(0)});s.on('error',e=>{console.log(e.code);process.exit(0)});setTimeout(()=>{console.log('timeout');process.exit(0)},2500)`;
  const r = await runTool('ip', ['netns', 'exec', ns, process.execPath, '-e', code], { timeoutMs: 10_000 });
  return r.stdout.trim();
}

describe.skipIf(!canUseNamespaces)('lab topology: client ── router ── server', () => {
  const name = 'test-topo';
  afterAll(async () => {
    await destroyTopology(name);
  });

  it('routes the client to the server and applies the router rules', async () => {
    const t = await createTopology(name);
    expect(await topologyExists(name)).toBe(true);
    await expect(createTopology(name)).rejects.toThrow(/already up/);
    const listener = await nsListen(t.ns.server, 8080);
    try {
      expect(await rawConnect(t.ns.client, LAB_ADDR.server, 8080)).toBe('open');
      expect(await rawConnect(t.ns.client, LAB_ADDR.server, 8081)).toBe('ECONNREFUSED');
      await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9000', '-j', 'DROP']);
      await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9001', '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited']);
      expect(await rawConnect(t.ns.client, LAB_ADDR.server, 9000)).toBe('timeout');
      expect(await rawConnect(t.ns.client, LAB_ADDR.server, 9001)).toBe('EHOSTUNREACH');
    } finally {
      listener.kill();
    }
    await destroyTopology(name);
    expect((await listLabNamespaces()).filter((n) => n.includes(name))).toEqual([]);
  });
});
