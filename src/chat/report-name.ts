/**
 * Where the chat writes a report: a bare file name in the working folder (or the folder
 * TCPSLEUTH_REPORT_DIR / `chat --report-dir` names), never a path. In the bot use (`chat --json`
 * fed by other people) a path would let anyone write anywhere the bot can. Pure.
 */
import { join } from 'node:path';
import { argEcho } from '../sinks/terminal.js';

/** The longest file name accepted (most file systems allow 255 bytes). */
const MAX_NAME = 200;

export type ReportPlace = { ok: true; file: string } | { ok: false; reason: string };

/** The folder reports go to: the configured one, else the working folder. */
export function reportDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return env.TCPSLEUTH_REPORT_DIR?.trim() || cwd;
}

/** `name` as a file in `dir`, or why it is refused. */
export function placeReport(name: string, dir: string): ReportPlace {
  const shown = argEcho(name);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, reason: `"${shown}" has control characters: /report takes a file name, not a path (e.g. /report db-refused.md)` };
  if (/[/\\]/.test(name) || name === '.' || name === '..' || /^~/.test(name)) return { ok: false, reason: `"${shown}" is a path: /report takes a file name, not a path (it is written in ${argEcho(dir)}; e.g. /report db-refused.md)` };
  if (name.startsWith('.')) return { ok: false, reason: `"${shown}" would be a hidden file: /report takes a plain file name (e.g. /report db-refused.md)` };
  if (name.length > MAX_NAME) return { ok: false, reason: `the name is ${name.length} characters long; at most ${MAX_NAME}` };
  if (!/\.(?:md|html?)$/i.test(name)) return { ok: false, reason: `"${shown}" needs .md or .html at the end (Markdown or a web page)` };
  return { ok: true, file: join(dir, name) };
}
