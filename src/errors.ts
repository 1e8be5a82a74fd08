import { parseArgs, type ParseArgsConfig } from 'node:util';
import { argEcho, echo } from './sinks/terminal.js';

/** A usage message longer than this is cut: no argument, however long, floods the terminal. */
export const USAGE_LIMIT = 1000;

/**
 * Bad usage: printed as one line `tcpsleuth: <message>` and exit code 2. Never a stack trace.
 * Call sites echo arguments through `argEcho`; the message is made inert and cut here as well, so
 * an argument a call site forgot still cannot write to the terminal.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(echo(message, USAGE_LIMIT));
    this.name = 'UsageError';
  }
}

/** The one line printed for an error that reached the top: inert, cut, never a stack. */
export function errorLine(err: unknown): string {
  if (err instanceof UsageError) return err.message;
  return `internal error: ${echo(err instanceof Error ? err.message : String(err), USAGE_LIMIT)}`;
}

/** Turns node:util parseArgs errors (unknown option, missing value) into one readable line. */
export function usageFromParseArgs(err: unknown): UsageError {
  const msg = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return new UsageError(`unknown option ${argEcho(unknown[1])} (see --help)`);
  // node quotes the argument it complains about ('…'): cut and escape it like any echoed argument.
  const line = msg.split('\n')[0].replace(/\.$/, '').replace(/'([^']*)'/g, (_, arg: string) => `'${argEcho(arg)}'`);
  return new UsageError(`${line} (see --help)`);
}

/**
 * node:util parseArgs, with its errors (unknown option, missing value, stray positional) thrown as
 * one readable UsageError: the one place every command reads its command line through.
 */
export function parseArgsOrUsage<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw usageFromParseArgs(err);
  }
}
