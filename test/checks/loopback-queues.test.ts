/**
 * A listener's accept queue from the one source (listenerQueues): the queue from /proc, the
 * backlog from the kernel's netlink answer (ss). A listener that never accepts, with room left in
 * its backlog, is not full; once the queue passes the backlog, it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { once } from 'node:events';
import { acceptQueueFull, listenerQueues } from '../../src/checks/kernel.js';
import { which } from '../../src/tools.js';

/** A listener that never calls accept(): python's socket.listen(backlog), then sleep. */
let holder: ChildProcess;
let port = 0;
const clients: net.Socket[] = [];

beforeAll(async () => {
  holder = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(4)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(holder.stdout!, 'data');
  port = Number(String(line).trim());
});

afterAll(() => {
  for (const c of clients) c.destroy();
  holder.kill();
});

async function connectOne(): Promise<void> {
  const c = net.connect({ host: '127.0.0.1', port });
  clients.push(c);
  c.on('error', () => undefined);
  await once(c, 'connect');
}

describe.skipIf(!which('ss') || !which('python3'))('listenerQueues', () => {
  it('reads the backlog from ss, not /proc\'s tx_queue: two waiting of four is not full', async () => {
    await connectOne();
    await connectOne();
    const [q] = await listenerQueues(port);
    expect(q).toEqual({ address: '127.0.0.1', port, queued: 2, backlog: 4 });
    expect(acceptQueueFull(q)).toBe(false);
  });

  it('a queue past its backlog is full', async () => {
    // Linux lets the queue reach backlog + 1 before it drops SYNs.
    for (let i = 0; i < 3; i++) await connectOne();
    const [q] = await listenerQueues(port);
    expect(q.queued).toBe(5);
    expect(acceptQueueFull(q)).toBe(true);
  });
});
