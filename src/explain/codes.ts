/**
 * Error-code vocabularies: the names and numbers a library, a driver or a protocol prints instead
 * of words (curl's `CURLE_*`, Db2's `SQL30081N` with its socket call and errno, Oracle's `ORA-`/
 * `TNS-` numbers, .NET's `SocketError` names, SMB's `NT_STATUS_*`, FreeRDP's `ERRCONNECT_*`,
 * SQLSTATE's connection family `08xxx`). Each table is data; each pattern is bounded and runs on
 * the prepared (capped) lower-case text.
 */
import type { ErrorClass } from './types.js';
import type { RuleHit } from './hits.js';
import { RANK } from './phrases.js';
import { lookupErrno } from './errno.js';

type NetClass = Exclude<ErrorClass, 'unknown'>;

/** [class, weak]: a weak code only counts when nothing more specific is in the message. */
type CodeClass = readonly [NetClass, boolean];

/** curl's libcurl names (`CURLE_COULDNT_RESOLVE_HOST`), as its exit-code table and its API print them. */
const CURLE: Record<string, CodeClass> = {
  couldnt_resolve_proxy: ['dns', false], couldnt_resolve_host: ['dns', false], couldnt_connect: ['refused', true],
  operation_timedout: ['timeout', false], operation_timeouted: ['timeout', false], ssl_connect_error: ['tls', false],
  peer_failed_verification: ['tls', false], ssl_cacert: ['tls', false], ssl_certproblem: ['tls', false],
  ssl_cipher: ['tls', false], ssl_cacert_badfile: ['tls', false], ssl_pinnedpubkeynotmatch: ['tls', false],
  got_nothing: ['closed', false], send_error: ['closed', true], recv_error: ['reset', true],
};

/** Oracle Net numbers, written `ORA-12541` or `TNS-12541`. */
const ORACLE: Record<number, CodeClass> = {
  12541: ['refused', false], 12170: ['timeout', false], 12535: ['timeout', false], 12545: ['dns', false],
  12543: ['unreachable', false], 12547: ['closed', false], 12537: ['closed', false], 12571: ['closed', false],
  // The net service name (a tnsnames.ora alias or an EZConnect host) could not be resolved.
  12154: ['dns', false], 12262: ['dns', false],
  // JDBC's `IO Error: The Network Adapter could not establish the connection`.
  17002: ['refused', true],
  3113: ['closed', false], 3135: ['closed', false], 12609: ['timeout', false], 12608: ['timeout', false],
};

/** .NET's `SocketError` enum names (`SocketErrorCode: ConnectionRefused`, `SocketError.TimedOut`). */
const SOCKET_ERROR: Record<string, NetClass> = {
  connectionrefused: 'refused', timedout: 'timeout', hostnotfound: 'dns', tryagain: 'dns', nodata: 'dns',
  connectionreset: 'reset', connectionaborted: 'reset', networkunreachable: 'unreachable', hostunreachable: 'unreachable',
  hostdown: 'unreachable', networkdown: 'unreachable', notconnected: 'closed', shutdown: 'closed',
};

/** SMB's status names (smbclient, Samba, Windows): `do_connect: … (Error NT_STATUS_IO_TIMEOUT)`. */
const NT_STATUS: Record<string, NetClass> = {
  connection_refused: 'refused', io_timeout: 'timeout', connection_reset: 'reset', connection_aborted: 'reset',
  host_unreachable: 'unreachable', network_unreachable: 'unreachable', protocol_unreachable: 'unreachable',
  connection_disconnected: 'closed', end_of_file: 'closed', port_unreachable: 'refused',
};

/** FreeRDP's connect errors that say which stage failed (its generic CONNECT_FAILED says nothing more than its words). */
const ERRCONNECT: Record<string, NetClass> = {
  dns_name_not_found: 'dns', tls_connect_failed: 'tls', connect_transport_failed: 'closed', connect_cancelled: 'other',
};

/** Windows' system error codes as `net use` and others print them (`System error 53 has occurred.`). */
const WIN_SYSTEM: Record<number, NetClass> = {
  53: 'unreachable', 64: 'reset', 121: 'timeout', 1225: 'refused', 1231: 'unreachable', 1232: 'unreachable', 1236: 'closed', 1460: 'timeout',
};

/** SQLSTATE's connection-exception family: the session never came up, or was lost. */
const SQLSTATE_08: Record<string, NetClass> = { '08001': 'refused', '08006': 'closed', '08s01': 'closed', '08003': 'closed' };

/**
 * Db2's SQL30081N: the socket call that failed and the errno it got
 * (`Communication function detecting the error: "recv". Protocol specific error code(s): "104", "*", "0"`).
 */
const DB2_COMM = /\bsql30081n\b[^]{0,700}?function detecting\s{1,4}the\s{1,4}error:\s{0,4}"(\w{1,40})"[^]{0,120}?error\s{1,4}code\(s\):\s{0,4}"(\*|-?\d{1,5})"/;

/** What Db2's failing call says when its errno does not (`*`, `0`): a timer fired, or the peer sent nothing more. */
function db2CallClass(call: string, code: string): NetClass | null {
  if (/^selectfor(?:connect|recv)timeout$/.test(call) && (code === '*' || code === '0' || code === '115')) return 'timeout';
  if (call === 'recv' && code === '0') return 'closed';
  return null;
}

const hit = (cls: NetClass, label: string, weak = false, rank = RANK[cls]): RuleHit => ({ class: cls, rank, weak, label, transport: true });

/** Class signs read from codes; every one shows the connection itself failing (`transport`). */
export function codeHits(lower: string): RuleHit[] {
  const hits: RuleHit[] = [];
  if (lower.includes('curle_')) {
    for (const m of lower.matchAll(/\bcurle_([a-z_]{3,40})\b/g)) {
      const code = CURLE[m[1]];
      if (code) hits.push(hit(code[0], `curl's ${m[0].toUpperCase()}`, code[1]));
    }
  }
  if (lower.includes('sql30081n')) {
    const db2 = DB2_COMM.exec(lower);
    if (db2) {
      const num = Number(db2[2]);
      const errno = db2[2] !== '*' && num !== 0 ? lookupErrno(num) : null;
      const cls = errno && !(errno.class === 'timeout' && db2[1] === 'recv') ? errno.class : db2CallClass(db2[1], db2[2]);
      // Ranked above every phrase: the errno is the OS's own word for what happened to this socket call.
      if (cls) hits.push(hit(cls, `Db2 SQL30081N: ${db2[1]} got ${errno ? errno.name : db2[2]}`, false, RANK.tls + 5));
    }
  }
  if (/\bsql1336n\b|\bremote host "[^"\n]{1,253}" was not found\b/.test(lower)) hits.push(hit('dns', 'Db2 SQL1336N: the remote host was not found'));
  if (lower.includes('ora-') || lower.includes('tns-')) for (const m of lower.matchAll(/\b(?:ora|tns)-(\d{5})\b/g)) {
    const code = ORACLE[Number(m[1])];
    if (code) hits.push(hit(code[0], `Oracle ${m[0].toUpperCase()}`, code[1]));
  }
  if (lower.includes('socketerror')) for (const m of lower.matchAll(/\bsocketerror(?:code)?\b[\s.:=("']{1,4}([a-z]{6,20})\b/g)) {
    const cls = SOCKET_ERROR[m[1]];
    if (cls) hits.push(hit(cls, `.NET SocketError ${m[1]}`));
  }
  if (lower.includes('nt_status_')) for (const m of lower.matchAll(/\bnt_status_([a-z_]{6,30})\b/g)) {
    const cls = NT_STATUS[m[1]];
    if (cls) hits.push(hit(cls, `SMB ${m[0].toUpperCase()}`));
  }
  if (lower.includes('errconnect_')) for (const m of lower.matchAll(/\berrconnect_([a-z_]{6,30})\b/g)) {
    const cls = ERRCONNECT[m[1]];
    if (cls) hits.push(hit(cls, `FreeRDP ${m[0].toUpperCase()}`, cls === 'other'));
  }
  const state = /\bsqlstate\s{0,2}[=:[]?\s{0,2}(08(?:001|006|s01|003))\b/.exec(lower);
  if (state) hits.push({ class: SQLSTATE_08[state[1]], rank: RANK[SQLSTATE_08[state[1]]], weak: true, label: `SQLSTATE ${state[1].toUpperCase()} (connection exception)` });
  const system = /\bsystem error (\d{1,5}) has occurred\b/.exec(lower);
  const systemClass = system ? WIN_SYSTEM[Number(system[1])] : undefined;
  if (system && systemClass) hits.push(hit(systemClass, `Windows system error ${system[1]}`, false, RANK[systemClass] + 5));
  // AMQP's connection-close reply codes (RabbitMQ, pika, kombu): the broker closed the connection.
  if (/\b(?:320\)? ?connection_forced|connection_forced\b)/.test(lower)) hits.push(hit('closed', 'AMQP CONNECTION_FORCED: the broker closed the connection'));
  // HTTP/2: the peer reset the stream (`stream error: stream ID 1; INTERNAL_ERROR; received from peer`).
  if (/\bstream error: stream id \d{1,10}; [a-z_]{4,30}; received from peer\b/.test(lower)) hits.push(hit('reset', 'HTTP/2 RST_STREAM from the peer'));
  // OpenLDAP: StartTLS is where it broke (`ldap_start_tls: Connect error (-11)`).
  if (/\bldap_start_tls(?:_s)?\b[^\n]{0,40}\berror\b/.test(lower)) hits.push(hit('tls', 'LDAP StartTLS failed'));
  // gRPC's resolver: `DNS resolution failed for service: orders.internal:50051`.
  if (/(?:^|[:,]\s?)dns resolution failed\b|\bdns resolution failed for service:/m.test(lower)) hits.push(hit('dns', 'gRPC DNS resolution failed'));
  // Oracle JDBC (ORA-17002) without its number.
  if (lower.includes('network adapter could not establish the connection')) hits.push(hit('refused', 'Oracle JDBC: the Network Adapter could not connect', true));
  // MQTT clients and others: `Error: The connection was lost.`
  // Only as a message's own words (the start of a line, or after a colon), not inside a person's sentence.
  if (/(?:^|:\s?)(?:error:\s)?(?:the )?connection (?:was )?lost\b/m.test(lower)) hits.push(hit('closed', '"the connection was lost"', true));
  // Windows: this machine ran out of ephemeral ports (events 4227 and 4231): a local limit, not the peer.
  if (/\ballocate an ephemeral port\b|\blocal endpoint was recently used to connect\b/.test(lower)) hits.push({ class: 'other', rank: RANK.other, weak: false, label: 'this machine ran out of ephemeral ports' });
  // SNMP tools and others: `Timeout: No Response from demo.snmplabs.com`.
  if (/(?:^|:\s?)no response from\s\S/m.test(lower)) hits.push(hit('timeout', '"no response from …"'));
  // apt: `Temporary failure resolving 'ports.ubuntu.com'`, `Could not resolve 'deb.debian.org'`.
  if (/\btemporary failure resolving\b|\bcould not resolve '/.test(lower)) hits.push(hit('dns', "apt could not resolve the mirror's name"));
  return hits;
}

/** curl's exit code given in words (`curl exited with code 6`, `curl returned 28`), for the CURL_EXIT table. */
export function curlExitInWords(lower: string): number | null {
  const m = /\bcurl\b[^\n]{0,30}?\b(?:exit(?:ed)?(?: with)? (?:code|status)|returned|exit)\s?[:=]?\s?(\d{1,3})\b/.exec(lower);
  return m ? Number(m[1]) : null;
}
