/** The home screen: what tcpsleuth can do for you, as a list of choices. Pure view. */
import { Box, Text } from 'ink';
import { Choices, type Choice } from './components/Choices.js';
import { KeyHints } from './components/KeyHints.js';
import { colour } from './theme.js';

export type HomeChoice = 'troubleshoot' | 'paste' | 'learn' | 'lab' | 'quit';

export const HOME_CHOICES: ReadonlyArray<Choice & { id: HomeChoice }> = [
  { id: 'troubleshoot', label: 'Troubleshoot a connection (host and port)' },
  { id: 'paste', label: 'Paste an error message' },
  { id: 'learn', label: 'Learn TCP (lessons with live experiments)' },
  { id: 'lab', label: 'Try a fault in the lab, then troubleshoot it' },
  { id: 'quit', label: 'Quit' },
];

export function HomeScreen({ selected, choices = HOME_CHOICES, note }: { selected: number; choices?: ReadonlyArray<Choice>; note?: string }) {
  return (
    <Box flexDirection="column">
      <Text bold color={colour('accent')}>
        tcpsleuth
      </Text>
      <Text>Find out why a TCP connection fails, step by step, and learn why.</Text>
      <Choices title="What would you like to do?" choices={choices} selected={selected} />
      {note && <Text color={colour('warn')}>{note}</Text>}
      <KeyHints commands={['choice.up', 'choice.down', 'choice.select', 'app.quit']} />
    </Box>
  );
}
