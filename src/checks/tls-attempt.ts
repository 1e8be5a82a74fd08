/**
 * One TLS handshake over a transport we choose (a plain TCP socket, or socat with a clamped MSS),
 * recording what the server sent. The TLS step (tls.ts) runs one or more of these and decides what
 * they mean.
 */
import net from 'node:net';
import tls from 'node:tls';
import { clampedTransport } from './mss-clamp.js';
import { recordingStream } from './tls-wire.js';

export interface AttemptOptions {
  address: string;
  port: number;
  servername?: string;
  /** Extra trusted CAs (PEM), added to the built-in roots. */
  ca?: string;
  /** Allow TLS 1.0/1.1 and weak ciphers (OpenSSL security level 0): to find what an old server speaks. */
  legacy?: boolean;
  /** Connect through socat with this MSS instead of a plain socket. */
  mss?: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface Attempt {
  /** secureConnect fired. */
  ok: boolean;
  err?: NodeJS.ErrnoException;
  /** An error that came after secureConnect (TLS 1.3 sends "certificate required" then). */
  lateError?: NodeJS.ErrnoException;
  timeout?: boolean;
  aborted?: boolean;
  /** What the server sent (first bytes). */
  received: Buffer;
  handshakeMs: number;
  protocol?: string;
  cipher?: string;
  alpn?: string;
  authorized?: boolean;
  authorizationError?: string;
  cert?: tls.PeerCertificate;
  /** For a clamped attempt: what socat said when it failed. */
  transportError?: string;
}

/** How long to keep reading after secureConnect, for an alert the server sends after it (TLS 1.3). */
function watchMs(handshakeMs: number): number {
  return Math.min(1000, Math.max(150, 3 * handshakeMs));
}

/** Runs one handshake; never throws (an abort is reported as `aborted`). */
/** Ends the step when the user aborted while this attempt ran. */
export function throwIfAborted(a: Attempt): void {
  if (a.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
}

export async function tlsAttempt(o: AttemptOptions): Promise<Attempt> {
  const started = performance.now();
  let transport: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; stop(): void; why(): string | undefined };
  if (o.mss) {
    const t = clampedTransport(o.address, o.port, o.mss);
    transport = { input: t.child.stdout!, output: t.child.stdin!, stop: t.kill, why: () => t.stderr() || undefined };
  } else {
    const s = net.connect({ host: o.address, port: o.port });
    transport = { input: s, output: s, stop: () => s.destroy(), why: () => undefined };
  }
  const rec = recordingStream(transport.input as never, transport.output as never, transport.stop);
  const socket = tls.connect({
    socket: rec.stream,
    servername: o.servername,
    rejectUnauthorized: false,
    ALPNProtocols: ['h2', 'http/1.1'],
    ...(o.ca ? { ca: [...tls.rootCertificates, o.ca] } : {}),
    ...(o.legacy ? { minVersion: 'TLSv1' as const, ciphers: 'ALL:@SECLEVEL=0' } : {}),
  });
  const done = await new Promise<{ ok: boolean; err?: NodeJS.ErrnoException; timeout?: boolean; aborted?: boolean }>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, timeout: true }), o.timeoutMs);
    const onAbort = () => {
      clearTimeout(timer);
      resolve({ ok: false, aborted: true });
    };
    if (o.signal?.aborted) onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({ ok: true });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({ ok: false, err });
    });
  });
  const handshakeMs = performance.now() - started;
  socket.on('error', () => undefined);
  const base: Attempt = { ok: done.ok, err: done.err, timeout: done.timeout, aborted: done.aborted, received: rec.received(), handshakeMs };
  if (!done.ok) {
    socket.destroy();
    transport.stop();
    return { ...base, transportError: transport.why() };
  }
  const cipher = socket.getCipher();
  const result: Attempt = {
    ...base,
    protocol: socket.getProtocol() ?? undefined,
    cipher: cipher?.standardName ?? cipher?.name,
    alpn: socket.alpnProtocol || undefined,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
    cert: socket.getPeerCertificate(),
  };
  // In TLS 1.3 the client's handshake is done before the server has read our (empty) certificate:
  // its "certificate required" alert arrives next. Read for a moment so it is not missed.
  result.lateError = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), watchMs(handshakeMs));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      setImmediate(() => resolve(undefined));
    });
    socket.resume();
  });
  socket.destroy();
  transport.stop();
  return result;
}
