/**
 * The guide's screen: the one container that binds the guide actor. Finished items go to
 * <Static> (printed once, kept in the scrollback); below them the live step, the choices, the
 * "why?" panel and the key hints. Keys go through the key table; the machine decides.
 */
import { Box, Static, useInput } from 'ink';
import { useSelector } from '@xstate/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ActorRefFrom } from 'xstate';
import { UsageError } from '../errors.js';
import { followUpsFor } from '../guide/branching.js';
import { followUpLabel } from '../guide/explanations.js';
import { STEP_INFO, STEP_WHY } from '../guide/step-texts.js';
import { parseIntake } from '../guide/intake.js';
import { BRANCHES, subState, topState, type guideMachine } from '../guide/machine.js';
import { transcriptItems, verdictCard } from '../guide/transcript.js';
import type { FollowUp, GuideContext } from '../guide/types.js';
import { Choices, type Choice } from './components/Choices.js';
import { KeyHints } from './components/KeyHints.js';
import { LiveStep } from './components/LiveStep.js';
import { TextPrompt, editText } from './components/TextPrompt.js';
import { TranscriptItemView } from './components/TranscriptItemView.js';
import { WhyPanel } from './components/WhyPanel.js';
import { commandFor, listAction, type Command } from './keys.js';

export type GuideActor = ActorRefFrom<typeof guideMachine>;

export interface GuideScreenProps {
  actor: GuideActor;
  /** The user quit: `interrupted` for Ctrl-C. */
  onQuit: (how: 'quit' | 'interrupted') => void;
  /** Raw mode works on this stdin (false in pipes: then no keys are read). */
  keys?: boolean;
  still?: boolean;
  /** `check --capture`: once a verdict offers a capture, run it without asking. */
  autoCapture?: boolean;
}

type ChoiceId = FollowUp | 'newTarget' | 'rerun' | 'quit';

const isBranch = (s: string) => (BRANCHES as readonly string[]).includes(s);

export function GuideScreen({ actor, onQuit, keys = true, still = false, autoCapture = false }: GuideScreenProps) {
  const record = useSelector(actor, (s) => s.context.record);
  const ctx = useSelector(actor, (s) => s.context);
  const value = useSelector(actor, (s) => s.value);
  const top = topState(value);
  const sub = subState(value);
  const items = useMemo(() => transcriptItems(record), [record]);
  const [selected, setSelected] = useState(0);
  const [prompt, setPromptState] = useState<{ value: string; error?: string } | undefined>(undefined);
  // Keys can arrive faster than renders (a paste, a test): the ref always holds the latest text.
  const promptRef = useRef(prompt);
  const setPrompt = (p: typeof prompt) => {
    promptRef.current = p;
    setPromptState(p);
  };

  const running = ctx.running;
  const intake = top === 'intake';
  const promptOpen = prompt !== undefined || intake;
  const choices = useMemo(() => choicesFor(top, sub, ctx), [top, sub, ctx]);
  const selectedRef = useRef(0);
  const select = (i: number) => {
    selectedRef.current = i;
    setSelected(i);
  };

  const captured = useRef(false);
  useEffect(() => {
    if (!autoCapture || captured.current || !choices.some((c) => c.id === 'capture')) return;
    captured.current = true;
    actor.send({ type: 'user.choose', followUp: 'capture' });
  }, [autoCapture, choices, actor]);

  const choose = (id: ChoiceId) => {
    select(0);
    if (id === 'quit') return quit('quit');
    if (id === 'newTarget') return setPrompt({ value: '' });
    if (id === 'rerun') return actor.send({ type: 'user.rerun' });
    actor.send({ type: 'user.choose', followUp: id });
  };

  const quit = (how: 'quit' | 'interrupted') => {
    actor.send({ type: 'user.stop' });
    onQuit(how);
  };

  const submitPrompt = (text: string) => {
    try {
      const { target, symptom } = parseIntake(text);
      setPrompt(undefined);
      const first = topState(actor.getSnapshot().value) === 'intake';
      actor.send({ type: first ? 'user.target' : 'user.newTarget', target, symptom });
    } catch (err) {
      setPrompt({ value: text, error: err instanceof UsageError ? err.message : String(err) });
    }
  };

  useInput(
    (input, key) => {
      // Read the live state, not this render's: keys can arrive before React re-renders.
      const snap = actor.getSnapshot();
      const liveTop = topState(snap.value);
      const intake = liveTop === 'intake';
      const choices = choicesFor(liveTop, subState(snap.value), snap.context);
      const running = snap.context.running;
      const cmd = commandFor(input, key);
      if (cmd === 'app.interrupt') return quit('interrupted');
      if (promptRef.current !== undefined || intake) {
        const current = promptRef.current?.value ?? '';
        if (key.return) return submitPrompt(current);
        if (key.escape) return intake ? quit('quit') : setPrompt(undefined);
        return setPrompt({ value: editText(current, input, key) });
      }
      const act = listAction(input, cmd, selectedRef.current, choices.length);
      if (act) return 'pick' in act ? choices[act.pick] && choose(choices[act.pick].id) : select(act.select);
      switch (cmd) {
        case 'guide.why':
          return actor.send({ type: 'user.why' });
        case 'guide.skip':
          return running && actor.send({ type: 'user.skip' });
        case 'guide.rerun':
          return actor.send({ type: 'user.rerun' });
        case 'guide.newTarget':
          return setPrompt({ value: '' });
        case 'app.quit':
          return quit('quit');
      }
    },
    { isActive: keys },
  );

  const why = whyContent(ctx, top);
  const hints: Command[] = promptOpen
    ? ['choice.select', 'app.back', 'app.interrupt']
    : running
      ? ['guide.why', 'guide.skip', 'guide.rerun', 'guide.newTarget', 'app.quit']
      : ['choice.up', 'choice.down', 'choice.select', 'guide.why', 'guide.rerun', 'guide.newTarget', 'app.quit'];

  return (
    <Box flexDirection="column">
      <Static items={items}>{(item) => <TranscriptItemView key={item.key} item={item} />}</Static>
      {running && <LiveStep key={`${record.length}-${running}`} step={running} progress={ctx.progress} slow={ctx.slow} still={still} />}
      {ctx.whyOpen && why && <WhyPanel {...why} />}
      {!promptOpen && choices.length > 0 && (
        <Choices title={choices.length > 3 ? 'What next? These checks tell the possible causes apart:' : 'What now?'} choices={choices} selected={Math.min(selected, choices.length - 1)} />
      )}
      {promptOpen && (
        <TextPrompt
          label="Which host and port? Add what goes wrong if you like (e.g. db.internal:5432 times out)"
          value={prompt?.value ?? ''}
          error={prompt?.error}
        />
      )}
      <KeyHints commands={hints} />
    </Box>
  );
}

/** What "why?" explains where the guide is now. */
function whyContent(ctx: GuideContext, top: string) {
  if (ctx.running) {
    const w = STEP_WHY[ctx.running];
    return { title: `${STEP_INFO[ctx.running].title}: ${STEP_INFO[ctx.running].does}`, text: w.text, lessons: w.lessons };
  }
  if (isBranch(top) && ctx.target) {
    const v = verdictCard(top as (typeof BRANCHES)[number], ctx.steps, ctx.target, ctx.address).text;
    return { title: v.title, text: v.why, lessons: v.lessons };
  }
  return { title: 'the guide', text: 'The guide runs the checks a network engineer would, in order: DNS, a TCP handshake to every address, ping, then what the verdict calls for. Each step says what it saw and what that means.', lessons: ['toolkit', 'handshake'] };
}

/** The choices offered in a branch's advice state (its follow-ups not yet run) and when done. */
function choicesFor(top: string, sub: string | undefined, ctx: GuideContext): Array<Choice & { id: ChoiceId }> {
  const atAdvice = isBranch(top) && sub === 'advice';
  if (!atAdvice && top !== 'done') return [];
  const follow = atAdvice ? followUpsFor(ctx) : [];
  return [
    ...follow.map((f) => ({ id: f as ChoiceId, label: followUpLabel(f, ctx.verdict) })),
    { id: 'newTarget' as const, label: 'Check another target' },
    { id: 'rerun' as const, label: 'Run this check again' },
    { id: 'quit' as const, label: 'Quit' },
  ];
}
