/** The footer: the keys that work right now, drawn from the one key table. */
import { Box, Text } from 'ink';
import { keyHints, type Command } from '../keys.js';
import { colour } from '../theme.js';

export function KeyHints({ commands }: { commands: readonly Command[] }) {
  return (
    <Box marginTop={1}>
      <Text color={colour('muted')}>{keyHints(commands)}</Text>
    </Box>
  );
}
