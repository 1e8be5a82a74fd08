/** One cell of a lesson: prose, a diagram drawn as text, a quiz, or an experiment. */
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { Cell, ExperimentCell, QuizCell } from '../../notebook/cells.js';
import { kernelLines, plainMarkdown } from '../../notebook/export.js';
import { mermaidToText } from '../../notebook/mermaid-text.js';
import type { RunState } from './state.js';

export interface CellViewProps {
  cell: Cell;
  pick?: number;
  prediction?: number;
  run?: RunState;
  width: number;
}

export function CellView({ cell, pick, prediction, run, width }: CellViewProps) {
  switch (cell.kind) {
    case 'text':
      return <Text>{plainMarkdown(cell.markdown)}</Text>;
    case 'diagram':
      return <Text>{mermaidToText(cell.source, Math.min(width, 100))}</Text>;
    case 'quiz':
      return <QuizView quiz={cell} pick={pick} />;
    case 'experiment':
      return <ExperimentView cell={cell} prediction={prediction} run={run} />;
    case 'output':
      return <Text>{`$ ${cell.command}\n${cell.output}`}</Text>;
  }
}

function QuizView({ quiz, pick }: { quiz: QuizCell; pick?: number }) {
  const right = quiz.choices.findIndex((c) => c.correct);
  return (
    <Box flexDirection="column">
      <Text bold>{`Quiz: ${quiz.question}`}</Text>
      {quiz.choices.map((c, i) => (
        <Text key={i} color={pick === undefined ? undefined : i === right ? 'green' : i === pick ? 'red' : undefined}>
          {`  ${i + 1}. ${c.text}`}
        </Text>
      ))}
      {pick === undefined ? (
        <Text dimColor>Press 1-{quiz.choices.length} to answer.</Text>
      ) : (
        <Box flexDirection="column" marginTop={1}>
          <Text color={pick === right ? 'green' : 'red'}>{pick === right ? `✓ Right. ${quiz.choices[pick].why}` : `✗ Not quite. ${quiz.choices[pick].why}`}</Text>
          {pick !== right && <Text>{`The answer is ${right + 1}: ${quiz.choices[right].why}`}</Text>}
        </Box>
      )}
    </Box>
  );
}

function ExperimentView({ cell, prediction, run }: { cell: ExperimentCell; prediction?: number; run?: RunState }) {
  const p = cell.predict;
  return (
    <Box flexDirection="column">
      <Text bold>{`Experiment: ${cell.id}`}</Text>
      <Text dimColor>{`scenario ${cell.scenario} on loopback · expected verdict: ${cell.expect}`}</Text>
      {p && (
        <Box flexDirection="column" marginTop={1}>
          <Text>{`Predict: ${p.question}`}</Text>
          {p.choices.map((c, i) => (
            <Text key={i} inverse={prediction === i}>{`  ${i + 1}. ${c}`}</Text>
          ))}
        </Box>
      )}
      <Box marginTop={1}>
        {!run && <Text dimColor>{p && prediction === undefined ? `Press 1-${p.choices.length} to predict, then r to run.` : 'Press r to run it.'}</Text>}
        {run?.status === 'running' && (
          <Text>
            <Spinner type="dots" /> {`running ${cell.scenario}…`}
          </Text>
        )}
      </Box>
      {run?.status === 'done' && (
        <Box flexDirection="column">
          {run.result.skipped ? (
            <Text color="yellow">{`– not run here: ${run.result.skipped}`}</Text>
          ) : (
            <Text color={run.result.ok ? 'green' : 'red'}>{`${run.result.ok ? '✓' : '✗'} verdict ${run.result.observed}: ${run.result.summary}`}</Text>
          )}
          {kernelLines(run.result).map((l, i) => (
            <Text key={i} dimColor>{`  ${l}`}</Text>
          ))}
          {p && prediction !== undefined && p.answer !== undefined && (
            <Text>{prediction === p.answer ? '✓ Your prediction was right.' : `✗ You predicted "${p.choices[prediction]}"; it was "${p.choices[p.answer]}".`}</Text>
          )}
          {cell.explain && <Text>{`Why: ${cell.explain}`}</Text>}
        </Box>
      )}
    </Box>
  );
}
