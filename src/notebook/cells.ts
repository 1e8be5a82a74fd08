/**
 * The cell model shared by lessons and recorded sessions: a notebook is a list of cells.
 * Nothing here does I/O.
 */
import type { Verdict } from '../evidence.js';
import type { ProbeOutcome } from './probes/catalogue.js';

/**
 * The topics a lesson (and an `ask` answer) can be about. The later ones belong to the "connects,
 * but…" lessons: intermittent failures, idle connections, retransmission, windows, Nagle,
 * throughput and TIME_WAIT.
 */
export const TOPICS = [
  'handshake',
  'states',
  'rst',
  'timeout',
  'firewall',
  'ecn',
  'syn-flood',
  'tools',
  'tls',
  'pmtu',
  'intermittent',
  'idle',
  'retransmission',
  'window',
  'nagle',
  'throughput',
  'time-wait',
] as const;
export type Topic = (typeof TOPICS)[number];

/** Prose in Markdown, under the section heading it belongs to. */
export interface TextCell {
  kind: 'text';
  /** The `##` heading this prose sits under ('' before the first heading). */
  section: string;
  markdown: string;
}

/** A Mermaid diagram, drawn as text in the terminal. */
export interface DiagramCell {
  kind: 'diagram';
  section: string;
  source: string;
}

/** One answer of a quiz: `why` says why it is right, or why it is wrong. */
export interface QuizChoice {
  text: string;
  correct: boolean;
  why: string;
}

export interface QuizCell {
  kind: 'quiz';
  section: string;
  id: string;
  question: string;
  choices: QuizChoice[];
}

/**
 * Predict, run, explain: a live check against a lab scenario (loopback for anyone, namespaces as
 * root), or a probe of the notebook's own (probes/catalogue.ts) that measures one behaviour of the
 * kernel (a TIME_WAIT restart, the 40 ms Nagle stall, a zero window…).
 */
export interface ExperimentCell {
  kind: 'experiment';
  section: string;
  id: string;
  /** The lab scenario (`refused`, `accept-queue-full`, `ecn-strip`…), a notebook one (`banner`, `tls`, `dns-nxdomain`…) or a probe (`time-wait-restart`…). */
  scenario: string;
  /** A check's verdict, or for a probe the outcome it names (`eaddrinuse`, `nagle-delayed-ack`…). */
  expect: Verdict | ProbeOutcome;
  /** Shown when the experiment cannot run here (it needs root): what a run showed, so the learner still sees it. */
  sample?: string;
  predict?: { question: string; choices: string[]; answer?: number };
  /** Shown after the run: why this is what happened. */
  explain?: string;
  /** Namespace experiments: sysctl settings applied after the fault is up (`sysctl: server net.ipv4.tcp_syncookies=1`). */
  sysctl?: { ns: 'client' | 'router' | 'server'; setting: string }[];
  /** Namespace experiments: `off` removes the router's rules, so the path is clean (a baseline). */
  middlebox?: 'off';
  /** Run the check with --capture (root, tcpdump): findings such as ecn-blackhole need packets. */
  capture?: boolean;
  /** Findings the check must report for the experiment to count as reproduced; `[]` means none at all. */
  findings?: string[];
}

/** A recorded step of a guided session: the command, what it printed, what it means. */
export interface OutputCell {
  kind: 'output';
  section: string;
  command: string;
  output: string;
  explanation?: string;
}

export type Cell = TextCell | DiagramCell | QuizCell | ExperimentCell | OutputCell;

export interface LessonMeta {
  id: string;
  title: string;
  topics: Topic[];
  order: number;
  minutes: number;
}

export interface Lesson extends LessonMeta {
  cells: Cell[];
  /** Where it was read from (for error messages). */
  file?: string;
}

/** Counts of interactive cells, as `learn --list --json` shows them. */
export function cellCounts(lesson: Lesson): { experiment: number; quiz: number; diagram: number } {
  let experiment = 0;
  let quiz = 0;
  let diagram = 0;
  for (const c of lesson.cells) {
    if (c.kind === 'experiment') experiment++;
    else if (c.kind === 'quiz') quiz++;
    else if (c.kind === 'diagram') diagram++;
  }
  return { experiment, quiz, diagram };
}

export const isTopic = (s: string): s is Topic => (TOPICS as readonly string[]).includes(s);
