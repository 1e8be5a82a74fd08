/**
 * The chat's actors for drills and the server side: the drill API (src/drill, the same detached
 * holder `tcpsleuth drill start` uses), the server checklist's gather + rules, and the two-sided
 * check. Every drill the chat starts is remembered here until it ends, so leaving the chat
 * (`/quit`, the end of the pipe's input, Ctrl-C) never leaves a fault behind.
 */
import { HINT_COST } from '../drill/catalogue.js';
import { fromPromise } from 'xstate';
import { answerDrill, DrillError, drillStatus, startDrill, stopDrill, takeHint } from '../drill/index.js';
import { onCleanup } from '../lifecycle.js';
import { formatHostPort } from '../target.js';
import { selfCommandLine } from '../self-command.js';
import type { JobInput } from './machine.js';
import type { DrillReply, DrillResultReply, Reply, ServerReply } from './types.js';

/** Drills this process started from the chat and not yet ended, with their Ctrl-C cleanup. */
const chatDrills = new Map<string, () => void>();

function remember(id: string): void {
  chatDrills.set(id, onCleanup(() => stopDrill({ id }).then(() => undefined, () => undefined)));
}

function forget(id: string): void {
  chatDrills.get(id)?.();
  chatDrills.delete(id);
}

/** Ids of the drills the chat started that are still up. */
export function openChatDrills(): string[] {
  return [...chatDrills.keys()];
}

/** Ends every drill the chat started (the fault is torn down); the pipe calls it at the end of input, a UI on exit. */
export async function stopChatDrills(): Promise<string[]> {
  const ids = openChatDrills();
  for (const id of ids) {
    await stopDrill({ id }).catch(() => undefined);
    forget(id);
  }
  return ids;
}

const asError = (err: unknown): Reply | undefined => (err instanceof DrillError ? { kind: 'error', text: err.message } : undefined);

export async function runDrill(input: JobInput<'drill'>, signal: AbortSignal): Promise<Reply> {
  try {
    switch (input.action) {
      case 'start': {
        const d = await startDrill({ level: input.level, signal });
        remember(d.id);
        const where = d.investigate[0] === 'ip' ? ` It is only reachable from the drill's client side: the chat checks it from there when you say "check it" (or run: ${d.investigate.join(' ')}).` : ' Investigate here ("check it", "scan it", "why?") or in another terminal.';
        return { kind: 'drill', action: 'start', ...d, text: `Drill ${d.id} (level ${d.level}).${where} Then answer: the verdict, the cause (a number or in words) and who to ask, e.g. "it's filtered, a firewall on the server drops the SYN, ask the network team". "hint" costs ${HINT_COST} points; "stop the drill" ends it.` };
      }
      case 'status': {
        const [d] = drillStatus({ id: input.id });
        return { kind: 'drill', action: 'status', ...d, text: `Drill ${d.id}, level ${d.level}, ${Math.round(d.elapsedMs / 1000)} s in, ${d.hintsTaken} hint(s) taken${d.up ? '' : ' (the fault is gone: it ended by itself)'}.` };
      }
      case 'hint': {
        const h = takeHint(input.id!);
        const text = h.hint ? `Hint ${h.hintsTaken} (−${HINT_COST} points): ${h.hint}${h.left ? ` (${h.left} more left)` : ' (that was the last one)'}` : 'No hints left: the answer is yours.';
        return { kind: 'drill', action: 'hint', id: input.id, ...h, text };
      }
      case 'stop': {
        const stopped = await stopDrill({ id: input.id });
        for (const id of stopped) forget(id);
        return { kind: 'drill', action: 'stop', id: input.id, stopped, text: `Stopped drill ${stopped.join(', ')}: the fault is gone. Say "give me a drill" for another.` };
      }
    }
  } catch (err) {
    const reply = asError(err);
    if (reply) return reply;
    throw err;
  }
}

export async function gradeDrillAnswer(input: JobInput<'drill-answer'>, signal: AbortSignal): Promise<Reply> {
  const { verdict, cause, ask } = input.answer;
  let r;
  try {
    r = await answerDrill(input.id, { verdict: verdict!, ...(cause ? { cause } : {}), ...(ask ? { ask } : {}) }, { signal });
  } catch (err) {
    const reply = asError(err);
    if (reply) return reply;
    throw err;
  }
  forget(input.id);
  const mark = (ok: boolean) => (ok ? 'right' : 'wrong');
  const text = `${r.allCorrect ? 'All right' : 'Not all right'}: ${r.score}/${r.maxScore}. Verdict ${mark(r.verdict.correct)}, cause ${mark(r.cause.correct)}, who to ask ${mark(r.ask.correct)}. The fault was: ${r.fault.title}. The drill is over (the fault is gone).`;
  const reply: DrillResultReply = { kind: 'drill-result', ...r, text };
  return reply;
}

/** A namespace drill's target, checked by the real CLI inside the lab's client namespace (no live steps). */
export async function checkDrillTarget(input: JobInput<'drill-check'>, signal: AbortSignal): Promise<Reply> {
  const { runCheckProcess } = await import('../lab/run-check.js');
  const t = input.drill.target;
  const report = await runCheckProcess({ host: t.host, port: t.port, tls: Boolean(t.tls), namespace: input.drill.namespace, signal, timeoutMs: 30_000 });
  return { kind: 'check', ...report, text: `Checked from the drill's client namespace (${input.drill.investigate.join(' ')}); the chat cannot show live steps from there.` };
}

export async function serverChecklist(input: JobInput<'server'>, signal: AbortSignal): Promise<Reply> {
  const { gatherLocal } = await import('../server/gather.js');
  const { serverReport } = await import('../server/report.js');
  const report = serverReport(await gatherLocal(input.port, { signal }));
  const l = report.facts.listeners;
  const where = l.length ? `Port ${input.port} listens on ${l.map((x) => formatHostPort(x.address, x.port) + (x.process ? ` (${x.process})` : '')).join(', ')}.` : `Nothing listens on port ${input.port} on this host.`;
  const findings = report.findings.length ? ` Findings: ${report.findings.map((f) => f.id).join(', ')}.` : ' Nothing wrong that this host can see.';
  const reply: ServerReply = { kind: 'server', ...report, text: `${where}${findings}` };
  return reply;
}

export async function twoSidedCheck(input: JobInput<'two-sided'>, signal: AbortSignal): Promise<Reply> {
  const { parseSshDestination } = await import('../remote/ssh.js');
  const { runTwoSidedCheck } = await import('../server/two-sided.js');
  const { UsageError } = await import('../errors.js');
  let server;
  try {
    server = parseSshDestination(input.destination.includes('://') ? input.destination : `ssh://${input.destination}`);
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'error', text: err.message, fix: 'Type it as ssh://user@host or user@host (ssh://user@host:2222 for another port).' };
    throw err;
  }
  const report = await runTwoSidedCheck(input.target, server, { signal });
  const command = selfCommandLine(['check', formatHostPort(input.target.host, input.target.port), '--server', input.destination.includes('://') ? input.destination : `ssh://${input.destination}`]);
  return { kind: 'check', ...report, text: `Both sides: ${command}` };
}

/** `/quit` with a drill up: the drill ends first, so no fault outlives the chat. */
export async function quitChat(input: JobInput<'quit'>): Promise<Reply> {
  await stopDrill({ id: input.drillId }).catch(() => undefined);
  forget(input.drillId);
  return { kind: 'quit', text: `Stopped drill ${input.drillId} (the fault is gone). Bye.` };
}

/** The drill and server actors, for realChatActors(). */
export function drillAndServerActors() {
  return {
    drill: fromPromise<Reply, JobInput<'drill'>>(({ input, signal }) => runDrill(input, signal)),
    'drill-answer': fromPromise<Reply, JobInput<'drill-answer'>>(({ input, signal }) => gradeDrillAnswer(input, signal)),
    'drill-check': fromPromise<Reply, JobInput<'drill-check'>>(({ input, signal }) => checkDrillTarget(input, signal)),
    server: fromPromise<Reply, JobInput<'server'>>(({ input, signal }) => serverChecklist(input, signal)),
    'two-sided': fromPromise<Reply, JobInput<'two-sided'>>(({ input, signal }) => twoSidedCheck(input, signal)),
    quit: fromPromise<Reply, JobInput<'quit'>>(({ input }) => quitChat(input)),
  };
}

export type { DrillReply };
