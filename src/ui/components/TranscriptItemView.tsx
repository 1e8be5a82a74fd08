/** One item of the conversation: the user's line, the guide's line, a step card or the verdict. */
import { Box, Text } from 'ink';
import type { TranscriptItem } from '../../guide/transcript.js';
import { colour } from '../theme.js';
import { StepCard } from './StepCard.js';
import { VerdictCard } from './VerdictCard.js';

export function TranscriptItemView({ item }: { item: TranscriptItem }) {
  switch (item.kind) {
    case 'user':
      return (
        <Box marginTop={1}>
          <Text color={colour('user')}>{`you › ${item.text}`}</Text>
        </Box>
      );
    case 'guide':
      return <Text color={colour('guide')}>{`guide › ${item.text}`}</Text>;
    case 'step':
      return <StepCard item={item} />;
    case 'verdict':
      return <VerdictCard item={item} />;
  }
}
