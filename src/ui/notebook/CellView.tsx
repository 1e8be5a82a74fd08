/**
 * One cell of a lesson: prose (reflowed to the terminal's width by the lesson's Markdown parser),
 * a diagram drawn as text, a quiz, or an experiment. Lines that wrap keep their hanging indent.
 */
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import type { Cell, ExperimentCell, QuizCell } from '../../notebook/cells.js';
import { kernelLines } from '../../notebook/export.js';
import { inlineToTerminal, markdownToTerminal } from '../../notebook/markdown-terminal.js';
import { mermaidToText } from '../../notebook/mermaid-text.js';
import { isProbeId, PROBES } from '../../notebook/probes/catalogue.js';
import { selfCommandLine } from '../../self-command.js';
import type { RunState } from './state.js';

export interface CellViewProps {
  cell: Cell;
  /** The lesson the cell belongs to (for the "run it with sudo" command). */
  lessonId: string;
  pick?: number;
  prediction?: number;
  run?: RunState;
  width: number;
}

export function CellView({ cell, lessonId, pick, prediction, run, width }: CellViewProps) {
  switch (cell.kind) {
    case 'text':
      return <Text>{markdownToTerminal(cell.markdown, { width, color: true, cutCode: true })}</Text>;
    case 'diagram':
      return <Text>{mermaidToText(cell.source, Math.min(width, 100))}</Text>;
    case 'quiz':
      return <QuizView quiz={cell} pick={pick} width={width} />;
    case 'experiment':
      return <ExperimentView cell={cell} lessonId={lessonId} prediction={prediction} run={run} width={width} />;
    case 'output':
      return <Text>{`$ ${cell.command}\n${cell.output}`}</Text>;
  }
}

interface HangingProps {
  lead: string;
  /** The columns the line may use (the lead included). */
  width: number;
  children: string;
  color?: string;
  dimColor?: boolean;
  inverse?: boolean;
  bold?: boolean;
}

/**
 * `lead` then text that wraps under itself, not under the lead: "  2. a long choice…". The text is
 * wrapped here (trimmed at each break) so Ink has nothing left to wrap: its own wrapping keeps the
 * space at a break, which would start the next line one column off.
 */
function Hanging({ lead, width, children, color, dimColor, inverse, bold }: HangingProps) {
  const text = wrapAnsi(children, Math.max(width - stringWidth(lead), 10), { hard: true, trim: true });
  return (
    <Box>
      {/* A box as wide as the lead: Ink trims a Text's trailing spaces, which would glue the lead to the text. */}
      <Box width={stringWidth(lead)} flexShrink={0}>
        <Text color={color} dimColor={dimColor} inverse={inverse} bold={bold}>
          {lead}
        </Text>
      </Box>
      <Box flexShrink={1}>
        <Text color={color} dimColor={dimColor} inverse={inverse} bold={bold}>
          {text}
        </Text>
      </Box>
    </Box>
  );
}

const md = (text: string) => inlineToTerminal(text, { color: true });

function QuizView({ quiz, pick, width }: { quiz: QuizCell; pick?: number; width: number }) {
  const right = quiz.choices.findIndex((c) => c.correct);
  return (
    <Box flexDirection="column">
      <Hanging width={width} lead="Quiz: " bold>
        {md(quiz.question)}
      </Hanging>
      {quiz.choices.map((c, i) => (
        <Hanging width={width} key={i} lead={`  ${i + 1}. `} color={pick === undefined ? undefined : i === right ? 'green' : i === pick ? 'red' : undefined}>
          {md(c.text)}
        </Hanging>
      ))}
      {pick === undefined ? (
        <Text dimColor>Press 1-{quiz.choices.length} to answer.</Text>
      ) : (
        <Box flexDirection="column" marginTop={1}>
          <Hanging width={width} lead={pick === right ? '✓ Right. ' : '✗ Not quite. '} color={pick === right ? 'green' : 'red'}>
            {md(quiz.choices[pick].why)}
          </Hanging>
          {pick !== right && <Hanging width={width} lead={`The answer is ${right + 1}: `}>{md(quiz.choices[right].why)}</Hanging>}
        </Box>
      )}
    </Box>
  );
}

/** What the experiment sets up and what it should show: said only once the learner has predicted. */
function setup(cell: ExperimentCell): string {
  if (isProbeId(cell.scenario)) return `${PROBES[cell.scenario].title} · expected: ${cell.expect}`;
  return `scenario ${cell.scenario} · expected verdict: ${cell.expect}`;
}

function ExperimentView({ cell, lessonId, prediction, run, width }: { cell: ExperimentCell; lessonId: string; prediction?: number; run?: RunState; width: number }) {
  const p = cell.predict;
  const result = run?.status === 'done' ? run.result : undefined;
  return (
    <Box flexDirection="column">
      <Text bold>{`Experiment: ${cell.id}`}</Text>
      {/* Predict first: what the lab sets up and what the check should say show only once the learner has committed. */}
      <Text dimColor>{p && prediction === undefined && !run ? (isProbeId(cell.scenario) ? 'a live experiment on this machine' : 'a real check against a fault from the lab') : setup(cell)}</Text>
      {p && (
        <Box flexDirection="column" marginTop={1}>
          <Hanging width={width} lead="Predict: ">{md(p.question)}</Hanging>
          {p.choices.map((c, i) => (
            <Hanging width={width} key={i} lead={`  ${i + 1}. `} inverse={prediction === i}>
              {md(c)}
            </Hanging>
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
      {result && (
        <Box flexDirection="column">
          {result.skipped ? (
            <>
              <Hanging width={width} lead="not run here: " color="yellow">
                {result.skipped}
              </Hanging>
              <Hanging width={width} lead="  run it: ">{`${/needs root/.test(result.skipped) ? 'sudo ' : ''}${selfCommandLine(['learn', lessonId, '--run'])}`}</Hanging>
              {cell.sample && <Hanging width={width} lead="  a run as root showed: ">{cell.sample}</Hanging>}
            </>
          ) : (
            <Hanging width={width} lead={`${result.ok ? '✓' : '✗'} `} color={result.ok ? 'green' : 'red'}>
              {`${isProbeId(cell.scenario) ? 'outcome' : 'verdict'} ${result.observed}: ${result.summary}`}
            </Hanging>
          )}
          {kernelLines(result).map((l, i) => (
            <Hanging width={width} key={i} lead="  · " dimColor>
              {l}
            </Hanging>
          ))}
          {p && prediction !== undefined && p.answer !== undefined && (
            <Text>{prediction === p.answer ? '✓ Your prediction was right.' : `✗ You predicted "${p.choices[prediction]}"; it was "${p.choices[p.answer]}".`}</Text>
          )}
          {cell.explain && <Hanging width={width} lead="Why: ">{md(cell.explain)}</Hanging>}
        </Box>
      )}
    </Box>
  );
}
