/**
 * The notebook: a lesson list, then a lesson cell by cell. Binds keys to the reducer, hands
 * progress to `onSave` after each answer or run (the entry point reads and writes the file), and runs experiments (aborted when the app closes).
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdin, useStdout, type Key } from 'ink';
import type { Lesson } from '../../notebook/cells.js';
import { runExperiment as realRunExperiment, type ExperimentResult } from '../../notebook/experiment.js';
import { markDone, recordExperiment, recordQuiz, type Progress } from '../../notebook/progress.js';
import { CellView } from './CellView.js';
import { commandFor } from './keys.js';
import { LessonList } from './LessonList.js';
import { initialState, notebookReducer, type NotebookEvent, type NotebookState } from './state.js';

export interface NotebookAppProps {
  lessons: Lesson[];
  /** Open this lesson at once instead of the list. */
  startLesson?: number;
  /** The saved progress, as the entry point read it. */
  progress: Progress;
  /** Saves progress (the entry point decides where); called after each answer, run or finished lesson. */
  onSave: (progress: Progress) => void;
  runExperiment?: typeof realRunExperiment;
}

export function NotebookApp({ lessons, startLesson, progress: initialProgress, onSave, runExperiment = realRunExperiment }: NotebookAppProps) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();
  const [state, dispatch] = useReducer(
    notebookReducer,
    initialState(
      lessons.map((l) => l.cells.length),
      startLesson ?? 0,
      startLesson !== undefined,
    ),
  );
  const [progress, setProgress] = useState<Progress>(initialProgress);
  // Only `update` changes progress, so this ref always holds the newest; saving happens here,
  // not inside a state updater (React may call updaters more than once).
  const saved = useRef(progress);
  const abort = useRef(new AbortController());
  useEffect(() => () => abort.current.abort(), []);

  const update = (change: (p: Progress) => void) => {
    const next: Progress = structuredClone(saved.current);
    change(next);
    saved.current = next;
    onSave(next);
    setProgress(next);
  };

  const lesson = lessons[state.lesson];
  const cell = state.screen === 'lesson' ? lesson.cells[state.cell] : undefined;
  const atEnd = state.screen === 'lesson' && state.cell === lesson.cells.length - 1;
  useEffect(() => {
    if (atEnd && !progress.lessons[lesson.id]?.done) update((p) => markDone(p, lesson.id));
  }, [atEnd, lesson.id]);

  const start = (lessonId: string, id: string) => {
    const target = lessons.find((l) => l.id === lessonId)?.cells.find((c) => c.kind === 'experiment' && c.id === id);
    if (!target || target.kind !== 'experiment' || latest.current.state.runs[id]?.status === 'running') return;
    dispatch({ type: 'experiment.start', experiment: id });
    void runExperiment(target, { signal: abort.current.signal }).then((result: ExperimentResult) => {
      if (abort.current.signal.aborted) return;
      dispatch({ type: 'experiment.done', experiment: id, result });
      // An experiment this machine could not run (not root) is not a result worth recording.
      if (!result.skipped) update((p) => recordExperiment(p, lessonId, id, result.ok, result.observed));
    });
  };

  // Ink re-subscribes the handler after each render's effects; a key pressed in between would
  // reach the previous handler. Reading the latest render's values through a ref avoids that.
  const latest = useRef({ state, progress, start });
  latest.current = { state, progress, start };

  /** Handles one key against `s` (the state as of the keys before it); returns the state after it. */
  const onKey = (input: string, key: Key, s: NotebookState): NotebookState => {
    const { progress, start } = latest.current;
    const send = (event: NotebookEvent) => {
      dispatch(event);
      return notebookReducer(s, event);
    };
    const cmd = commandFor(input, key);
    if (cmd === undefined) return s;
    if (cmd === 'quit') {
      exit();
      return s;
    }
    if (cmd === 'interrupt') {
      // Ctrl-C: leave like any interrupted command (exit 130), after Ink restores the terminal.
      exit(new Error('interrupted'));
      return s;
    }
    if (cmd === 'back') return send({ type: 'user.back' });
    if (cmd === 'next') return send({ type: 'user.next' });
    if (cmd === 'previous') return send({ type: 'user.previous' });
    if (cmd === 'open') return send({ type: 'user.open' });
    if (s.screen !== 'lesson') return s;
    const les = lessons[s.lesson];
    const cell = les.cells[s.cell];
    if (cmd === 'run') {
      // Predict first, then run: a cell that asks for a prediction does not run without one.
      if (cell?.kind === 'experiment' && (!cell.predict || s.predictions[cell.id] !== undefined)) start(les.id, cell.id);
      return s;
    }
    if (cell?.kind === 'quiz' && cmd.choice < cell.choices.length) {
      // The first answer is the one that counts for the score.
      if (!progress.lessons[les.id]?.quiz[cell.id]) update((p) => recordQuiz(p, les.id, cell.id, cmd.choice, cell.choices[cmd.choice].correct));
      return send({ type: 'quiz.pick', quiz: cell.id, choice: cmd.choice });
    }
    if (cell?.kind === 'experiment' && cell.predict && cmd.choice < cell.predict.choices.length) {
      return send({ type: 'experiment.predict', experiment: cell.id, choice: cmd.choice });
    }
    return s;
  };

  useInput(
    (input, key) => {
      // Fast typing or a paste arrives as one chunk ("jjj"): take it a key at a time, in order.
      let s = latest.current.state;
      if (input.length > 1 && !key.meta) for (const ch of input) s = onKey(ch, { ...key, return: ch === '\r' }, s);
      else onKey(input, key, s);
    },
    { isActive: isRawModeSupported },
  );

  if (state.screen === 'list') return <LessonList lessons={lessons} progress={progress} selected={state.lesson} />;
  return (
    <Box flexDirection="column">
      <Text bold>{`${lesson.title}`}</Text>
      <Text dimColor>{`cell ${state.cell + 1}/${lesson.cells.length}${cell && cell.section ? ` · ${cell.section}` : ''}`}</Text>
      <Box marginY={1}>
        {cell && (
          <CellView
            cell={cell}
            lessonId={lesson.id}
            width={stdout.columns ?? 80}
            pick={cell.kind === 'quiz' ? state.picks[cell.id] : undefined}
            prediction={cell.kind === 'experiment' ? state.predictions[cell.id] : undefined}
            run={cell.kind === 'experiment' ? state.runs[cell.id] : undefined}
          />
        )}
      </Box>
      <Text dimColor>{atEnd ? '✓ End of lesson. Esc back to the list · q quit' : '↓/Enter next · ↑ previous · Esc lessons · q quit'}</Text>
    </Box>
  );
}
