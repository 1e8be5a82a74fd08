/**
 * The connect step (what `telnet host port` does): one TCP handshake to one address, classified
 * by how it ended. Instead of the kernel's SYN retry schedule (its give-up time comes from the
 * sysctls, src/kernel-timing.ts), it waits an adaptive budget: long enough that a
 * late ICMP error (a router's ARP failing takes ~3 s) still arrives, short enough to say
 * `filtered` within seconds. While it waits it watches our socket in /proc/net/tcp*.
 */
import net from 'node:net';
import type { CheckContext, KernelSocketView, StepEvidence } from '../evidence.js';
import { formatRttMs } from '../duration.js';
import { formatHostPort } from '../target.js';
import { localDropHits, readOutputChain, type OutputRule } from './local-firewall.js';
import { acceptQueueFull, findOurSocket, isThisHost, listenerQueues, readProcSockets } from './kernel.js';
import { formatKernelMs, readTcpTimings, type SynSysctls } from '../kernel-timing.js';

export interface ConnectInput {
  address: string;
  port: number;
  /** Give up after this long (overrides the adaptive budget; `--timeout`). */
  budgetMs?: number;
  /** A round-trip time measured before (ping), to scale the budget to slow paths. */
  rttHintMs?: number;
  /**
   * The host answered ping: no late host-unreachable ICMP is coming, so decide sooner. A promise
   * lets ping run alongside the handshake: the budget shrinks when (if) it resolves true. A function
   * is called only if the SYN is still unanswered after PROBE_DELAY_MS (so the SYN reaches any
   * router before the echo does), and its signal aborts as soon as the handshake ends.
   */
  hostAnswersPing?: boolean | Promise<boolean> | ((signal: AbortSignal) => Promise<boolean>);
  /** Keep the connected socket for the observe step (attached, not serialised). */
  keepOpen?: boolean;
}

/** How the handshake ended. */
export type ConnectResult =
  | 'connected'
  | 'refused'
  | 'unreachable'
  | 'no-route'
  | 'timeout'
  | 'local-firewall'
  | 'reset'
  | 'error';

export interface ConnectEvidence {
  address: string;
  port: number;
  family: 4 | 6;
  result: ConnectResult;
  /** The errno Node reported, e.g. ECONNREFUSED, EHOSTUNREACH. */
  code?: string;
  /** Time from SYN to connect() returning, by this program's clock (its own delays included). */
  handshakeMs: number;
  /** The kernel's round-trip time right after the handshake (the SYN-ACK sample, from ss -ti), in µs: the network's time. */
  kernelRttUs?: number;
  budgetMs: number;
  localAddress?: string;
  localPort?: number;
  /** The last state Linux showed for our socket while we waited, with its retransmissions. */
  kernel?: KernelSocketView;
  synRetransmits?: number;
  /** When the kernel itself would have given up (tcp_syn_retries, tcp_syn_linear_timeouts). */
  kernelGivesUpMs?: number;
  /** The SYN sysctls that give kernelGivesUpMs, read where the check ran (its network namespace). */
  kernelSyn?: Required<SynSysctls>;
  /** OUTPUT rules of this host's firewall that counted our SYN (root only). */
  localDropRules?: string[];
  /** For a target on this very host that did not connect: who listens on the port, per /proc. */
  localListeners?: LocalListener[];
}

export interface LocalListener {
  address: string;
  port: number;
  /** Connections waiting to be accepted, and the limit (backlog; unknown without ss). */
  queued: number;
  backlog?: number;
  queueFull: boolean;
}

/** What happened to a kept-open socket before the observe step listened: when it connected, and an RST at once. */
export interface EarlyEvents {
  /** performance.now() when the handshake completed. */
  connectedAt: number;
  error?: { code?: string; atMs: number };
}

/** Early events per kept-open socket (connect records them, observe reads them). */
export const earlyEvents = new WeakMap<net.Socket, EarlyEvents>();

/** Starts recording a connected socket's early events (an error that comes before anyone listens). */
export function trackEarly(socket: net.Socket, connectedAt = performance.now()): EarlyEvents {
  const early: EarlyEvents = { connectedAt };
  earlyEvents.set(socket, early);
  socket.on('error', (err: NodeJS.ErrnoException) => (early.error ??= { code: err.code, atMs: performance.now() }));
  return early;
}

export type ConnectStep = StepEvidence<'connect', ConnectEvidence> & { socket?: net.Socket };

/** How long a SYN waits unanswered before a `hostAnswersPing` function is asked. */
export const PROBE_DELAY_MS = 50;

/** The budget before calling an unanswered SYN `filtered`. */
export function connectBudgetMs(input: { budgetMs?: number; rttHintMs?: number; hostAnswersPing?: boolean }): number {
  if (input.budgetMs !== undefined) return input.budgetMs;
  const rtt = input.rttHintMs ?? 0;
  // The host answered ping, so ARP works and no late ICMP is expected: wait for the kernel's
  // first SYN retransmission (1 s) to go unanswered too, plus a few round trips.
  if (input.hostAnswersPing) return Math.max(1300, 1000 + 4 * rtt + 200);
  // Otherwise leave room for a router's failed ARP (~3 s) to come back as host-unreachable.
  return Math.max(3500, 6 * rtt);
}

const CODE_RESULT: Record<string, ConnectResult> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  EACCES: 'unreachable',
  ENETUNREACH: 'no-route',
  ENETDOWN: 'no-route',
  EADDRNOTAVAIL: 'no-route',
  EPERM: 'local-firewall',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
};

/** Maps a connect() errno to what it means. */
export function classifyConnectError(code: string | undefined): ConnectResult {
  return (code && CODE_RESULT[code]) || 'error';
}

export const RESULT_TEXT: Record<ConnectResult, string> = {
  connected: 'handshake completed',
  refused: 'refused: the SYN was answered with RST or ICMP port-unreachable',
  unreachable: 'an ICMP error said the host is unreachable or prohibited',
  'no-route': 'no route to that network (from this host, or a router on the way said net unreachable)',
  timeout: 'no answer to the SYN',
  'local-firewall': 'this machine\'s own firewall (OUTPUT chain) stopped the SYN before it left',
  reset: 'the handshake completed, then RST',
  error: 'connect failed',
};

/** Tries one TCP handshake to `address:port`. Never throws for network outcomes. */
export async function connect(input: ConnectInput, ctx: CheckContext = {}): Promise<ConnectStep> {
  const family = net.isIP(input.address) === 6 ? 6 : 4;
  const answersNow = typeof input.hostAnswersPing === 'boolean' ? input.hostAnswersPing : undefined;
  let budgetMs = connectBudgetMs({ ...input, hostAnswersPing: answersNow });
  const hostPort = formatHostPort(input.address, input.port);
  // This kernel's SYN schedule (in this network namespace); none off Linux.
  const syn = readTcpTimings().syn;
  const kernelSyn = syn.source === 'this-kernel' ? { synRetries: syn.synRetries, linearTimeouts: syn.linearTimeouts } : undefined;
  const kernelGivesUpMs = kernelSyn ? syn.giveUpMs : undefined;
  const started = performance.now();
  // Snapshot the firewall counters only once the SYN has gone unanswered for a while: quick
  // answers never pay for spawning iptables, and the 1 s SYN retransmission still gets counted.
  let firewallBefore: Promise<OutputRule[] | undefined> = Promise.resolve(undefined);
  const snapshotTimer = setTimeout(() => (firewallBefore = readOutputChain(family, ctx.signal)), 400);
  const socket = new net.Socket();
  let kernel: KernelSocketView | undefined;
  let localPort: number | undefined;
  let poller: NodeJS.Timeout | undefined;
  let done = false;
  // Polls run one after another, so the last look before giving up is never skipped.
  let polls: Promise<void> = Promise.resolve();
  const poll = (): Promise<void> => (polls = polls.then(pollOnce, pollOnce));
  const pollOnce = async () => {
    if (done) return;
    localPort ??= handlePort(socket);
    const mine = findOurSocket(await readProcSockets(), { address: input.address, port: input.port }, localPort);
    if (!mine || mine.state === 'ESTABLISHED') return;
    localPort ??= mine.localPort;
    kernel = { state: mine.state, local: formatHostPort(mine.localAddress, mine.localPort), remote: hostPort, retransmits: mine.retransmits, kernelGivesUpMs };
    const elapsedMs = performance.now() - started;
    const retr = mine.retransmits ? `, SYN sent ${mine.retransmits + 1} times` : '';
    ctx.onProgress?.({ step: 'connect', message: `${hostPort}: ${mine.state}${retr}, ${(elapsedMs / 1000).toFixed(1)} s of ${(budgetMs / 1000).toFixed(1)} s`, elapsedMs, kernel });
  };

  // The ping probe (a hostAnswersPing function) never outlives the handshake it was for.
  const probeStop = new AbortController();
  let probeTimer: NodeJS.Timeout | undefined;
  ctx.onProgress?.({ step: 'connect', message: `connecting to ${hostPort}`, elapsedMs: 0 });
  const outcome = await new Promise<{ result: ConnectResult; code?: string }>((resolve) => {
    let settled = false;
    const finish = (r: { result: ConnectResult; code?: string }) => {
      if (settled) return;
      settled = true;
      done = true;
      clearTimeout(timer);
      clearTimeout(probeTimer);
      probeStop.abort();
      clearInterval(poller);
      ctx.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = () => finish({ result: 'error', code: 'ABORT_ERR' });
    const giveUp = () => {
      // One last look at the kernel's view (retransmissions so far) before giving up.
      void poll().finally(() => finish({ result: 'timeout' }));
    };
    let timer = setTimeout(giveUp, budgetMs);
    const shrinkWhen = (answer: Promise<boolean>) =>
      void answer.then((answers) => {
        if (!answers || settled) return;
        budgetMs = Math.min(budgetMs, connectBudgetMs({ rttHintMs: input.rttHintMs, hostAnswersPing: true }));
        clearTimeout(timer);
        timer = setTimeout(giveUp, Math.max(0, budgetMs - (performance.now() - started)));
      }, () => undefined);
    const probe = input.hostAnswersPing;
    if (input.budgetMs === undefined && probe instanceof Promise) shrinkWhen(probe);
    if (input.budgetMs === undefined && typeof probe === 'function') {
      probeTimer = setTimeout(() => shrinkWhen(probe(probeStop.signal)), PROBE_DELAY_MS);
    }
    socket.once('connect', () => finish({ result: 'connected' }));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ result: classifyConnectError(err.code), code: err.code }));
    if (ctx.signal?.aborted) return onAbort();
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    socket.connect({ host: input.address, port: input.port, family, autoSelectFamily: false } as net.TcpSocketConnectOpts);
    poller = setInterval(() => void poll(), 250);
    setTimeout(() => void poll(), 30).unref();
  });
  const handshakeMs = performance.now() - started;
  clearTimeout(snapshotTimer);
  if (outcome.code === 'ABORT_ERR') {
    socket.destroy();
    throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  }

  const connected = outcome.result === 'connected';
  const evidence: ConnectEvidence = {
    address: input.address,
    port: input.port,
    family,
    result: outcome.result,
    code: outcome.code ?? (outcome.result === 'timeout' ? 'TIMEOUT' : undefined),
    handshakeMs,
    budgetMs,
    localAddress: socket.localAddress,
    localPort: socket.localPort ?? localPort,
    kernel,
    synRetransmits: kernel?.retransmits,
    kernelGivesUpMs,
    kernelSyn,
  };
  if (outcome.result === 'timeout') {
    const after = await readOutputChain(family, ctx.signal);
    const hits = after ? localDropHits(await firewallBefore, after, input.address, input.port) : [];
    if (hits.length) {
      evidence.result = 'local-firewall';
      evidence.localDropRules = hits.map((h) => h.text);
    }
  } else void firewallBefore.catch(() => undefined);
  if (!connected && (outcome.result === 'timeout' || outcome.result === 'refused') && isThisHost(input.address)) {
    evidence.localListeners = (await listenerQueues(input.port, ctx.signal)).map((l) => ({ ...l, queueFull: acceptQueueFull(l) }));
  }
  if (connected && input.keepOpen) trackEarly(socket, started + handshakeMs);
  else socket.destroy();
  const summary = summarize(evidence);
  const step: ConnectStep = {
    id: 'connect',
    outcome: connected ? 'pass' : 'fail',
    durationMs: handshakeMs,
    summary,
    reason: connected ? undefined : `${evidence.code ? `${evidence.code}: ` : ''}${RESULT_TEXT[evidence.result]}`,
    command: `nc -vz -w ${Math.ceil(budgetMs / 1000)} ${input.address} ${input.port}`,
    evidence,
  };
  if (connected && input.keepOpen) Object.defineProperty(step, 'socket', { value: socket, enumerable: false, configurable: true });
  return step;
}

/** One line for a handshake's evidence, wherever it was made (here, or by a vantage point's probe). */
export function summarize(e: ConnectEvidence): string {
  const where = formatHostPort(e.address, e.port);
  const ms = `${e.handshakeMs.toFixed(1)} ms`;
  switch (e.result) {
    case 'connected':
      if (e.kernelRttUs !== undefined) return `${where}: handshake completed, round trip ${formatRttMs(e.kernelRttUs / 1000)} by the kernel's clock (connect() returned after ${ms})`;
      return `${where}: handshake completed; connect() returned after ${ms}`;
    case 'local-firewall':
      if (e.localDropRules?.length) return `${where}: this host's own firewall dropped the SYN (OUTPUT rule: ${e.localDropRules[0]})`;
      return `${where}: ${RESULT_TEXT[e.result]}`;
    case 'timeout': {
      const sent = e.synRetransmits !== undefined ? `, SYN sent ${e.synRetransmits + 1} times` : '';
      const kernel = e.kernelGivesUpMs ? ` (the kernel would wait ${formatKernelMs(e.kernelGivesUpMs)})` : '';
      return `${where}: no answer to the SYN within ${(e.budgetMs / 1000).toFixed(1)} s${sent}${kernel}`;
    }
    case 'reset':
      // connect()'s whole time, SYN to the error: not when the RST came after the handshake.
      return `${where}: ${RESULT_TEXT[e.result]} before connect() returned (connect() failed with ${e.code ?? 'ECONNRESET'} after ${ms})`;
    default:
      return `${where}: ${RESULT_TEXT[e.result]}${e.code ? ` (${e.code})` : ''} after ${ms}`;
  }
}

/** The local port of a socket whose connect() is in flight (the handle knows it before Node does). */
function handlePort(socket: net.Socket): number | undefined {
  const handle = (socket as unknown as { _handle?: { getsockname?: (out: { port?: number }) => number } })._handle;
  const out: { port?: number } = {};
  try {
    handle?.getsockname?.(out);
  } catch {
    return undefined;
  }
  return out.port || undefined;
}
