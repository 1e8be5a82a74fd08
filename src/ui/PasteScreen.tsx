/** "Paste an error message": the prompt, then what the error means and the target it names. */
import { Box, Text } from 'ink';
import type { Explanation } from '../explain/index.js';
import { KeyHints } from './components/KeyHints.js';
import { TextPrompt } from './components/TextPrompt.js';
import { colour } from './theme.js';

export function PasteScreen({ value, explanation, error }: { value: string; explanation?: Explanation; error?: string }) {
  if (!explanation) {
    return (
      <Box flexDirection="column">
        <TextPrompt label="Paste the error message (from curl, psql, Java, Go, ...) and press Enter" value={value} error={error} />
        <KeyHints commands={['choice.select', 'app.back', 'app.interrupt']} />
      </Box>
    );
  }
  const target = explanation.host && explanation.port ? (explanation.host.includes(':') ? `[${explanation.host}]:${explanation.port}` : `${explanation.host}:${explanation.port}`) : undefined;
  return (
    <Box flexDirection="column">
      <Text bold>{`This looks like: ${explanation.class}${explanation.also ? ` (and ${explanation.also})` : ''}${explanation.tool ? `, from ${explanation.tool}` : ''}`}</Text>
      <Text>{explanation.explanation}</Text>
      {explanation.causes.slice(0, 3).map((c, i) => (
        <Text key={i} color={colour('muted')}>{`  · ${c}`}</Text>
      ))}
      <Box marginTop={1}>
        <Text color={colour('guide')}>
          {target ? `guide › Press Enter to check ${target} now.` : 'guide › The message names no host and port: press Enter to type them.'}
        </Text>
      </Box>
      <KeyHints commands={['choice.select', 'app.back', 'app.quit']} />
    </Box>
  );
}
