/** The server checklist's parsers and rules, table-tested on recorded texts and hand-made facts. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMacNetstat, parseWindowsNetstat, type SocketRow } from '../../src/checks/netstat-parse.js';
import { parseInputChain, parseNftInput, parseTcpExt, ruleDeltas } from '../../src/server/counters.js';
import { factsFrom, type ServerFacts } from '../../src/server/facts.js';
import { parseRemoteOutput, remoteFactsScript } from '../../src/server/gather.js';
import { CLOSE_WAIT_LEAK, serverExitCode, serverFindings } from '../../src/server/rules.js';
import type { TcpCounters } from '../../src/server/counters.js';

const NETSTAT = `TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts ListenOverflows ListenDrops TCPReqQFullDoCookies TCPReqQFullDrop
TcpExt: 3 1 0 0 17 19 2 0
IpExt: InNoRoutes InTruncatedPkts
IpExt: 0 0
`;

const IPTABLES = `Chain INPUT (policy DROP 42 packets, 2520 bytes)
    pkts      bytes target     prot opt in     out     source               destination
     120     9000 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED
       7      420 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080
       0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
       3      180 REJECT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:8000:8100 reject-with tcp-reset
`;

const NFT = `table inet filter {
	chain input {
		type filter hook input priority filter; policy accept;
		tcp dport 8080 counter packets 5 bytes 300 drop
		tcp dport { 22, 443 } counter packets 9 bytes 540 accept
		tcp dport 9000-9100 counter packets 1 bytes 60 reject with tcp reset
	}
	chain output {
		type filter hook output priority filter; policy accept;
		tcp dport 8080 counter packets 100 bytes 6000 drop
	}
}
`;

const zero: TcpCounters = { ListenOverflows: 0, ListenDrops: 0, SyncookiesSent: 0, SyncookiesRecv: 0, SyncookiesFailed: 0, TCPReqQFullDrop: 0, TCPReqQFullDoCookies: 0 };
const facts = (over: Partial<ServerFacts> = {}): ServerFacts => ({
  port: 8080,
  host: 'local',
  listeners: [{ address: '0.0.0.0', port: 8080, queued: 0, backlog: 511, full: false, process: 'api', pid: 7 }],
  states: {},
  closeWaitProcesses: [],
  counters: { before: zero, after: zero, intervalMs: 500 },
  syncookies: 1,
  firewall: { read: true, rules: [] },
  ...over,
});
const ids = (f: ServerFacts) => serverFindings(f).map((x) => x.id);

describe('parsers', () => {
  it('reads the TcpExt counters by name', () => {
    expect(parseTcpExt(NETSTAT)).toEqual({ ListenOverflows: 17, ListenDrops: 19, SyncookiesSent: 3, SyncookiesRecv: 1, SyncookiesFailed: 0, TCPReqQFullDrop: 0, TCPReqQFullDoCookies: 2 });
    expect(parseTcpExt('nothing')).toBeUndefined();
  });

  it('keeps the INPUT rules that would see a SYN to the port, and a blocking policy', () => {
    const rules = parseInputChain(IPTABLES, 8080);
    expect(rules.map((r) => [r.action, r.packets])).toEqual([['DROP', 42], ['DROP', 7], ['REJECT', 3]]);
    expect(rules[0].policy).toBe(true);
    expect(parseInputChain(IPTABLES, 22).map((r) => r.action)).toEqual(['DROP', 'ACCEPT']);
  });

  it('reads nft rules of input hooks only, with sets and ranges', () => {
    expect(parseNftInput(NFT, 8080).map((r) => [r.action, r.packets])).toEqual([['drop', 5]]);
    expect(parseNftInput(NFT, 443).map((r) => r.action)).toEqual(['accept']);
    expect(parseNftInput(NFT, 9050).map((r) => r.action)).toEqual(['reject']);
    expect(parseNftInput(NFT, 7)).toEqual([]);
  });

  it('counts what each rule saw between two readings', () => {
    const before = parseInputChain(IPTABLES, 8080);
    const after = parseInputChain(IPTABLES.replace('       7      420 DROP', '      10      600 DROP'), 8080);
    expect(ruleDeltas(before, after).map((r) => r.delta)).toEqual([0, 3, 0]);
  });

  it('splits the remote script output into two readings, ss and uname', () => {
    const out = parseRemoteOutput(`\n@@tcpsleuth:first@@\n\n@@tcpsleuth:netstat@@\n${NETSTAT}\n@@tcpsleuth:second@@\n\n@@tcpsleuth:netstat@@\n${NETSTAT.replace(' 17 ', ' 20 ')}\n@@tcpsleuth:ss@@\nLISTEN 0 128 0.0.0.0:22 0.0.0.0:*\n@@tcpsleuth:uname@@\nLinux\n`, 400);
    expect(parseTcpExt(out.first.netstat!)!.ListenOverflows).toBe(17);
    expect(parseTcpExt(out.second.netstat!)!.ListenOverflows).toBe(20);
    expect(out.second.atMs - out.first.atMs).toBe(400);
    expect(out.ss).toContain('0.0.0.0:22');
    expect(out.uname).toBe('Linux');
  });

  it('puts only a validated integer port into the remote script', () => {
    expect(remoteFactsScript(8080)).toContain("sport = :8080'");
    expect(() => remoteFactsScript(Number('8080; rm -rf /'))).toThrow(RangeError);
  });
});

describe('serverFindings', () => {
  it('finds nothing wrong on a healthy wildcard listener', () => {
    expect(serverFindings(facts())).toEqual([]);
    expect(serverExitCode(serverFindings(facts()))).toBe(0);
  });

  it.each([
    ['not-listening', facts({ listeners: [] })],
    ['listening-localhost-only', facts({ listeners: [{ address: '::1', port: 8080, full: false }] })],
    ['listening-other-address', facts({ listeners: [{ address: '10.0.0.5', port: 8080, full: false }] })],
    ['accept-queue-full', facts({ listeners: [{ address: '::', port: 8080, queued: 129, backlog: 128, full: true }] })],
    ['syn-flood-suspected', facts({ states: { SYN_RECV: 200 } })],
    ['syncookies-active', facts({ counters: { before: zero, after: { ...zero, SyncookiesSent: 40 }, intervalMs: 500 } })],
    ['close-wait-leak', facts({ states: { CLOSE_WAIT: CLOSE_WAIT_LEAK } })],
    ['local-firewall-drops', facts({ firewall: { read: true, rules: [{ tool: 'nft', action: 'drop', packets: 5, delta: 2, text: 'tcp dport 8080 counter packets 5 bytes 300 drop' }] } })],
    ['time-wait-many', facts({ states: { TIME_WAIT: 20_000 }, timeWaitHost: 20_000, ephemeral: { low: 32768, high: 60999, size: 28232 } })],
  ])('%s', (id, f) => {
    expect(ids(f)).toEqual([id]);
  });

  it('a blocking rule is named in the finding\'s data, for the two-sided join', () => {
    const rule = { tool: 'nft' as const, action: 'drop', packets: 5, delta: 2, text: 'tcp dport 8080 counter packets 5 bytes 300 drop' };
    expect(serverFindings(facts({ firewall: { read: true, rules: [rule] } }))[0]).toMatchObject({ id: 'local-firewall-drops', rule: rule.text });
  });

  it('a host-wide overflow alone does not blame a port whose queue is empty', () => {
    expect(ids(facts({ counters: { before: zero, after: { ...zero, ListenOverflows: 9 }, intervalMs: 500 } }))).toEqual([]);
  });

  it('blames a port with a queue and an unknown backlog when the overflow counter rises', () => {
    const f = facts({ listeners: [{ address: '0.0.0.0', port: 8080, queued: 3, full: false }], counters: { before: zero, after: { ...zero, ListenOverflows: 9 }, intervalMs: 500 } });
    expect(ids(f)).toEqual(['accept-queue-full']);
  });

  it('a DROP policy counts unless a rule accepts the port', () => {
    const policy = { tool: 'iptables' as const, action: 'DROP', packets: 4, delta: 0, text: 'policy DROP', policy: true };
    expect(ids(facts({ firewall: { read: true, rules: [policy] } }))).toEqual(['local-firewall-drops']);
    expect(serverFindings(facts({ firewall: { read: true, rules: [policy] } }))[0].rule).toBe('iptables INPUT policy DROP');
    const accept = { tool: 'iptables' as const, action: 'ACCEPT', packets: 4, delta: 0, text: 'ACCEPT tcp -- * * 0.0.0.0/0 0.0.0.0/0 tcp dpt:8080' };
    expect(ids(facts({ firewall: { read: true, rules: [policy, accept] } }))).toEqual([]);
  });

  it('names the CLOSE_WAIT holder when known, else the listener process', () => {
    expect(serverFindings(facts({ states: { CLOSE_WAIT: 9 }, closeWaitProcesses: ['java (pid 12)'] }))[0].text).toContain('java (pid 12) never called close()');
    expect(serverFindings(facts({ states: { CLOSE_WAIT: 9 } }))[0].text).toContain('api (the listener');
  });
});

describe('remote script output with tcpsleuth on the server', () => {
  it('keeps the json section of tcpsleuth server --json', () => {
    const out = parseRemoteOutput('\n@@tcpsleuth:first@@\n\n@@tcpsleuth:second@@\n\n@@tcpsleuth:uname@@\nDarwin\n@@tcpsleuth:json@@\n{"facts":{"port":22}}\n');
    expect(JSON.parse(out.json!)).toEqual({ facts: { port: 22 } });
    expect(remoteFactsScript(22)).toContain('tcpsleuth server 22 --json');
  });
});

describe('the checklist from macOS and Windows netstat (recorded fixtures)', () => {
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/netstat/${name}`, import.meta.url), 'utf8');
  const none = { atMs: 0 };
  const fromRows = (rows: SocketRow[], port: number) => serverFindings(factsFrom(port, 'local', none, none, rows)).map((f) => f.id);

  it.each([
    ['darwin-netstat-an.txt', parseMacNetstat, 6379, ['listening-localhost-only']],
    ['darwin-netstat-an.txt', parseMacNetstat, 5432, []],
    ['darwin-netstat-an.txt', parseMacNetstat, 1, ['not-listening']],
    ['win32-netstat-ano.txt', parseWindowsNetstat, 5432, ['listening-localhost-only']],
    ['win32-netstat-ano.txt', parseWindowsNetstat, 445, []],
  ] as const)('%s port %i', (file, parse, port, want) => {
    expect(fromRows(parse(fixture(file)), port)).toEqual(want);
  });
});
