/**
 * Pure rules the machine's guards use: given the evidence so far, which verdict does it point to?
 * The verdict names the first stage that went wrong (DESIGN.md), so the same rule answers after
 * each step: after connect it can say refused/filtered/unreachable, after observe reset/closed.
 */
import type { StepEvidence, StepId, Verdict } from '../evidence.js';
import type { FollowUp, GuideContext } from './types.js';

type Steps = Partial<Record<StepId, StepEvidence>>;

/** Words that name a verdict in a step's raw evidence, its reason or its summary. */
const SIGNS: Array<[Verdict, RegExp]> = [
  ['dns-error', /ENOTFOUND|EAI_AGAIN|NXDOMAIN|dns-error|no such name|resolver/i],
  ['unreachable', /EHOSTUNREACH|ENETUNREACH|unreachable|no route|prohibited/i],
  ['refused', /ECONNREFUSED|refused/i],
  ['filtered', /ETIMEDOUT|filtered|timed? ?out|no answer/i],
  ['reset', /ECONNRESET|\breset\b|RST/i],
  ['closed', /\bclosed\b|FIN/i],
  ['tls-error', /tls-error|alert|certificate|handshake fail/i],
];

/** Reads the verdict a failed step points to, preferring an explicit `verdict` in its evidence. */
export function verdictOfStep(step: StepEvidence): Verdict | undefined {
  if (step.outcome !== 'fail') return undefined;
  const raw = (step.evidence ?? {}) as Record<string, unknown>;
  for (const key of ['verdict', 'result', 'kind', 'status']) {
    const v = raw[key];
    if (typeof v === 'string' && isVerdict(v)) return v;
  }
  const text = [raw.code, raw.errno, raw.error, step.reason, step.summary].filter((x) => typeof x === 'string').join(' ');
  for (const [verdict, re] of SIGNS) if (re.test(text)) return verdict;
  return undefined;
}

function isVerdict(v: string): v is Verdict {
  return ['dns-error', 'unreachable', 'refused', 'filtered', 'reset', 'closed', 'tls-error', 'open'].includes(v);
}

/** What each stage can conclude when it fails, so a vague failure still lands in the right branch. */
const STAGE_DEFAULT: Partial<Record<StepId, Verdict>> = {
  dns: 'dns-error',
  connect: 'filtered',
  observe: 'reset',
  tls: 'tls-error',
};

const STAGES: StepId[] = ['dns', 'connect', 'observe', 'tls'];

/**
 * The verdict the evidence points to so far, or undefined while nothing has gone wrong.
 * Ping never decides a verdict: a host that ignores ping can still accept connections.
 */
export function verdictSoFar(steps: Steps): Verdict | undefined {
  for (const id of STAGES) {
    const s = steps[id];
    if (!s || s.outcome !== 'fail') continue;
    const v = verdictOfStep(s) ?? STAGE_DEFAULT[id];
    if (id === 'dns' && v !== 'dns-error') return 'dns-error';
    return v;
  }
  return undefined;
}

/** The checks a verdict's branch offers next, in the order the guide suggests them. */
export const FOLLOW_UPS: Record<Verdict, FollowUp[]> = {
  'dns-error': [],
  unreachable: ['traceroute'],
  refused: ['sockets', 'scan'],
  filtered: ['scan', 'traceroute', 'capture'],
  reset: ['capture', 'tls'],
  closed: ['capture', 'tls'],
  'tls-error': ['capture'],
  open: ['tls', 'capture'],
};

/** True for 127.0.0.0/8, ::1 and `localhost`: the kernel socket table here is the server's. */
export function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Follow-ups that make sense for this session (no TLS twice, no local socket table for a remote host). */
export function followUpsFor(ctx: Pick<GuideContext, 'verdict' | 'steps' | 'target'>): FollowUp[] {
  if (!ctx.verdict) return [];
  return FOLLOW_UPS[ctx.verdict].filter((f) => {
    if (f === 'tls') return !ctx.steps.tls;
    if (f === 'sockets') return ctx.target ? isLocalHost(ctx.target.host) : false;
    return true;
  });
}

/** Ports worth scanning next to `port`: its neighbours and the common service ports. */
export function portsToScan(port: number): number[] {
  const common = [22, 25, 53, 80, 110, 143, 443, 465, 587, 993, 1433, 3306, 5432, 6379, 8080, 8443, 27017];
  const near = [port - 1, port + 1].filter((p) => p > 0 && p < 65536);
  return [...new Set([port, ...near, ...common])].sort((a, b) => a - b);
}
