/**
 * The chat in a terminal: starts the chat actor, renders ChatApp with Ink, turns bracketed paste
 * on, and on every way out (Ctrl-C on the empty box, Ctrl-D, /quit, SIGTERM) stops the actor and
 * gives the terminal back as it was: raw mode off, cursor shown, bracketed paste off.
 * Loaded only by a dynamic import, so pipes and --json never load Ink.
 */
import { render } from 'ink';
import { createActor, type AnyActorLogic } from 'xstate';
import { chatMachine } from '../../chat/machine.js';
import type { Thread } from '../../chat/types.js';
import { lazyChatActors, warmUpLater } from '../../chat/lazy-actors.js';
import { onCleanup } from '../../lifecycle.js';
import { enableBracketedPaste } from './bracketed-paste.js';
import { ChatApp, type ChatActor } from './ChatApp.js';
import type { FirstFrame } from './first-frame.js';

export interface RunChatOptions {
  signal?: AbortSignal;
  /** The chat's actors (lazyChatActors(): the real ones, each loaded when first used, unless given). */
  actors?: Record<string, AnyActorLogic>;
  thread?: Thread;
  /** False: every check is an offer (`chat --no-auto-check`). */
  autoCheck?: boolean;
  /** The first screen drawn before Ink loaded (first-frame.ts): erased as Ink draws the real one. */
  firstFrame?: FirstFrame;
}

/** Runs the chat until the user leaves; returns the exit code (130 for Ctrl-C on the empty box). */
export async function runChat(opts: RunChatOptions = {}): Promise<number> {
  const actor = createActor(chatMachine.provide({ actors: (opts.actors ?? lazyChatActors()) as never }), { input: { thread: opts.thread, autoCheck: opts.autoCheck } }).start();
  let code = 0;
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((r) => (finish = r));
  const pasteOff = enableBracketedPaste(process.stdout);
  opts.firstFrame?.erase();
  const instance = render(
    <ChatApp
      actor={actor as unknown as ChatActor}
      keys={process.stdin.isTTY === true}
      onExit={(c) => {
        code = c;
        finish();
      }}
    />,
    { exitOnCtrlC: false },
  );
  // Once the first prompt is on screen, pay the one-time costs (lesson index, readers) so the first
  // reply does not, while the person is still reading the screen.
  setTimeout(() => void warmUpLater().catch(() => undefined), 150).unref();
  // SIGTERM/SIGHUP (or a SIGINT not sent as a key): stop the work and leave the terminal as found.
  const unregister = onCleanup(() => {
    actor.stop();
    instance.unmount();
    pasteOff();
  });
  const onAbort = () => {
    code = 130;
    finish();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([ended, instance.waitUntilExit()]);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    actor.stop();
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    pasteOff();
    unregister();
    // A drill the chat started ends with the chat, however it ends (Ctrl-D, /quit, Ctrl-C).
    await (await import('../../chat/drill-actors.js')).stopChatDrills();
  }
  return code;
}
