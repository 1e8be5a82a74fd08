/** A vertical list of choices; the parent owns the selection (arrows and Enter come from the key table). */
import { Box, Text } from 'ink';
import { colour } from '../theme.js';

export interface Choice {
  id: string;
  label: string;
  /** Shown dimmed with the reason; choosing it only shows the reason. */
  disabled?: string;
}

export function Choices({ title, choices, selected }: { title: string; choices: readonly Choice[]; selected: number }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={colour('guide')}>{`guide › ${title}`}</Text>
      {choices.map((c, i) => {
        const on = i === selected;
        const label = c.disabled ? `${c.label} (${c.disabled})` : c.label;
        return (
          <Text key={c.id} color={on ? colour('accent') : c.disabled ? colour('muted') : undefined} bold={on}>
            {`${on ? '❯' : ' '} ${i + 1}. ${label}`}
          </Text>
        );
      })}
    </Box>
  );
}
