/**
 * The observe step: after the handshake, listen briefly without sending anything. A printable
 * first line is a banner (SSH, SMTP, FTP say who they are); FIN means the peer closed (`closed`);
 * RST means it reset (`reset`); silence means open, waiting for us to speak.
 */
import net from 'node:net';
import type { CheckContext, StepEvidence } from '../evidence.js';
import { earlyErrors } from './connect.js';

export interface ObserveInput {
  /** The connected socket from the connect step; without it, observe opens its own connection. */
  socket?: net.Socket;
  address: string;
  port: number;
  /** How long to listen (default: scaled from the handshake time, 50 ms–1 s). */
  windowMs?: number;
  handshakeMs?: number;
}

export type ObserveResult = 'quiet' | 'banner' | 'data' | 'fin' | 'reset' | 'error';

export interface ObserveEvidence {
  result: ObserveResult;
  windowMs: number;
  bytes: number;
  /** The first line, when it is printable text. */
  banner?: string;
  /** The first bytes in hex, when they are not text. */
  firstBytesHex?: string;
  /** Time from the start of the window to the first byte, FIN or RST. */
  eventMs?: number;
  code?: string;
}

export type ObserveStep = StepEvidence<'observe', ObserveEvidence>;

/** The listening window: a few handshake times, at least 50 ms, at most 1 s. */
export function observeWindowMs(handshakeMs = 0): number {
  return Math.round(Math.min(1000, Math.max(50, 4 * handshakeMs)));
}

/** Is this chunk a human-readable line (banner) rather than binary? */
export function printableBanner(buf: Buffer): string | undefined {
  const text = buf.toString('latin1');
  const line = text.split(/\r?\n/)[0];
  if (!line || !/^[\x20-\x7e\t]+$/.test(line)) return undefined;
  return line.slice(0, 200);
}

/** Watches the connection for `windowMs` and reports what the peer did. Destroys the socket after. */
export async function observe(input: ObserveInput, ctx: CheckContext = {}): Promise<ObserveStep> {
  const windowMs = input.windowMs ?? observeWindowMs(input.handshakeMs);
  const started = performance.now();
  const socket = input.socket ?? (await openSocket(input.address, input.port));
  ctx.onProgress?.({ step: 'observe', message: `listening ${windowMs} ms for a banner, FIN or RST` });
  const chunks: Buffer[] = [];
  const t0 = performance.now();
  const ev = await new Promise<{ result: ObserveResult; code?: string; eventMs?: number }>((resolve) => {
    let settled = false;
    let firstDataMs: number | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (r: { result: ObserveResult; code?: string; eventMs?: number }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      ctx.signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      resolve(r);
    };
    const onAbort = () => finish({ result: 'error', code: 'ABORT_ERR' });
    const timer = setTimeout(() => finish({ result: chunks.length ? 'data' : 'quiet', eventMs: firstDataMs }), windowMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      firstDataMs ??= performance.now() - t0;
      // A full first line is all a banner needs, but a server that is about to hang up
      // ("421 Too many connections") sends its FIN right behind it: wait a few round trips for it.
      if (Buffer.concat(chunks).includes(0x0a) && !graceTimer) {
        const graceMs = Math.min(windowMs, Math.max(20, 4 * (input.handshakeMs ?? 5)));
        graceTimer = setTimeout(() => finish({ result: 'data', eventMs: firstDataMs }), graceMs);
      }
    });
    socket.once('end', () => finish({ result: 'fin', eventMs: performance.now() - t0 }));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code;
      finish({ result: code === 'ECONNRESET' || code === 'EPIPE' ? 'reset' : 'error', code, eventMs: performance.now() - t0 });
    });
    const early = earlyErrors.get(socket);
    if (early) finish({ result: early.code === 'ECONNRESET' || early.code === 'EPIPE' ? 'reset' : 'error', code: early.code, eventMs: 0 });
    // The FIN may have been read before we listened (Node reads at once after connect).
    else if (socket.readableEnded) finish({ result: 'fin', eventMs: 0 });
    else if (socket.destroyed) finish({ result: 'error', code: 'ERR_SOCKET_CLOSED' });
    if (ctx.signal?.aborted) onAbort();
    else ctx.signal?.addEventListener('abort', onAbort, { once: true });
    socket.resume();
  });
  socket.on('error', () => undefined);
  socket.destroy();
  if (ev.code === 'ABORT_ERR') throw Object.assign(new Error('aborted'), { name: 'AbortError' });

  const all = Buffer.concat(chunks);
  const banner = all.length ? printableBanner(all) : undefined;
  const result: ObserveResult = ev.result === 'data' && banner ? 'banner' : ev.result;
  const evidence: ObserveEvidence = {
    result,
    windowMs,
    bytes: all.length,
    banner,
    firstBytesHex: all.length && !banner ? all.subarray(0, 16).toString('hex') : undefined,
    eventMs: ev.eventMs,
    code: ev.code,
  };
  const durationMs = performance.now() - started;
  const command = `nc -v ${input.address} ${input.port}`;
  const at = ev.eventMs === undefined ? '' : ev.eventMs < 0.05 ? ' right after the handshake' : ` ${ev.eventMs.toFixed(1)} ms after the handshake`;
  switch (result) {
    case 'fin':
      return {
        id: 'observe',
        command,
        outcome: 'fail',
        durationMs,
        summary: banner ? `the peer said "${banner}" and closed the connection (FIN)${at}` : `the peer closed the connection (FIN)${at}${all.length ? ` after ${all.length} bytes` : ''}`,
        reason: 'FIN before any exchange',
        evidence,
      };
    case 'reset':
      return { id: 'observe', command, outcome: 'fail', durationMs, summary: `the peer reset the connection (RST)${at}`, reason: `${ev.code}: reset after the handshake`, evidence };
    case 'error':
      return { id: 'observe', command, outcome: 'fail', durationMs, summary: `the connection failed: ${ev.code}`, reason: ev.code, evidence };
    case 'banner':
      return { id: 'observe', command, outcome: 'pass', durationMs, summary: `banner: ${banner}`, evidence };
    case 'data':
      return { id: 'observe', command, outcome: 'pass', durationMs, summary: `${all.length} bytes of non-text data first (${evidence.firstBytesHex})`, evidence };
    default:
      return { id: 'observe', command, outcome: 'pass', durationMs, summary: `connection stays open, the server waits for us to speak (${windowMs} ms)`, evidence };
  }
}

function openSocket(address: string, port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect({ host: address, port });
    s.once('connect', () => resolve(s));
    s.once('error', () => resolve(s));
  });
}
