/**
 * What the chat does for a drill request, an answer in words, and "check from the server side
 * too". Pure, like plan.ts (which calls these); the machine runs the jobs.
 */
import { formatHostPort } from '../target.js';
import type { DrillLevel } from '../drill/catalogue.js';
import { causeChoices, ASKERS } from '../drill/catalogue.js';
import type { Job } from './plan.js';
import type { Reply, Route, Thread } from './types.js';

const say = (reply: Reply): Job => ({ run: 'reply', reply });

const NO_DRILL: Job = say({ kind: 'prompt', need: 'target', text: 'No drill is running. Say "give me a drill" (or /drill 1, 2 or 3) to start one.' });

function levelFor(route: Extract<Route, { kind: 'drill' }>, thread: Thread): DrillLevel | undefined {
  if (route.level) return route.level;
  const last = thread.drillLevel;
  if (route.harder) return Math.min(3, (last ?? 1) + 1) as DrillLevel;
  if (route.easier) return Math.max(1, (last ?? 2) - 1) as DrillLevel;
  return undefined;
}

/** The parts an answer still lacks, in words. */
function missingParts(answer: { verdict?: string; cause?: string; ask?: string }): string[] {
  const out: string[] = [];
  if (!answer.verdict) out.push('the verdict (refused, filtered, reset, unreachable…)');
  if (!answer.cause) out.push(`the cause (a number 1-${causeChoices().length} from the list, or in words)`);
  if (!answer.ask) out.push(`who to ask (${Object.keys(ASKERS).map((a) => a.split('-')[0]).join(', ')})`);
  return out;
}

/** A drill route → its job. An answer without a verdict, or in words missing a part, is asked for again (nothing is graded by mistake). */
export function drillJob(route: Extract<Route, { kind: 'drill' | 'drill-answer' }>, thread: Thread): Job {
  const drill = thread.drill;
  if (route.kind === 'drill-answer') {
    if (!drill) return NO_DRILL;
    const missing = missingParts(route.answer);
    const explicit = /^\s*(?:\/drill\s+)?answer\b/i.test(route.text);
    if (!route.answer.verdict || (missing.length && !explicit)) {
      return say({
        kind: 'prompt',
        need: 'target',
        text: `I need ${missing.join(', and ')} before I grade it. Say it all in one message, e.g. "it's filtered, a firewall on the server drops the SYN, ask the network team", or "answer filtered 8 network".`,
      });
    }
    return { run: 'drill-answer', id: drill.id, answer: route.answer };
  }
  switch (route.action) {
    case 'start':
      if (drill) return say({ kind: 'error', text: `Drill ${drill.id} is still up (${drill.investigate.join(' ')}).`, fix: 'Answer it, or say "stop the drill" first.' });
      return { run: 'drill', action: 'start', level: levelFor(route, thread) };
    case 'check':
      if (!drill) return NO_DRILL;
      return drill.namespace ? { run: 'drill-check', drill } : { run: 'check', target: drill.target, options: {} };
    case 'hint':
    case 'status':
    case 'stop':
      return drill ? { run: 'drill', action: route.action, id: drill.id } : NO_DRILL;
  }
}

/** "check from the server side too" (with or without the ssh address) → the two-sided check, or the question for the address. */
export function serverSideJob(route: Extract<Route, { kind: 'server-side' }>, thread: Thread, next: Thread): { job: Job; thread: Thread } {
  const target = thread.serverSideFor ?? thread.target;
  if (!target) return { job: say({ kind: 'prompt', need: 'target', text: 'Check which target from both sides? Check it first (e.g. db.internal:5432), then say "check from the server side too".' }), thread: next };
  if (route.destination) return { job: { run: 'two-sided', target, destination: route.destination }, thread: next };
  return {
    job: say({
      kind: 'prompt',
      need: 'ssh',
      text: `Which server do I reach over ssh to see ${formatHostPort(target.host, target.port)} from its side? Type ssh://user@host (or user@host). It runs the system's ssh (BatchMode, your ~/.ssh/config) and tcpdump there for the capture part.`,
    }),
    thread: { ...next, serverSideFor: target },
  };
}

/** The tool each follow-up runs, as the learner would type it inside the drill's namespace. */
const TOOL_ARGS: Partial<Record<string, (host: string, port: number) => string[]>> = {
  scan: (h) => ['scan', h],
  capture: (h, p) => ['check', formatHostPort(h, p), '--capture'],
  // No traceroute command of our own: the system's, from inside.
  traceroute: (h, p) => ['__system', 'traceroute', '-T', '-p', String(p), h],
  tls: (h, p) => ['check', formatHostPort(h, p), '--tls'],
};

/**
 * A follow-up ("scan it", "capture it") while a namespace drill is up and nothing else is the
 * target: its target is only reachable from the drill's client namespace, which the chat only
 * enters for "check it". Says so, with the command to run there.
 */
export function fromDrillNamespace(action: string, thread: Thread): Job | undefined {
  const d = thread.drill;
  if (!d?.namespace) return undefined;
  if (action === 'again') return { run: 'drill-check', drill: d };
  const args = TOOL_ARGS[action];
  if (!args) return undefined;
  const argv = args(d.target.host, d.target.port);
  const command = ['ip', 'netns', 'exec', d.namespace, ...(argv[0] === '__system' ? argv.slice(1) : ['tcpsleuth', ...argv])].join(' ');
  return say({ kind: 'prompt', need: 'target', text: `The drill's target is only reachable from its client namespace; the chat checks it from there ("check it"), but runs the rest here. In a terminal, run: ${command}` });
}
