/**
 * The TLS step from a vantage point: `openssl s_client` (and `openssl x509` on the certificate it
 * printed) read into the TLS check's own evidence, so diagnosis names the same TLS findings. The
 * vantage point's own trust store decides (that is the question: does app-1 trust it?). Pure.
 */
import type { TlsEvidence, TlsResult, TlsStep } from '../checks/tls.js';
import { plaintextKind, printable } from '../checks/tls-wire.js';
import { numArg, type ProbeRecord } from './probe-output.js';

/** OpenSSL's verify error numbers, in Node's names (what `authorizationError` holds for a local check). */
const VERIFY_CODES: Record<number, string> = {
  2: 'UNABLE_TO_GET_ISSUER_CERT',
  9: 'CERT_NOT_YET_VALID',
  10: 'CERT_HAS_EXPIRED',
  18: 'DEPTH_ZERO_SELF_SIGNED_CERT',
  19: 'SELF_SIGNED_CERT_IN_CHAIN',
  20: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  21: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  23: 'CERT_REVOKED',
};
/** Hostname (62) and IP address (64) mismatch: the name, not the chain. */
const NAME_ERRORS = new Set([62, 64]);

const SURELY_VERSION = /protocol version|unsupported protocol|no protocols available|version too low|no shared cipher/i;

/** Reads the `@tsl tls openssl RC MS HOST:PORT NAME` record (and `@tsl cert`) into the TLS step. */
export function readTls(rec: ProbeRecord, cert: ProbeRecord | undefined, firstBytes?: Buffer): TlsStep {
  const rc = numArg(rec, 1);
  const ms = numArg(rec, 2);
  const where = rec.args[3] ?? '';
  const name = rec.args[4] || undefined;
  const text = rec.lines.join('\n');
  const command = `openssl s_client -connect ${where}${name ? ` -servername ${name} -verify_hostname ${name}` : ''}`;
  const base = { id: 'tls' as const, command, durationMs: Number.isFinite(ms) ? ms : 0 };
  const common = { servername: name, handshakeMs: base.durationMs };
  const cipher = /Cipher is (\S+)/.exec(text)?.[1];
  const completed = cipher !== undefined && cipher !== '(NONE)';

  if (!completed) {
    const fail = (result: TlsResult, summary: string, extra: Partial<TlsEvidence> = {}): TlsStep => ({
      ...base,
      outcome: 'fail',
      summary,
      reason: summary,
      evidence: { ...common, result, message: lastError(text), ...extra },
    });
    if (rc === 124 || rc === 143) return fail('timeout', 'the TLS handshake stalled: no answer to the ClientHello in time');
    if (/wrong version number|packet length too long|record layer failure|unknown protocol|http request/i.test(text)) {
      const kind = firstBytes?.length ? plaintextKind(firstBytes) : 'a plain-text service';
      const said = firstBytes?.length ? printable(firstBytes) : '';
      return fail('not-tls', `this port does not speak TLS: it answered like ${kind}${said ? `: "${said}"` : ''}`, { plaintextKind: kind, plaintext: said });
    }
    if (/errno=104|connection reset/i.test(text)) return fail('reset', 'the connection was reset (RST) during the TLS handshake', { code: 'ECONNRESET' });
    if (/certificate required|alert number 116/i.test(text)) return fail('client-cert-required', 'the server wants a client certificate (mutual TLS)', { alert: 'certificate required' });
    const alert = /alert ([a-z ]+?)(?::|$)/im.exec(text)?.[1]?.trim();
    if (SURELY_VERSION.test(text)) return fail('protocol-mismatch', `no common TLS version or cipher${alert ? ` (alert "${alert}")` : ''}`, { alert });
    if (alert) return fail('alert', `the TLS handshake failed: the alert "${alert}"`, { alert });
    if (/unexpected eof/i.test(text)) return fail('closed', 'the server closed the connection (FIN) during the TLS handshake');
    return fail('error', `the TLS handshake failed: ${lastError(text) ?? `openssl exit ${rc}`}`);
  }

  const errors = [...text.matchAll(/verify error:num=(\d+):(.*)$/gm)].map((m) => ({ num: Number(m[1]), text: m[2].trim() }));
  const chainError = errors.find((e) => !NAME_ERRORS.has(e.num));
  const nameError = errors.find((e) => NAME_ERRORS.has(e.num));
  const chainTrusted = !chainError;
  const nameMatches = name || nameError ? !nameError : undefined;
  const trusted = chainTrusted && nameMatches !== false;
  const certificate = readCert(cert?.lines ?? []);
  const protocol = /Protocol\s*:\s*(\S+)/.exec(text)?.[1] ?? /^New, (\S+?),/m.exec(text)?.[1];
  const evidence: TlsEvidence = {
    ...common,
    result: trusted ? 'ok' : 'untrusted',
    protocol,
    cipher,
    certificate,
    trusted,
    authorizationError: chainError ? VERIFY_CODES[chainError.num] ?? chainError.text : nameError ? 'ERR_TLS_CERT_ALTNAME_INVALID' : undefined,
    chainTrusted,
    nameMatches,
    checkedName: name,
    nameError: nameError?.text,
  };
  const c = certificate;
  const head = `${protocol ?? '?'} ${cipher}${c ? `, certificate ${c.subject ?? '?'} issued by ${c.issuer ?? '?'}, expires ${c.validTo ?? '?'}` : ''}`;
  if (trusted) return { ...base, outcome: 'pass', summary: `${head}, trusted by the vantage point`, evidence };
  const why = [chainError && `chain not trusted (${chainError.text})`, nameMatches === false && `not valid for ${name} (it names ${c?.altNames ?? c?.subject ?? '?'})`].filter(Boolean).join('; ');
  return { ...base, outcome: 'fail', summary: `${head}: NOT trusted: ${why}`, reason: `certificate not trusted: ${why}`, evidence };
}

function lastError(text: string): string | undefined {
  const line = text.split('\n').find((l) => /:error:|errno=/.test(l));
  return line?.replace(/^[0-9A-F]+:error:[0-9A-F]+:/, '').trim();
}

/** `openssl x509 -noout -subject -issuer -startdate -enddate -ext subjectAltName` in the TLS check's terms. */
export function readCert(lines: string[]): TlsEvidence['certificate'] {
  const field = (re: RegExp) => lines.map((l) => re.exec(l)?.[1]?.trim()).find(Boolean);
  const cn = (dn: string | undefined) => (dn ? (/CN\s*=\s*([^,/]+)/.exec(dn)?.[1]?.trim() ?? dn) : undefined);
  const subjectDn = field(/^subject\s*=\s*(.*)$/);
  const issuerDn = field(/^issuer\s*=\s*(.*)$/);
  if (!subjectDn && !issuerDn) return undefined;
  const san = lines.findIndex((l) => /Subject Alternative Name/.test(l));
  const validTo = field(/^notAfter=(.*)$/);
  const daysLeft = validTo ? Math.floor((Date.parse(validTo) - Date.now()) / 86_400_000) : undefined;
  return {
    subject: cn(subjectDn),
    issuer: cn(issuerDn),
    altNames: san >= 0 ? lines[san + 1]?.trim() : undefined,
    validFrom: field(/^notBefore=(.*)$/),
    validTo,
    daysLeft: Number.isFinite(daysLeft) ? daysLeft : undefined,
    selfSigned: subjectDn !== undefined && subjectDn === issuerDn,
  };
}
