/**
 * A bullet or number with its text wrapped under itself, not under the bullet (a hanging indent).
 * The text gets an explicit width: left to flex, a shrinking text box can round one column over
 * its parent and push a bordered card past the terminal's edge.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import wrapAnsi from 'wrap-ansi';

/** `text` wrapped to `width` columns, each line's leading space trimmed (Ink's own wrap keeps the space it broke at). */
export function wrapped(text: string, width: number): string {
  return wrapAnsi(text, width, { hard: true, trim: true });
}

export function Hanging({ mark, width, indent = 2, color, children }: { mark: string; /** Columns for the whole row, indent included. */ width: number; indent?: number; color?: string; children: ReactNode }) {
  const markWidth = [...mark].length + 1;
  const textWidth = Math.max(10, width - indent - markWidth);
  const text = typeof children === 'string' ? wrapped(children, textWidth) : children;
  return (
    <Box paddingLeft={indent}>
      <Box width={markWidth} flexShrink={0}>
        <Text color={color}>{mark}</Text>
      </Box>
      <Box width={textWidth}>
        <Text color={color}>{text}</Text>
      </Box>
    </Box>
  );
}
