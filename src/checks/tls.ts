/**
 * The TLS step: a node:tls handshake with SNI, like `openssl s_client -connect host:port
 * -servername host`. Reports protocol, cipher and certificate; tells a reset during the handshake
 * (`reset`, a middlebox or load balancer) from an alert or certificate failure (`tls-error`).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { CheckContext, StepEvidence } from '../evidence.js';
import { formatHostPort } from '../target.js';

export interface TlsInput {
  address: string;
  port: number;
  /** The name to send as SNI and to verify the certificate against (not sent for IP literals). */
  servername?: string;
  timeoutMs?: number;
}

export type TlsResult = 'ok' | 'untrusted' | 'reset' | 'closed' | 'alert' | 'timeout' | 'error';

export interface TlsCertificateInfo {
  subject?: string;
  issuer?: string;
  altNames?: string;
  validFrom?: string;
  validTo?: string;
  daysLeft?: number;
  selfSigned: boolean;
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

/** Performs one TLS handshake on a new connection to `address:port`. */
export async function tlsProbe(input: TlsInput, ctx: CheckContext = {}): Promise<TlsStep> {
  const servername = input.servername && net.isIP(input.servername) === 0 ? input.servername : undefined;
  const timeoutMs = input.timeoutMs ?? 5000;
  const where = formatHostPort(input.address, input.port);
  const command = `openssl s_client -connect ${where}${servername ? ` -servername ${servername}` : ''}`;
  ctx.onProgress?.({ step: 'tls', message: `TLS handshake with ${where}${servername ? ` (SNI ${servername})` : ''}` });
  const started = performance.now();
  const socket = tls.connect({
    host: input.address,
    port: input.port,
    servername,
    rejectUnauthorized: false,
    ALPNProtocols: ['h2', 'http/1.1'],
  });
  const r = await new Promise<{ ok: boolean; err?: NodeJS.ErrnoException; timeout?: boolean; aborted?: boolean }>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, timeout: true }), timeoutMs);
    const onAbort = () => resolve({ ok: false, aborted: true });
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      resolve({ ok: true });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, err });
    });
  });
  const handshakeMs = performance.now() - started;
  socket.on('error', () => undefined);
  if (r.aborted) {
    socket.destroy();
    throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  }
  const base = { id: 'tls' as const, command, durationMs: handshakeMs };
  if (!r.ok) {
    socket.destroy();
    const result: TlsResult = r.timeout ? 'timeout' : classifyTlsError(r.err!);
    const evidence: TlsEvidence = { result, servername, code: r.err?.code, message: r.err?.message, handshakeMs };
    const text: Record<TlsResult, string> = {
      reset: 'the connection was reset (RST) during the TLS handshake',
      closed: 'the server closed the connection (FIN) during the TLS handshake',
      alert: `the TLS handshake failed: ${r.err?.message ?? 'alert'}`,
      timeout: `no TLS answer within ${timeoutMs / 1000} s (is this port TLS at all?)`,
      error: `the TLS handshake failed: ${r.err?.message ?? 'error'}`,
      ok: '',
      untrusted: '',
    };
    return { ...base, outcome: 'fail', summary: text[result], reason: r.err?.code ? `${r.err.code}: ${r.err.message}` : text[result], evidence };
  }
  const cert = socket.getPeerCertificate();
  const cipher = socket.getCipher();
  const evidence: TlsEvidence = {
    result: socket.authorized ? 'ok' : 'untrusted',
    servername,
    protocol: socket.getProtocol() ?? undefined,
    cipher: cipher?.standardName ?? cipher?.name,
    alpn: socket.alpnProtocol || undefined,
    certificate: cert && Object.keys(cert).length ? certInfo(cert) : undefined,
    trusted: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
    handshakeMs,
  };
  socket.end();
  socket.destroy();
  const c = evidence.certificate;
  const certText = c ? `, certificate ${c.subject ?? '?'} issued by ${c.issuer ?? '?'}, expires ${c.validTo ?? '?'}` : '';
  if (!socket.authorized) {
    return { ...base, outcome: 'fail', summary: `${evidence.protocol} ${evidence.cipher}${certText}: NOT trusted (${evidence.authorizationError})`, reason: `certificate not trusted: ${evidence.authorizationError}`, evidence };
  }
  return { ...base, outcome: 'pass', summary: `${evidence.protocol} ${evidence.cipher}${certText}, trusted`, evidence };
}

/** The name the tls step is exported as, next to dns/ping/connect/observe. */
export { tlsProbe as tls };

function certInfo(cert: tls.PeerCertificate): TlsCertificateInfo {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);
  const name = (n: tls.Certificate | undefined) => (n ? one(n.CN) || one(n.O) || Object.values(n).flat().join(', ') : undefined);
  const subject = name(cert.subject);
  const issuer = name(cert.issuer);
  const validTo = cert.valid_to;
  const daysLeft = validTo ? Math.floor((Date.parse(validTo) - Date.now()) / 86_400_000) : undefined;
  return {
    subject,
    issuer,
    altNames: cert.subjectaltname,
    validFrom: cert.valid_from,
    validTo,
    daysLeft,
    selfSigned: JSON.stringify(cert.subject) === JSON.stringify(cert.issuer),
  };
}
