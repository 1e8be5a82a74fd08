/**
 * What the story needs from the machine it is told on: this kernel's TCP timings and the command
 * this tcpsleuth was started by. Read here, once per process, so diagnosis stays pure.
 */
import { readdirSync, statSync } from 'node:fs';
import type { CheckReport } from '../evidence.js';
import { buildStory, type Story, type StoryContext } from '../diagnosis/story.js';
import { readTcpTimings, type TcpTimings } from '../kernel-timing.js';
import { selfCommand } from '../self-command.js';

let timings: TcpTimings | undefined;
let self: string[] | undefined;
let netns: { name?: string } | undefined;

/**
 * The named network namespace this process runs in (started by `ip netns exec NAME`): the one
 * in /run/netns whose inode is our /proc/self/ns/net. Undefined in the host's own namespace.
 */
function namedNetns(): string | undefined {
  try {
    const mine = statSync('/proc/self/ns/net').ino;
    return readdirSync('/run/netns').find((n) => statSync(`/run/netns/${n}`).ino === mine);
  } catch {
    return undefined;
  }
}

/** This machine's story context (timings, how tcpsleuth was started, where, the local time zone). */
function storyContext(extra: Partial<StoryContext> = {}): StoryContext {
  timings ??= readTcpTimings();
  self ??= selfCommand();
  netns ??= { name: namedNetns() };
  return { timings, self, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(netns.name ? { netns: netns.name } : {}), ...extra };
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
