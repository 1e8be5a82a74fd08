/**
 * What runs now, inside the conversation. A check binds its guide actor (the chat machine's child)
 * and draws the guide's own cards: finished steps as StepCards, the running one as a LiveStep.
 * Anything else (a scan, a capture) shows its label and progress under a spinner.
 */
import { useSelector } from '@xstate/react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useMemo } from 'react';
import type { RunningItem } from '../../chat/types.js';
import { transcriptItems } from '../../guide/transcript.js';
import { LiveStep } from '../components/LiveStep.js';
import { StepCard } from '../components/StepCard.js';
import type { GuideActor } from '../GuideScreen.js';
import { colour } from '../theme.js';
import { inert } from './inert.js';

const SLOW_NOTE = 'Still waiting. Silence is itself a clue: ask "why?" once the verdict is in, or press Esc to stop.';

function GuideProgress({ actor, still }: { actor: GuideActor; still: boolean }) {
  const record = useSelector(actor, (s) => s.context.record);
  const running = useSelector(actor, (s) => s.context.running);
  const progress = useSelector(actor, (s) => s.context.progress);
  const slow = useSelector(actor, (s) => s.context.slow);
  const steps = useMemo(() => transcriptItems(record).filter((i) => i.kind === 'step'), [record]);
  return (
    <Box flexDirection="column">
      {steps.map((s) => (
        <StepCard key={s.key} item={s} />
      ))}
      {running && <LiveStep key={`${record.length}-${running}`} step={running} progress={progress} slow={slow} still={still} slowNote={SLOW_NOTE} />}
    </Box>
  );
}

/** `guide`: the chat's running guide child (runningGuide(snapshot)), read directly for its cards. */
export function LiveCheck({ running, guide, still = false }: { running: RunningItem; guide?: GuideActor; still?: boolean }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>
        <Text color={colour('accent')}>{still ? '…' : <Spinner type="dots" />}</Text>
        <Text>{` ${inert(running.label)}`}</Text>
        <Text color={colour('muted')}>{'  (Esc or "stop" stops it)'}</Text>
      </Text>
      {guide && <GuideProgress actor={guide} still={still} />}
    </Box>
  );
}
