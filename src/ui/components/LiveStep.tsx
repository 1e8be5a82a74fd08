/** The step that is running: a spinner, what it does, elapsed time and the kernel's view. */
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useEffect, useState } from 'react';
import type { Progress, StepId } from '../../evidence.js';
import { STEP_INFO } from '../../guide/step-texts.js';
import { formatElapsed, kernelLine } from '../format.js';
import { colour } from '../theme.js';

export interface LiveStepProps {
  step: StepId;
  progress?: Progress;
  slow: boolean;
  /** Spinners and the ticking clock off (tests, screen readers). */
  still?: boolean;
  /** What to say once the step is slow (the chat has no ? or s keys). */
  slowNote?: string;
}

const SLOW_NOTE = 'Still waiting. Silence is itself a clue: press ? for why, s to skip.';

export function LiveStep({ step, progress, slow, still = false, slowNote = SLOW_NOTE }: LiveStepProps) {
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    if (still) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [still]);
  const elapsed = progress?.elapsedMs ?? now - started;
  const info = STEP_INFO[step];
  return (
    <Box flexDirection="column" marginLeft={2}>
      <Text>
        <Text color={colour('accent')}>{still ? '…' : <Spinner type="dots" />}</Text>
        <Text bold>{` ${info.title}`}</Text>
        <Text>{`: ${info.does}`}</Text>
        <Text color={colour('muted')}>{`  ${formatElapsed(elapsed)}`}</Text>
      </Text>
      {progress && <Text color={colour('muted')}>{`    ${progress.message}`}</Text>}
      {progress?.kernel && <Text color={colour('warn')}>{`    kernel: ${kernelLine(progress.kernel, elapsed)}`}</Text>}
      {slow && <Text color={colour('warn')}>{`    ${slowNote}`}</Text>}
    </Box>
  );
}
