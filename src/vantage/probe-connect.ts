/**
 * One address's connect record, read the same way whichever tool the probe found (bash's
 * /dev/tcp, nc, curl, python3): how the handshake ended, in the connect check's own terms
 * (`ConnectResult`, errno names), and what the peer did right after, when the tool could tell.
 * Pure: tested against recorded outputs of each tool.
 */
import { classifyConnectError, type ConnectResult } from '../checks/connect.js';
import type { ObserveResult } from '../checks/observe.js';
import { numArg, type ProbeRecord } from './probe-output.js';

/** What the peer did after the handshake, as far as the tool could see. */
export interface ProbeObservation {
  result: ObserveResult;
  windowMs: number;
  /** What arrived first (at most a line or 512 bytes). */
  data: Buffer;
  eventMs?: number;
  code?: string;
}

/** One address's handshake, read from the probe. */
export interface ProbeConnect {
  address: string;
  /** The tool that made it: bash, nc, curl or python3. */
  method: string;
  result: ConnectResult;
  code?: string;
  handshakeMs: number;
  localAddress?: string;
  localPort?: number;
  /** After a completed handshake; undefined when the tool cannot tell (`observeGap` says why). */
  observe?: ProbeObservation;
  observeGap?: string;
  /** The tool's own words when they explain a failure (foreign text). */
  said?: string;
}

/** strerror texts (glibc, BSD, busybox) to errno names, so every tool lands on classifyConnectError. */
const STRERROR: Array<[RegExp, string]> = [
  [/connection refused/i, 'ECONNREFUSED'],
  [/no route to host/i, 'EHOSTUNREACH'],
  [/network is unreachable/i, 'ENETUNREACH'],
  [/connection timed out|operation timed out/i, 'ETIMEDOUT'],
  [/connection reset by peer/i, 'ECONNRESET'],
  [/operation not permitted/i, 'EPERM'],
  [/permission denied/i, 'EACCES'],
  [/cannot assign requested address/i, 'EADDRNOTAVAIL'],
  [/host is down/i, 'EHOSTDOWN'],
  [/network is down/i, 'ENETDOWN'],
];

/** The errno name a tool's error message stands for, if any. */
export function errnoFromText(text: string): string | undefined {
  return STRERROR.find(([re]) => re.test(text))?.[1];
}

const failed = (code: string | undefined): ConnectResult => (code === 'ETIMEDOUT' ? 'timeout' : classifyConnectError(code));
const lastWords = (lines: string[]) => lines.filter((l) => l.trim()).slice(-1)[0]?.trim();

/** Reads one `@tsl connect ADDRESS METHOD RC MS` record and its raw lines. */
export function readConnect(rec: ProbeRecord, body?: ProbeRecord): ProbeConnect {
  const [address = '', method = ''] = rec.args;
  const rc = numArg(rec, 2);
  const ms = numArg(rec, 3);
  const base = { address, method, handshakeMs: Number.isFinite(ms) ? ms : 0 };
  switch (method) {
    case 'bash':
      return fromBash(rec.lines, rc, base);
    case 'nc':
      return fromNc(rec.lines, rc, base);
    case 'curl':
      return fromCurl(rec.lines, rc, base, body?.lines[0]);
    case 'python3':
      return fromPython(rec.lines, base);
    default:
      return { ...base, result: 'error', said: `unknown probe method ${method}` };
  }
}

type Base = { address: string; method: string; handshakeMs: number };

function fromBash(lines: string[], rc: number, base: Base): ProbeConnect {
  const conn = lines.map((l) => /^connected (\S+) (\S+)$/.exec(l)).find(Boolean);
  if (!conn) {
    // Killed by its own watchdog (SIGTERM, 143) or by timeout(1) (124): nobody answered in time.
    if (rc === 143 || rc === 124) return { ...base, result: 'timeout', code: 'TIMEOUT' };
    const text = lines.join('\n');
    if (/\/dev\/tcp.*No such file or directory/i.test(text)) return { ...base, result: 'error', said: 'this bash was built without /dev/tcp' };
    const code = errnoFromText(text);
    const stamps = lines.map((l) => /^failed (\S+) (\S+)$/.exec(l)).find(Boolean);
    const took = stamps ? (Number(stamps[2].replace(',', '.')) - Number(stamps[1].replace(',', '.'))) * 1000 : NaN;
    return { ...base, handshakeMs: Number.isFinite(took) && took >= 0 ? took : base.handshakeMs, result: failed(code), code, said: lastWords(lines.filter((l) => !l.startsWith('failed '))) };
  }
  const hs = (Number(conn[2].replace(',', '.')) - Number(conn[1].replace(',', '.'))) * 1000;
  const handshakeMs = conn[1] && Number.isFinite(hs) && hs >= 0 ? hs : base.handshakeMs;
  const windowMs = Math.round(1000 * (Number(lines.map((l) => /^window (\S+)$/.exec(l)?.[1]).find(Boolean)) || 0.5));
  const read = (n: 1 | 2) => lines.map((l) => new RegExp(`^read${n} (\\d+) ?(.*)$`).exec(l)).find(Boolean);
  const r1 = read(1);
  const r2 = read(2);
  const reset = lines.some((l) => /read error.*connection reset/i.test(l));
  const data = Buffer.from(r1?.[2] ? `${r1[2]}${Number(r1[1]) === 0 ? '\n' : ''}` : '', 'utf8');
  let result: ObserveResult;
  if (!r1) result = 'error';
  else if (Number(r1[1]) === 0) result = r2 && Number(r2[1]) === 1 && !reset ? 'fin' : reset ? 'reset' : 'data';
  else if (Number(r1[1]) > 128) result = data.length ? 'data' : 'quiet';
  else result = reset ? 'reset' : 'fin';
  return { ...base, handshakeMs, result: 'connected', observe: { result, windowMs, data, code: reset ? 'ECONNRESET' : undefined } };
}

function fromNc(lines: string[], rc: number, base: Base): ProbeConnect {
  const gap = 'nc -z closes at once, so it cannot tell a server that waits from one that closes or resets: bash (with timeout) or python3 there would';
  if (rc === 0) return { ...base, result: 'connected', observeGap: gap };
  const text = lines.join('\n');
  if (rc === 124 || /timed out/i.test(text)) return { ...base, result: 'timeout', code: 'TIMEOUT' };
  const code = errnoFromText(text);
  return { ...base, result: failed(code), code, said: lastWords(lines) };
}

function fromCurl(lines: string[], rc: number, base: Base, firstLine?: string): ProbeConnect {
  const res = lines.map((l) => /^curl-result (\S+) (\S*) (\S*)$/.exec(l)).find(Boolean);
  const connected = lines.some((l) => /^\* Connected to /.test(l));
  const localPort = Number(res?.[3]);
  const local = { localAddress: res?.[2] || undefined, localPort: localPort > 0 ? localPort : undefined };
  if (!connected) {
    // "* connect to A port P failed: Connection refused", "* Immediate connect fail for A: Network is unreachable"
    const why = lines.find((l) => /connect to .* failed:|connect fail for/i.test(l)) ?? lines.join('\n');
    if (rc === 28) return { ...base, result: 'timeout', code: 'TIMEOUT' };
    const code = errnoFromText(why);
    return { ...base, result: failed(code), code, said: lastWords(lines.filter((l) => !l.startsWith('curl-result'))) };
  }
  const hs = Number(res?.[1]) * 1000;
  const handshakeMs = Number.isFinite(hs) && hs > 0 ? hs : base.handshakeMs;
  const data = Buffer.from(firstLine ? `${firstLine}\n` : '', 'utf8');
  const reset = lines.some((l) => /connection reset/i.test(l));
  // --max-time ends a quiet connection (28); a FIN ends the transfer (0); a reset fails it (56).
  const result: ObserveResult = reset ? 'reset' : rc === 0 ? 'fin' : data.length ? 'data' : 'quiet';
  return { ...base, ...local, handshakeMs, result: 'connected', observe: { result, windowMs: Math.max(0, Math.round(base.handshakeMs - handshakeMs)), data, code: reset ? 'ECONNRESET' : undefined } };
}

function fromPython(lines: string[], base: Base): ProbeConnect {
  const c = lines.map((l) => /^py-connect (ok|timeout|error) (.*)$/.exec(l)).find(Boolean);
  if (!c) return { ...base, result: 'error', said: lastWords(lines) };
  const words = c[2].split(' ');
  if (c[1] === 'timeout') return { ...base, result: 'timeout', code: 'TIMEOUT', handshakeMs: Number(words[0]) || base.handshakeMs };
  if (c[1] === 'error') return { ...base, result: failed(words[0]), code: words[0], handshakeMs: Number(words[1]) || base.handshakeMs };
  const handshakeMs = Number(words[0]);
  const obs = lines.map((l) => /^py-observe (data|fin|quiet|error) (\S+) ?(\S*)$/.exec(l)).filter((m): m is RegExpExecArray => Boolean(m));
  const data = Buffer.concat(obs.filter((o) => o[1] === 'data').map((o) => Buffer.from(o[3], 'hex')));
  const end = obs.find((o) => o[1] !== 'data');
  const err = end?.[1] === 'error' ? end[3] : undefined;
  const reset = err === 'ECONNRESET' || err === 'EPIPE';
  const result: ObserveResult = end?.[1] === 'fin' ? 'fin' : reset ? 'reset' : err ? 'error' : data.length ? 'data' : 'quiet';
  const windowMs = Math.round(Math.min(1000, Math.max(50, 4 * handshakeMs)));
  return {
    ...base,
    handshakeMs,
    localAddress: words[1],
    localPort: Number(words[2]) || undefined,
    result: 'connected',
    observe: { result, windowMs, data, eventMs: obs[0] ? Number(obs[0][2]) : undefined, code: err },
  };
}
