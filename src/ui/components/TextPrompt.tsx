/** A one-line text prompt (the target, a pasted error). The parent feeds it keys while it is open. */
import { Box, Text } from 'ink';
import { colour } from '../theme.js';

export function TextPrompt({ label, value, error, hint }: { label: string; value: string; error?: string; hint?: string }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={colour('guide')}>{`guide › ${label}`}</Text>
      <Text>
        <Text color={colour('user')}>{'you › '}</Text>
        <Text>{value}</Text>
        <Text inverse> </Text>
      </Text>
      {error && <Text color={colour('fail')}>{error}</Text>}
      {hint && <Text color={colour('muted')}>{hint}</Text>}
    </Box>
  );
}

/** Applies one key press to a text value: printable input appends, backspace deletes. */
export function editText(value: string, input: string, key: { backspace?: boolean; delete?: boolean; ctrl?: boolean; meta?: boolean }): string {
  if (key.backspace || key.delete) return value.slice(0, -1);
  if (key.ctrl || key.meta) return value;
  // Pasted text arrives as one chunk; keep it on one line.
  return value + input.replace(/[\r\n\t]+/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');
}
