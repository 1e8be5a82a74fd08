/**
 * Loopback servers with one behaviour each, for any user (no root): the ground truth behind the
 * unprivileged lab scenarios, the notebook's experiments and the checks' tests.
 */
import net from 'node:net';
import tls from 'node:tls';
import { Worker } from 'node:worker_threads';
import { certGenerator } from './cert-generator.js';
import { startTlsFaultServer, TLS_FAULT_DOES, type TlsFaultBehaviour } from './tls-servers.js';

export type LoopbackBehaviour =
  /** Accepts and keeps the connection open, says nothing. */
  | 'open'
  /** Accepts and sends a banner line (like SSH or SMTP). */
  | 'banner'
  /** Nothing listens on the port. */
  | 'refused'
  /** Accepts, then answers with RST at once. */
  | 'reset-after-connect'
  /** Accepts, then closes with FIN at once. */
  | 'closed-after-connect'
  /** Listens but never accepts; the accept queue is full, so new SYNs are dropped. */
  | 'accept-queue-full'
  /** A TLS server with a self-signed certificate. */
  | 'tls'
  /** Accepts, reads the TLS ClientHello, stalls, then RSTs (a load balancer's habit). */
  | 'tls-delayed-reset'
  /** Listens on 127.0.0.1 only (reach it through another local address to see it refused). */
  | 'localhost-only'
  /** Never closes a socket its client hung up (CLOSE_WAIT piles up); once its slots are full it turns new clients away. */
  | 'close-wait-leak'
  /** The TLS faults of tls-servers.ts: plain text, another name, mutual TLS, TLS 1.0 only, an internal CA. */
  | TlsFaultBehaviour;

export interface RunningServer {
  behaviour: LoopbackBehaviour;
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  host?: string;
  port?: number;
  /** For `banner`: the line sent on connect. */
  banner?: string;
  /** For `tls-delayed-reset`: how long to stall after the ClientHello before the RST. */
  stallMs?: number;
}

/** Starts a loopback server with the given behaviour on a free port (or `opts.port`). */
export async function startLoopbackServer(behaviour: LoopbackBehaviour, opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  switch (behaviour) {
    case 'refused':
      return refusedPort(host);
    case 'accept-queue-full':
      return acceptQueueFull(host, opts.port);
    case 'tls':
      return tlsServer(host, opts.port);
    case 'close-wait-leak':
      return closeWaitLeak(host, opts.port);
    default:
      if (behaviour in TLS_FAULT_DOES) {
        const started = await startTlsFaultServer(behaviour as TlsFaultBehaviour, host, opts.port);
        return { behaviour, host, ...started };
      }
      return plainServer(behaviour, host, opts);
  }
}

function listen(server: net.Server, host: string, port = 0, backlog?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog }, () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

async function plainServer(behaviour: LoopbackBehaviour, host: string, opts: ServerOptions): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    if (behaviour === 'reset-after-connect') socket.resetAndDestroy();
    else if (behaviour === 'closed-after-connect') socket.end();
    else if (behaviour === 'banner') socket.write(opts.banner ?? 'SSH-2.0-OpenSSH_9.2p1 tcpsleuth-lab\r\n');
    else if (behaviour === 'tls-delayed-reset') {
      socket.once('data', () => {
        const t = setTimeout(() => socket.resetAndDestroy(), opts.stallMs ?? 300);
        timers.add(t);
      });
    }
  });
  const bindHost = behaviour === 'localhost-only' ? '127.0.0.1' : host;
  const port = await listen(server, bindHost, opts.port);
  const close = closer(server, sockets);
  return {
    behaviour,
    host: bindHost,
    port,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await close();
    },
  };
}

async function refusedPort(host: string): Promise<RunningServer> {
  const server = net.createServer();
  const port = await listen(server, host);
  await new Promise<void>((r) => server.close(() => r()));
  return { behaviour: 'refused', host, port, close: async () => undefined };
}

let cachedCert: { key: string; cert: string } | undefined;

/** A self-signed certificate for localhost/127.0.0.1, made once per process. */
export async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  if (cachedCert) return cachedCert;
  const generate = await certGenerator();
  const pems = await generate([{ name: 'commonName', value: 'tcpsleuth-lab.localhost' }], {
    keySize: 2048,
    days: 30,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  } as Parameters<typeof generate>[1]);
  cachedCert = { key: pems.private, cert: pems.cert };
  return cachedCert;
}

async function tlsServer(host: string, port?: number): Promise<RunningServer> {
  const { key, cert } = await selfSignedCert();
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key, cert }, (socket) => {
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  const bound = await listen(server, host, port);
  return { behaviour: 'tls', host, port: bound, close: closer(server, sockets) };
}

/**
 * A listener that never calls accept(): it lives in a worker thread blocked in Atomics.wait, so
 * its event loop never runs. We fill its queue ourselves, so the next SYN is dropped by the kernel.
 */
async function acceptQueueFull(host: string, port = 0): Promise<RunningServer> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const net = require('node:net');
    const server = net.createServer();
    server.listen({ host: workerData.host, port: workerData.port, backlog: 1 }, () => {
      parentPort.postMessage(server.address().port);
      setImmediate(() => {
        Atomics.wait(workerData.flag, 0, 0);
        server.close();
        process.exit(0);
      });
    });
  `;
  const worker = new Worker(code, { eval: true, workerData: { host, port, flag } });
  const bound = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Node turns backlog 0 into its default, so ask for 1: Linux then queues two (backlog + 1).
  // Fill the queue until a connection stops completing (bounded: at most 8 tries).
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const s = net.connect({ host, port: bound });
    s.on('error', () => undefined);
    fillers.push(s);
    const connected = await new Promise<boolean>((r) => {
      s.once('connect', () => r(true));
      setTimeout(() => r(false), 250);
    });
    if (!connected) break;
  }
  return {
    behaviour: 'accept-queue-full',
    host,
    port: bound,
    close: async () => {
      for (const s of fillers) s.destroy();
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await worker.terminate().catch(() => undefined);
    },
  };
}

/** How many connections the leaky server holds before it turns new ones away (its "worker pool"). */
export const LEAK_SLOTS = 16;

/**
 * A server that never closes a connection its client hung up: with allowHalfOpen Node does not
 * answer the client's FIN, so each socket stays in CLOSE_WAIT. The lab plays the clients that came
 * and went (it opens and closes LEAK_SLOTS connections); the server is then at its maxConnections,
 * so Node accepts each new connection and closes it at once: the client sees a FIN, an empty reply.
 */
async function closeWaitLeak(host: string, port = 0): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    // The bug: 'end' (the client's FIN) is ignored, so close() is never called.
  });
  server.maxConnections = LEAK_SLOTS;
  const bound = await listen(server, host, port);
  const leaked = new Promise<void>((resolve) => {
    let n = 0;
    server.on('connection', () => {
      if (++n === LEAK_SLOTS) resolve();
    });
  });
  for (let i = 0; i < LEAK_SLOTS; i++) {
    const c = net.connect({ host, port: bound }, () => c.end());
    c.on('error', () => undefined);
    // Our FIN is out: let go of our end (the kernel finishes it); the server's end stays in CLOSE_WAIT.
    c.on('finish', () => c.destroy());
  }
  // Bounded: the server sees every one of them within a moment on loopback.
  await Promise.race([leaked, new Promise((r) => setTimeout(r, 3_000))]);
  return { behaviour: 'close-wait-leak', host, port: bound, close: closer(server, sockets) };
}
