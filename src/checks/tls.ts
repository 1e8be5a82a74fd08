/**
 * The TLS step: a node:tls handshake with SNI, like `openssl s_client -connect host:port
 * -servername host`. Reports protocol, cipher and certificate, and names what went wrong: a reset
 * (a middlebox or load balancer), a port that answers in plain text, a certificate for another
 * name or from an unknown CA, a server that wants a client certificate, no common protocol version,
 * or a handshake that stalls until a smaller MSS gets it through (a path MTU blackhole).
 */
import net from 'node:net';
import type { CheckContext, StepEvidence } from '../evidence.js';
import { formatHostPort } from '../target.js';
import { throwIfAborted, tlsAttempt, type Attempt } from './tls-attempt.js';
import { judged, said, type Base, type Common } from './tls-cert.js';
import { shellLine } from '../shell-words.js';
import { termLine } from '../sinks/terminal.js';
import { stalled } from './tls-stall.js';
import { HANDSHAKE, clearHandshakeTypes, looksLikeTls, plaintextKind, printable } from './tls-wire.js';

export interface TlsInput {
  address: string;
  port: number;
  /** The name to send as SNI and to verify the certificate against (not sent for IP literals). */
  servername?: string;
  /** Extra CA certificates to trust (PEM), e.g. an internal CA (`check --ca FILE`). */
  ca?: string;
  /** Where `ca` came from, for the words. */
  caFile?: string;
  timeoutMs?: number;
  /** After a stall, retry with a clamped MSS to test for a PMTU blackhole (default true). */
  mssRetry?: boolean;
}

export type TlsResult =
  | 'ok'
  | 'untrusted'
  | 'reset'
  | 'closed'
  | 'alert'
  | 'timeout'
  | 'error'
  | 'not-tls'
  | 'client-cert-required'
  | 'protocol-mismatch';

export interface TlsCertificateInfo {
  subject?: string;
  issuer?: string;
  altNames?: string;
  validFrom?: string;
  validTo?: string;
  daysLeft?: number;
  selfSigned: boolean;
}

/** The retry with a smaller MSS after a stall (a path MTU blackhole test). */
export interface MssRetryEvidence {
  /** false: socat is missing, so it could not run (`reason`, `fix`). */
  available: boolean;
  reason?: string;
  fix?: string;
  /** Each size tried, in order, and how it went. */
  tries: { mss: number; result: 'ok' | 'timeout' | 'error'; handshakeMs: number; error?: string }[];
  /** The MSS with which the handshake completed, if any. */
  worksWithMss?: number;
}

export interface TlsEvidence {
  result: TlsResult;
  servername?: string;
  protocol?: string;
  cipher?: string;
  alpn?: string;
  certificate?: TlsCertificateInfo;
  trusted?: boolean;
  /** Why the certificate is not trusted, e.g. DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED. */
  authorizationError?: string;
  /** The chain leads to a trusted CA (the name aside). */
  chainTrusted?: boolean;
  /** The certificate covers the name asked for (SNI, or the address for an IP target). */
  nameMatches?: boolean;
  /** The name the certificate was checked against. */
  checkedName?: string;
  /** Why the name does not match, in Node's words. */
  nameError?: string;
  /** The CA file trusted for this check (`--ca`). */
  caFile?: string;
  /** The TLS alert the server sent, e.g. `handshake failure`, `certificate required`. */
  alert?: string;
  /** `not-tls`: what the server said instead, printable and escaped, and what it looks like. */
  plaintext?: string;
  plaintextKind?: string;
  /** `protocol-mismatch`: what the server does speak when old versions are allowed. */
  serverProtocol?: string;
  serverCipher?: string;
  /** `timeout`: the retry with a clamped MSS. */
  mssRetry?: MssRetryEvidence;
  code?: string;
  message?: string;
  handshakeMs: number;
}

export type TlsStep = StepEvidence<'tls', TlsEvidence>;

/** Classifies a TLS handshake error: RST, FIN, alert or something else. */
export function classifyTlsError(err: NodeJS.ErrnoException): TlsResult {
  const msg = err.message ?? '';
  // Node reports a FIN before the handshake finished as ECONNRESET with this message.
  if (/disconnected before secure TLS connection/i.test(msg)) return 'closed';
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return 'reset';
  if (/alert|ERR_SSL|wrong version|unsupported protocol|handshake failure/i.test(`${err.code} ${msg}`)) return 'alert';
  return 'error';
}

/** The alert's name in OpenSSL's message ("sslv3 alert handshake failure" → "handshake failure"). */
export function alertName(err: NodeJS.ErrnoException | undefined): string | undefined {
  const m = /alert ([a-z ]+?)(?::|\s*$|\s+\()/i.exec(err?.message ?? '');
  return m?.[1].trim();
}

const CERT_REQUIRED = /certificate required|CERTIFICATE_REQUIRED/i;
/** Errors that may mean "no version or cipher in common" (a second, legacy-allowing try tells). */
const MAYBE_VERSION = /protocol version|unsupported protocol|no protocols available|version too low|no shared cipher|no ciphers? available|handshake failure|insufficient security/i;
const SURELY_VERSION = /protocol version|unsupported protocol|no protocols available|version too low/i;

/** Performs the TLS handshake (and the follow-up tries that name its failure) with `address:port`. */
export async function tlsProbe(input: TlsInput, ctx: CheckContext = {}): Promise<TlsStep> {
  const started = performance.now();
  const step = await probe(input, ctx);
  // The step lasts as long as all its tries (a stall and its clamped retries), not the first handshake.
  return { ...step, durationMs: performance.now() - started };
}

async function probe(input: TlsInput, ctx: CheckContext): Promise<TlsStep> {
  const servername = input.servername && net.isIP(input.servername) === 0 ? input.servername : undefined;
  const timeoutMs = input.timeoutMs ?? 5000;
  const where = formatHostPort(input.address, input.port);
  // Quoted so it runs as printed, then made inert: a CA file's name is the user's, not ours to print raw.
  const command = termLine(shellLine(['openssl', 's_client', '-connect', where, ...(servername ? ['-servername', servername] : []), ...(input.caFile ? ['-CAfile', input.caFile] : [])]));
  ctx.onProgress?.({ step: 'tls', message: `TLS handshake with ${where}${servername ? ` (SNI ${servername})` : ''}` });
  const opts = { address: input.address, port: input.port, servername, ca: input.ca, signal: ctx.signal };
  const first = await tlsAttempt({ ...opts, timeoutMs });
  throwIfAborted(first);
  const base = { id: 'tls' as const, command, durationMs: first.handshakeMs };
  const common = { servername, caFile: input.caFile, handshakeMs: first.handshakeMs };

  const failure = first.ok ? first.lateError : first.err;
  const received = first.received;
  const types = clearHandshakeTypes(received);

  if (!first.ok || first.lateError) {
    // The server answered in plain text: this port does not speak TLS.
    if (received.length && !looksLikeTls(received)) {
      const kind = plaintextKind(received);
      const text = printable(received);
      const evidence: TlsEvidence = { ...common, result: 'not-tls', plaintext: text, plaintextKind: kind, code: failure?.code, message: failure?.message };
      return { ...base, outcome: 'fail', summary: `this port does not speak TLS: it answered like ${kind}: "${said(text)}"`, reason: `not TLS: ${kind} answered the ClientHello`, evidence };
    }
    if (failure && (CERT_REQUIRED.test(`${failure.code} ${failure.message}`) || (types.includes(HANDSHAKE.certificateRequest) && classifyTlsError(failure) !== 'error'))) {
      const alert = alertName(failure) ?? (first.ok ? 'certificate required' : undefined);
      const evidence: TlsEvidence = { ...common, result: 'client-cert-required', protocol: first.protocol, alert, code: failure.code, message: failure.message };
      const when = first.ok ? 'right after the handshake (TLS 1.3 sends it then)' : 'during the handshake';
      return { ...base, outcome: 'fail', summary: `the server wants a client certificate (mutual TLS): it asked for one and ended the connection ${when}${alert ? ` with the alert "${said(alert)}"` : ''}`, reason: 'client certificate required', evidence };
    }
  }

  if (!first.ok) {
    if (first.timeout) return stalled(input, opts, base, common, timeoutMs);
    const err = first.err!;
    let result = classifyTlsError(err);
    const alert = alertName(err);
    const evidence: TlsEvidence = { ...common, result, alert, code: err.code, message: err.message };
    if (result === 'alert' && MAYBE_VERSION.test(`${err.code} ${err.message}`)) {
      // Allow what a modern client refuses (TLS 1.0/1.1, weak ciphers): if that works, that is all the server speaks.
      const legacy = await tlsAttempt({ ...opts, legacy: true, timeoutMs });
      throwIfAborted(legacy);
      if (legacy.ok || SURELY_VERSION.test(`${err.code} ${err.message}`)) {
        result = 'protocol-mismatch';
        Object.assign(evidence, { result, serverProtocol: legacy.ok ? legacy.protocol : undefined, serverCipher: legacy.ok ? legacy.cipher : undefined });
        const speaks = legacy.ok ? `the server speaks only ${said(legacy.protocol)} (${said(legacy.cipher)}), which this client refuses` : 'the server and this client share no protocol version';
        return { ...base, outcome: 'fail', summary: `no common TLS version or cipher: ${speaks}${alert ? ` (alert "${said(alert)}")` : ''}`, reason: `protocol mismatch: ${said(err.code ?? err.message)}`, evidence };
      }
    }
    const text: Record<string, string> = {
      reset: 'the connection was reset (RST) during the TLS handshake',
      closed: 'the server closed the connection (FIN) during the TLS handshake',
      alert: `the TLS handshake failed: ${alert ? `the alert "${said(alert)}"` : said(err.message)}`,
      error: `the TLS handshake failed: ${said(err.message ?? 'error')}`,
    };
    return { ...base, outcome: 'fail', summary: text[result], reason: err.code ? said(`${err.code}: ${err.message}`) : text[result], evidence };
  }
  return judged(first, base, common, servername ?? input.address);
}

/** The name the tls step is exported as, next to dns/ping/connect/observe. */
export { tlsProbe as tls };

