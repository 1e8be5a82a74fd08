/**
 * What the story needs from the machine it is told on: this kernel's TCP timings, the command
 * this tcpsleuth was started by, the machine's name and, for a check whose socket never had a
 * local address, the route's source address. Read here, once per process, so diagnosis stays pure.
 */
import { hostname } from 'node:os';
import { readdirSync, statSync } from 'node:fs';
import type { CheckReport } from '../evidence.js';
import { chosenConnect, connectSteps } from '../diagnosis/addresses.js';
import { buildStory, type Story, type StoryContext } from '../diagnosis/story.js';
import { readTcpTimings, type TcpTimings } from '../kernel-timing.js';
import { selfCommand } from '../self-command.js';
import { routeTo } from './route.js';

let timings: TcpTimings | undefined;
let self: string[] | undefined;
let netns: { name?: string } | undefined;
/** The route's source address per target address, learnt by `learnSource` (one lookup per address and process). */
const sources = new Map<string, string | undefined>();

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

/** The address the report's verdict is about, and whether its socket had a local address to name the origin by. */
function chosenOf(report: CheckReport): { address?: string; hasLocal: boolean } {
  const c = chosenConnect(connectSteps(report.steps ?? []))?.evidence;
  return { address: report.target.addressUsed ?? c?.address, hasLocal: Boolean(c?.localAddress || c?.kernel?.local) };
}

/**
 * Looks up the route's source address towards the address `report` is about (`ip route get`), when
 * its socket never had a local address (refused, unreachable): the story then names it. Nothing
 * to do when the socket had one, or no address was tried. True when the story has more to say now.
 */
export async function learnSource(report: CheckReport, signal?: AbortSignal): Promise<boolean> {
  const { address, hasLocal } = chosenOf(report);
  if (!address || hasLocal || sources.has(address)) return false;
  sources.set(address, (await routeTo(address, signal)).src);
  return sources.get(address) !== undefined;
}

/** This machine's story context (timings, how tcpsleuth was started, where, the local time zone). */
function storyContext(report: CheckReport, extra: Partial<StoryContext> = {}): StoryContext {
  timings ??= readTcpTimings();
  self ??= selfCommand();
  netns ??= { name: namedNetns() };
  const source = sources.get(chosenOf(report).address ?? '');
  return { timings, self, from: hostname(), ...(source ? { source } : {}), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(netns.name ? { netns: netns.name } : {}), ...extra };
}

/** The report's story, told on this machine. */
export function storyOf(report: CheckReport, extra?: Partial<StoryContext>): Story {
  return buildStory(report, storyContext(report, extra));
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
