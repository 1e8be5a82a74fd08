/**
 * Pure rules the machine's guards use: given the evidence so far, which verdict does it point to?
 * The verdict names the first stage that went wrong (DESIGN.md), so the same rule answers after
 * each step: after connect it can say refused/filtered/unreachable, after observe reset/closed.
 */
import type { StepEvidence, StepId, Verdict } from '../evidence.js';
import { diagnose } from '../diagnosis/index.js';
import type { FollowUp, GuideContext } from './types.js';
import { allAttempts } from './evidence-helpers.js';

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

/** The connect check's `result` values (src/checks/connect.ts) and the verdict each means. */
const CONNECT_RESULTS: Record<string, Verdict> = {
  refused: 'refused',
  unreachable: 'unreachable',
  'no-route': 'unreachable',
  timeout: 'filtered',
  // Our own firewall dropped the SYN before it left (EPERM): nothing came back, as with a drop.
  'local-firewall': 'filtered',
  reset: 'reset',
};

/** The observe and TLS checks' `result` values that name a verdict (src/checks/observe.ts, tls.ts). */
const OBSERVE_RESULTS: Record<string, Verdict> = { fin: 'closed', reset: 'reset' };
const TLS_RESULTS: Record<string, Verdict> = { reset: 'reset', closed: 'closed', alert: 'tls-error', untrusted: 'tls-error', timeout: 'tls-error', error: 'tls-error' };

/** Reads the verdict a failed step points to, preferring an explicit `verdict` in its evidence. */
function verdictOfStep(step: StepEvidence): Verdict | undefined {
  if (step.outcome !== 'fail') return undefined;
  const raw = (step.evidence ?? {}) as Record<string, unknown>;
  for (const key of ['verdict', 'result', 'kind', 'status']) {
    const v = raw[key];
    if (typeof v === 'string' && isVerdict(v)) return v;
  }
  const byStep = { connect: CONNECT_RESULTS, observe: OBSERVE_RESULTS, tls: TLS_RESULTS }[step.id as 'connect'];
  if (byStep && typeof raw.result === 'string' && byStep[raw.result]) return byStep[raw.result];
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

/** Steps in the order the main path runs them (what diagnose() expects), each address's connect in turn. */
export function orderedSteps(steps: Steps, order: readonly StepId[] = []): StepEvidence[] {
  const ids = [...new Set<StepId>([...order, 'dns', 'connect', 'ping', 'observe', 'tls'])];
  return ids.map((id) => steps[id]).filter((s): s is StepEvidence => s !== undefined).flatMap((s) => (s.id === 'connect' ? allAttempts(s) : [s]));
}

/**
 * The verdict the evidence points to so far, or undefined while nothing has gone wrong.
 * Ping never decides a verdict: a host that ignores ping can still accept connections.
 * Once a stage has failed, the foundation's pure rules (src/diagnosis) name the verdict.
 */
export function verdictSoFar(steps: Steps): Verdict | undefined {
  const failed = STAGES.find((id) => steps[id]?.outcome === 'fail');
  if (!failed) return undefined;
  const v = diagnose(orderedSteps(steps)).verdict;
  // diagnose() reads structured evidence; evidence without it (a stand-in, an overdue step) falls
  // back to what the failed step's own words say.
  if (v !== 'open') return v;
  const s = steps[failed]!;
  return verdictOfStep(s) ?? STAGE_DEFAULT[failed];
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
function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * The follow-ups still open in this session: those the verdict calls for that have not run yet
 * (TLS from the main path counts), and no local socket table for a remote host.
 */
export function followUpsFor(ctx: Pick<GuideContext, 'verdict' | 'steps' | 'target'>): FollowUp[] {
  if (!ctx.verdict) return [];
  return FOLLOW_UPS[ctx.verdict].filter((f) => {
    if (ctx.steps[f]) return false;
    if (f === 'sockets') return ctx.target ? isLocalHost(ctx.target.host) : false;
    return true;
  });
}
