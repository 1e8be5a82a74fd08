/**
 * The DNS step: every A/AAAA address for the host through the system resolver (so the hosts file
 * and nsswitch work, as for any other program), with the time it took. IP literals skip it.
 */
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import type { CheckContext, StepEvidence } from '../evidence.js';

export interface DnsInput {
  host: string;
  isIpLiteral: boolean;
  /** Stop waiting for the resolver after this long (it may retry for ~10 s otherwise). */
  timeoutMs?: number;
}

export type DnsFailure = 'nxdomain' | 'no-address' | 'resolver-unreachable' | 'timeout' | 'other';

export interface DnsEvidence {
  host: string;
  addresses: { address: string; family: 4 | 6 }[];
  /** The resolver's error code, e.g. ENOTFOUND, EAI_AGAIN. */
  code?: string;
  failure?: DnsFailure;
  /** On failure: the nameservers the system asked (from /etc/resolv.conf), the first question the DNS owner will ask. */
  resolvers?: string[];
}

export type DnsStep = StepEvidence<'dns', DnsEvidence>;

/** Maps getaddrinfo/c-ares codes to what they mean for a person. */
function classifyDnsError(code: string | undefined): DnsFailure {
  switch (code) {
    case 'ENOTFOUND':
      return 'nxdomain';
    case 'ENODATA':
    case 'EAI_NODATA':
    case 'EAI_ADDRFAMILY':
      return 'no-address';
    case 'EAI_AGAIN':
    case 'ECONNREFUSED':
    case 'ESERVFAIL':
    case 'ETIMEOUT':
      return 'resolver-unreachable';
    default:
      return 'other';
  }
}

export const FAILURE_TEXT: Record<DnsFailure, string> = {
  nxdomain: 'no such name (NXDOMAIN): the resolver answered that it does not exist',
  'no-address': 'the name exists but has no A/AAAA address',
  'resolver-unreachable': 'the resolver did not answer (EAI_AGAIN): DNS itself is unreachable or failing',
  timeout: 'the resolver did not answer in time',
  other: 'the lookup failed',
};

/** Resolves `input.host` to all its addresses, in the order the system would try them. */
export async function dns(input: DnsInput, ctx: CheckContext = {}): Promise<DnsStep> {
  const started = performance.now();
  const base = { id: 'dns' as const, command: `getent ahosts ${input.host}` };
  if (input.isIpLiteral) {
    const family = input.host.includes(':') ? 6 : 4;
    return {
      ...base,
      outcome: 'skipped',
      durationMs: 0,
      summary: `${input.host} is an address: no DNS needed`,
      reason: 'IP literal',
      evidence: { host: input.host, addresses: [{ address: input.host, family }] },
    };
  }
  ctx.onProgress?.({ step: 'dns', message: `looking up ${input.host}` });
  const timeoutMs = input.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const found = await Promise.race([
      lookup(input.host, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'TSL_TIMEOUT' })), timeoutMs);
        onAbort = () => reject(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
        if (ctx.signal?.aborted) onAbort();
        ctx.signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    const durationMs = performance.now() - started;
    const addresses = dedupe(found.map((a) => ({ address: a.address, family: a.family === 6 ? (6 as const) : (4 as const) })));
    return {
      ...base,
      outcome: 'pass',
      durationMs,
      summary: `${input.host} → ${addresses.map((a) => a.address).join(', ')} in ${durationMs.toFixed(1)} ms`,
      evidence: { host: input.host, addresses },
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ABORT_ERR') throw err;
    const failure = code === 'TSL_TIMEOUT' ? 'timeout' : classifyDnsError(code);
    const durationMs = performance.now() - started;
    const resolvers = await systemResolvers();
    return {
      ...base,
      outcome: 'fail',
      durationMs,
      summary: `${input.host}: ${FAILURE_TEXT[failure]}`,
      reason: code ? `${code}: ${FAILURE_TEXT[failure]}` : FAILURE_TEXT[failure],
      evidence: { host: input.host, addresses: [], code: code === 'TSL_TIMEOUT' ? 'ETIMEOUT' : code, failure, resolvers },
    };
  } finally {
    clearTimeout(timer);
    if (onAbort) ctx.signal?.removeEventListener('abort', onAbort);
  }
}

/** The nameservers in /etc/resolv.conf (empty when there is none, e.g. on Windows). */
export async function systemResolvers(file = '/etc/resolv.conf'): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1]);
}

function dedupe<T extends { address: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.address) ? false : (seen.add(a.address), true)));
}
