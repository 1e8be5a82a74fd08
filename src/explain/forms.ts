/**
 * Class signs read from the shape of a message rather than from a listed phrase: the layer a
 * message names (an SSL/TLS record, message or version), the call that failed in a stack trace
 * (a resolver frame), the innermost OS error a structured log carries, a connection that had
 * already received data. Each pattern is bounded and runs on the prepared (capped) text.
 */
import type { ErrorClass } from './types.js';
import type { RuleHit } from './hits.js';
import { PHRASES, RANK } from './phrases.js';

type NetClass = Exclude<ErrorClass, 'unknown'>;

/**
 * A failure the message places in the SSL/TLS layer: the layer's name next to what broke there
 * (`Unrecognized SSL message, plaintext connection?`, `tls: received record with version 3030`,
 * `Connecting to HTTPS without TLS enabled`), a certificate judged invalid, plain HTTP sent to a TLS port, a
 * certificate chain (`x509: …`), or .NET's SslStream
 * whose authentication the peer cut (`…remote party has closed the transport stream`).
 */
const TLS_LAYER =
  /\b(?:ssl|tls)\b[^\n]{0,40}?\b(?:message|record|version|plaintext|alert|protocol error|cipher|could not be established|enabled|not enabled|required)\b|\breceived record with version\b|\bwhen expecting version\b|\bplaintext connection\b|\b(?:https|ssl|tls)\b[^\n]{0,30}\bwithout (?:ssl|tls)\b|\bx509: |\bauthentication failed because the remote party has closed the transport stream\b|\bsystem\.net\.security\.ssl\w*|\bcertificates?\b[^\n]{0,60}\b(?:is invalid|invalid|expired|untrusted|not trusted|revoked|mismatch|self[- ]signed|verif\w*|unknown authority|not yet valid)\b|\bhttps? (?:request|response) to an? https? (?:server|client|port)\b/;

/** A line that only guesses at a cause (`* Are you trying to connect to a TLS-enabled daemon without TLS?`). */
const HINT_LINE = /^\W{0,4}(?:are you|is your|did you|do you|have you|maybe|perhaps|check (?:that|whether|if))\b/;

/** The message's lines that report rather than guess. */
const reported = (lower: string) => lower.split('\n', 400).filter((l) => !HINT_LINE.test(l)).join('\n');

/** A resolver call as the failing frame or wrapped call (`at System.Net.Dns.GetHostEntry…`, `InetAddress.getByName`, `gethostbyname`). */
const RESOLVER_FRAME = /\b(?:system\.net\.)?dns\.(?:\w{0,30}gethost\w{0,30}|resolve\w{0,20}|\w{0,20}getaddr\w{0,20})|\bgethostby(?:name|addr)\b|\binetaddress\.getbyname\b|\bgethostentry\w{0,20}\b/;

/** A structured log's OS-level cause (gRPC core's `"os_error":"Timeout occurred"`): the innermost words decide. */
const OS_ERROR_FIELD = /"(?:os_error|syscall_error|errno_str|os_err)"\s?:\s?"([^"\n]{1,120})"/;

/** Connector/J: data had come from the server before (`last packet successfully received … 2,230,340 milliseconds ago`). */
const RECEIVED_BEFORE = /last packet successfully received from the server was ([\d,]{1,15}) milliseconds ago/;

/** SQL Server's provider error 40 ("Could not open a connection"): the TCP connect itself failed. */
const SQLCLIENT_OPEN = /\(provider: tcp provider, error: 40 - could not open a connection/;

/** The strongest class the phrase tables give `words` alone (weak phrases included). */
function classOf(words: string): NetClass | null {
  let best: NetClass | null = null;
  for (const rule of PHRASES) {
    if (!rule.phrases.some((p) => words.includes(p))) continue;
    if (!best || (rule.rank ?? RANK[rule.class]) > RANK[best]) best = rule.class;
  }
  return best;
}

/** Hits found from a message's form; the caller adds them to the phrase hits. */
export function formHits(lower: string): RuleHit[] {
  const hits: RuleHit[] = [];
  if (TLS_LAYER.test(reported(lower))) hits.push({ class: 'tls', rank: RANK.tls, weak: false, label: 'the message names the SSL/TLS layer failing' });
  if (RESOLVER_FRAME.test(lower)) hits.push({ class: 'dns', rank: RANK.dns, weak: false, label: 'the failing call is a name lookup' });
  const os = OS_ERROR_FIELD.exec(lower);
  const osClass = os ? classOf(os[1]) : null;
  // Ranked above every class: the field is the OS's own word for what happened to this connect.
  if (os && osClass) hits.push({ class: osClass, rank: RANK.tls + 5, weak: false, label: `the OS error field says "${os[1]}"` });
  const received = RECEIVED_BEFORE.exec(lower);
  if (received && Number(received[1].replace(/,/g, '')) > 0) hits.push({ class: 'closed', rank: RANK.refused + 5, weak: false, label: 'the server had sent data on this connection before' });
  if (SQLCLIENT_OPEN.test(lower)) hits.push({ class: 'refused', rank: RANK.refused, weak: false, label: 'SQL Server provider error 40: the connect failed' });
  return hits;
}
