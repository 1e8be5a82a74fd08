/**
 * Report files: which names can take a report (checked before any packet is sent), and how a file
 * is placed so a planted symlink is never followed: the bytes go to a temp file created
 * exclusively (O_EXCL, O_NOFOLLOW, a random name in the same folder), then `rename` (with force,
 * which replaces a link rather than writing through it) or `link` (without, which fails on any
 * existing name, a symlink included).
 */
import { constants, lstatSync, realpathSync, statSync, accessSync, createReadStream } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { argEcho } from '../sinks/terminal.js';
import { onCleanup } from '../lifecycle.js';

/** A report file name that cannot be used; a usage error (exit 2). */
export class ReportFileError extends UsageError {}

export type ReportFormat = 'md' | 'html';

/** The longest file name Linux file systems take, in bytes. */
export const NAME_MAX = 255;
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/** `md` or `html` from the file name; throws ReportFileError for anything else. */
export function reportFormat(file: string): ReportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new ReportFileError(`--report wants a file ending in .md or .html (got "${argEcho(basename(file))}")`);
}

/** `r.html` → `r.pcap`. */
export function pcapBeside(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.pcap`);
}

function under(path: string, tree: string): boolean {
  return path === tree || path.startsWith(tree + sep);
}

function realParent(abs: string): string {
  try {
    return realpathSync(dirname(abs));
  } catch {
    return dirname(abs);
  }
}

/** Throws ReportFileError when `file` cannot be written as a report file (see validateReportPath). */
function validateOne(file: string, force: boolean): void {
  const abs = resolve(file);
  const shown = argEcho(file);
  const name = basename(abs);
  if (Buffer.byteLength(name) > NAME_MAX) throw new ReportFileError(`the report's file name is ${Buffer.byteLength(name)} bytes long; file systems take at most ${NAME_MAX}: pick a shorter name`);
  const parent = dirname(abs);
  for (const tree of SYSTEM_TREES) {
    if (under(abs, tree) || under(realParent(abs), tree)) throw new ReportFileError(`${shown} is under ${tree}, which holds the kernel's files, not reports: write it to a folder of yours`);
  }
  const dir = (() => {
    try {
      return statSync(parent);
    } catch {
      return undefined;
    }
  })();
  if (!dir) throw new ReportFileError(`no folder ${argEcho(parent)} for the report: create it first, or pick another path`);
  if (!dir.isDirectory()) throw new ReportFileError(`${argEcho(parent)} is not a folder, so it cannot hold the report`);
  try {
    accessSync(parent, constants.W_OK | constants.X_OK);
  } catch {
    throw new ReportFileError(`cannot write to the folder ${argEcho(parent)}: pick a folder you can write to`);
  }
  const st = (() => {
    try {
      return lstatSync(abs);
    } catch {
      return undefined;
    }
  })();
  if (!st) return;
  if (st.isDirectory()) throw new ReportFileError(`${shown} is a folder, not a file${force ? ' (--force replaces files, never folders)' : ''}: name a file inside it`);
  if (st.isFIFO() || st.isCharacterDevice() || st.isBlockDevice() || st.isSocket()) throw new ReportFileError(`${shown} is not a regular file (a device, pipe or socket): name a file`);
  if (!force) throw new ReportFileError(`${shown} already exists (add --force to overwrite it)`);
}

/**
 * Before any packet is sent: throws ReportFileError (a UsageError, exit 2) when `file` cannot take
 * a report: not .md/.html, no such folder or not a folder, a name over 255 bytes, a folder,
 * device, FIFO or socket in its place (with `force` too), under /proc, /sys or /dev, or an
 * existing file without `force`. With `withPcap`, FILE.pcap beside it must be writable too.
 */
export function validateReportPath(file: string, opts: { force?: boolean; withPcap?: boolean } = {}): void {
  reportFormat(file);
  validateOne(file, Boolean(opts.force));
  if (opts.withPcap) validateOne(pcapBeside(resolve(file)), Boolean(opts.force));
}

/** A temp name beside `dest` that nobody can predict. */
function tempBeside(dest: string): string {
  return join(dirname(dest), `.tcpsleuth-${randomBytes(9).toString('hex')}.tmp`);
}

/**
 * Writes `data` (or the bytes of the file `from`) to `dest`: a temp file created exclusively
 * beside it, then renamed (force) or linked (no force: never over an existing name) into place.
 */
export async function placeFile(dest: string, force: boolean | undefined, content: { data: string } | { from: string }): Promise<void> {
  const tmp = tempBeside(dest);
  const unregister = onCleanup(() => unlink(tmp).catch(() => undefined));
  try {
    const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      if ('data' in content) await fh.writeFile(content.data);
      else for await (const chunk of createReadStream(content.from)) await fh.write(chunk as Buffer);
    } finally {
      await fh.close();
    }
    if (force) await rename(tmp, dest);
    else {
      await link(tmp, dest).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST' ? new ReportFileError(`${argEcho(dest)} already exists (add --force to overwrite it)`) : err;
      });
    }
  } finally {
    unregister();
    await unlink(tmp).catch(() => undefined);
  }
}
