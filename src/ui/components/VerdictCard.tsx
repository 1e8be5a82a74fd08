/** The verdict: its story as a card: title, the handshake as observed, the cause, every address, the findings, what next, whom to ask. */
import { Box, Text, useStdout } from 'ink';
import type { TranscriptItem } from '../../guide/transcript.js';
import { selfCommandLine } from '../../self-command.js';
import { colour, verdictTone } from '../theme.js';
import { Hanging, wrapped } from './Hanging.js';

type VerdictItem = Extract<TranscriptItem, { kind: 'verdict' }>;

/** The verdict's id in capitals in place of the title's own head ("TLS-ERROR: the port does not speak TLS"): named once. */
function headed(verdict: string, title: string): string {
  const head = /^[^:,]*/.exec(title)?.[0] ?? '';
  return verdict.toUpperCase() + title.slice(head.length);
}

/** The card's border and padding take four columns of the terminal's width. */
const FRAME = 4;

export function VerdictCard({ item, width }: { item: VerdictItem; /** The card's width (default: the terminal's). */ width?: number }) {
  const { stdout } = useStdout();
  const inner = Math.max(30, (width ?? stdout?.columns ?? 80) - FRAME);
  const tone = colour(verdictTone(item.verdict));
  const story = item.story;
  const lessons = story?.lessonCommands ?? item.text.lessons.map((l) => selfCommandLine(['learn', l]));
  // The story's advice (with the settings some carry), else the words the guide has before a verdict.
  const next: Array<{ text: string; settings?: string[] }> = story?.advice ?? item.text.next.map((text) => ({ text }));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone} paddingX={1} marginY={1} width={inner + FRAME}>
      <Text bold color={tone}>
        {`Verdict: ${headed(item.verdict, item.text.title)}`}
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
      <Text>{wrapped(item.text.meaning, inner)}</Text>
      {story && story.perAddress.length > 1 && (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Every address of the name</Text>
          {story.perAddress.map((a) => (
            <Hanging key={a.address} width={inner} mark={a.chosen ? '▸' : '·'} color={colour(a.verdict === 'open' ? 'ok' : 'warn')}>
              {`${a.detail.text}${a.chosen ? ' (the verdict is about this one)' : ''}`}
            </Hanging>
          ))}
        </Box>
      )}
      {item.findings.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>What the evidence adds</Text>
          {item.findings.map((f) => (
            <Hanging key={f.id} width={inner} mark="·">{`${f.text} [${f.id}]`}</Hanging>
          ))}
        </Box>
      )}
      {next.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>What to check next</Text>
          {next.map((n, i) => (
            <Box key={i} flexDirection="column">
              <Hanging width={inner} mark={`${i + 1}.`}>{n.text}</Hanging>
              {(n.settings ?? []).map((line, j) => (
                <Hanging key={j} width={inner} indent={5} mark="-">{line}</Hanging>
              ))}
            </Box>
          ))}
        </Box>
      )}
      <Box marginTop={1}>
        <Text color={colour('accent')}>{wrapped(item.text.ask, inner)}</Text>
      </Box>
      <Text color={colour('muted')}>{`Lessons: ${lessons.join(' · ')}`}</Text>
    </Box>
  );
}
