/**
 * The notebook screen's state as a pure reducer: which screen, which lesson and cell, quiz picks,
 * predictions and experiment runs. Saving progress and running experiments happen outside.
 */
import type { ExperimentResult } from '../../notebook/experiment.js';

export type RunState = { status: 'running' } | { status: 'done'; result: ExperimentResult };

export interface NotebookState {
  /** Cells per lesson, in list order: the reducer needs no outside numbers, so queued events apply in order. */
  counts: number[];
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
  /** Down: the next lesson in the list, or the next cell in a lesson. */
  | { type: 'user.next' }
  | { type: 'user.previous' }
  /** Enter: open the highlighted lesson, or go to the next cell. */
  | { type: 'user.open' }
  | { type: 'user.back' }
  | { type: 'quiz.pick'; quiz: string; choice: number }
  | { type: 'experiment.predict'; experiment: string; choice: number }
  | { type: 'experiment.start'; experiment: string }
  | { type: 'experiment.done'; experiment: string; result: ExperimentResult };

export const initialState = (counts: number[], lesson = 0, open = false): NotebookState => ({
  counts,
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
    case 'user.next':
    case 'user.previous': {
      const by = event.type === 'user.next' ? 1 : -1;
      if (state.screen === 'list') return { ...state, lesson: clamp(state.lesson + by, state.counts.length) };
      return { ...state, cell: clamp(state.cell + by, state.counts[state.lesson]) };
    }
    case 'user.open':
      if (state.screen === 'list') return { ...state, screen: 'lesson', cell: 0 };
      return { ...state, cell: clamp(state.cell + 1, state.counts[state.lesson]) };
    case 'user.back':
      return { ...state, screen: 'list' };
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
