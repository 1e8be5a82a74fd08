/** The answer to "why?": the explanation for where the guide is now, and the lessons that go deeper. */
import { Box, Text } from 'ink';
import { selfCommandLine } from '../../self-command.js';
import { colour } from '../theme.js';

export function WhyPanel({ title, text, lessons }: { title: string; text: string; lessons: readonly string[] }) {
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={colour('accent')} paddingX={1} marginTop={1}>
      <Text bold>{`Why? ${title}`}</Text>
      <Text>{text}</Text>
      {lessons.length > 0 && <Text color={colour('muted')}>{`Deeper: ${lessons.map((l) => selfCommandLine(['learn', l])).join(' · ')}`}</Text>}
    </Box>
  );
}
