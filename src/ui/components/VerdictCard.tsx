/** The verdict: a title, the handshake as observed, what it means, what next, whom to ask. */
import { Box, Text } from 'ink';
import type { TranscriptItem } from '../../guide/transcript.js';
import { colour, verdictTone } from '../theme.js';
import { Hanging } from './Hanging.js';

type VerdictItem = Extract<TranscriptItem, { kind: 'verdict' }>;

export function VerdictCard({ item }: { item: VerdictItem }) {
  const tone = colour(verdictTone(item.verdict));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone} paddingX={1} marginY={1}>
      <Text bold color={tone}>
        {`Verdict: ${item.verdict.toUpperCase()}: ${item.text.title}`}
      </Text>
      {item.handshake.length > 0 && (
        <Box flexDirection="column" marginY={1}>
          {item.handshake.map((line, i) => (
            <Text key={i} color={i === 0 ? colour('muted') : undefined}>
              {line}
            </Text>
          ))}
        </Box>
      )}
      <Text>{item.text.meaning}</Text>
      {item.findings.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>What the evidence adds</Text>
          {item.findings.map((f) => (
            <Hanging key={f.id} mark="·">{`${f.text} [${f.id}]`}</Hanging>
          ))}
        </Box>
      )}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>What to check next</Text>
        {item.text.next.map((n, i) => (
          <Hanging key={i} mark={`${i + 1}.`}>{n}</Hanging>
        ))}
      </Box>
      <Box marginTop={1}>
        <Text color={colour('accent')}>{item.text.ask}</Text>
      </Box>
      <Text color={colour('muted')}>{`Lessons: ${item.text.lessons.map((l) => `tcpsleuth learn ${l}`).join(' · ')}`}</Text>
    </Box>
  );
}
