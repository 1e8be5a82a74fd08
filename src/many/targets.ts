/**
 * The target list of `check T1 T2 …` and `check -f FILE`: one target per line, `#` starts a
 * comment, blank lines are skipped. Every line is validated before any check starts, so a typo on
 * line 40 is a usage error naming line 40, not a failure after 39 checks.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Target } from '../evidence.js';
import { parseTarget } from '../target.js';

/** At most this many targets in one run (a bound, not a limit anyone should meet). */
export const MAX_TARGETS = 10_000;

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
      throw new UsageError(`${opts.source ?? 'targets'} line ${i + 1}: ${err.message}`);
    }
    if (targets.length > MAX_TARGETS) throw new UsageError(`more than ${MAX_TARGETS} targets in ${opts.source ?? 'the list'}`);
  }
  return targets;
}

/** Reads `-f FILE` (`-` for stdin); a missing file is a usage error, not a stack trace. */
export function readTargetFile(file: string, opts: { port?: string; tls?: boolean } = {}): Target[] {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file === '-' ? 'stdin' : file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message}`);
  }
  const targets = parseTargetList(text, { ...opts, source: file === '-' ? 'stdin' : file });
  if (!targets.length) throw new UsageError(`no targets in ${file === '-' ? 'stdin' : file} (one HOST:PORT per line, # for comments)`);
  return targets;
}
