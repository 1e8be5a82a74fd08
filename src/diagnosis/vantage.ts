/**
 * The difference between vantage points: one target checked from several machines, and what the
 * differences say. Pure rules over each vantage point's evidence, table-tested:
 * - `differs-by-vantage`: the verdicts differ (which ones fail, and how);
 * - `dns-differs`: the name resolves differently (split-horizon DNS, other resolvers or hosts files);
 * - `source-address-matters`: the same address answers one source and not another, so something
 *   filters by source (a firewall rule, security group or ACL); the failing sources' shared subnet
 *   is named when they have one the working ones lack.
 */
import type { AddressResult, Finding, FindingId, Verdict } from '../evidence.js';

/** What the rules need from one vantage point's check. */
export interface VantageEvidence {
  from: string;
  /** null: no verdict from there (ssh failed, nothing there could connect). */
  verdict: Verdict | null;
  /** What the name resolved to there; undefined when DNS did not run (an IP literal, or no verdict). */
  resolved?: string[];
  /** Each address's own handshake from there. */
  results: AddressResult[];
  /** The address its SYN left from. */
  source?: string;
}

export interface VantageDiagnosis {
  findings: FindingId[];
  details: Finding[];
  lessons: string[];
}

const LESSONS: Record<string, string[]> = {
  'differs-by-vantage': ['firewalls'],
  'dns-differs': ['dns'],
  'source-address-matters': ['firewalls'],
};

const names = (list: string[]) => (list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`);

/** The findings about the difference between vantage points (none with fewer than two verdicts). */
export function diagnoseVantages(all: readonly VantageEvidence[]): VantageDiagnosis {
  const found: Finding[] = [];
  const judged = all.filter((v) => v.verdict !== null);
  const verdicts = new Map<Verdict, string[]>();
  for (const v of judged) verdicts.set(v.verdict!, [...(verdicts.get(v.verdict!) ?? []), v.from]);
  if (verdicts.size > 1) {
    const bad = [...verdicts].filter(([v]) => v !== 'open');
    const ok = verdicts.get('open');
    const parts = bad.map(([v, from]) => `from ${names(from)} it is ${v}`);
    const where = ok ? `; from ${names(ok)} it is open, so the service itself works: what differs is the way there (path, source address, DNS)` : '';
    found.push({ id: 'differs-by-vantage', text: `The verdict depends on where the check runs: ${parts.join('; ')}${where}.` });
  }

  const dns = dnsDiffers(all);
  if (dns) found.push({ id: 'dns-differs', text: dns });
  const source = sourceMatters(judged);
  if (source) found.push({ id: 'source-address-matters', text: source });

  const findings = found.map((f) => f.id);
  return { findings, details: found, lessons: [...new Set(findings.flatMap((f) => LESSONS[f] ?? []))] };
}

function dnsDiffers(all: readonly VantageEvidence[]): string | undefined {
  const asked = all.filter((v) => v.resolved !== undefined);
  const key = (v: VantageEvidence) => [...v.resolved!].sort().join(', ');
  const groups = new Map<string, string[]>();
  for (const v of asked) groups.set(key(v), [...(groups.get(key(v)) ?? []), v.from]);
  if (groups.size < 2) return undefined;
  const parts = [...groups].map(([addrs, from]) => `from ${names(from)} ${addrs ? `to ${addrs}` : 'to nothing (it did not resolve)'}`);
  return `The name resolves differently: ${parts.join('; ')}. Split-horizon DNS, different resolvers or hosts files: compare /etc/resolv.conf and /etc/hosts there, and ask the DNS owner which answer is meant for whom.`;
}

/** An address that is open from one source and fails from another: the destination is the same, so the source matters. */
function sourceMatters(judged: readonly VantageEvidence[]): string | undefined {
  const byAddress = new Map<string, { ok: VantageEvidence[]; bad: Array<{ v: VantageEvidence; r: AddressResult }> }>();
  for (const v of judged) {
    for (const r of v.results) {
      const e = byAddress.get(r.address) ?? { ok: [], bad: [] };
      if (r.verdict === 'open') e.ok.push(v);
      else if (r.verdict === 'filtered' || r.verdict === 'refused' || r.verdict === 'reset' || r.verdict === 'unreachable') e.bad.push({ v, r });
      byAddress.set(r.address, e);
    }
  }
  const hit = [...byAddress].find(([, e]) => e.ok.length && e.bad.length);
  if (!hit) return undefined;
  const [address, { ok, bad }] = hit;
  const who = (v: VantageEvidence) => (v.source ? `${v.from} (${v.source})` : v.from);
  const how = [...new Set(bad.map((b) => b.r.verdict))].join(' or ');
  const subnet = sharedSubnet(bad.map((b) => b.v.source), ok.map((v) => v.source));
  const sub = subnet ? ` The failing ones all come from ${subnet}, and none of the working ones does.` : '';
  return `The same address answers by source: ${address} is open from ${names(ok.map(who))} but ${how} from ${names(bad.map((b) => who(b.v)))}.${sub} The destination is the same, so something filters by source address or by the path from there: a firewall rule, security group or ACL in front of ${address}, or the route back to those sources.`;
}

function v4(a: string | undefined): number | undefined {
  const m = a ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a) : null;
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  return o.every((x) => x <= 255) ? ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0 : undefined;
}

/**
 * The longest IPv4 prefix (at least /8, at most /30) that holds every failing source and no working
 * one, as CIDR; undefined with fewer than two failing sources or when a working source is inside.
 */
export function sharedSubnet(failing: readonly (string | undefined)[], working: readonly (string | undefined)[]): string | undefined {
  const bad = failing.map(v4);
  if (bad.length < 2 || bad.some((b) => b === undefined)) return undefined;
  const nums = bad as number[];
  let len = 0;
  while (len < 30 && nums.every((n) => n >>> (31 - len) === nums[0] >>> (31 - len))) len++;
  if (len < 8) return undefined;
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  const net = (nums[0] & mask) >>> 0;
  if (working.map(v4).some((w) => w !== undefined && ((w & mask) >>> 0) === net)) return undefined;
  return `${[net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.')}/${len}`;
}

/** What a vantage point's row holds, wherever the rows are drawn (the terminal table, the report). */
export interface VantageRowOf {
  findings: readonly FindingId[];
  details?: readonly Finding[];
}

/** A vantage point's main finding: the first its check found (the table's FINDING column, the report's too). */
export function mainFinding(r: VantageRowOf): Finding | undefined {
  const id = r.findings[0];
  if (id === undefined) return undefined;
  return r.details?.find((d) => d.id === id) ?? { id, text: '' };
}

/** How many vantage points said each verdict, in first-seen order (`no verdict` for those without one). */
export function verdictCounts(verdicts: ReadonlyArray<{ verdict: Verdict | null }>): Array<[Verdict | 'no verdict', number]> {
  const counts = new Map<Verdict | 'no verdict', number>();
  for (const v of verdicts) counts.set(v.verdict ?? 'no verdict', (counts.get(v.verdict ?? 'no verdict') ?? 0) + 1);
  return [...counts];
}
