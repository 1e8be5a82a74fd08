/**
 * `tcpsleuth sockets [--port N] [--state S] [--json]`: this host's TCP sockets, to see whether a
 * service listens and on which address (0.0.0.0 vs 127.0.0.1), and what is stuck where.
 */
import { UsageError, parseArgsOrUsage } from '../errors.js';
import type { SocketState } from '../evidence.js';
import { parsePort } from '../target.js';
import { sockets } from '../checks/sockets.js';
import { normaliseState } from '../checks/netstat-parse.js';
import { colorEnabled, painter } from '../output/colors.js';
import { formatSocketsTable } from '../output/sockets-table.js';
import { rootSignal } from '../lifecycle.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { argEcho } from '../sinks/terminal.js';

/** The command line's options (test/docs checks `sockets --help` lists the same). */
export const OPTIONS = {
  port: { type: 'string', short: 'p' },
  state: { type: 'string', short: 's', multiple: true },
  listening: { type: 'boolean', short: 'l' },
  json: { type: 'boolean' },
  processes: { type: 'boolean', default: true },
  'no-processes': { type: 'boolean' },
} as const;

export default async function run(argv: string[]): Promise<number> {
  const parsed = parseArgsOrUsage({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const v = parsed.values;
  // `tcpsleuth sockets 5432` reads as naturally as `--port 5432`.
  if (parsed.positionals.length > 1) throw new UsageError(`expected at most one port, got: ${argEcho(parsed.positionals.join(' '))}`);
  const portText = v.port ?? parsed.positionals[0];
  const port = portText !== undefined ? parsePort(portText) : undefined;
  const states: SocketState[] = (v.state ?? []).flatMap((s) => s.split(',')).map((s) => {
    const st = normaliseState(s.trim().replace(/^SYN_RECEIVED$/i, 'SYN_RECV'));
    if (st === 'UNKNOWN') throw new UsageError(`unknown state "${argEcho(s)}" (LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED, TIME_WAIT, CLOSE_WAIT …)`);
    return st;
  });
  if (v.listening) states.push('LISTEN');

  exitQuietlyOnEpipe();
  const step = await sockets({ port, states, processes: !v['no-processes'] }, { signal: rootSignal });
  if (v.json) {
    process.stdout.write(`${JSON.stringify(step, null, 2)}\n`);
    return step.outcome === 'pass' ? 0 : 1;
  }
  const paint = painter(colorEnabled(process.stdout));
  if (step.outcome !== 'pass') {
    process.stdout.write(`${step.summary}: ${step.reason ?? ''}\n${step.fix ? `fix: ${step.fix}\n` : ''}`);
    return 1;
  }
  const e = step.evidence;
  if (e.rows.length) process.stdout.write(`${formatSocketsTable(e.rows, paint)}\n\n`);
  process.stdout.write(`${step.summary}\n`);
  for (const note of e.notes) process.stdout.write(`${paint('warn', 'note')}: ${note}\n`);
  process.stdout.write(paint('muted', `source: ${e.source === 'proc' ? '/proc/net/tcp and /proc/net/tcp6' : step.command}; QUEUE for LISTEN is queued/backlog\n`));
  return 0;
}
