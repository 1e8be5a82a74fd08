/**
 * `tcpsleuth explain "ERROR TEXT"` (or the text on stdin): reads a pasted error message and says
 * what happened at the TCP level. Imports only src/explain, so it starts as fast as a bare node.
 * Exit codes: 0 a class was found, 1 `unknown`, 2 bad usage (no text, unknown option); with
 * `--check`, the check's: 0 open, 1 any other verdict.
 */
import { toJson } from '../sinks/json.js';
import { exitCodeFor } from '../evidence.js';
import { UsageError } from '../errors.js';
import { explainError } from '../explain/classify.js';
import { formatExplanation } from '../explain/format.js';
import { rootSignal } from '../lifecycle.js';
import { colorEnabled } from '../output/colors.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';

/** What is kept of a long stdin paste: its head and its tail (the classifier caps further). */
const STDIN_HEAD_BYTES = 512 * 1024;
const STDIN_TAIL_BYTES = 512 * 1024;

/** Reads stdin keeping only its head and tail, so a piped 1 GB log does not fill memory. */
async function readStdinCapped(): Promise<{ text: string; droppedBytes: number }> {
  const head: Buffer[] = [];
  let headLen = 0;
  let tail: Buffer[] = [];
  let tailLen = 0;
  let droppedBytes = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    let buf = chunk;
    if (headLen < STDIN_HEAD_BYTES) {
      const take = buf.subarray(0, STDIN_HEAD_BYTES - headLen);
      head.push(take);
      headLen += take.length;
      buf = buf.subarray(take.length);
    }
    if (buf.length === 0) continue;
    tail.push(buf);
    tailLen += buf.length;
    while (tail.length > 1 && tailLen - tail[0].length >= STDIN_TAIL_BYTES) {
      tailLen -= tail[0].length;
      droppedBytes += tail[0].length;
      tail = tail.slice(1);
    }
  }
  const headText = Buffer.concat(head).toString('utf8');
  const tailText = Buffer.concat(tail).toString('utf8');
  return { text: droppedBytes > 0 ? `${headText}\n…\n${tailText}` : headText + tailText, droppedBytes };
}

/** The command line's flags (test/docs checks `explain --help` lists the same). */
export const FLAGS: Record<string, [keyof ExplainFlags, boolean]> = {
  '--json': ['json', true],
  '--check': ['check', true],
  '--color': ['color', true],
  '--no-color': ['color', false],
};

interface ExplainFlags {
  json?: boolean;
  check?: boolean;
  color?: boolean;
}

/**
 * Splits flags from the message. Pasted errors often start with a dash (wget's
 * `--2024-05-02 10:14:03--  http://...`, `-ERR` from redis), so a word with spaces in it, or
 * anything after `--`, is text; only a short unknown `-x`/`--xyz` is a usage error.
 */
export function parseExplainArgs(argv: string[]): { values: ExplainFlags; positionals: string[] } {
  const values: ExplainFlags = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const flag = FLAGS[arg];
    if (flag) values[flag[0]] = flag[1];
    else if (arg.length > 1 && arg.startsWith('-') && !/\s/.test(arg) && arg.length <= 24 && !/^-\d/.test(arg)) {
      throw new UsageError(`unknown option ${arg} (see --help)`);
    } else positionals.push(arg);
  }
  return { values, positionals };
}

export default async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseExplainArgs(argv);
  exitQuietlyOnEpipe();
  let text: string;
  let droppedBytes = 0;
  if (positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-')) {
    if (process.stdin.isTTY) process.stderr.write('Paste the error message, then press Ctrl-D:\n');
    ({ text, droppedBytes } = await readStdinCapped());
  } else {
    // Unquoted words are one message: `tcpsleuth explain connection refused`.
    text = positionals.join(' ');
  }
  if (text.trim() === '') throw new UsageError('no error text: tcpsleuth explain "ERROR TEXT" (or pipe it on stdin)');

  const ex = explainError(text);
  if (droppedBytes > 0) {
    ex.truncated = { scannedChars: ex.truncated?.scannedChars ?? text.length, totalChars: text.length + droppedBytes };
  }
  if (!values.check) {
    if (values.json) process.stdout.write(`${toJson(ex, undefined, 2)}\n`);
    else process.stdout.write(formatExplanation(ex, { color: values.color ?? colorEnabled(process.stdout) }));
    return ex.class === 'unknown' ? 1 : 0;
  }

  // --check: the explanation first (plain), then the live check of the target it names.
  if (!values.json) process.stdout.write(formatExplanation(ex, { color: values.color ?? colorEnabled(process.stdout) }));
  const { checkExplained } = await import('../explain/run-check.js');
  const checked = ex.host && ex.port ? await checkExplained(ex, rootSignal) : null;
  if (values.json) {
    process.stdout.write(`${toJson({ ...ex, check: checked ? { agrees: checked.agrees, ...checked.report } : null }, undefined, 2)}\n`);
  } else if (checked) {
    process.stdout.write(`\n${checked.summary}\n`);
  } else {
    process.stdout.write('\nNothing to check: the message names no host and port.\n');
  }
  if (!checked) return ex.class === 'unknown' ? 1 : 0;
  return exitCodeFor(checked.report.verdict);
}
