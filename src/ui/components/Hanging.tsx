/** A bullet or number with its text wrapped under itself, not under the bullet (a hanging indent). */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export function Hanging({ mark, indent = 2, color, children }: { mark: string; indent?: number; color?: string; children: ReactNode }) {
  return (
    <Box paddingLeft={indent}>
      <Box flexShrink={0}>
        <Text color={color}>{`${mark} `}</Text>
      </Box>
      <Box flexShrink={1}>
        <Text color={color}>{children}</Text>
      </Box>
    </Box>
  );
}
