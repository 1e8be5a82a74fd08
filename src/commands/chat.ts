/**
 * `tcpsleuth chat`: the conversation. In a terminal it opens the chat screen; with stdin not a
 * TTY it reads one message per line and prints one reply per message (plain text, or with
 * `--json` one JSON object per line). Both run the same machine (src/chat/machine.ts).
 */
import { createInterface } from 'node:readline';
import { parseArgsOrUsage, UsageError } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { colorEnabled, painter } from '../output/colors.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { stat } from 'node:fs/promises';
import { argEcho } from '../sinks/terminal.js';
import { selfCommandLine } from '../self-command.js';
import { drawFirstFrame } from '../ui/chat/first-frame.js';

/** The command line's options (test/docs checks `chat --help` lists the same). */
export const OPTIONS = { json: { type: 'boolean' }, plain: { type: 'boolean' }, 'no-auto-check': { type: 'boolean' }, 'report-dir': { type: 'string' } } as const;

export default async function run(argv: string[]): Promise<number> {
  const parsed = parseArgsOrUsage({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  if (parsed.positionals.length) throw new UsageError(`chat takes no arguments (got "${argEcho(parsed.positionals[0])}"): type messages on stdin, e.g. echo "db:5432" | ${selfCommandLine(['chat'])}`);
  const autoCheck = !parsed.values['no-auto-check'] && !/^(?:0|no|false|off)$/i.test(process.env.TCPSLEUTH_CHAT_AUTO_CHECK ?? '');
  const dir = parsed.values['report-dir'];
  if (dir !== undefined) {
    const st = await stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new UsageError(`--report-dir ${argEcho(dir)}: no such folder`);
    process.env.TCPSLEUTH_REPORT_DIR = dir;
  }
  // In a terminal: the Ink chat screen bound to the same machine (its actors load when first used).
  if (process.stdin.isTTY && process.stdout.isTTY && process.env.TERM !== 'dumb' && !parsed.values.json && !parsed.values.plain) {
    // The prompt is on screen before Ink loads; Ink then draws over it (first-frame.ts).
    const frame = drawFirstFrame(process.stdout, process.stdin) ?? undefined;
    try {
      const { runChat } = await import('../ui/chat/run-chat.js');
      return await runChat({ signal: rootSignal, autoCheck, firstFrame: frame });
    } finally {
      frame?.abandon();
    }
  }
  const { realChatActors, warmUp } = await import('../chat/actors.js');

  exitQuietlyOnEpipe();
  warmUp();
  const { runChatHeadless } = await import('../chat/headless.js');
  const { replyJson, replyText } = await import('../chat/text.js');
  const paint = painter(colorEnabled(process.stdout));
  const json = Boolean(parsed.values.json);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  try {
    return await runChatHeadless({
      actors: realChatActors(),
      autoCheck,
      lines,
      signal: rootSignal,
      write: (chunk) => process.stdout.write(chunk),
      render: (reply) => (json ? replyJson(reply) : `${replyText(reply, paint)}\n`),
    });
  } finally {
    lines.close();
    // A drill the chat started ends with the chat, however the input ends.
    await (await import('../chat/drill-actors.js')).stopChatDrills();
  }
}
