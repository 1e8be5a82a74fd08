/**
 * One connect() probe: no raw packets, no privilege needed. The engine decides when a probe has
 * waited long enough and calls `cancel()`.
 *
 * Two interchangeable ways to make the socket. The fast one drives libuv's TCP handle directly
 * (`process.binding('tcp_wrap')`, the object under net.Socket): a scan is little more than
 * socket+connect+close, and skipping the stream machinery halves the CPU per port, which is what a
 * 65535-port loopback scan spends its time on. When that binding is missing (a future Node) or
 * TCPSLEUTH_SCAN_SOCKETS=net is set, plain net.Socket does the same job.
 *
 * A handle whose connect was refused is kept for the next probe (a ProbePool): Linux lets a
 * socket connect again once its last attempt failed, which saves the socket() and close() of
 * every closed port, a third of what a loopback scan of all ports costs.
 */
import net from 'node:net';
import { getSystemErrorName } from 'node:util';
import type { PortReason, PortState } from './types.js';

export type ProbeAnswer =
  | { kind: 'answer'; state: PortState; reason: PortReason; rttMs: number; errorCode?: string }
  /** This machine ran out of something (fds, source ports): try the port again later. */
  | { kind: 'retry-later'; errorCode: string };

export interface RunningProbe {
  readonly startedAt: number;
  /** Stops waiting; the answer callback is not called after this. */
  cancel(): void;
}

export type ProbeBackend = 'handle' | 'net';

/** What a connect() error says about the port. */
export function classifyConnectError(code: string | undefined): { state: PortState; reason: PortReason } | 'retry-later' {
  switch (code) {
    case 'ECONNREFUSED':
      return { state: 'closed', reason: 'conn-refused' };
    // The handshake completed and the peer reset at once (DESIGN.md): something listens.
    case 'ECONNRESET':
    case 'EPIPE':
      return { state: 'open', reason: 'syn-ack' };
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
    case 'ENONET':
      return { state: 'filtered', reason: 'host-unreach' };
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return { state: 'filtered', reason: 'net-unreach' };
    // ICMPv6 administratively-prohibited (and reject-route) arrive as EACCES: on IPv6 the error
    // itself says a filter refused the SYN. (IPv4's admin-prohibited is EHOSTUNREACH; see engine.)
    case 'EACCES':
      return { state: 'filtered', reason: 'admin-prohibited' };
    case 'EPERM':
      return { state: 'filtered', reason: 'local-firewall' };
    case 'ETIMEDOUT':
      return { state: 'filtered', reason: 'no-response' };
    case 'EMFILE':
    case 'ENFILE':
    case 'EADDRNOTAVAIL':
    case 'ENOBUFS':
    case 'EAGAIN':
      return 'retry-later';
    default:
      return { state: 'filtered', reason: 'local-error' };
  }
}

function answerFromError(code: string | undefined, rttMs: number): ProbeAnswer {
  const c = classifyConnectError(code);
  if (c === 'retry-later') return { kind: 'retry-later', errorCode: code ?? 'unknown' };
  return { kind: 'answer', ...c, rttMs, errorCode: code };
}

interface TcpHandle {
  connect(req: unknown, address: string, port: number): number;
  connect6(req: unknown, address: string, port: number): number;
  close(cb?: () => void): void;
  reset?(cb?: () => void): number;
}
interface TcpWrapBinding {
  TCP: new (type: number) => TcpHandle;
  TCPConnectWrap: new () => { oncomplete?: (status: number) => void; address?: string; port?: number };
  constants: { SOCKET: number };
}

let binding: TcpWrapBinding | null | undefined;

function tcpWrap(): TcpWrapBinding | null {
  if (binding !== undefined) return binding;
  binding = null;
  if (process.env.TCPSLEUTH_SCAN_SOCKETS === 'net') return binding;
  try {
    const b = (process as unknown as { binding(name: string): TcpWrapBinding }).binding('tcp_wrap');
    if (typeof b?.TCP === 'function' && typeof b.TCPConnectWrap === 'function' && typeof b.constants?.SOCKET === 'number') binding = b;
  } catch {
    // not available: use net.Socket
  }
  return binding;
}

/** Which backend probes will use in this process. */
export function probeBackend(): ProbeBackend {
  return tcpWrap() ? 'handle' : 'net';
}

/**
 * The probes of one scan, with the handles of refused ports kept for the next probe (all of
 * one address family: a socket keeps the family of its first connect). `close()` when the scan ends.
 */
export class ProbePool {
  private readonly spare: TcpHandle[] = [];

  /**
   * Starts connecting to address:port (an IP literal of `family`). `onAnswer` is called once,
   * possibly synchronously (an immediate ENETUNREACH), unless the probe is cancelled first.
   * An open port is closed again at once with RST, so nothing lingers in TIME_WAIT.
   */
  start(address: string, port: number, family: 4 | 6, onAnswer: (a: ProbeAnswer) => void): RunningProbe {
    const b = tcpWrap();
    return b ? handleProbe(b, address, port, family, onAnswer, this.spare) : socketProbe(address, port, onAnswer);
  }

  /** Closes the handles kept for reuse. */
  close(): void {
    for (let h = this.spare.pop(); h; h = this.spare.pop()) h.close();
  }
}

/** Handles kept at most (each holds a file descriptor). */
const MAX_SPARE = 4096;

function handleProbe(b: TcpWrapBinding, address: string, port: number, family: 4 | 6, onAnswer: (a: ProbeAnswer) => void, spare: TcpHandle[]): RunningProbe {
  const startedAt = performance.now();
  const reused = spare.pop();
  const handle = reused ?? new b.TCP(b.constants.SOCKET);
  const req = new b.TCPConnectWrap();
  let live = true;
  const probe: RunningProbe = {
    startedAt,
    cancel() {
      if (!live) return;
      live = false;
      // Closing a socket in SYN_SENT sends nothing: the half-open attempt just ends here.
      handle.close();
    },
  };
  req.address = address;
  req.port = port;
  req.oncomplete = (status: number) => {
    if (!live) return;
    live = false;
    const rttMs = performance.now() - startedAt;
    if (status === 0) {
      if (typeof handle.reset === 'function') handle.reset();
      else handle.close();
      onAnswer({ kind: 'answer', state: 'open', reason: 'syn-ack', rttMs });
    } else {
      const code = getSystemErrorName(status);
      // Refused: the socket is closed and clean, ready to connect again. Anything else is dropped.
      if (code === 'ECONNREFUSED' && spare.length < MAX_SPARE) spare.push(handle);
      else handle.close();
      onAnswer(answerFromError(code, rttMs));
    }
  };
  const connect = () => (family === 6 ? handle.connect6(req, address, port) : handle.connect(req, address, port));
  let err = connect();
  // A socket whose last connect was refused answers the next connect with ECONNABORTED, and
  // resets itself doing so: the second try is the real one.
  if (err && reused && getSystemErrorName(err) === 'ECONNABORTED') err = connect();
  if (err) {
    live = false;
    handle.close();
    onAnswer(answerFromError(getSystemErrorName(err), performance.now() - startedAt));
  }
  return probe;
}

function socketProbe(address: string, port: number, onAnswer: (a: ProbeAnswer) => void): RunningProbe {
  const startedAt = performance.now();
  const socket = new net.Socket();
  let live = true;
  socket.once('connect', () => {
    if (!live) return;
    live = false;
    const rttMs = performance.now() - startedAt;
    socket.resetAndDestroy();
    onAnswer({ kind: 'answer', state: 'open', reason: 'syn-ack', rttMs });
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    socket.destroy();
    if (!live) return;
    live = false;
    onAnswer(answerFromError(err.code, performance.now() - startedAt));
  });
  socket.connect({ host: address, port });
  return {
    startedAt,
    cancel() {
      if (!live) return;
      live = false;
      socket.destroy();
    },
  };
}
