/**
 * The one container that binds the chat actor: it reads the machine's context with useSelector,
 * sends the user's messages as events, and hands everything else to pure views as props.
 */
import { useSelector } from '@xstate/react';
import { useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { ActorRef, AnyActorRef, Snapshot } from 'xstate';
import { runningGuide } from '../../chat/machine.js';
import type { GuideActor } from '../GuideScreen.js';
import type { ChatContext, ChatEvent, Suggestion, Thread } from '../../chat/types.js';
import { chatKeyHints, idleHint } from './chat-keys.js';
import { CHAT_PLACEHOLDER, ChatView } from './ChatView.js';
import { LiveCheck } from './LiveCheck.js';
import { useChatInput } from './useChatInput.js';

export type ChatActor = ActorRef<Snapshot<unknown> & { context: ChatContext }, ChatEvent>;

export interface ChatAppProps {
  actor: ChatActor;
  /** The chat is over: 0 for /quit or Ctrl-D, 130 for Ctrl-C on the empty box. */
  onExit: (code: number) => void;
  /** Raw mode works on this stdin (false: nothing is read, the app only draws). */
  keys?: boolean;
  /** Spinners and clocks off (tests). */
  still?: boolean;
}

/**
 * A message that is just a chip's number ("2") picks that chip, unless the chat is waiting for a
 * number itself (a quiz answer, a port for a host named without one).
 */
export function resolveChip(text: string, suggestions: readonly Suggestion[], thread: Thread): string {
  const n = /^\s*(\d{1,2})\s*$/.exec(text)?.[1];
  if (n === undefined || thread.hostWithoutPort || (thread.quiz && !thread.quiz.answered)) return text;
  return suggestions[Number(n) - 1]?.message ?? text;
}

/** The terminal's width, following resizes (the box is drawn to fit it). */
function useColumns(stdout: NodeJS.WriteStream): number {
  const [columns, setColumns] = useState(stdout.columns || 80);
  useEffect(() => {
    const onResize = () => setColumns(stdout.columns || 80);
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return columns;
}

export function ChatApp({ actor, onExit, keys = true, still = false }: ChatAppProps) {
  const transcript = useSelector(actor, (s) => s.context.transcript);
  const running = useSelector(actor, (s) => s.context.running);
  // A check's guide runs as the chat machine's child: its cards come from it, not from a copy.
  const guide = useSelector(actor, (s) => runningGuide(s as unknown as { children: Record<string, AnyActorRef | undefined> })) as GuideActor | undefined;
  const suggestions = useSelector(actor, (s) => s.context.suggestions);
  const { stdout, write } = useStdout();
  const columns = useColumns(stdout);
  const [closed, setClosed] = useState<string | undefined>(undefined);
  const [epoch, setEpoch] = useState(0);
  const shown = useRef(transcript.length);
  const ended = useRef(false);

  // The closing note replaces the box; after /quit the transcript's own reply already said goodbye.
  const exit = (code: number, note = code === 130 ? 'Interrupted.' : 'Bye.') => {
    if (ended.current) return;
    ended.current = true;
    if (actor.getSnapshot().context.running) actor.send({ type: 'user.cancel' });
    setClosed(note);
    // Let Ink draw the last frame (the box gone, the note in its place) before unmounting.
    setTimeout(() => onExit(code), 20);
  };

  useEffect(() => {
    // /clear empties the transcript: wipe the screen and scrollback, let <Static> start over.
    // Ink's write() erases its live frame first and draws it again after, so the box stays.
    if (transcript.length < shown.current) {
      write('\x1b[2J\x1b[3J\x1b[H');
      setEpoch((e) => e + 1);
    }
    shown.current = transcript.length;
    const last = transcript.at(-1);
    if (last?.role === 'bot' && last.reply.kind === 'quit') exit(0, '');
  }, [transcript]);

  const input = useChatInput(
    {
      submit: (text) => {
        const { context } = actor.getSnapshot();
        // Enter on the empty box: the machine decides, as it does for the pipe's empty line (one rule).
        if (!text) return actor.send({ type: 'user.accept' });
        actor.send({ type: 'user.message', text: resolveChip(text, context.suggestions, context.thread) });
      },
      stop: () => {
        if (!actor.getSnapshot().context.running) return false;
        actor.send({ type: 'user.cancel' });
        return true;
      },
      quit: (code) => exit(code),
    },
    keys && closed === undefined,
  );

  const hint = running
    ? chatKeyHints(['chat.stop', 'input.submit', 'chat.interrupt'], { 'chat.interrupt': 'stop', 'input.submit': 'send (the next question waits its turn)' })
    : input.completions.length
      ? chatKeyHints(['input.complete', 'history.older', 'input.submit', 'chat.stop'], { 'history.older': 'choose', 'chat.stop': 'close' })
      : idleHint(suggestions.length > 0);

  return (
    <ChatView
      items={transcript}
      epoch={epoch}
      live={running ? <LiveCheck running={running} guide={guide} still={still} /> : undefined}
      suggestions={suggestions}
      closed={closed}
      input={{
        buffer: input.buffer,
        placeholder: CHAT_PLACEHOLDER,
        hint,
        completions: input.completions,
        selectedCompletion: input.selected,
        width: Math.min(columns, 120),
        note: input.note,
      }}
    />
  );
}
