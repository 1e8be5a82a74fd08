/**
 * What the story needs from the machine it is told on: this kernel's TCP timings and the command
 * this tcpsleuth was started by. Read here, once per process, so diagnosis stays pure.
 */
import type { CheckReport } from '../evidence.js';
import { buildStory, type Story, type StoryContext } from '../diagnosis/story.js';
import { readTcpTimings, type TcpTimings } from '../kernel-timing.js';
import { selfCommand } from '../self-command.js';

let timings: TcpTimings | undefined;
let self: string[] | undefined;

/** This machine's story context (timings, how tcpsleuth was started, the local time zone). */
function storyContext(extra: Partial<StoryContext> = {}): StoryContext {
  timings ??= readTcpTimings();
  self ??= selfCommand();
  return { timings, self, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...extra };
}

/** The report's story, told on this machine. */
export function storyOf(report: CheckReport, extra?: Partial<StoryContext>): Story {
  return buildStory(report, storyContext(extra));
}

/**
 * The report with its story (re)derived and its `meaning` and per-address results taken from it,
 * so `--json` and every renderer say the same. Call again after adding steps (the server's side).
 */
export function withStory(report: CheckReport, extra?: Partial<StoryContext>): CheckReport {
  const story = storyOf({ ...report, story: undefined }, extra);
  report.story = story;
  report.meaning = story.cause.text;
  return report;
}
