/**
 * Small loopback plumbing for the probes: a listener that remembers its sockets and closes them
 * all, a connect that rejects on error or abort, and the "this probe cannot run here" error.
 */
import net from 'node:net';

/** A probe that cannot run on this machine (not Linux, not root, a tool missing): the reason and the fix. */
export class ProbeUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeUnavailable';
  }
}

export interface Listener {
  server: net.Server;
  host: string;
  port: number;
  /** Sockets the server accepted, in order. */
  accepted: net.Socket[];
  /**
   * Resolves with the accepted end of `client`'s connection (matched by its port). Not simply the
   * next one accepted: anything on this machine may connect to a loopback port (a port scan of
   * 127.0.0.1 does), and such a stranger must not stand in for the probe's own peer.
   */
  peerOf(client: net.Socket): Promise<net.Socket>;
  close(): Promise<void>;
}

/** Listens on host (127.0.0.1) and an ephemeral port, or `port`; `onConnection` sees every accepted socket. */
export async function listen(opts: { host?: string; port?: number; backlog?: number; onConnection?: (s: net.Socket) => void } = {}): Promise<Listener> {
  const host = opts.host ?? '127.0.0.1';
  const accepted: net.Socket[] = [];
  const waiting = new Map<number, (s: net.Socket) => void>();
  const server = net.createServer((s) => {
    s.on('error', () => {});
    accepted.push(s);
    opts.onConnection?.(s);
    const w = s.remotePort !== undefined ? waiting.get(s.remotePort) : undefined;
    if (w) {
      waiting.delete(s.remotePort!);
      w(s);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: opts.port ?? 0, backlog: opts.backlog }, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    server,
    host,
    port,
    accepted,
    peerOf: (client) => {
      const port = client.localPort;
      if (port === undefined) return Promise.reject(new Error("the probe's own socket is not connected"));
      const known = accepted.find((s) => s.remotePort === port);
      return known ? Promise.resolve(known) : new Promise((resolve) => waiting.set(port, resolve));
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of accepted) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Connects to host:port; rejects on error, after `timeoutMs`, or when `signal` aborts (the socket is destroyed). */
export function connect(host: string, port: number, opts: { timeoutMs?: number; signal?: AbortSignal; noDelay?: boolean; localAddress?: string } = {}): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: opts.noDelay, localAddress: opts.localAddress });
    const fail = (err: Error) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    };
    const onAbort = () => fail(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
    const timer = setTimeout(() => fail(Object.assign(new Error(`no answer within ${opts.timeoutMs} ms`), { code: 'ETIMEDOUT' })), opts.timeoutMs ?? 5000);
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.off('error', fail);
      socket.on('error', () => {});
      resolve(socket);
    });
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Milliseconds since `t0` (from process.hrtime.bigint()), to a hundredth. */
export const elapsedMs = (t0: bigint): number => Math.round(Number(process.hrtime.bigint() - t0) / 1e4) / 100;

/** Throws ProbeUnavailable unless this is Linux (the probes read its /proc socket table). */
export function needLinux(): void {
  if (process.platform !== 'linux') throw new ProbeUnavailable(`needs Linux: it reads the kernel's socket table in /proc (this is ${process.platform})`);
}
