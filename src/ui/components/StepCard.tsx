/** A finished step: what ran (the command a person could type), what it saw, what that means. */
import { Box, Text } from 'ink';
import type { TranscriptItem } from '../../guide/transcript.js';
import { colour, OUTCOME_MARK, outcomeTone } from '../theme.js';

type StepItem = Extract<TranscriptItem, { kind: 'step' }>;

export function StepCard({ item }: { item: StepItem }) {
  const outcome = item.evidence.outcome;
  return (
    <Box flexDirection="column" marginLeft={2}>
      <Text>
        <Text color={colour(outcomeTone(outcome))}>{OUTCOME_MARK[outcome]} </Text>
        <Text bold>{item.title}</Text>
        <Text color={colour('muted')}>{`  $ ${item.command}`}</Text>
      </Text>
      <Box marginLeft={2} flexDirection="column">
        <Text>{`saw: ${item.saw}`}</Text>
        {item.addresses?.map((a) => (
          <Text key={a.text} color={colour(a.open ? 'ok' : 'warn')}>{`  · ${a.text}`}</Text>
        ))}
        <Text color={colour('muted')}>{item.means}</Text>
      </Box>
    </Box>
  );
}
