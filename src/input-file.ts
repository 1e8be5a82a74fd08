/**
 * Files named on the command line (`check -f FILE`, `--ca FILE`, `--ssh-config FILE`): opened
 * without blocking and judged by what they are before a byte is read. Only a regular file below
 * a size cap is read; a FIFO, a device (`/dev/zero`), a socket or a folder is refused as bad usage
 * (exit 2) with the way to do it instead, and `-` is the one explicit way to stream stdin. Reads
 * are asynchronous, so Ctrl-C and SIGTERM always end the process.
 */
import { accessSync, closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { UsageError } from './errors.js';
import { shellQuote } from './shell-words.js';
import { argEcho } from './sinks/terminal.js';

export interface InputFileOptions {
  /** How the file was named on the command line, for the message: `-f`, `--ca`, `--ssh-config`. */
  option: string;
  /** Larger files are refused (stdin stops being read past this many bytes). */
  maxBytes: number;
  /** What the file should hold, for the size message: "a target list". */
  holds?: string;
  /** The command that reads this input from stdin instead (`tcpsleuth check -f -`), offered for a FIFO. */
  streamWith?: string;
}

/** `1.5 MB`, `300 KB`, `12 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${Number((n / (1024 * 1024)).toFixed(1))} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} byte${n === 1 ? '' : 's'}`;
}

const where = (file: string, o: InputFileOptions) => `${o.option} ${argEcho(file)}`;

/** Why a path cannot be opened, in words (ENOENT → "no such file"). */
function openFailure(err: unknown, file: string, o: InputFileOptions): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: 'no such file',
    ENOTDIR: 'no such file (a part of the path is not a folder)',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'the name is too long',
    ENXIO: 'is a socket or a device with nothing behind it, not a file',
  };
  return new UsageError(`${where(file, o)}: ${why[code ?? ''] ?? argEcho((err as Error).message)}`);
}

/** Refuses anything but a regular file of at most `maxBytes`; says what it is and what to do instead. */
export function judgeFile(st: Stats, file: string, o: InputFileOptions): void {
  const stream = o.streamWith ? ` (to stream it: ${o.streamWith} < ${argEcho(shellQuote(file))})` : '';
  if (st.isDirectory()) throw new UsageError(`${where(file, o)}: is a folder, not a file`);
  if (st.isFIFO()) throw new UsageError(`${where(file, o)}: is a named pipe (FIFO), not a regular file${stream}`);
  if (st.isCharacterDevice() || st.isBlockDevice()) throw new UsageError(`${where(file, o)}: is a device, not a regular file`);
  if (st.isSocket()) throw new UsageError(`${where(file, o)}: is a socket, not a regular file`);
  if (!st.isFile()) throw new UsageError(`${where(file, o)}: not a regular file`);
  if (st.size > o.maxBytes) throw new UsageError(`${where(file, o)}: ${formatBytes(st.size)} is more than ${o.holds ?? 'this file'} may be (${formatBytes(o.maxBytes)})`);
}

/**
 * Checks, without reading it, that a file another program will read (ssh's `-F`) exists, is a
 * regular file below the cap and is readable. Throws UsageError; returns the path.
 */
export function checkInputFile(file: string, o: InputFileOptions): string {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (err) {
    throw openFailure(err, file, o);
  }
  judgeFile(st, file, o);
  try {
    accessSync(file, constants.R_OK);
  } catch (err) {
    throw openFailure(err, file, o);
  }
  return file;
}

/**
 * Reads a small regular file synchronously (a CA bundle): opened non-blocking, so a FIFO swapped
 * in after a check cannot block the open, and judged on the open descriptor (no race).
 */
export function readRegularFileSync(file: string, o: InputFileOptions): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw openFailure(err, file, o);
  }
  try {
    const st = fstatSync(fd);
    judgeFile(st, file, o);
    const buf = Buffer.alloc(Math.min(st.size, o.maxBytes) + 1);
    let got = 0;
    for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, null);
    if (got > o.maxBytes) throw new UsageError(`${where(file, o)}: more than ${o.holds ?? 'this file'} may be (${formatBytes(o.maxBytes)})`);
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a file named on the command line, or stdin for `-`, asynchronously and at most
 * `maxBytes` of it. Throws UsageError for anything but a regular file (or stdin) within the cap.
 */
export async function readInputText(file: string, o: InputFileOptions & { signal?: AbortSignal }): Promise<string> {
  if (file === '-') return readStdin(o);
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw openFailure(err, file, o);
  }
  try {
    judgeFile(await handle.stat(), file, o);
    const text = await handle.readFile({ encoding: 'utf8', signal: o.signal });
    // It grew after the stat: the cap still holds.
    if (Buffer.byteLength(text) > o.maxBytes) throw new UsageError(`${where(file, o)}: more than ${o.holds ?? 'this file'} may be (${formatBytes(o.maxBytes)})`);
    return text;
  } finally {
    await handle.close();
  }
}

/** Stdin up to the cap; stops reading (and says so) past it, and ends on the signal. */
async function readStdin(o: InputFileOptions & { signal?: AbortSignal }): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) process.stderr.write(`reading ${o.holds ?? 'input'} from the terminal: one per line, Ctrl-D to end\n`);
  const chunks: Buffer[] = [];
  let size = 0;
  const onAbort = () => stdin.destroy();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stdin) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += b.length;
      if (size > o.maxBytes) {
        stdin.destroy();
        throw new UsageError(`${o.option} -: stdin sent more than ${o.holds ?? 'this input'} may be (${formatBytes(o.maxBytes)})`);
      }
      chunks.push(b);
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (o.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  return Buffer.concat(chunks).toString('utf8');
}
