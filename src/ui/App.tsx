/**
 * The interactive app: home → (troubleshoot | paste an error | lab fault) → the guide. Owns the
 * screen switch and the guide actor's life; the guide screen owns the conversation.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { createActor, type AnyActorLogic } from 'xstate';
import { EXIT, exitCodeFor, type StepId, type Target } from '../evidence.js';
import type { Explanation } from '../explain/index.js';
import { GUIDE_SYSTEM_ID, realActors } from '../guide/actors.js';
import { intakeFromExplanation } from '../guide/intake.js';
import { guideMachine } from '../guide/machine.js';
import type { CheckOptions, Symptom } from '../guide/types.js';
import type { ScenarioInfo } from '../lab/scenarios.js';
import { parseTarget } from '../target.js';
import { editText } from './components/TextPrompt.js';
import { GuideScreen, type GuideActor } from './GuideScreen.js';
import { HOME_CHOICES, HomeScreen } from './HomeScreen.js';
import { commandFor, listAction } from './keys.js';
import { LabScreen, labChoices } from './LabScreen.js';
import { PasteScreen } from './PasteScreen.js';
import { colour } from './theme.js';

export interface AppResult {
  code: number;
  /** Something to run after the app has left the screen (`learn` opens the notebook). */
  next?: 'learn';
}

/** A started lab fault: where to point the guide, and how to stop it. */
export interface StartedFault {
  target: { host: string; port: number; tls: boolean };
  down(): Promise<void>;
}

export interface AppProps {
  /** Start straight in the guide on this target (`tcpsleuth check`); home otherwise. */
  target?: Target;
  actors?: Partial<Record<StepId, AnyActorLogic>>;
  scenarios?: () => ScenarioInfo[];
  startFault?: (id: string) => Promise<StartedFault>;
  explain?: (text: string) => Explanation;
  /** Keys are read (raw mode available). */
  keys?: boolean;
  still?: boolean;
  /** `check --capture`: capture packets as soon as the verdict offers it. */
  capture?: boolean;
  /** Check options from the command line (`--no-ping`, `--timeout`), for the first target only. */
  checkOptions?: CheckOptions;
  onExit: (result: AppResult) => void;
}

type Screen = { name: 'closed'; text: string } | { name: 'home' } | { name: 'paste'; explanation?: Explanation; error?: string } | { name: 'lab'; scenarios: ScenarioInfo[] } | { name: 'guide'; actor: GuideActor };

/** The exit code a guide session ends with: 0 when the last verdict was open (or none), 1 otherwise. */
export function exitCodeOf(actor: GuideActor | undefined): number {
  const v = actor?.getSnapshot().context.verdict;
  return v === undefined ? EXIT.ok : exitCodeFor(v);
}

export function App({ target, actors, scenarios, startFault, explain, keys = true, still = false, capture = false, checkOptions, onExit }: AppProps) {
  const [screen, setScreenState] = useState<Screen>(() => (target ? { name: 'guide', actor: startGuide(target) } : { name: 'home' }));
  const screenRef = useRef(screen);
  const setScreen = (s: Screen) => {
    screenRef.current = s;
    setScreenState(s);
  };
  const [selected, setSelectedState] = useState(0);
  const selectedRef = useRef(0);
  const setSelected = (i: number) => {
    selectedRef.current = i;
    setSelectedState(i);
  };
  const [text, setTextState] = useState('');
  const textRef = useRef('');
  const setText = (t: string) => {
    textRef.current = t;
    setTextState(t);
  };
  const [note, setNote] = useState<string | undefined>(undefined);
  const faults = useRef<StartedFault[]>([]);
  const exited = useRef(false);

  function startGuide(t?: Target, symptom?: Symptom): GuideActor {
    const machine = guideMachine.provide({ actors: { ...realActors(), ...actors } as never });
    return createActor(machine, { systemId: GUIDE_SYSTEM_ID, input: { target: t, symptom, options: t === target ? checkOptions : undefined } }).start();
  }

  const exit = (result: AppResult) => {
    if (exited.current) return;
    exited.current = true;
    const s = screenRef.current;
    if (s.name === 'guide') s.actor.stop();
    // The live part of the screen (choices, key hints) goes; the transcript above it stays.
    const text = result.code === 130 ? 'Interrupted.' : result.next === 'learn' ? 'Opening the lessons…' : 'Bye.';
    setScreen({ name: 'closed', text });
    void Promise.allSettled(faults.current.map((f) => f.down())).then(() => setTimeout(() => onExit(result), 20));
  };

  useEffect(() => () => {
    const s = screenRef.current;
    if (s.name === 'guide') s.actor.stop();
  }, []);

  const openGuide = (t?: Target, symptom?: Symptom) => {
    setNote(undefined);
    setScreen({ name: 'guide', actor: startGuide(t, symptom) });
  };

  const chooseHome = (id: string) => {
    setSelected(0);
    if (id === 'quit') return exit({ code: 0 });
    if (id === 'troubleshoot') return openGuide();
    if (id === 'learn') return exit({ code: 0, next: 'learn' });
    if (id === 'paste') {
      if (!explain) return setNote('Reading pasted errors is not built yet: try tcpsleuth explain "..." later.');
      setText('');
      return setScreen({ name: 'paste' });
    }
    if (id === 'lab') {
      const list = scenarios?.() ?? [];
      if (!list.length || !startFault) return setNote('The lab is not built yet.');
      return setScreen({ name: 'lab', scenarios: list });
    }
  };

  const chooseFault = async (info: ScenarioInfo) => {
    if (info.kind === 'namespace') return setNote(`${info.title}: ${info.reason ?? 'needs root'}. As root: sudo tcpsleuth lab up ${info.id}, then the command it prints.`);
    setNote(`Starting "${info.title}" on 127.0.0.1 …`);
    try {
      const fault = await startFault!(info.id);
      faults.current.push(fault);
      const t = parseTarget(`${fault.target.host.includes(':') ? `[${fault.target.host}]` : fault.target.host}:${fault.target.port}`, { tls: fault.target.tls });
      openGuide(t);
    } catch (err) {
      setNote(`Could not start the fault: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const submitPaste = (s: Extract<Screen, { name: 'paste' }>) => {
    if (!s.explanation) {
      if (!textRef.current.trim()) return setScreen({ name: 'paste', error: 'Paste the error text first (or Esc to go back).' });
      return setScreen({ name: 'paste', explanation: explain!(textRef.current) });
    }
    const { target: t, symptom } = intakeFromExplanation(s.explanation);
    openGuide(t, symptom);
  };

  useInput(
    (input, key) => {
      const s = screenRef.current;
      if (s.name === 'guide') return; // the guide screen reads its own keys
      const cmd = commandFor(input, key);
      if (cmd === 'app.interrupt') return exit({ code: 130 });
      if (s.name === 'paste' && !s.explanation) {
        if (key.return) return submitPaste(s);
        if (key.escape) return setScreen({ name: 'home' });
        return setText(editText(textRef.current, input, key));
      }
      const list = s.name === 'home' ? HOME_CHOICES : s.name === 'lab' ? labChoices(s.scenarios) : [];
      const act = listAction(input, cmd, selectedRef.current, list.length);
      if (act) return 'pick' in act ? pick(s, act.pick) : setSelected(act.select);
      switch (cmd) {
        case 'choice.select':
          return s.name === 'paste' ? submitPaste(s) : undefined;
        case 'app.back':
          setNote(undefined);
          setSelected(0);
          return setScreen({ name: 'home' });
        case 'app.quit':
          return exit({ code: 0 });
      }
    },
    { isActive: keys },
  );

  function pick(s: Screen, index: number) {
    if (s.name === 'home') return chooseHome(HOME_CHOICES[index].id);
    if (s.name === 'lab') return void chooseFault(s.scenarios[index]);
  }

  switch (screen.name) {
    case 'closed':
      return <Text color={colour('muted')}>{screen.text}</Text>;
    case 'home':
      return <HomeScreen selected={selected} note={note} />;
    case 'lab':
      return <LabScreen choices={labChoices(screen.scenarios)} selected={selected} note={note} />;
    case 'paste':
      return <PasteScreen value={text} explanation={screen.explanation} error={screen.error} />;
    case 'guide':
      return (
        <Box flexDirection="column">
          <GuideScreen
            actor={screen.actor}
            keys={keys}
            still={still}
            autoCapture={capture}
            onQuit={(how) => exit({ code: how === 'interrupted' ? 130 : exitCodeOf(screen.actor) })}
          />
          {note && <Text color={colour('warn')}>{note}</Text>}
        </Box>
      );
  }
}
