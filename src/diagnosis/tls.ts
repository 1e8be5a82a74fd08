/**
 * The TLS step's findings: which TLS failure it was, in words a ticket can carry. Pure: the TLS
 * step's evidence in, findings (and the verdict's specific sentence) out.
 */
import { isIP } from 'node:net';
import type { FindingId } from '../evidence.js';
import type { TlsEvidence } from '../checks/tls.js';
import { termLine } from '../sinks/terminal.js';

type Add = (id: FindingId, text?: string) => void;

/** Plain-text services that switch to TLS on request, and openssl's name for that (`-starttls`). */
const STARTTLS: Record<string, string> = { 'an SMTP server': 'smtp', 'an SMTP or FTP server': 'smtp', 'an FTP server': 'ftp', 'an IMAP server': 'imap', 'a POP3 server': 'pop3' };

/** "chain not trusted (…); not valid for NAME": why the certificate fails, both reasons when both hold. */
export function tlsTrustWords(t: TlsEvidence): string {
  const parts: string[] = [];
  if (t.chainTrusted !== true) parts.push(t.authorizationError ?? 'not trusted');
  if (t.nameMatches === false) parts.push(`not valid for ${t.checkedName}`);
  return parts.join('; ') || (t.authorizationError ?? 'unknown reason');
}

/**
 * Adds the findings the TLS evidence names. Returns true when it decided the outcome (a TLS failure
 * other than a reset or an untrusted certificate, which the caller handles), having said why.
 */
export function addTlsFindings(t: TlsEvidence, add: Add, say?: (meaning: string) => void): boolean {
  if (t.nameMatches === false) {
    // The certificate's names are the server's words: inert in our sentence (raw in --json only).
    const names = termLine(t.certificate?.altNames ?? (t.certificate?.subject ? `CN=${t.certificate.subject}` : 'other names'), 300);
    const byIp = t.checkedName !== undefined && isIP(t.checkedName) !== 0;
    add('tls-name-mismatch', `The certificate does not cover ${t.checkedName}: it is for ${names}. Clients that check names refuse it even if they trust its issuer${t.chainTrusted === false ? ' (and this one is not trusted either)' : ''}.${byIp ? ' (Checked by address: if clients use a name, check with --servername NAME.)' : ''}`);
  }
  if (!say) return false;
  switch (t.result) {
    case 'not-tls': {
      const starttls = STARTTLS[t.plaintextKind ?? ''];
      add('tls-not-tls', `This port does not speak TLS: it answered the ClientHello like ${t.plaintextKind ?? 'a plain-text service'}: "${t.plaintext ?? ''}".${starttls ? ` It may offer TLS after a STARTTLS command: openssl s_client -starttls ${starttls} -connect HOST:PORT.` : ''}`);
      say(`TCP works, but this port does not speak TLS: it answered our ClientHello in plain text, like ${t.plaintextKind ?? 'a plain-text service'}. Use the TLS port (often 443 or the service's TLS port), or talk to this one without TLS.`);
      return true;
    }
    case 'client-cert-required':
      add('tls-client-cert-required', `The server wants a client certificate (mutual TLS)${t.alert ? `: it ended the handshake with the alert "${t.alert}"` : ''}. Present one it trusts (curl --cert/--key, openssl s_client -cert/-key).`);
      say('TCP works and the server speaks TLS, but it requires a client certificate (mutual TLS) and we sent none: the client needs a certificate and key the server trusts.');
      return true;
    case 'protocol-mismatch': {
      const speaks = t.serverProtocol ? `the server speaks only ${t.serverProtocol}${t.serverCipher ? ` (${t.serverCipher})` : ''}` : 'the server offered nothing this client accepts';
      add('tls-protocol-mismatch', `No common TLS version or cipher: ${speaks}${t.alert ? ` (alert "${t.alert}")` : ''}. Modern clients refuse TLS 1.0/1.1 and weak ciphers; upgrade the server, not the client.`);
      say(`TCP works, but the client and the server share no TLS version or cipher: ${speaks}.`);
      return true;
    }
    case 'timeout': {
      const r = t.mssRetry;
      if (r?.worksWithMss) {
        add('pmtu-blackhole', `Path MTU blackhole: after TCP connected, the server's full-size segments never arrived, and with the MSS clamped to ${r.worksWithMss} the handshake completed. A link on the way has a smaller MTU and its "fragmentation needed" ICMP (IPv4 type 3 code 4; IPv6 Packet Too Big) is filtered. Ask the network team to allow that ICMP, or to clamp the MSS on the VPN gateway or tunnel (e.g. iptables TCPMSS --clamp-mss-to-pmtu).`);
        say(`TCP connected, then the data stopped: the TLS handshake stalled until the connection asked for segments of ${r.worksWithMss} bytes. Small packets pass, full-size ones vanish: a path MTU blackhole.`);
        return true;
      }
      if (r && !r.available) {
        add('mss-retry-unavailable', `The TLS handshake stalled after TCP connected. A path MTU blackhole would look like this, but the retry with a smaller MSS could not run: ${r.reason}. ${r.fix ?? ''}`.trim());
      }
      return false;
    }
    default:
      return false;
  }
}
