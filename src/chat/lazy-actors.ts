/**
 * The chat's actors for the terminal, loaded when first used: the guide (a check's live machine)
 * is there from the start, every other job's module (lessons and their search index, the scan
 * engine, the lab, drills, reports) is imported the first time that job runs. The first prompt
 * then draws without them (bench/chat-start.ts: within 1.5× of `explain`).
 */
import { fromPromise, type AnyActorLogic } from 'xstate';
import { guideMachine } from '../guide/machine.js';
import { realActors } from '../guide/actors.js';
import { chatMachine, PROMISE_JOBS } from './machine.js';

type PromiseCreator = (args: unknown) => Promise<unknown>;

/** `realChatActors()`, with each promise job imported on first use. */
export function lazyChatActors(): Record<string, AnyActorLogic> {
  let real: Promise<Record<string, AnyActorLogic>> | undefined;
  const load = () => (real ??= import('./actors.js').then((m) => m.realChatActors() as Record<string, AnyActorLogic>));
  const actors: Record<string, AnyActorLogic> = { guide: guideMachine.provide({ actors: realActors() as never }) };
  for (const kind of PROMISE_JOBS) {
    actors[kind] = fromPromise(async (args) => {
      // A job with no real actor keeps the machine's own (explain reads the paste; quit says bye).
      const own = (chatMachine.implementations.actors as Record<string, unknown>)[kind];
      const logic = ((await load())[kind] ?? own) as { config?: PromiseCreator } | undefined;
      if (!logic?.config) throw new Error(`${kind} is not available in this build.`);
      return logic.config(args);
    });
  }
  return actors;
}

/** Pays the one-time costs (lessons read, search index built) once the first prompt is on screen. */
export async function warmUpLater(): Promise<void> {
  (await import('./actors.js')).warmUp();
}
