/**
 * Did this host's own firewall eat our SYN? When an OUTPUT rule drops it, Linux's TCP ignores the
 * local send error and retransmits the SYN as if it had been lost on the way, so connect() just
 * waits: exactly like a remote firewall. The packet counters of DROP/REJECT rules in the OUTPUT chain tell them
 * apart: if a rule matching our SYN counted packets while we waited, the SYN never left.
 */
import net from 'node:net';
import { isRoot, runTool, which } from '../tools.js';

export interface OutputRule {
  packets: number;
  target: string;
  protocol: string;
  destination: string;
  /** `dpt:5432` or `dpts:1000:2000`, if the rule names ports. */
  ports?: [number, number];
  text: string;
}

/** Parses `iptables -L OUTPUT -v -n -x` (or ip6tables). */
export function parseOutputChain(text: string): OutputRule[] {
  const rules: OutputRule[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 9 || !/^\d+$/.test(f[0])) continue;
    const [packets, , target, protocol] = f;
    // iptables prints: pkts bytes target prot opt in out source destination [match...]; -n
    // writes a single host without /32, and ip6tables may leave "opt" blank, so find the two
    // address columns by their shape instead of their position.
    const addresses = f.slice(4).filter((x) => /^[0-9a-f:.]+(\/\d+)?$/i.test(x) && /[.:]/.test(x));
    const destination = addresses[1] ?? '0.0.0.0/0';
    const dpt = /dpts?:(\d+)(?::(\d+))?/.exec(line);
    rules.push({
      packets: Number(packets),
      target,
      protocol,
      destination,
      ports: dpt ? [Number(dpt[1]), Number(dpt[2] ?? dpt[1])] : undefined,
      text: line.trim().replace(/\s+/g, ' '),
    });
  }
  return rules;
}

/** True when the rule would match a TCP SYN to address:port and it drops or rejects. */
export function ruleMatches(rule: OutputRule, address: string, port: number): boolean {
  if (rule.target !== 'DROP' && rule.target !== 'REJECT') return false;
  if (!['6', 'tcp', 'all', '0'].includes(rule.protocol)) return false;
  if (rule.ports && (port < rule.ports[0] || port > rule.ports[1])) return false;
  return inCidr(address, rule.destination);
}

function inCidr(address: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? (net.isIP(base) === 6 ? 128 : 32) : Number(bitsText);
  if (bits === 0) return true;
  if (net.isIP(address) !== 4 || net.isIP(base) !== 4) return address === base;
  const toInt = (a: string) => a.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
  const mask = bits >= 32 ? 0xffffffff : (~((1 << (32 - bits)) - 1)) >>> 0;
  return (toInt(address) & mask) === (toInt(base) & mask);
}

/** Reads the OUTPUT chain's counters; undefined when not root or no iptables. */
export async function readOutputChain(family: 4 | 6, signal?: AbortSignal): Promise<OutputRule[] | undefined> {
  if (process.platform !== 'linux' || !isRoot()) return undefined;
  const tool = family === 6 ? 'ip6tables' : 'iptables';
  const file = which(tool);
  if (!file) return undefined;
  const r = await runTool(file, ['-w', '-L', 'OUTPUT', '-v', '-n', '-x'], { timeoutMs: 3000, signal });
  if (r.code !== 0) return undefined;
  return parseOutputChain(r.stdout);
}

/** The rules that matched our SYN and counted packets between the two snapshots. */
export function localDropHits(before: OutputRule[] | undefined, after: OutputRule[], address: string, port: number): OutputRule[] {
  return after.filter((rule, i) => {
    if (!ruleMatches(rule, address, port)) return false;
    const prior = before?.[i]?.text === rule.text ? before[i].packets : 0;
    return rule.packets > prior;
  });
}
