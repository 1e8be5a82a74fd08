/**
 * `time-wait-restart`: a server closes its connection first (so its end of it waits in
 * TIME_WAIT on the server's port), stops, and "restarts" on the same port at once: once without
 * SO_REUSEADDR (EADDRINUSE), once with it (bound). Node cannot show the failure (libuv sets
 * SO_REUSEADDR on every listening socket), so the restarts are a few lines of Python, which
 * binds without it unless told.
 */
import net from 'node:net';
import { runTool, which } from '../../tools.js';
import type { ProbeMeasurement } from './catalogue.js';
import { connect, listen, needLinux, ProbeUnavailable } from './loopback.js';
import { readTimedSockets } from './proc-timers.js';

/** Binds 127.0.0.1:PORT (SO_REUSEADDR when the second argument is 1), listens, says `bound` or `error ERRNO TEXT`. */
const RESTART = `import socket, sys
s = socket.socket()
if sys.argv[2] == '1':
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(('127.0.0.1', int(sys.argv[1])))
    s.listen()
    print('bound')
except OSError as e:
    print('error', e.errno, e.strerror)
`;

interface Restart {
  bound: boolean;
  said: string;
}

async function restart(python: string, port: number, reuse: boolean, signal?: AbortSignal): Promise<Restart> {
  const r = await runTool(python, ['-c', RESTART, String(port), reuse ? '1' : '0'], { timeoutMs: 10_000, signal });
  const said = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.code !== 0 || !/^(bound|error )/.test(said)) throw new Error(`python3 could not run the restart: ${(r.stderr || r.stdout).trim().split('\n').at(-1) || `exit ${r.code}`}`);
  return { bound: said === 'bound', said: said.replace(/^error (\d+) /, 'errno $1, ') };
}

/** One connection the server closes first; the server then stops listening. Resolves with the port. */
async function closeFirstThenStop(signal?: AbortSignal): Promise<{ port: number; clientPort: number }> {
  const server = await listen({ onConnection: (s) => s.end('bye\n') });
  try {
    const client = await connect(server.host, server.port, { signal });
    const clientPort = client.localPort ?? 0;
    await new Promise<void>((resolve) => {
      client.on('data', () => {});
      client.on('end', () => client.end());
      client.on('close', () => resolve());
    });
    return { port: server.port, clientPort };
  } finally {
    await server.close();
  }
}

export async function timeWaitRestart(signal?: AbortSignal): Promise<ProbeMeasurement> {
  needLinux();
  const python = which('python3');
  if (!python) throw new ProbeUnavailable('needs python3 to restart a server without SO_REUSEADDR (Node always sets it): sudo apt-get install python3 (Debian/Ubuntu)');
  const { port, clientPort } = await closeFirstThenStop(signal);
  const rows = (await readTimedSockets()).filter((r) => r.localPort === port && r.remotePort === clientPort && r.state === 'TIME_WAIT');
  const left = rows[0]?.timerMs;
  const plain = await restart(python, port, false, signal);
  const reuse = await restart(python, port, true, signal);
  const node = await nodeListens(port);
  const measured = [
    rows.length
      ? `the kernel kept the server's end of the closed connection: 127.0.0.1:${port} ↔ :${clientPort} TIME_WAIT, ${((left ?? 0) / 1000).toFixed(1)} s left`
      : `no TIME_WAIT row on port ${port} was seen (it may have been reused already)`,
    `restart without SO_REUSEADDR: ${plain.bound ? 'bound' : plain.said}`,
    `restart with SO_REUSEADDR:    ${reuse.bound ? 'bound' : reuse.said}`,
    `a Node server on the same port: ${node}`,
  ];
  const observed = !plain.bound && reuse.bound ? 'eaddrinuse' : 'bound';
  const summary =
    observed === 'eaddrinuse'
      ? `the restart without SO_REUSEADDR failed (${plain.said}) while the old connection sat in TIME_WAIT on port ${port}; with SO_REUSEADDR it bound at once`
      : `the restart without SO_REUSEADDR ${plain.bound ? 'bound' : 'failed'}, with it ${reuse.bound ? 'bound' : 'failed'}`;
  return { observed, summary, measured, data: { port, timeWaitRows: rows.length, timeWaitLeftMs: left ?? 0, withoutReuse: plain.said, withReuse: reuse.said } };
}

/** Node's listen sets SO_REUSEADDR itself: says whether it bound. */
function nodeListens(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', (err: NodeJS.ErrnoException) => resolve(`failed (${err.code})`));
    s.listen({ host: '127.0.0.1', port }, () => s.close(() => resolve('bound (libuv sets SO_REUSEADDR on every listening socket)')));
  });
}
