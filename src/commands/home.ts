/**
 * `tcpsleuth` with no arguments: the guide's home screen in a terminal (troubleshoot, paste an
 * error, learn, try a lab fault); without a terminal, a short plain home and exit 0.
 */
import { rootSignal } from '../lifecycle.js';

export const PLAIN_HOME = `tcpsleuth: find out why a TCP connection fails, step by step, and learn why.

Start here
  tcpsleuth check HOST:PORT        troubleshoot a connection: DNS, ping, connect, then a verdict
  tcpsleuth explain "ERROR TEXT"   paste an error message: what it means at the TCP level
  tcpsleuth learn                  lessons with live experiments and quizzes
  tcpsleuth lab list               faults to try on this machine, then troubleshoot them

In a terminal, \`tcpsleuth\` alone opens the interactive guide. More: tcpsleuth --help
`;

export default async function run(_argv: string[]): Promise<number> {
  const { runGuide } = await import('../ui/run-guide.js');
  const code = await runGuide(undefined, { signal: rootSignal });
  if (code !== undefined) return code;
  process.stdout.write(PLAIN_HOME);
  return 0;
}
