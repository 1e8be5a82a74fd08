import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage: printed as one line `tcpsleuth: <message>` and exit code 2. Never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Turns node:util parseArgs errors (unknown option, missing value) into one readable line. */
export function usageFromParseArgs(err: unknown): UsageError {
  const msg = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return new UsageError(`unknown option ${unknown[1]} (see --help)`);
  return new UsageError(msg.split('\n')[0].replace(/\.$/, '') + ' (see --help)');
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
