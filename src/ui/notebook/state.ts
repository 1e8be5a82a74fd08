/**
 * The notebook screen's state as a pure reducer: which screen, which lesson and cell, quiz picks,
 * predictions and experiment runs. Saving progress and running experiments happen outside.
 */
import type { ExperimentResult } from '../../notebook/experiment.js';

export type RunState = { status: 'running' } | { status: 'done'; result: ExperimentResult };

export interface NotebookState {
  screen: 'list' | 'lesson';
  /** Highlighted lesson in the list; the open lesson on the lesson screen. */
  lesson: number;
  cell: number;
  /** Quiz choices picked in this session, by quiz id. */
  picks: Record<string, number>;
  /** Predictions made in this session, by experiment id. */
  predictions: Record<string, number>;
  runs: Record<string, RunState>;
}

export type NotebookEvent =
  | { type: 'list.move'; by: number; count: number }
  | { type: 'lesson.open'; index: number }
  | { type: 'lesson.close' }
  | { type: 'cell.move'; by: number; count: number }
  | { type: 'quiz.pick'; quiz: string; choice: number }
  | { type: 'experiment.predict'; experiment: string; choice: number }
  | { type: 'experiment.start'; experiment: string }
  | { type: 'experiment.done'; experiment: string; result: ExperimentResult };

export const initialState = (lesson = 0, open = false): NotebookState => ({
  screen: open ? 'lesson' : 'list',
  lesson,
  cell: 0,
  picks: {},
  predictions: {},
  runs: {},
});

const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max - 1));

/** The next state; unknown or out-of-place events leave it as it is. */
export function notebookReducer(state: NotebookState, event: NotebookEvent): NotebookState {
  switch (event.type) {
    case 'list.move':
      return state.screen === 'list' ? { ...state, lesson: clamp(state.lesson + event.by, event.count) } : state;
    case 'lesson.open':
      return { ...state, screen: 'lesson', lesson: event.index, cell: 0 };
    case 'lesson.close':
      return { ...state, screen: 'list' };
    case 'cell.move':
      return state.screen === 'lesson' ? { ...state, cell: clamp(state.cell + event.by, event.count) } : state;
    case 'quiz.pick':
      return { ...state, picks: { ...state.picks, [event.quiz]: event.choice } };
    case 'experiment.predict':
      if (state.runs[event.experiment]) return state; // no predicting after the fact
      return { ...state, predictions: { ...state.predictions, [event.experiment]: event.choice } };
    case 'experiment.start':
      if (state.runs[event.experiment]?.status === 'running') return state;
      return { ...state, runs: { ...state.runs, [event.experiment]: { status: 'running' } } };
    case 'experiment.done':
      return { ...state, runs: { ...state.runs, [event.experiment]: { status: 'done', result: event.result } } };
  }
}
