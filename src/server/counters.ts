/**
 * Parsers for the server checklist's raw texts: the kernel's TCP counters (/proc/net/netstat),
 * and the INPUT rules that match a port, from `iptables -L INPUT -v -n -x` and `nft list ruleset`.
 * Pure: text in, data out, so the local and the remote (over ssh) checklists share them.
 */
import { parseOutputChain } from '../checks/local-firewall.js';

/** The TcpExt counters the checklist watches (absent ones read 0). */
export interface TcpCounters {
  ListenOverflows: number;
  ListenDrops: number;
  SyncookiesSent: number;
  SyncookiesRecv: number;
  SyncookiesFailed: number;
  TCPReqQFullDrop: number;
  TCPReqQFullDoCookies: number;
}

const COUNTER_NAMES: (keyof TcpCounters)[] = ['ListenOverflows', 'ListenDrops', 'SyncookiesSent', 'SyncookiesRecv', 'SyncookiesFailed', 'TCPReqQFullDrop', 'TCPReqQFullDoCookies'];

/** `/proc/net/netstat` comes in pairs of lines: `TcpExt: Name Name …` then `TcpExt: 1 2 …`. */
export function parseTcpExt(text: string): TcpCounters | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith('TcpExt:'));
  if (lines.length < 2) return undefined;
  const names = lines[0].split(/\s+/).slice(1);
  const values = lines[1].split(/\s+/).slice(1).map(Number);
  const all = new Map(names.map((n, i) => [n, values[i]]));
  const out = {} as TcpCounters;
  for (const n of COUNTER_NAMES) out[n] = Number.isFinite(all.get(n)) ? all.get(n)! : 0;
  return out;
}

/** One firewall rule on the server's way in that matches the port, with its packet counter. */
export interface InputRule {
  tool: 'iptables' | 'ip6tables' | 'nft';
  /** DROP, REJECT, ACCEPT … (nft: drop, reject, accept). */
  action: string;
  packets: number;
  text: string;
  /** A chain policy line rather than a rule. */
  policy?: boolean;
}

const BLOCKING = /^(drop|reject)$/i;

/** True for DROP/REJECT rules and policies. */
export function blocks(rule: InputRule): boolean {
  return BLOCKING.test(rule.action);
}

/** `iptables -L INPUT -v -n -x`: the rules that would match a TCP SYN to `port`, plus the policy. */
export function parseInputChain(text: string, port: number, tool: 'iptables' | 'ip6tables' = 'iptables'): InputRule[] {
  const out: InputRule[] = [];
  const policy = /^Chain INPUT \(policy (\w+) (\d+) packets/m.exec(text);
  if (policy && BLOCKING.test(policy[1])) out.push({ tool, action: policy[1], packets: Number(policy[2]), text: `policy ${policy[1]}`, policy: true });
  for (const r of parseOutputChain(text)) {
    if (!['6', 'tcp', 'all', '0'].includes(r.protocol)) continue;
    if (r.ports && (port < r.ports[0] || port > r.ports[1])) continue;
    // A rule about other ports (multiport, sports) or about state (ESTABLISHED) says nothing of our SYN.
    if (!r.ports && /\b(dports?|multiport|spts?|state|ctstate)\b/.test(r.text) && !new RegExp(`\\b${port}\\b`).test(r.text)) continue;
    if (/\b(ctstate|state) (RELATED,)?ESTABLISHED\b/.test(r.text) && !/NEW/.test(r.text)) continue;
    // Without its counters, so two readings of the same rule have the same text.
    out.push({ tool, action: r.target, packets: r.packets, text: r.text.replace(/^\d+\s+\d+\s+/, '') });
  }
  return out;
}

/**
 * `nft list ruleset`: rules in chains hooked on input that name the port (`tcp dport 8080`,
 * `tcp dport { 22, 8080 }`, `tcp dport 8000-9000`) and carry a counter.
 */
export function parseNftInput(text: string, port: number): InputRule[] {
  const out: InputRule[] = [];
  let inInput = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^chain\s/.test(line)) inInput = false;
    if (/\bhook input\b/.test(line)) {
      inInput = true;
      const pol = /policy (drop|accept)/.exec(line);
      if (pol?.[1] === 'drop') out.push({ tool: 'nft', action: 'drop', packets: 0, text: line.replace(/\s+/g, ' '), policy: true });
      continue;
    }
    if (!inInput) continue;
    const counter = /counter packets (\d+)/.exec(line);
    const action = /\b(drop|reject|accept)\b[^;]*$/.exec(line);
    const dport = /\bdport\s+(\{[^}]*\}|\S+)/.exec(line);
    if (!counter || !action || !dport || !/\b(tcp|th)\b/.test(line)) continue;
    if (!portIn(dport[1], port)) continue;
    out.push({ tool: 'nft', action: action[1], packets: Number(counter[1]), text: line.replace(/counter packets \d+ bytes \d+/, 'counter').replace(/\s+/g, ' ') });
  }
  return out;
}

function portIn(spec: string, port: number): boolean {
  const items = spec.replace(/[{}]/g, '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.some((item) => {
    const range = /^(\d+)-(\d+)$/.exec(item);
    if (range) return port >= Number(range[1]) && port <= Number(range[2]);
    return Number(item) === port;
  });
}

/** Packets each rule counted between two readings of the same ruleset (matched by text). */
export function ruleDeltas(before: InputRule[], after: InputRule[]): Array<InputRule & { delta: number }> {
  return after.map((rule) => {
    const prior = before.find((b) => b.tool === rule.tool && b.text === rule.text);
    return { ...rule, delta: prior ? Math.max(0, rule.packets - prior.packets) : 0 };
  });
}
