import { describe, expect, it } from 'vitest';
import { localDropHits, parseOutputChain, ruleMatches } from '../../src/checks/local-firewall.js';
import { colorEnabled, painter } from '../../src/output/colors.js';

// `iptables -L OUTPUT -v -n -x`, recorded in a lab namespace (protocol printed as a number).
const CHAIN = `Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination
       2      120 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:9005
       0        0 REJECT     tcp  --  *      *       0.0.0.0/0            198.19.0.0/24        tcp dpts:7000:7999 reject-with icmp-port-unreachable
       5      300 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0
       1       60 DROP       all  --  *      *       0.0.0.0/0            10.1.2.3
`;

describe('local firewall: OUTPUT rule counters', () => {
  const rules = parseOutputChain(CHAIN);
  it('parses targets, protocols, destinations and port ranges', () => {
    expect(rules).toHaveLength(4);
    expect(rules[0]).toMatchObject({ packets: 2, target: 'DROP', protocol: '6', destination: '0.0.0.0/0', ports: [9005, 9005] });
    expect(rules[1]).toMatchObject({ packets: 0, target: 'REJECT', destination: '198.19.0.0/24', ports: [7000, 7999] });
    expect(rules[3]).toMatchObject({ destination: '10.1.2.3', ports: undefined });
  });
  it('matches only DROP/REJECT rules that cover the address and port', () => {
    expect(ruleMatches(rules[0], '198.19.0.2', 9005)).toBe(true);
    expect(ruleMatches(rules[0], '198.19.0.2', 9006)).toBe(false);
    expect(ruleMatches(rules[1], '198.19.0.2', 7500)).toBe(true);
    expect(ruleMatches(rules[1], '198.20.0.2', 7500)).toBe(false);
    expect(ruleMatches(rules[2], '198.19.0.2', 9005)).toBe(false);
    expect(ruleMatches(rules[3], '10.1.2.3', 1)).toBe(true);
  });
  it('counts a hit only when the counter grew while we waited', () => {
    const before = parseOutputChain(CHAIN);
    const after = parseOutputChain(CHAIN.replace('       2      120 DROP', '       3      180 DROP'));
    expect(localDropHits(before, after, '198.19.0.2', 9005).map((r) => r.ports)).toEqual([[9005, 9005]]);
    expect(localDropHits(before, before, '198.19.0.2', 9005)).toEqual([]);
    // Without a snapshot from before, any count on a matching rule is taken as ours.
    expect(localDropHits(undefined, before, '198.19.0.2', 9005)).toHaveLength(1);
  });
});

describe('colour tokens', () => {
  it('colour on a TTY only, NO_COLOR wins, FORCE_COLOR forces', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
  it('paints only when enabled', () => {
    expect(painter(false)('bad', 'x')).toBe('x');
    expect(painter(true)('bad', 'x')).toBe('\x1b[31mx\x1b[39m');
  });
});
