/**
 * The interactive guide on one target (`tcpsleuth check` in a terminal): owns the guide actor's
 * life and the goodbye line; the guide screen owns the conversation. The chat is the front door
 * (`tcpsleuth` alone), so there is no home screen here.
 */
import { Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { createActor, type AnyActorLogic } from 'xstate';
import { EXIT, exitCodeFor, type StepId, type Target } from '../evidence.js';
import { GUIDE_SYSTEM_ID, realActors } from '../guide/actors.js';
import { guideMachine } from '../guide/machine.js';
import type { CheckOptions } from '../guide/types.js';
import { GuideScreen, type GuideActor } from './GuideScreen.js';
import { colour } from './theme.js';

export interface AppResult {
  code: number;
}

export interface AppProps {
  /** The target the guide checks first (`tcpsleuth check TARGET`). */
  target: Target;
  actors?: Partial<Record<StepId, AnyActorLogic>>;
  /** Keys are read (raw mode available). */
  keys?: boolean;
  still?: boolean;
  /** `check --capture`: capture packets as soon as the verdict offers it. */
  capture?: boolean;
  /** Check options from the command line (`--no-ping`, `--timeout`), for the first target only. */
  checkOptions?: CheckOptions;
  onExit: (result: AppResult) => void;
}

/** The exit code a guide session ends with: 0 when the last verdict was open (or none), 1 otherwise. */
function exitCodeOf(actor: GuideActor | undefined): number {
  const v = actor?.getSnapshot().context.verdict;
  return v === undefined ? EXIT.ok : exitCodeFor(v);
}

export function App({ target, actors, keys = true, still = false, capture = false, checkOptions, onExit }: AppProps) {
  const [actor] = useState<GuideActor>(() => {
    const machine = guideMachine.provide({ actors: { ...realActors(), ...actors } as never });
    return createActor(machine, { systemId: GUIDE_SYSTEM_ID, input: { target, options: checkOptions } }).start();
  });
  const [closed, setClosed] = useState<string | undefined>(undefined);
  const exited = useRef(false);

  useEffect(() => () => actor.stop(), [actor]);

  const exit = (result: AppResult) => {
    if (exited.current) return;
    exited.current = true;
    actor.stop();
    // The live part of the screen (choices, key hints) goes; the transcript above it stays.
    setClosed(result.code === EXIT.interrupted ? 'Interrupted.' : 'Bye.');
    setTimeout(() => onExit(result), 20);
  };

  if (closed) return <Text color={colour('muted')}>{closed}</Text>;
  return <GuideScreen actor={actor} keys={keys} still={still} autoCapture={capture} onQuit={(how) => exit({ code: how === 'interrupted' ? EXIT.interrupted : exitCodeOf(actor) })} />;
}
