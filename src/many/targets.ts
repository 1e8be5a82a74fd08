/**
 * The target list of `check T1 T2 …` and `check -f FILE`: one target per line, `#` starts a
 * comment, blank lines are skipped. Every line is validated before any check starts, so a typo on
 * line 40 is a usage error naming line 40, not a failure after 39 checks.
 */
import { UsageError } from '../errors.js';
import type { Target } from '../evidence.js';
import { readInputText } from '../input-file.js';
import { argEcho } from '../sinks/terminal.js';
import { selfCommandLine } from '../self-command.js';
import { parseTarget } from '../target.js';

/** At most this many targets in one run (a bound, not a limit anyone should meet). */
export const MAX_TARGETS = 10_000;

/** A target list may be this large: MAX_TARGETS lines of a long name and a comment each. */
export const MAX_TARGET_FILE_BYTES = 4 * 1024 * 1024;

/** Parses the text of a target file; throws UsageError naming the file and line of the first bad one. */
export function parseTargetList(text: string, opts: { port?: string; tls?: boolean; source?: string } = {}): Target[] {
  const targets: Target[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    try {
      targets.push(parseTarget(line, { port: opts.port, tls: opts.tls }));
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      throw new UsageError(`${opts.source ? argEcho(opts.source) : 'targets'} line ${i + 1}: ${err.message}`);
    }
    if (targets.length > MAX_TARGETS) throw new UsageError(`more than ${MAX_TARGETS} targets in ${opts.source ? argEcho(opts.source) : 'the list'}`);
  }
  return targets;
}

/**
 * Reads `-f FILE` (`-` for stdin) asynchronously: only a regular file or stdin, at most
 * MAX_TARGET_FILE_BYTES; anything else (a FIFO, a device, a folder, a missing file) is a usage error.
 */
export async function readTargetFile(file: string, opts: { port?: string; tls?: boolean; signal?: AbortSignal } = {}): Promise<Target[]> {
  const streamWith = selfCommandLine(['check', '-f', '-']);
  const text = await readInputText(file, { option: '-f', maxBytes: MAX_TARGET_FILE_BYTES, holds: 'a target list', streamWith, signal: opts.signal });
  const source = file === '-' ? 'stdin' : file;
  const targets = parseTargetList(text, { port: opts.port, tls: opts.tls, source });
  if (!targets.length) throw new UsageError(`no targets in ${argEcho(source)} (one HOST:PORT per line, # for comments)`);
  return targets;
}
