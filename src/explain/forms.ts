/**
 * Class signs read from the shape of a message rather than from a listed phrase: the layer a
 * message names (an SSL/TLS record, message or version), the call that failed in a stack trace
 * (a resolver frame), the innermost OS error a structured log carries, a connection that had
 * already received data. Each pattern is bounded and runs on the prepared (capped) text.
 */
import type { ErrorClass } from './types.js';
import type { RuleHit } from './hits.js';
import { PHRASES, RANK } from './phrases.js';
import { ERRNO_NAMES } from './errno.js';

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
const SQLCLIENT_OPEN = /\(provider: (?:tcp|named pipes) provider, error: 40 - could not open a connection/;

/** The reason a client puts last, after the call that failed (`connect: connection timeout`, `…:5672 failed: timeout`): it beats an exception's name. */
const LAST_REASON = /\b(?:connect|failed):\s{1,2}(connection (?:refused|reset by peer|timed out|timeout)|timeout|timed out|network is unreachable|no route to host)\b/;

/** Erlang and Elixir write the OS error as an atom (`{error,econnrefused}`, `- :nxdomain`, `tcp connect: econnrefused`). */
const ERLANG_ATOM = /(?::\s?|\{error,\s?|\berror, )(e(?:conn\w{3,10}|host\w{4,10}|net\w{4,10}|timedout|pipe)|nxdomain)\b/g;

/** Erlang's socket calls report a peer that closed as `tcp recv: closed` (`ssl send: closed`, `{error,closed}`). */
const ERLANG_CLOSED = /\b(?:tcp|ssl) (?:recv|send): closed\b|\{error,\s?closed\}/;

/** npm's log names the error it ended on in its `code` line; the errnos above it are the way there. */
const NPM_CODE = /^npm err(?:!|or) code (e[a-z_]{3,20})\s*$/m;

/** A DNS tool's own report: dig's header status, nslookup's resolver timeout. */
const DNS_TOOL = /->>header<<- opcode: query, status: (?:servfail|nxdomain|refused)\b|^dns request timed out\.?$|;; communications error to \S{1,64}#53\b/m;

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
  const reason = LAST_REASON.exec(lower);
  const reasonClass = reason ? classOf(reason[1]) : null;
  if (reason && reasonClass) hits.push({ class: reasonClass, rank: RANK.refused + 5, weak: false, label: `the last reason given is "${reason[1]}"` });
  for (const m of lower.matchAll(ERLANG_ATOM)) {
    const cls: NetClass | undefined = m[1] === 'nxdomain' ? 'dns' : ERRNO_NAMES.get(m[1].toUpperCase());
    if (cls) hits.push({ class: cls, rank: RANK[cls], weak: false, label: `Erlang error atom ${m[1]}` });
  }
  if (ERLANG_CLOSED.test(lower)) hits.push({ class: 'closed', rank: RANK.refused + 5, weak: false, label: 'the peer closed the socket (tcp recv: closed)' });
  const npm = NPM_CODE.exec(lower);
  const npmClass = npm ? ERRNO_NAMES.get(npm[1].toUpperCase()) : undefined;
  if (npm && npmClass) hits.push({ class: npmClass, rank: RANK.unreachable + 5, weak: false, label: `npm's error code ${npm[1]}` });
  if (DNS_TOOL.test(lower)) hits.push({ class: 'dns', rank: RANK.dns, weak: false, label: "the DNS tool's own failure report" });
  if (SQLCLIENT_OPEN.test(lower)) hits.push({ class: 'refused', rank: RANK.refused, weak: false, label: 'SQL Server provider error 40: the connect failed' });
  return hits;
}
