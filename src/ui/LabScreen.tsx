/** "Try a fault in the lab": the lab's scenarios; loopback ones start here, namespace ones say how. */
import { Box, Text } from 'ink';
import type { ScenarioInfo } from '../lab/scenarios.js';
import { Choices, type Choice } from './components/Choices.js';
import { KeyHints } from './components/KeyHints.js';
import { colour } from './theme.js';

/** One choice per scenario; those this screen cannot run say why and how to run them instead. */
export function labChoices(scenarios: readonly ScenarioInfo[]): Choice[] {
  return scenarios.map((s) => ({
    id: s.id,
    // No expected verdict here: the learner finds it out by running the fault.
    label: s.title,
    disabled: s.kind === 'namespace' ? `in a namespace: tcpsleuth lab up ${s.id}` : undefined,
  }));
}

export function LabScreen({ choices, selected, note }: { choices: readonly Choice[]; selected: number; note?: string }) {
  return (
    <Box flexDirection="column">
      <Text bold>Try a fault in the lab</Text>
      <Text color={colour('muted')}>Each fault runs a real server on 127.0.0.1; the guide then troubleshoots it like any other target.</Text>
      <Choices title="Which fault?" choices={choices} selected={selected} />
      {note && <Text color={colour('warn')}>{note}</Text>}
      <KeyHints commands={['choice.up', 'choice.down', 'choice.select', 'app.back', 'app.quit']} />
    </Box>
  );
}
