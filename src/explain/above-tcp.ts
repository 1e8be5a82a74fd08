/**
 * Errors from above TCP: the connection worked and the application said no. A failed login
 * (`password authentication failed`, `Access denied for user`, pg_hba.conf), a refused
 * authorization (HTTP 401/403), an HTTP status from a server or proxy, an SQL error. Checking the
 * port would only show it open, so these are explained, never checked unasked.
 * Literal phrases and bounded patterns only (runs on any paste in linear time).
 */

export type AboveTcpKind = 'authentication' | 'authorization' | 'http-status' | 'mail-status' | 'server-reply' | 'rpc-fault' | 'sql' | 'server-limit' | 'negotiation';

export interface AboveTcp {
  kind: AboveTcpKind;
  /** The words that showed it. */
  evidence: string;
}

const PHRASES: ReadonlyArray<[AboveTcpKind, readonly string[]]> = [
  [
    'authentication',
    [
      'password authentication failed', 'peer authentication failed', 'ident authentication failed', 'authentication failed',
      'no pg_hba.conf entry', 'pg_hba.conf rejects connection', 'access denied for user', 'er_access_denied_error', 'login failed for user',
      'invalid username/password', 'ora-01017', 'permission denied (publickey', 'too many authentication failures', 'noauth authentication required',
      'wrongpass', 'invalid password', 'invalid credentials', 'access_refused - login was refused', 'bad credentials', 'auth failed', 'sasl authentication', 'unable to authenticate',
      'authentication required', 'authentication error', 'incorrect password', 'wrong password', 'host key verification failed',
      'not authorized to access', 'requires authentication', 'invalid api key', 'invalid token', 'token expired', 'token has expired', 'access token',
      'credentials were not provided', 'not authenticated', 'authentication credentials', 'invalid_grant', 'invalid_client', 'unauthorized_client',
      'login required', 'loginrequired', 'sessionexpired', 'session expired', 'login refused', "couldn't log in", 'could not log in',
    ],
  ],
  ['authorization', ['403 forbidden', 'forbidden', 'permission denied for', 'access denied', 'not authorized', 'unauthorized', 'insufficient privileges', 'accessdenied', 'does not have permission', 'is not allowed to connect to this']],
  ['sql', ['sqlstate', 'syntax error at or near', 'does not exist', "doesn't exist", 'unknown column', 'duplicate key', 'duplicate entry', 'deadlock detected', 'ora-00942', 'undefined table', 'base table or view not found', 'violates', 'constraint', 'is not a column']],
  ['server-limit', ['too many requests', 'too many connections', 'too many clients already', 'max_connections', 'connection limit exceeded', 'the database system is starting up', 'the database system is shutting down', 'server is in maintenance', 'is blocked because of many connection errors', 'ora-12514', 'listener does not currently know of service', 'mysqladmin flush-hosts', 'rate limit exceeded', 'quota exceeded', 'at capacity']],
];

/** HTTP status lines and phrases: `HTTP/1.1 503`, `status code 404`, `returned error: 502`, `502 Bad Gateway`. */
const HTTP_STATUS = /\bhttp\/\d(?:\.\d)? ([45]\d\d)\b|\bstatus(?: code)?[:= ]{1,3}([45]\d\d)\b|\breturned error: ([45]\d\d)\b|\b([45]\d\d) (?:bad request|unauthorized|forbidden|not found|method not allowed|conflict|gone|too many requests|internal server error|bad gateway|service unavailable|gateway time-?out)\b|\bresponse code:? ([45]\d\d)\b|^[^\S\n]*(?:http\/\d(?:\.\d)? )?([45]\d\d) [a-z][\w-]*(?: [\w-]{1,20}){0,6}[.!]?[^\S\n]*$|\b(?:request failed with status code) ([45]\d\d)\b|\b([45]\d\d) (?:client|server) error\b|\bhttp(?: status)?(?: code)?\s?[:=]?\s?([45]\d\d)\b(?! ms)|["'“]([45]\d\d) [a-z][\w -]{2,60}[.!]?["'”]|\b(?:return(?:s|ed|ing)?|giv(?:es|ing)|gave|throw(?:s|ing)?|serv(?:es|ing)) (?:an? |the )?(?:http )?([45]\d\d)s?\b(?! ?(?:ms|bytes|kb|mb)\b)/im;
/** A session the server let expire (ZooKeeper's "session 0x… has expired"): TCP reconnected, the session is gone. */
/** A server that answered it does not know the client by name (Zabbix's `host [agent-1] not found`): TCP worked. */
const CLIENT_UNKNOWN = /\bhost \[[^\]\n]{1,64}\] not found\b/;
const SESSION_EXPIRED = /\bsession(?: 0x[0-9a-f]{1,20}| id)? has expired\b/;
/** A mail server's error reply with its enhanced status code (`550 5.1.1 …`, `530 5.7.0 Must issue a STARTTLS command first`). */
const MAIL_REPLY = /(?:^|[\s("'])([45]\d\d)[ -][45]\.\d{1,3}\.\d{1,3}\b/m;
/** Cloudflare's 520–526 say its connection to the origin failed (refused, unreachable, closed): TCP, not the application. */
const ORIGIN_CODES = /^52[0-6]$/;
/** IIS's `HTTP Error 502.3 - Bad Gateway`: a status with its sub-status. */
const IIS_STATUS = /\bhttp error ([45]\d\d)(?:\.\d{1,3})?\b/;
/** A protocol's reply line on its own (`421 Service not available, closing control connection.`): code, then capitalised words. */
const REPLY_LINE = /^[ \t]{0,4}(?:[<>] )?([45]\d\d)[ -][A-Z][a-z'-]{1,20}(?:[ ,;:]{1,2}[\w'.()-]{1,30}){1,20}[ \t]*$/m;
/** A status code alone on the first line of a multi-line paste (an error page: `502` then "GitLab is not responding."). */
const STATUS_LINE = /^\s*([45]\d\d)\s*\n/;

/** SQLSTATE class 08 is "connection exception": that one is about TCP (or the server's door). */
const CONNECTION_SQLSTATE = /sqlstate\[?(?:08|hy000\]? \[(?:2002|2003|2005|2006|2013))/i;

/**
 * A reply the server sent, introduced as such (`host mx.example.org[…] said: 550 …`, `Server
 * replied: 421 …`, FileZilla's `Antwort: 530 …`, `Resposta do Servidor: 454 …`, SwiftMailer's
 * `Expected response code 250 but got code "550"`): a 3-digit 4xx/5xx from the far end means TCP
 * carried the conversation, whatever the reply's words say (`421 … timed out`).
 */
const SERVER_REPLY = /\b(?:said|(?:server|smtp|ftp|remote host) (?:replied|responded|answered|response|reply)|antwort|resposta(?: do servidor)?|respuesta(?: del servidor)?|r[ée]ponse(?: du serveur)?)\s?:\s{0,3}["'<]?[45]\d\d(?:[ -]|$)|\bexpected (?:response )?code \d{3},? but got (?:code )?["']?[45]\d\d\b/m;
/**
 * An exception a client throws for the server's answer to a command (MailKit's `SmtpCommandException:
 * 4.4.1 Connection timed out`, `SmtpProtocolException`, `FTPReplyException`): the answer came back,
 * so TCP worked; the enhanced status code or reply is the server's, not the socket's.
 */
const REPLY_EXCEPTION = /\b(?:smtp|imap|pop3?|ftp|mail)\w{0,12}(?:command|response|reply|protocol)\w{0,8}exception\b[^\n]{0,12}?(?:[245]\d\d|[245]\.\d{1,3}\.\d{1,3})\b/;

/**
 * A server's protocol-level no on a connection that TCP opened, even where the words say "refused":
 * MQTT's CONNACK codes (`4 Connection refused: Bad user name or password`, `Connection refuse,
 * reason code: 5`, `NOT_AUTHORIZED`), an IMAP or POP3 tagged reply (`a2 NO [ALERT] …`, `-ERR …`),
 * a partner or broker that rejected the request, a per-user connection limit, credentials the
 * server did not accept. These beat a TCP class: the refusal came from the application.
 */
const PROTOCOL_REFUSALS: ReadonlyArray<[AboveTcpKind, RegExp, string]> = [
  ['authentication', /\bconnection refused[,:]?\s{0,3}(?:bad user ?name or password|not authori[sz]ed|identifier rejected|unacceptable protocol version|server unavailable)/, 'an MQTT CONNACK refusal'],
  ['authentication', /\brefused?[,:]?\s{0,3}(?:reason|return) code:? ?(?:0x)?0?[1-9]/, 'a refusal with the server\'s reason code'],
  ['authentication', /\bconnack\b[^\n]{0,80}(?:error|refus|reject|not[_ ]?authori[sz]ed|bad user|code:? ?(?:0x)?0?[1-9])|\bnot_authorized\b|connectreturncode\.(?!accepted\b)\w{3,40}/, 'an MQTT CONNACK error code'],
  ['authentication', /(?:^|\n)[ \t]{0,4}(?:s: )?[a-z]{1,4}\d{1,5} (?:no|bad) \S|(?:^|\n)[ \t]{0,4}(?:s: )?-err\b|\bno \[(?:alert|authenticationfailed|authorizationfailed|unavailable|limit|inuse)\]/, 'an IMAP/POP3 error reply'],
  ['authorization', /\b(?:request|connection|login|session) rejected by (?:the )?(?:partner|server|peer|broker|remote (?:host|side))\b/, 'the partner rejected the request'],
  ['server-limit', /\bexceeded the '?max_\w{0,20}connections\b|\bmore than '?max_\w{0,20}connections\b|\bno more (?:instances|connections|sessions|licen[cs]es|users|clients)\b[^\n]{0,40}\bcan be\b|\btoomanyrequests\b|\b(?:remaining )?connection slots? (?:are )?(?:reserved|full|exhausted)\b|\b(?:connection|client|session) limit (?:reached|exceeded)\b|\bmax(?:imum)? (?:number of )?(?:connections|clients|sessions) (?:reached|exceeded)\b|\btoo many (?:\w{1,15} ){0,2}(?:connections|clients|sessions)\b/, 'a connection limit on the server'],
  ['negotiation', /\btimed out during banner exchange\b|\bunable to negotiate with\b|\bno matching (?:host key type|key exchange method|cipher|mac|kex algorithm)\b|\bremote host identification has changed\b|\bhost key (?:does not|doesn't) match\b/, "SSH's own handshake, after TCP connected (algorithms or the server's host key)"],
  ['authentication', /\b(?:user ?name|password|credentials?|login)\b[^\n]{0,25}\b(?:not accepted|rejected|invalid|incorrect)\b|\b\w{0,20}authenticationerror\b/, 'credentials the server did not accept'],
  // SMB's answers after the session started (`NT_STATUS_LOGON_FAILURE`, `…_BAD_NETWORK_NAME`); its TCP ones (IO_TIMEOUT, CONNECTION_REFUSED) are not here.
  ['authentication', /\bnt_status_(?:logon_failure|wrong_password|password_\w{1,20}|account_\w{1,20}|no_such_user|invalid_logon_hours)\b/, 'an SMB logon refused by the server'],
  ['authorization', /\bnt_status_(?:access_denied|bad_network_name|network_access_denied|not_supported)\b/, 'an SMB request the server turned down'],
  ['authorization', /\bassociation (?:was )?(?:rejected|aborted)\b|\ba-associate-rj\b/, 'the peer rejected the association (DICOM and similar: TCP connected first)'],
];

/** The protocol-level refusal `lower` shows, or null (see PROTOCOL_REFUSALS, SERVER_REPLY, REPLY_EXCEPTION). */
export function readProtocolRefusal(lower: string): AboveTcp | null {
  for (const [kind, re, what] of PROTOCOL_REFUSALS) if (re.test(lower)) return { kind, evidence: what };
  // A reply the server sent: what it said, when its words say (a login refused, an SMTP status), else its code.
  const reply = SERVER_REPLY.exec(lower) ?? REPLY_EXCEPTION.exec(lower);
  if (!reply) return null;
  const kind = /smtp|mail|\b[45]\.\d{1,3}\.\d{1,3}\b/.test(reply[0]) ? 'mail-status' : 'server-reply';
  return readAboveTcp(lower) ?? { kind, evidence: `the server's reply (${reply[0].trim().slice(0, 60)})` };
}

/** A mail reply as Python's smtplib prints it: `(535, b'5.7.8 Username and Password not accepted…')`. */
const MAIL_TUPLE = /\(([45]\d\d), b?['"][45]\.\d{1,3}\.\d{1,3}\b/;

/** A session transcript (telnet, nc, openssl s_client) where the server greeted with 220 and later answered 4xx/5xx: SMTP or FTP said no. */
const GREETED_THEN_REFUSED = /^(?:s: |< )?220[ -][^\n]{0,200}\n(?:[^\n]{0,300}\n){0,40}?(?:s: |< )?([45]\d\d)[ -]/m;

/** An RPC answered with its protocol's error (`xmlrpc.client.Fault: <Fault -32500: …>`, a SOAP `<faultstring>`). */
const RPC_FAULT = /\bfault: <fault -?\d{1,6}:|<faultstring>|\bsoap(?:env)?:fault\b/;

/** The above-TCP error `lower` (the lower-cased paste) shows, or null; `original` (the paste as written) lets a reply line's capitals count. */
export function readAboveTcp(lower: string, original = ''): AboveTcp | null {
  for (const [kind, phrases] of PHRASES) {
    for (const phrase of phrases) {
      if (!lower.includes(phrase)) continue;
      if (kind === 'sql' && CONNECTION_SQLSTATE.test(lower)) continue;
      // "does not exist" is SQL only where a relation, role, database or table does not.
      if ((phrase === 'does not exist' || phrase === "doesn't exist") && !/\b(?:relation|role|database|table|column|schema|user|function)\b[^\n]{0,80}(?:does not|doesn't) exist/.test(lower)) continue;
      if ((phrase === 'violates' || phrase === 'constraint') && !/violates [\w ]{0,30}constraint/.test(lower)) continue;
      return { kind, evidence: `"${phrase}"` };
    }
  }
  if (CLIENT_UNKNOWN.test(lower)) return { kind: 'authorization', evidence: '"host [name] not found" from the server' };
  if (SESSION_EXPIRED.test(lower)) return { kind: 'authentication', evidence: '"session has expired"' };
  if (RPC_FAULT.test(lower)) return { kind: 'rpc-fault', evidence: 'an RPC fault reply' };
  const mail = MAIL_REPLY.exec(lower) ?? MAIL_TUPLE.exec(lower) ?? GREETED_THEN_REFUSED.exec(lower);
  if (mail) return { kind: 'mail-status', evidence: `SMTP ${mail[1]}` };
  const status = HTTP_STATUS.exec(lower) ?? STATUS_LINE.exec(lower) ?? IIS_STATUS.exec(lower);
  if (status && !ORIGIN_CODES.test(status.slice(1).find(Boolean)!)) {
    const code = status.slice(1).find(Boolean)!;
    return { kind: code === '401' || code === '403' ? 'authorization' : 'http-status', evidence: `HTTP ${code}` };
  }
  const line = REPLY_LINE.exec(original);
  if (line && !/\?\s*$/.test(line[0])) return { kind: 'server-reply', evidence: `reply ${line[1]}` };
  return null;
}

/** What an above-TCP error means, in one sentence. */
export function aboveTcpText(a: AboveTcp): string {
  const what: Record<AboveTcpKind, string> = {
    authentication: 'the server refused the login (user, password, key or the access rules such as pg_hba.conf)',
    authorization: 'the server knows who you are but does not allow this',
    'http-status': 'the server (or a proxy in front of it) answered with an HTTP error status',
    'mail-status': 'the mail server answered with an SMTP error reply (a rejected sender or recipient, or a rule such as STARTTLS first)',
    'server-reply': 'the server answered the command with an error reply code (FTP, SMTP or another line protocol)',
    'rpc-fault': 'the remote procedure ran and returned its own error (a fault reply)',
    sql: 'the database ran the query and rejected it',
    'server-limit': 'the server is up but refuses more sessions or is not ready',
    negotiation: 'client and server found no key type, key exchange or cipher in common, or the server\'s host key is not the one this client knows',
  };
  return `The connection worked; this is the application saying no: ${what[a.kind]} (${a.evidence}). TCP delivered the request and the answer, so checking the port would show it open.`;
}
