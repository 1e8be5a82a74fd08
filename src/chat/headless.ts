/**
 * The chat without a screen (`tcpsleuth chat` in a pipe): the same machine as the terminal, fed one
 * message per input line, printing exactly one reply per message, in order. A line that is a JSON
 * string literal (`"line1\nline2"`) is decoded first, so programs can send multi-line pastes.
 */
import { createActor, waitFor, type AnyActorLogic } from 'xstate';
import { chatMachine, type ChatMachineContext } from './machine.js';
import type { Reply, Thread } from './types.js';

/** One input line → the message it carries (a JSON string literal is decoded). */
export function decodeLine(line: string): string {
  const t = line.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'string') return v;
    } catch {
      // Not valid JSON: the quotes are part of the message.
    }
  }
  return line.replace(/\r$/, '');
}

type ChatActor = ReturnType<typeof createActor<typeof chatMachine>>;

/**
 * Before leaving the chat any other way than `/quit` (the pipe's input ended, Ctrl-D or Ctrl-C in
 * the terminal): if a drill the chat started is up, sends `/quit` so the machine stops it (the
 * fault is torn down) and resolves with that reply; otherwise resolves undefined at once.
 */
export async function leaveChat(actor: ChatActor | { getSnapshot(): { context: unknown; status: string }; send(e: unknown): void }): Promise<Reply | undefined> {
  const a = actor as ChatActor;
  const ctx = a.getSnapshot().context as ChatMachineContext;
  if (!ctx.thread.drill || a.getSnapshot().status !== 'active') return undefined;
  if (ctx.running) a.send({ type: 'user.cancel' });
  const before = (a.getSnapshot().context as ChatMachineContext).replies;
  a.send({ type: 'user.message', text: '/quit' });
  const snap = await waitFor(a, (s) => (s.context as ChatMachineContext).replies > before, { timeout: 30_000 });
  const last = (snap.context as ChatMachineContext).transcript.at(-1);
  return last?.role === 'bot' ? last.reply : undefined;
}

export interface ChatSessionOptions {
  /** The chat's actors (realChatActors() in the CLI, stand-ins in tests). */
  actors: Record<string, AnyActorLogic>;
  thread?: Thread;
  /** False: every check is an offer (`chat --no-auto-check`). */
  autoCheck?: boolean;
}

/**
 * A chat actor you can ask one message at a time. `ask` resolves with the one reply to the
 * message; `abort` stops what is running (the reply is then `stopped`).
 */
export function chatSession(opts: ChatSessionOptions) {
  const actor = createActor(chatMachine.provide({ actors: opts.actors as never }), { input: { thread: opts.thread, autoCheck: opts.autoCheck } });
  actor.start();
  const replyAfter = async (before: number): Promise<Reply> => {
    const snap = await waitFor(actor, (s) => (s.context as ChatMachineContext).replies > before, { timeout: Infinity });
    const ctx = snap.context as ChatMachineContext;
    const last = [...ctx.transcript].reverse().find((i) => i.role === 'bot');
    // `/clear` empties the transcript, its reply included.
    return last?.role === 'bot' && ctx.transcript.length ? last.reply : { kind: 'clear', text: 'Cleared.' };
  };
  return {
    actor,
    async ask(message: string): Promise<Reply> {
      const before = (actor.getSnapshot().context as ChatMachineContext).replies;
      actor.send(message.trim() === '' ? { type: 'user.accept' } : { type: 'user.message', text: message });
      return replyAfter(before);
    },
    cancel(): void {
      actor.send({ type: 'user.cancel' });
    },
    /**
     * Leaving without `/quit` (the input ended, Ctrl-D): a drill the chat started is stopped the way
     * `/quit` stops it, so no fault is left behind. Resolves with that reply, or undefined.
     */
    leave: () => leaveChat(actor),
    stop(): void {
      actor.stop();
    },
  };
}

export interface HeadlessChatOptions extends ChatSessionOptions {
  /** Lines of input (stdin split by line). */
  lines: AsyncIterable<string>;
  /** Where each reply goes (one string per reply, newline included). */
  write: (chunk: string) => void;
  render: (reply: Reply) => string;
  signal?: AbortSignal;
}

/** Runs a scripted conversation: one reply per line, in order. Returns the exit code (0). */
export async function runChatHeadless(opts: HeadlessChatOptions): Promise<number> {
  const session = chatSession(opts);
  const onAbort = () => session.cancel();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const line of opts.lines) {
      if (opts.signal?.aborted) break;
      const reply = await session.ask(decodeLine(line));
      opts.write(`${opts.render(reply)}\n`);
      if (reply.kind === 'quit') return 0;
    }
    // The input ended with a drill up: end it (one more reply says so, as /quit would).
    const left = await session.leave();
    if (left) opts.write(`${opts.render(left)}\n`);
    return 0;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    session.stop();
  }
}
