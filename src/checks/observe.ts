/**
 * The observe step: after the handshake, listen briefly without sending anything. A printable
 * first line is a banner (SSH, SMTP, FTP say who they are); FIN means the peer closed (`closed`);
 * RST means it reset (`reset`); silence means open, waiting for us to speak.
 *
 * It watches the connection the connect step made, never a second one: a peer that resets at once
 * may have done so before this step began, and that RST (recorded by connect's trackEarly) is the
 * answer, with its time after the handshake.
 */
import net from 'node:net';
import type { CheckContext, StepEvidence } from '../evidence.js';
import { formatMs } from '../duration.js';
import { earlyEvents, trackEarly, type EarlyEvents } from './connect.js';
import { acceptedByServer, isThisHost, readProcSockets } from './kernel.js';

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
  /** Time from the end of the handshake to the first byte, FIN or RST. */
  eventMs?: number;
  /** The errno or runtime code, for scripts (the summary says it in words). */
  code?: string;
  /** A server on this host: how long our connection waited in its accept queue before the window began. */
  acceptWaitMs?: number;
  /** A server on this host that had not accepted our connection when the window ended. */
  notAccepted?: boolean;
}

export type ObserveStep = StepEvidence<'observe', ObserveEvidence>;

/** The listening window: a few handshake times, at least 50 ms, at most 1 s. */
function observeWindowMs(handshakeMs = 0): number {
  return Math.round(Math.min(1000, Math.max(50, 4 * handshakeMs)));
}

/** How long observe waits for a server on this host to accept() before its window starts. */
const ACCEPT_WAIT_MS = 1000;

/** Is this chunk a human-readable line (banner) rather than binary? */
export function printableBanner(buf: Buffer): string | undefined {
  const text = buf.toString('latin1');
  const line = text.split(/\r?\n/)[0];
  if (!line || !/^[\x20-\x7e\t]+$/.test(line)) return undefined;
  return line.slice(0, 200);
}

const isReset = (code: string | undefined) => code === 'ECONNRESET' || code === 'EPIPE';

type Seen = { result: ObserveResult; code?: string; eventMs?: number };

/** Watches the connection for `windowMs` and reports what the peer did. Destroys the socket after. */
export async function observe(input: ObserveInput, ctx: CheckContext = {}): Promise<ObserveStep> {
  const windowMs = input.windowMs ?? observeWindowMs(input.handshakeMs);
  const started = performance.now();
  const socket = input.socket ?? (await openSocket(input.address, input.port));
  const early = earlyEvents.get(socket) ?? trackEarly(socket);
  const sinceHandshake = () => performance.now() - early.connectedAt;
  // A server on this host that has not accepted yet has not decided anything: its window starts once it has.
  const waited = await waitForAccept(socket, early, input, ctx.signal);
  ctx.onProgress?.({ step: 'observe', message: `listening ${windowMs} ms for a banner, FIN or RST` });
  const chunks: Buffer[] = [];
  const ev = await new Promise<Seen>((resolve) => {
    let settled = false;
    let firstDataMs: number | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (r: Seen) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      ctx.signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      resolve(r);
    };
    const onAbort = () => finish({ result: 'error', code: 'ABORT_ERR' });
    // When the window ends, let I/O that already arrived (an RST, a FIN) be read first: a busy
    // event loop runs expired timers before it polls the socket.
    const timer = setTimeout(() => setImmediate(() => finish({ result: chunks.length ? 'data' : 'quiet', eventMs: firstDataMs })), windowMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      firstDataMs ??= sinceHandshake();
      // A full first line is all a banner needs, but a server that is about to hang up
      // ("421 Too many connections") sends its FIN right behind it: wait a few round trips for it.
      if (Buffer.concat(chunks).includes(0x0a) && !graceTimer) {
        const graceMs = Math.min(windowMs, Math.max(20, 4 * (input.handshakeMs ?? 5)));
        graceTimer = setTimeout(() => finish({ result: 'data', eventMs: firstDataMs }), graceMs);
      }
    });
    socket.once('end', () => finish({ result: 'fin', eventMs: sinceHandshake() }));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ result: isReset(err.code) ? 'reset' : 'error', code: err.code, eventMs: sinceHandshake() }));
    socket.once('close', () => setImmediate(() => finish(gone(socket, early))));
    if (early.error) finish({ result: isReset(early.error.code) ? 'reset' : 'error', code: early.error.code, eventMs: early.error.atMs - early.connectedAt });
    // The FIN may have been read before we listened (Node reads at once after connect).
    else if (socket.readableEnded) finish({ result: 'fin', eventMs: undefined });
    else if (socket.destroyed) finish(gone(socket, early));
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
    ...(waited.waitedMs !== undefined ? { acceptWaitMs: Math.round(waited.waitedMs * 10) / 10 } : {}),
    ...(waited.accepted === false && result === 'quiet' ? { notAccepted: true } : {}),
  };
  return stepFor(evidence, banner, all.length, performance.now() - started, `nc -v ${input.address} ${input.port}`);
}

/** The step in words: what the peer did, and when after the handshake. No runtime code in the words. */
function stepFor(evidence: ObserveEvidence, banner: string | undefined, bytes: number, durationMs: number, command: string): ObserveStep {
  const e = evidence.eventMs;
  // This process's clock (connect() returning to the event reaching us), named as such: a capture's wire time of the same packet is smaller.
  const at = e === undefined ? '' : e < 0.05 ? ' right after connect() returned' : ` ${formatMs(e)} after connect() returned`;
  const base = { id: 'observe' as const, command, durationMs, evidence };
  switch (evidence.result) {
    case 'fin':
      return {
        ...base,
        outcome: 'fail',
        summary: banner ? `the peer said "${banner}" and closed the connection (FIN)${at}` : `the peer closed the connection (FIN)${at}${bytes ? ` after ${bytes} bytes` : ''}`,
        reason: 'FIN before any exchange',
      };
    case 'reset':
      return { ...base, outcome: 'fail', summary: `the peer reset the connection (RST)${at}`, reason: 'reset after the handshake' };
    case 'error':
      return { ...base, outcome: 'fail', summary: `the connection ended unexpectedly${at}, without a FIN or RST this step could read`, reason: 'the connection ended without FIN or RST' };
    case 'banner':
      return { ...base, outcome: 'pass', summary: `banner: ${banner}` };
    case 'data':
      return { ...base, outcome: 'pass', summary: `${bytes} bytes of non-text data first (${evidence.firstBytesHex})` };
    default:
      if (evidence.notAccepted) {
        return { ...base, outcome: 'pass', summary: `the connection stays open, but the server application had not accepted it after ${Math.round(evidence.acceptWaitMs ?? 0)} ms (it waits in the accept queue)` };
      }
      return { ...base, outcome: 'pass', summary: `connection stays open, the server waits for us to speak (${evidence.windowMs} ms)` };
  }
}

/** A socket that closed before (or while) we listened: an RST or FIN recorded, or an unexpected end. */
function gone(socket: net.Socket, early: EarlyEvents): Seen {
  if (early.error) return { result: isReset(early.error.code) ? 'reset' : 'error', code: early.error.code, eventMs: early.error.atMs - early.connectedAt };
  if (socket.readableEnded) return { result: 'fin' };
  return { result: 'error', code: 'ERR_SOCKET_CLOSED' };
}

/**
 * For a server on this host: waits (bounded) until its application has accepted our connection,
 * so the window measures what the application does, not how busy it is. Ends early on any event.
 */
async function waitForAccept(socket: net.Socket, early: EarlyEvents, input: ObserveInput, signal?: AbortSignal): Promise<{ accepted?: boolean; waitedMs?: number }> {
  if (!isThisHost(input.address) || socket.localPort === undefined || socket.localAddress === undefined) return {};
  const t0 = performance.now();
  const client = { address: socket.localAddress, port: socket.localPort };
  for (let i = 0; i < ACCEPT_WAIT_MS / 10; i++) {
    if (early.error || socket.destroyed || socket.readableLength > 0 || signal?.aborted) break;
    const accepted = acceptedByServer(await readProcSockets(), { address: input.address, port: input.port }, client);
    if (accepted !== false) return { accepted, waitedMs: i ? performance.now() - t0 : undefined };
    await new Promise((r) => setTimeout(r, 10));
  }
  const waitedMs = performance.now() - t0;
  return { accepted: early.error || socket.destroyed || socket.readableLength > 0 ? undefined : false, waitedMs };
}

function openSocket(address: string, port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect({ host: address, port });
    s.once('connect', () => {
      trackEarly(s);
      resolve(s);
    });
    s.once('error', (err: NodeJS.ErrnoException) => {
      if (!earlyEvents.has(s)) trackEarly(s).error = { code: err.code, atMs: performance.now() };
      resolve(s);
    });
  });
}
