/**
 * `tcpsleuth` with no arguments: the chat in a terminal (one box for a target, a pasted error or a
 * question); without a terminal, a short plain home and exit 0.
 */
import { SELF, USAGE_NOTE } from '../help/as-started.js';
import { rootSignal } from '../lifecycle.js';
import { isInteractive } from '../ui/run-guide.js';

const PLAIN_HOME = `tcpsleuth: find out why a TCP connection fails, step by step, and learn why.

Start here
  tcpsleuth check HOST:PORT        troubleshoot a connection: DNS, ping, connect, then a verdict
  tcpsleuth explain "ERROR TEXT"   paste an error message: what it means at the TCP level
  tcpsleuth learn                  lessons with live experiments and quizzes
  tcpsleuth lab list               faults to try on this machine, then troubleshoot them
${USAGE_NOTE}
In a terminal, \`${SELF}\` alone opens the chat: type a target, paste an error or ask. More: ${SELF} --help
`;

export default async function run(_argv: string[]): Promise<number> {
  if (isInteractive()) {
    // The chat's first screen before Ink loads (src/ui/chat/first-frame.ts), then the chat itself.
    const frame = (await import('../ui/chat/first-frame.js')).drawFirstFrame(process.stdout, process.stdin) ?? undefined;
    try {
      const { runChat } = await import('../ui/chat/run-chat.js');
      return await runChat({ signal: rootSignal, firstFrame: frame });
    } finally {
      frame?.abandon();
    }
  }
  process.stdout.write(PLAIN_HOME);
  return 0;
}
