/**
 * `explainError`: reads a pasted error message and says what happened at the TCP level.
 * Pure, synchronous, fast: the input is capped (head and tail), every pattern is a literal or a
 * bounded regex, so any input (huge, binary, any Unicode) returns in a few milliseconds.
 */
import type { ErrorClass, Explanation } from './types.js';
import { prepareText } from './text.js';
import { collectHits, NETWORK_CONTEXT, type RuleHit } from './hits.js';
import { RANK } from './phrases.js';
import { detectTool } from './tools.js';
import { extractTarget } from './target.js';
import { CLASS_TEXT, describePackets, otherPackets, timeoutPhase } from './explanations.js';
import { bindPort, contextCauses } from './hints.js';
import { localAddress } from './local.js';
import { readSocketTable } from './sockets.js';
import { aboveTcpText, readAboveTcp, readProtocolRefusal, type AboveTcpKind } from './above-tcp.js';
import { selfLine } from './self.js';
import type { TargetGuess } from './target.js';

type NetClass = Exclude<ErrorClass, 'unknown'>;

function pickClasses(hits: RuleHit[], networky: boolean): { cls: ErrorClass; also: ErrorClass | null; evidence: string[] } {
  const strong = hits.filter((h) => !h.weak);
  const pool = strong.length > 0 ? strong : networky ? hits : [];
  if (pool.length === 0) return { cls: 'unknown', also: null, evidence: [] };
  let best = pool[0];
  for (const h of pool) if (h.rank > best.rank) best = h;
  const cls = best.class;
  let also: NetClass | null = null;
  let alsoRank = -1;
  if (strong.length > 0) {
    for (const h of strong) {
      if (h.class !== cls && h.rank > alsoRank) [also, alsoRank] = [h.class, h.rank];
      if (h.class === cls && h.implies && h.implies !== cls && RANK[h.implies] > alsoRank) [also, alsoRank] = [h.implies, RANK[h.implies]];
    }
  }
  const evidence = [...new Set(pool.filter((h) => h.class === cls || h.class === also).map((h) => h.label))].slice(0, 8);
  return { cls, also, evidence };
}

function formatTarget(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const TURNED_DOWN = 'The application (or a proxy in front of it) turned the request down; read the status and the body it sent.';

/** What usually makes the application say no, by the kind of no. */
const ABOVE_TCP_CAUSE: Record<AboveTcpKind, string> = {
  authentication: 'Wrong user or password, a missing key, or an access rule (pg_hba.conf, GRANTs, allowed hosts) that does not let this client in.',
  sql: 'The query names something that does not exist or breaks a rule; read the SQL error itself.',
  'server-limit': 'The server has no room for another session (max connections) or is starting up or shutting down.',
  negotiation: 'A protocol setting on one side (an old server offering only ssh-rsa or weak ciphers, a client that disabled them), or a server whose host key changed (reinstalled, or someone in between): compare with ssh -vv, never skip the host-key warning blindly.',
  authorization: TURNED_DOWN,
  'http-status': TURNED_DOWN,
  'mail-status': TURNED_DOWN,
  'server-reply': TURNED_DOWN,
  'rpc-fault': 'The service answered the call with its own error: read the fault code and text (a disabled or deprecated API, bad arguments, a server-side failure).',
};

/**
 * Classifies one error message as pasted from anywhere (curl, psql, Java, Go, browsers...).
 * Never throws; `class` is `unknown` when nothing TCP-related is recognised.
 */
export function explainError(input: string): Explanation {
  try {
    return classify(input);
  } catch (err) {
    // A bug in a rule must not crash the paste screen; say so instead of guessing.
    const ex = classify('');
    ex.evidence = [`internal error while reading the message: ${err instanceof Error ? err.message : String(err)}`];
    return ex;
  }
}

function classify(input: string): Explanation {
  const prepared = prepareText(input);
  const { text, lower } = prepared;
  const tool = detectTool(text, lower);
  const local = localAddress(text, lower);
  const table = local ? null : readSocketTable(text, lower);
  let target: TargetGuess = extractTarget(text, lower, tool);
  // A bind failure names this machine's address; a socket table's target is its peer column.
  if (local) target = { ...target, host: null, port: null, portSource: null };
  else if (table) target = { ...target, host: table.peer?.host ?? null, port: table.peer?.port ?? null, portSource: table.peer ? 'message' : null };
  const hits = collectHits(text, lower, target.unixSocket);
  if (table?.state === 'SYN_SENT') hits.push({ class: 'timeout', rank: RANK.timeout, weak: false, label: 'socket in SYN_SENT: the SYN got no answer' });
  const networky = tool !== null || NETWORK_CONTEXT.test(lower);
  const { cls, also, evidence } = pickClasses(hits, networky);
  // The application said no (a login, an HTTP status, SQL) and nothing shows TCP failing.
  const tcpFailed = hits.some((h) => (h.transport && h.class !== 'other') || (!h.weak && h.class !== 'other' && h.class !== 'closed'));
  // A protocol's own refusal (an MQTT CONNACK code, an IMAP `NO`) counts even where its words say "refused".
  const tlsFailed = hits.some((h) => !h.weak && h.class === 'tls');
  const above = (tlsFailed ? null : readProtocolRefusal(lower)) ?? (tcpFailed ? null : readAboveTcp(lower, text));

  // A Unix socket is local: there is no TCP host to name or check.
  const socketOnly = target.unixSocket !== null && target.host === null;
  const host = target.host;
  const port = host ? target.port : null;

  // A row stuck in SYN_SENT is a connect that never got its SYN-ACK.
  const phase = cls === 'timeout' && table?.state === 'SYN_SENT' ? 'connect' : cls === 'timeout' || also === 'timeout' ? timeoutPhase(lower) : null;
  let explanation = (cls === 'other' && otherPackets(lower)) || describePackets(cls, host, port, phase);
  let causes = [...CLASS_TEXT[cls].causes];
  if (socketOnly && cls === 'refused') {
    explanation = `Nothing listens on the local Unix socket ${target.unixSocket}: the server is not running, or it uses another socket directory or port (no TCP packet was involved).`;
    causes = [
      'The server is not running on this machine.',
      'It puts its socket in another directory (check its config), or listens only on TCP.',
      'You meant to connect over TCP: give the host explicitly (e.g. -h 127.0.0.1).',
    ];
  }
  causes = [...new Set([...contextCauses({ cls, also, host, port, lower }), ...causes])];
  if (cls === 'tls' && (also === 'reset' || also === 'closed')) {
    causes.unshift('The peer or a box in the middle cut the handshake: the port does not speak TLS, it rejects the offered version/SNI, or a TLS-inspecting firewall or proxy interferes.');
  }
  if (also) {
    const more = describePackets(also, host, port, phase);
    explanation += ` It also shows ${CLASS_TEXT[also].noun}: ${more.charAt(0).toLowerCase()}${more.slice(1)}`;
  }
  const lessons = [...new Set([...CLASS_TEXT[cls].lessons, ...(also ? CLASS_TEXT[also].lessons : [])])];

  const result: Explanation = { class: cls, also, host, port, portSource: port ? target.portSource : null, tool, explanation, causes, lessons, evidence };
  if (above) {
    result.aboveTcp = above;
    result.explanation = aboveTcpText(above);
    result.causes = [ABOVE_TCP_CAUSE[above.kind]];
    result.evidence = [...result.evidence, above.evidence];
  }
  if (phase) result.timeoutPhase = phase;
  if (host && port) result.checkCommand = selfLine(['check', formatTarget(host, port)]);
  else if (local && (local.port ?? bindPort(text)) !== null) result.checkCommand = selfLine(['sockets', '--port', String(local.port ?? bindPort(text))]);
  else if (cls === 'other' && bindPort(text) !== null) result.checkCommand = selfLine(['sockets', '--port', String(bindPort(text))]);
  else if (socketOnly) {
    const pgPort = /\.s\.PGSQL\.(\d{1,5})/.exec(target.unixSocket ?? '');
    if (pgPort) result.checkCommand = selfLine(['sockets', '--port', pgPort[1]]);
  }
  if (target.unixSocket) result.unixSocket = target.unixSocket;
  if (local) result.localAddress = local;
  if (table?.state) result.socketState = table.state;
  if (prepared.truncated) result.truncated = { scannedChars: text.length, totalChars: prepared.totalChars };
  return result;
}
