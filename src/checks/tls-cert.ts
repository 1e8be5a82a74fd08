/**
 * A completed TLS handshake judged: is the chain trusted, does the certificate cover the name asked
 * for (checked even when the chain is not trusted: both are said), and the certificate in words.
 */
import tls from 'node:tls';
import { termLine } from '../sinks/terminal.js';
import type { Attempt } from './tls-attempt.js';
import type { TlsCertificateInfo, TlsEvidence, TlsStep } from './tls.js';

export type Base = { id: 'tls'; command: string; durationMs: number };
export type Common = { servername?: string; caFile?: string; handshakeMs: number };

/**
 * Text the server chose (certificate names, what it said, OpenSSL's words about it) inside one of
 * our sentences: one line, controls visible, cut. The evidence keeps the raw value for --json.
 */
export function said(text: string | undefined, limit = 200): string {
  return termLine(text ?? '?', limit);
}

/** A completed handshake: is the chain trusted, does the certificate cover the name? */
export function judged(a: Attempt, base: Base, common: Common, name: string): TlsStep {
  const cert = a.cert && Object.keys(a.cert).length ? a.cert : undefined;
  const checkedName = name;
  const nameError = cert && checkedName ? tls.checkServerIdentity(checkedName, cert as tls.PeerCertificate) : undefined;
  const chainError = a.authorizationError === 'ERR_TLS_CERT_ALTNAME_INVALID' ? undefined : a.authorizationError;
  const chainTrusted = !chainError;
  const nameMatches = checkedName ? !nameError : undefined;
  const trusted = chainTrusted && nameMatches !== false;
  const evidence: TlsEvidence = {
    ...common,
    result: trusted ? 'ok' : 'untrusted',
    protocol: a.protocol,
    cipher: a.cipher,
    alpn: a.alpn,
    certificate: cert ? certInfo(cert) : undefined,
    trusted,
    authorizationError: chainError ?? (nameError ? 'ERR_TLS_CERT_ALTNAME_INVALID' : undefined),
    chainTrusted,
    nameMatches,
    checkedName,
    nameError: nameError?.message,
  };
  const c = evidence.certificate;
  const certText = c ? `, certificate ${said(c.subject)} issued by ${said(c.issuer)}, expires ${said(c.validTo)}` : '';
  const head = `${said(evidence.protocol)} ${said(evidence.cipher)}${certText}`;
  if (trusted) return { ...base, outcome: 'pass', summary: `${head}, trusted${common.caFile ? ` (with ${said(common.caFile)})` : ''}`, evidence };
  const why = [chainError && `chain not trusted (${said(chainError)})`, nameMatches === false && `not valid for ${said(checkedName)} (it names ${said(c?.altNames ?? c?.subject)})`].filter(Boolean).join('; ');
  return { ...base, outcome: 'fail', summary: `${head}: NOT trusted: ${why}`, reason: `certificate not trusted: ${why}`, evidence };
}

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
