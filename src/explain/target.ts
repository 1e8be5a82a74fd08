/**
 * Finds the remote host and port an error message names. Each extractor knows one way messages
 * write a target and carries a rank: tool-specific phrases ("connect to host H port N", psql's
 * `server at "H" (ip), port N`) beat URLs, which beat Go's dialled address, which beats a bare
 * `host:port` token. The client's own address (left of Go's `->`), the DNS resolver
 * (`lookup db on 127.0.0.53:53`) and Unix socket paths are never picked.
 * Every quantifier is bounded and every pattern runs only when a literal it needs is in the text
 * (its gate), so a huge or hostile paste scans in linear time.
 */
import { isIP } from 'node:net';
import { SCHEME_PORTS } from '../target.js';
import { impliedTargets, loopbackOf } from './implied-targets.js';
import type { ToolId } from './types.js';
import { commandLineTargets } from './commandline.js';
import { toPort } from './port.js';
import { commandPort, transcriptTargets } from './transcripts.js';

export interface TargetGuess {
  host: string | null;
  port: number | null;
  portSource: 'message' | 'scheme-default' | 'tool-default' | null;
  /** A local Unix socket path the message names (psql, mysql, docker), if any. */
  unixSocket: string | null;
}

interface Candidate {
  host: string;
  port: number | null;
  rank: number;
  index: number;
  /** URLs name what the user asked for; `dial` is the address the runtime really connected to. */
  kind: 'url' | 'dial' | 'other';
  /** The port is the URL scheme's default, not written in the message. */
  portDefaulted?: boolean;
  /** A `dial` that failed while connecting: the one address (of the name's several) that could not be reached. */
  connect?: boolean;
}

/** Ports the client uses when the message names only the host. */
const TOOL_PORTS: Partial<Record<ToolId, number>> = { mysql: 3306, psql: 5432, redis: 6379, mongodb: 27017, ssh: 22, git: 9418 };

const HOST = String.raw`[A-Za-z0-9_][\w.-]{0,252}`;
const V6 = String.raw`\[[0-9A-Fa-f:.%\w]{2,60}\]`;
/** A name with at least one dot (`db.internal`), where a bare word would be too loose. */
const DOTTED = String.raw`[A-Za-z0-9_][\w-]{0,62}(?:\.[\w-]{1,63}){1,10}`;
/** A page's placeholder for the whole host (`<IP_ADDRESS>`, `<HOST>`): matched so that it is not misread, then dropped (it names no host). */
const WHOLE_PLACEHOLDER = String.raw`<[A-Z][A-Z0-9_]{1,40}>`;
/** An unbracketed IPv6 literal (`fd00:18::2`), only where a word follows it (` port 22`). */
const BARE_V6 = String.raw`[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}`;

interface Extractor {
  /** Lower-case literals, one of which must be in the text for the pattern to run at all. */
  gate: readonly string[];
  /** Group 1 is the host, group 2 (if any) the port. Global. */
  re: RegExp;
  rank: number;
  /** The rank when the match names no port (a bare `host=db` says less than a dialled address). */
  rankWithoutPort?: number;
  kind?: Candidate['kind'];
  /** The address a connect failed on (Go's `dial tcp A:P`, Node's `connect ETIMEDOUT A:P`), not a read or write later. */
  connect?: boolean;
}

const rx = (source: string, flags = 'gi') => new RegExp(source, flags);

const EXTRACTORS: readonly Extractor[] = [
  { gate: ['proxyconnect'], re: rx(String.raw`proxyconnect tcp: dial tcp (${V6}|${HOST}):(\d{1,5})`), rank: 95 },
  { gate: ['resolve proxy'], re: rx(String.raw`could not resolve proxy: (${HOST})`), rank: 95 },
  { gate: ['server at "'], re: rx(String.raw`server at "([^"\n]{1,253})"(?: \([^)\n]{1,64}\))?, port (\d{1,5})`), rank: 90 },
  { gate: ['on host "'], re: rx(String.raw`on host "([^"\n]{1,253})"(?: \([^)\n]{1,64}\))? and accepting\s{1,8}TCP/IP connections on port (\d{1,5})`), rank: 90 },
  { gate: ['translate host'], re: rx(String.raw`could not translate host name "([^"\n]{1,253})"`), rank: 85 },
  { gate: ["host='"], re: rx(String.raw`host='([^'\n]{1,253})', port=(\d{1,5})`), rank: 85 },
  { gate: ['lookup '], re: rx(String.raw`\blookup (${HOST})(?: on [^\s:]{1,64}(?::\d{1,5})?)?: `), rank: 85 },
  { gate: ['resolve host'], re: rx(String.raw`could not resolve host(?:name)?:? (${HOST})`), rank: 85 },
  { gate: ['resolve host address'], re: rx(String.raw`unable to resolve host address '([^'\n]{1,253})'`), rank: 85 },
  { gate: ['getaddrinfo for'], re: rx(String.raw`getaddrinfo for (${HOST}) failed`), rank: 85 },
  { gate: ['unknownhostexception'], re: rx(String.raw`UnknownHostException: (${HOST})(?=:|\s*$)`, 'gm'), rank: 85 },
  { gate: ['no such host is known'], re: rx(String.raw`no such host is known\.? \((${V6}|${HOST})(?::(\d{1,5}))?\)`), rank: 85 },
  { gate: ['name or service not known', 'temporary failure in name resolution', 'nodename nor servname'], re: rx(String.raw`(?<![\w.-])(${DOTTED}): (?:Name or service not known|Temporary failure in name resolution|nodename nor servname provided)`), rank: 50 },
  { gate: ['connect to', 'connecting to'], re: rx(String.raw`(?:connect to|connecting to) (${HOST}) \([0-9A-Fa-f.:]{2,45}\)`), rank: 80 },
  { gate: ['in upstream "'], re: rx(String.raw`not found in upstream "([^"\n]{1,253})"`), rank: 80 },
  { gate: ['could not find host'], re: rx(String.raw`could not find host (${HOST})\.?(?:\s|$)`), rank: 85 },
  { gate: ["can't resolve '"], re: rx(String.raw`nslookup: can't resolve '(${HOST})'`), rank: 85 },
  { gate: ['unable to negotiate with'], re: rx(String.raw`unable to negotiate with (${V6}|${HOST}) port (\d{1,5})`), rank: 85 },
  { gate: ['name resolution of'], re: rx(String.raw`name resolution of (${HOST}) failed`), rank: 85 },
  { gate: ['getaddrinfo e'], re: rx(String.raw`getaddrinfo (?:ENOTFOUND|EAI_[A-Z]{2,10}) (${HOST})`, 'g'), rank: 85 },
  { gate: ["server on '", "server at '", "server host '"], re: rx(String.raw`server (?:on|at|host) ' ?(${V6}|${HOST})(?::(\d{1,5}))? ?'`), rank: 85 },
  { gate: ["'s server ip"], re: rx(String.raw`(?<![\w.-])(${HOST})'s server ip address could not be found`), rank: 85 },
  { gate: ['connecting to'], re: rx(String.raw`Connecting to (${HOST})(?: \([^)\n]{0,253}\))?\|[^|\n]{1,64}\|:(\d{1,5})(?:\.\.\.|…)`), rank: 85 },
  { gate: ['), port'], re: rx(String.raw`"([^"\n]{1,253})" \([^)\n]{1,64}\), port (\d{1,5})`), rank: 85 },
  { gate: ['could not be resolved'], re: rx(String.raw`could not be resolved: '([^'\n]{1,253})'`), rank: 85 },
  { gate: ['could not resolve '], re: rx(String.raw`could not resolve (${HOST})/(\d{1,5})`), rank: 85 },
  { gate: [' port '], re: rx(String.raw`\b(?:connect to host|connectx? to|connecting to|to host|to|by|with) (${V6}|${BARE_V6}|${HOST}|${WHOLE_PLACEHOLDER}) port (\d{1,5})\b`), rank: 80 },
  // curl's summary after its tries (`* connect to 93.184.216.34 port 443 failed` each): `Failed to connect to example.com port 443 after 12 ms`, the name typed.
  { gate: ['failed to connect to '], re: rx(String.raw`\bfailed to connect to (${V6}|${BARE_V6}|${HOST}) port (\d{1,5}) after \d`), rank: 82 },
  // JDBC for SQL Server: `The TCP/IP connection to the host localhost, port 1433 has failed`.
  { gate: [', port '], re: rx(String.raw`\bhost (${V6}|${HOST}), port (\d{1,5})\b`), rank: 85 },
  // gRPC core's JSON: `"target_address":"ipv4:127.0.0.1:50051"`.
  { gate: ['target_address'], re: rx(String.raw`"target_address"\s?:\s?"(?:ipv[46]:)?(${V6}|${HOST}):(\d{1,5})"`), rank: 85 },
  { gate: ['cannot connect to host'], re: rx(String.raw`cannot connect to host (${V6}|${HOST}):(\d{1,5})`), rank: 80 },
  { gate: ['unable to connect to'], re: rx(String.raw`unable to connect to (${HOST}):\s`), rank: 80 },
  // `Failed to connect to smtp.example.org: timed out`: only a name shaped like a host (not `…to bus: refused`).
  { gate: ['failed to connect to'], re: rx(String.raw`failed to connect to ((?:\d{1,3}\.){3}\d{1,3}|localhost|${DOTTED}):\s`), rank: 80 },
  { gate: ['typo in'], re: rx(String.raw`typo in (${HOST})`), rank: 80 },
  { gate: ['the server at', 'during a connection to'], re: rx(String.raw`(?:the server at|during a connection to) (${V6}|${HOST})(?::(\d{1,5}))?`), rank: 80 },
  { gate: ["didn't send any data", 'sent an invalid response'], re: rx(String.raw`(?<![\w.-])(${HOST}) (?:didn't send any data|sent an invalid response)`), rank: 80 },
  { gate: ['refused to connect', 'took too long to respond', 'unexpectedly closed the connection'], re: rx(String.raw`(?<![\w.-])(${HOST}) (?:refused to connect|took too long to respond|unexpectedly closed the connection)`), rank: 80 },
  { gate: ['resolving '], re: rx(String.raw`Resolving (${HOST}) \(`, 'g'), rank: 80 },
  { gate: ['timed out'], re: rx(String.raw`Connection to "?(${HOST})"? timed out`), rank: 75 },
  // PuTTY and WinSCP: `Unable to open connection to fileserver01 Host does not exist`.
  { gate: ['open connection to'], re: rx(String.raw`unable to open connection to (${V6}|${HOST})(?::(\d{1,5}))?`), rank: 80 },
  { gate: ['could not be contacted'], re: rx(String.raw`(?<![\w.-])(${HOST}) could not be contacted`), rank: 80 },
  // Ruby: `Connection refused - connect(2) for "localhost" port 9200`.
  { gate: ['connect(2) for'], re: rx(String.raw`connect\(2\) for "?(${V6}|${BARE_V6}|${HOST})"? port (\d{1,5})`), rank: 85 },
  { gate: ['connect to address'], re: rx(String.raw`connect to address (${V6}|[\w.:%-]{2,253}): `), rank: 75 },
  { gate: ['connect'], re: rx(String.raw`(?<![\w.-])(${HOST})/(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]{2,45}(?:%\w{1,16})?):(\d{1,5})`, 'g'), rank: 75 },
  { gate: ["('", '("', "( '"], re: rx(String.raw`\(\s?['"]([^'"\n]{1,253})['"],\s?(\d{1,5})(?:,\s?\d{1,10}){0,2}\)`, 'g'), rank: 70 },
  // OkHttp/Android: `failed to connect to api.example.org/93.184.216.34 (port 443) from /10.0.2.16 (port 5151)`.
  { gate: ['failed to connect to'], re: rx(String.raw`failed to connect to (${HOST})/[0-9A-Fa-f.:%]{2,45} \(port (\d{1,5})\)`), rank: 85 },
  { gate: ['failed to connect to /'], re: rx(String.raw`failed to connect to /([0-9A-Fa-f.:%]{2,45}) \(port (\d{1,5})\)`), rank: 85 },
  { gate: ["host: '", "hostname: '"], re: rx(String.raw`\bhost(?:name)?: '([^'\n]{1,253})'`, 'g'), rank: 70 },
  { gate: ['host "'], re: rx(String.raw`(?<!entry for )\bhost "([^"\n]{1,253})"`), rank: 70 },
  { gate: ['connect e'], re: rx(String.raw`\bconnect E[A-Z]{4,20} ((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]{1,39}(?:%\w{1,16})?|${HOST}):(\d{1,5})`, 'g'), rank: 60, kind: 'dial', connect: true },
  { gate: ['read e', 'write e'], re: rx(String.raw`\b(?:read|write) E[A-Z]{4,20} ((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]{1,39}(?:%\w{1,16})?|${HOST}):(\d{1,5})`, 'g'), rank: 60, kind: 'dial' },
  { gate: ['dial tcp'], re: rx(String.raw`\bdial tcp[46]? (?:[^\s>]{1,80}->)?(${V6}|${HOST}):(\d{1,5}): `), rank: 55, kind: 'dial', connect: true },
  { gate: [' tcp'], re: rx(String.raw`\b(?:read|write) tcp[46]? (?:[^\s>]{1,80}->)?(${V6}|${HOST}):(\d{1,5}): `), rank: 55, kind: 'dial' },
  { gate: ['connected to '], re: rx(String.raw`^Connected to (${HOST})\.?$`, 'gm'), rank: 45 },
  { gate: ['trying '], re: /^\*?\s{0,8}Trying ((?:\d{1,3}\.){3}\d{1,3}|\[[0-9A-Fa-f:.%]{2,45}\]|[0-9A-Fa-f:]{2,45})(?::(\d{1,5}))?\.\.\./gm, rank: 40 },
  { gate: ['connected to '], re: rx(String.raw`Connected to (${V6}|${HOST}) \([^)\n]{1,64}\) port (\d{1,5})`), rank: 50 },
  { gate: ['connecting to '], re: rx(String.raw`Connecting to (${V6}|${HOST}) \[[^\]\n]{1,64}\] port (\d{1,5})`), rank: 82 },
  { gate: ['does not match', "doesn't match"], re: rx(String.raw`\bhost(?:name)? "?(${HOST})"? (?:does not|doesn't) match`), rank: 80 },
  // `git@gitlab.com:group/repo.git` (scp-like), `git@bitbucket.org:22`: user@host, then a path or a port.
  { gate: ['@'], re: rx(String.raw`(?<![\w.@/-])[\w.-]{1,64}@(${DOTTED}):(\d{1,5})\b(?![\w/])`), rank: 70 },
  { gate: ["'s certificate"], re: rx(String.raw`cannot verify (${HOST})'s certificate`), rank: 85 },
  { gate: ['in connection to '], re: rx(String.raw`in connection to (${V6}|${HOST}):(\d{1,5})`), rank: 85 },
  { gate: ['socks'], re: rx(String.raw`SOCKS[45]a? (?:connect to|communication to) (${V6}|${HOST}):(\d{1,5})`), rank: 85 },
  { gate: [']:'], re: rx(String.raw`(${V6}):(\d{1,5})\b`, 'g'), rank: 30 },
  // Postfix: `connect to mx.example.org[203.0.113.10]:25`: the name the mail was for, its address in brackets.
  { gate: [']:'], re: rx(String.raw`(?<![\w.-])(${DOTTED})\[[0-9A-Fa-f.:]{2,45}\]:(\d{1,5})\b`, 'g'), rank: 75 },
  // Elasticsearch's Java client: `Timeout connecting to [/localhost:9200]`, `…to [es1/10.0.0.7:9200]` (the name when there is one).
  { gate: ['connecting to ['], re: rx(String.raw`connecting to \[(${HOST})/[0-9A-Fa-f.:%]{2,45}:(\d{1,5})\]`), rank: 80 },
  { gate: ['connecting to [/'], re: rx(String.raw`connecting to \[/(${V6}|${HOST}):(\d{1,5})\]`), rank: 80 },
  // Java's InetSocketAddress without a name, `/10.0.0.5:9042`, digits masked as the page shows them (`/xx.x.x.xxx:9042`).
  { gate: [' /'], re: rx(String.raw`(?:\bto|:) /((?:\d{1,3}|x{1,3})(?:\.(?:\d{1,3}|x{1,3})){3}):(\d{1,5})\b`, 'g'), rank: 60 },
  // Home Assistant and others: `Connected to UniFi Network at unifi-cloudkey.local but …`.
  { gate: ['connected to '], re: rx(String.raw`\bConnected to [\w .-]{1,40}? at (${DOTTED})(?::(\d{1,5}))?\b`), rank: 45 },
  // .NET and libpq connection strings: `Host=db;Port=5433`, `Server=db,1433`, `host=db port=5432`.
  { gate: ['host=', 'server=', 'data source='], re: rx(String.raw`\b(?:host|server|data source|address|addr)\s?=\s?(?:tcp:)?(${V6}|${HOST})(?:[,:](\d{1,5}))?(?:[;\s"'][^\n]{0,200}?\bport\s?=\s?(\d{1,5}))?`, 'gi'), rank: 72, rankWithoutPort: 44 },
  // OpenSSH in Japanese, Chinese or Korean: `ssh: ホスト H ポート 22 に接続: …`.
  { gate: ['ポート', '端口', '포트'], re: rx(String.raw`(?:ホスト|主机|主機|호스트) ?(${V6}|${BARE_V6}|${HOST}) ?(?:ポート|端口|포트) ?(\d{1,5})\b`), rank: 80 },
  // ping's `ping: wrote H 64 chars, ret=-1` (BSD and macOS, when sendto failed).
  { gate: ['ping: wrote '], re: rx(String.raw`ping: wrote (${V6}|${HOST}) \d{1,5} chars`), rank: 80 },
  // A name written inside CJK prose (`从registry.nlark.com获取`, `www.example.com では`): no spaces mark its ends.
  { gate: ['.'], re: rx(String.raw`(?:(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|^)(${DOTTED})(?= ?[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])`, 'gm'), rank: 40 },
  // Db2's SQL30081N: `Location where the error was detected: "10.64.205.236"` is the server's address.
  { gate: ['was detected'], re: rx(String.raw`location\s{1,4}where\s{1,4}the\s{1,4}error\s{1,4}was\s{1,4}detected:\s{0,4}"(${V6}|${HOST})"`), rank: 85 },
  // Oracle's connect descriptor: `(ADDRESS = (PROTOCOL = TCP)(HOST = db1)(PORT = 1521))`.
  { gate: ['(host'], re: rx(String.raw`\(HOST\s{0,3}=\s{0,3}(${V6}|${HOST})\s{0,3}\)\s{0,3}\(PORT\s{0,3}=\s{0,3}(\d{1,5})\s{0,3}\)`), rank: 85 },
  // Postfix's reply from a mail server: `host mail.example.com[1.2.3.4] said: 421 …`.
  { gate: ['] said'], re: rx(String.raw`\bhost (${DOTTED})\[[0-9A-Fa-f.:]{2,45}\] said:`), rank: 80 },
  // smbclient and others: `do_connect: Connection to 192.168.1.5 failed (Error NT_STATUS_IO_TIMEOUT)`.
  { gate: ['connection to '], re: rx(String.raw`\bconnection to (${V6}|${HOST})(?::(\d{1,5}))? failed\b`), rank: 75 },
  // jcifs: `Failed to connect: 0.0.0.0<00>/13.250.102.143`: a NetBIOS name, then the address dialled.
  { gate: ['>/'], re: rx(String.raw`<[0-9A-Fa-f]{2}>/((?:\d{1,3}\.){3}\d{1,3})\b`), rank: 80 },
  // SNMP tools: `Timeout: No Response from demo.snmplabs.com`.
  { gate: ['no response from '], re: rx(String.raw`\bno response from (${V6}|localhost|${DOTTED})(?::(\d{1,5}))?\.?(?:\s|$)`), rank: 75 },
  // IBM's JDBC driver: `Error opening socket to server db2host/10.0.0.5 on port 50,000` (the name, then the address).
  { gate: ['socket to server '], re: rx(String.raw`socket to server (${V6}|${HOST})(?:/[0-9A-Fa-f.:%]{2,45})? on port (\d{1,5})\b`), rank: 85 },
  // Remote Desktop: `The remote computer 'RDPHOST01' refused the network connection.`
  { gate: ["remote computer '"], re: rx(String.raw`\bremote computer '(${V6}|${HOST})'`), rank: 80 },
  // Windows' DNS client (event 1014): `Name resolution for the name login.example.com timed out`.
  { gate: ['resolution for the name '], re: rx(String.raw`name resolution for the name (${HOST})`), rank: 85 },
  // `could not connect to 10.0.0.30`, `could not connect to db.example.com:5432`: only a name that can be a host.
  { gate: ['could not connect to '], re: rx(String.raw`\bcould not connect to ((?:\d{1,3}\.){3}\d{1,3}|(?:[A-Za-z0-9_][\w-]{0,62}\.){1,10}[A-Za-z][\w-]{0,62})(?::(\d{1,5}))?(?![\w.])`), rank: 60 },
  // gRPC core's address: `ipv4:127.0.0.1:50051`, `ipv6:[::1]:50051`.
  { gate: ['ipv4:', 'ipv6:'], re: rx(String.raw`\bipv[46]:(${V6}|${HOST}):(\d{1,5})\b`), rank: 80 },
  // gRPC's resolver: `DNS resolution failed for service: orders.internal:50051`.
  { gate: ['resolution failed for'], re: rx(String.raw`DNS resolution failed for (?:service: )?((?<=service: )${HOST}|${DOTTED})(?::(\d{1,5}))?`), rank: 85 },
  // FreeRDP and others end on the name alone: `failed to connect to rdp.server.org`.
  { gate: ['failed to connect to '], re: rx(String.raw`\bfailed to connect to (${V6}|${HOST})\s*$`, 'gim'), rank: 70 },
  // A mail client's or a dialog's fields, one to a line: `Server: 'smtp.example.org'` (`Servidor:`, `Serveur :`).
  { gate: ['server', 'servidor', 'serveur', 'host'], re: rx(String.raw`^[ \t]{0,8}(?:(?:smtp |mail |remote |outgoing |incoming )?server|servidor|serveur|server name|host ?name|host)[ \t]{0,4}:[ \t]{0,4}['"]?((?:\d{1,3}\.){3}\d{1,3}|${DOTTED})['"]?[ \t]*$`, 'gim'), rank: 50 },
  // An unbracketed IPv6 address right before the colon that ends it (`connect to 2620:108::fc55: Network…`).
  { gate: ['connect to '], re: rx(String.raw`connect to (${BARE_V6}): `), rank: 60 },
];

const URL_RE = /\b([a-z][a-z0-9+.-]{1,15}):\/\/(?:[^\s/@'"]{1,256}@)?(\[[0-9A-Fa-f:.%]{2,60}\]|[A-Za-z0-9_][\w.-]{0,252})(?::(\d{1,5}))?/gi;
const HOST_PORT_RE = /(?<![\w.:/@%-])([A-Za-z0-9_][\w.-]{0,252}):(\d{1,5})(?![\d.:]?\d)(?!->)/g;
const FILE_EXT = /\.(?:java|kt|scala|groovy|py|pyx|js|mjs|cjs|ts|tsx|go|rs|cs|vb|rb|php|c|h|cc|cpp|hpp|swift|m|lua|pl|sh|ex|exs|erl|clj|dart)$/i;
const NOT_HOSTS = new Set(['at', 'line', 'port', 'error', 'errno', 'code', 'http', 'https', 'tcp', 'udp', 'os', 'time', 'timeout', 'status', 'exit', 'pid', 'id', 'node', 'file', 'unix', 'return', 'num', 'depth', 'verify', 'total', 'retry', 'ssl', 'tls', 'local', 'localaddr', '0.0.0.0', '::', '*', 'host', 'hostname', 'url', 'server', 'address', 'remote', 'the', 'your', 'key', 'keys']);
const DOC_LEAD = /(?:see|at:|visit|docs?|help|information|details|background|here:)\W{0,4}$/i;
/** A help or documentation site (`support.google.com/mail/?p=BadCredentials`): a link the message gives, not where it connected. */
const DOC_HOST = /^(?:support|help|docs?|learn|kb|knowledge|developers?)\./i;
/** An address the message labels as the client's (`[client 87.238.27.178:57284]`, `client: 10.0.0.5`, `from 10.0.0.5`). */
const CLIENT_LEAD = /(?:\bclient[:=]?|\bfrom|\blocal(?: address)?[:=]?) ?\(?$/i;
const MAX_MATCHES = 400;
/** A port on a line of its own, in a dialog's words (`Porta: 465`, `Puerto: 587`, `Port : 25`). */
const PORT_FIELD = /^[ \t]{0,8}(?:port|porta|puerto|porte)[ \t]{0,4}:[ \t]{0,4}(\d{1,5})[ \t]*$/im;
/** A config template's stand-in for the host (`MY_ORACLE_SERVER_IP`, `DB_HOST`, `YOUR_SERVER_ADDRESS`): it names none. */
const PLACEHOLDER_NAME = /^(?:[A-Z0-9]+_)+(?:IP|HOST|HOSTNAME|SERVER|ADDRESS|ADDR|NAME)(?:_[A-Z0-9]+)*$|^(?:MY|YOUR)_[A-Z0-9_]+$/;
/** A word put where the host was taken out (`https://redacted*`, `https://REMOVED/api`): it names none. */
const REDACTED = /^(?:redacted|removed|hidden|masked|censored|anonymi[sz]ed|obfuscated)$/i;
/** `.<SYSTEM_DOMAIN>`: a placeholder label after a dot. */
const PLACEHOLDER = /\.<([A-Z][A-Z0-9_]{1,40})>/g;

const SOCKET_SUFFIXES = ['.sock', '.s.PGSQL.', '.socket'];
const PATH_CHAR = /[\w.@/-]/;

/**
 * The first Unix socket path in the text (`/var/run/docker.sock`, `/tmp/.s.PGSQL.5432`), found
 * from its suffix backwards so that a paste full of slashes cannot make a regex backtrack.
 */
function findSocketPath(text: string): string | null {
  for (const suffix of SOCKET_SUFFIXES) {
    const at = text.indexOf(suffix);
    if (at < 0) continue;
    let start = at;
    while (start > 0 && at - start < 200 && PATH_CHAR.test(text[start - 1])) start--;
    let end = at + suffix.length;
    while (end < text.length && end - at < 40 && /\d/.test(text[end])) end++;
    if (text[start] === '/') return text.slice(start, end);
  }
  return null;
}

function cleanHost(raw: string): string | null {
  let host = raw.trim();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  host = host.replace(/\.$/, '');
  if (host === '' || host.length > 253) return null;
  // A page's placeholder for the whole host (`<IP>`, `<IP_ADDRESS>`) stands for a host it does not name.
  if (!/^[\w.:%-]+$/.test(host)) return null;
  if (FILE_EXT.test(host) || NOT_HOSTS.has(host.toLowerCase()) || PLACEHOLDER_NAME.test(host) || REDACTED.test(host)) return null;
  // A token like `12.5` or `2026` is a number, not a host; IPv4 needs four parts.
  if (/^[\d.]+$/.test(host) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return null;
  if (/^-|\.\.|-$/.test(host) && !host.includes(':')) return null;
  return host;
}


function collect(text: string, lower: string): { candidates: Candidate[]; urls: Array<{ host: string; scheme: string }> } {
  const candidates: Candidate[] = [];
  const urls: Array<{ host: string; scheme: string }> = [];
  const push = (rawHost: string, port: number | null, rank: number, index: number, kind: Candidate['kind'] = 'other', portDefaulted = false, connect = false) => {
    const host = cleanHost(rawHost);
    if (host) candidates.push({ host, port, rank, index, kind, portDefaulted, connect });
  };
  for (const { gate, re, rank, rankWithoutPort, kind, connect } of EXTRACTORS) {
    if (!gate.some((g) => lower.includes(g))) continue;
    re.lastIndex = 0;
    let n = 0;
    for (let m = re.exec(text); m && n < MAX_MATCHES; m = re.exec(text), n++) {
      const port = toPort(m[2] ?? m[3]);
      push(m[1], port, port === null && rankWithoutPort !== undefined ? rankWithoutPort : rank, m.index, kind, false, connect);
    }
  }
  URL_RE.lastIndex = 0;
  let n = 0;
  let chain = 0;
  for (let m = URL_RE.exec(text); m && n < MAX_MATCHES; m = URL_RE.exec(text), n++) {
    const scheme = m[1].toLowerCase();
    if (scheme === 'unix' || scheme === 'file') continue;
    // A documentation link ("see https://...") is not where the connection went.
    if (DOC_LEAD.test(text.slice(Math.max(0, m.index - 24), m.index)) || DOC_HOST.test(m[2])) continue;
    const port = toPort(m[3]) ?? (SCHEME_PORTS[scheme] || null);
    // Go wraps one request's error in the next (`Get A: Get B: …timeout`): the innermost one failed.
    const chained = /\b(?:get|post|put|head|delete|patch) "?$/i.test(text.slice(Math.max(0, m.index - 8), m.index)) ? Math.min(chain++, 9) : 0;
    push(m[2], port, 65 + chained, m.index, 'url', m[3] === undefined);
    const host = cleanHost(m[2]);
    if (host) urls.push({ host, scheme });
  }
  HOST_PORT_RE.lastIndex = 0;
  n = 0;
  for (let m = HOST_PORT_RE.exec(text); m && n < MAX_MATCHES; m = HOST_PORT_RE.exec(text), n++) {
    const host = m[1];
    if (!/[A-Za-z]/.test(host) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) continue;
    if (CLIENT_LEAD.test(text.slice(Math.max(0, m.index - 16), m.index))) continue;
    const port = toPort(m[2]);
    // A server's log of the peer it served (`addr=127.0.0.1:34198`): a client on an ephemeral port.
    if (port !== null && port >= 32768 && /\b(?:remote_?)?(?:addr|peer)[:=]$/i.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    // A one-word "host" with a tiny number is a label (`return:1`), not a target.
    if (!host.includes('.') && host !== 'localhost' && (port === null || port < 7)) continue;
    push(host, port, port === 53 ? 5 : 30, m.index);
  }
  // The command the person ran: below the message's own words, but it fills in a port they omit.
  for (const t of commandLineTargets(text)) if (t.host) push(t.host, t.port, 45, t.index);
  for (const c of impliedTargets(text, lower)) push(c.host, c.port, c.rank, c.index, c.kind);
  for (const c of transcriptTargets(text, lower)) push(c.host, c.port, c.rank, c.index);
  return { candidates, urls };
}

/**
 * Extracts the remote target from a (prepared) error message.
 * @param tool the detected tool, for its default port when only the host is named.
 */
export function extractTarget(original: string, originalLower: string, tool: ToolId | null): TargetGuess {
  const unixSocket = findSocketPath(original);
  // A placeholder a page put in a name (`api.<SYSTEM_DOMAIN>`) is read as a label and given back as written.
  // A port written with a thousands separator (`on port 50,000`) is one number.
  const text = original.replace(PLACEHOLDER, '.__$1__').replace(/\b(port:? \d{1,2}),(\d{3})\b/gi, '$1$2');
  const lower = text === original ? originalLower : text.toLowerCase();
  const { candidates, urls } = collect(text, lower);
  for (const c of candidates) c.host = c.host.replace(/__([A-Za-z][A-Za-z0-9_]{1,40}?)__/g, '<$1>');
  for (const u of urls) u.host = u.host.replace(/__([A-Za-z][A-Za-z0-9_]{1,40}?)__/g, '<$1>');
  if (candidates.length === 0) return { host: null, port: null, portSource: null, unixSocket };
  candidates.sort((a, b) => b.rank - a.rank || a.index - b.index);
  let best = candidates[0];
  // The URL says what was asked for; if the runtime dialled another port, it went via a proxy. A
  // connect that failed on an IPv6 address (`dial tcp [2403:…]:443: network is unreachable`), or on
  // one of localhost's two (`dial tcp [::1]:5672` for amqp://localhost) names the address to check:
  // the name's IPv4 address may well work (a dual-stack name, a server bound to one family only).
  if (best.kind === 'url') {
    const url = best;
    const dial = candidates.find((c) => c.kind === 'dial' && c.port !== null && (c.port !== url.port || (c.connect === true && (isIP(c.host) === 6 || loopbackOf(url.host, c.host)))));
    if (dial) best = dial;
  }
  // `curl http://localhost:5000`, `telnet localhost 23`: the client tries ::1 and 127.0.0.1 in turn and
  // prints the one that failed last; the target is the name the person typed. (A public name's one
  // address stays: that is where the connection failed; so does the address a runtime dialled.)
  if (isIP(best.host) && best.kind !== 'dial') {
    const address = best;
    const named = candidates.find((c) => !isIP(c.host) && c.rank >= 45 && (address.port === null || c.port === null || c.port === address.port) && loopbackOf(c.host, address.host));
    if (named) best = { ...named, port: named.port ?? address.port };
  }
  type Source = TargetGuess['portSource'];
  let port = best.port;
  let portSource: Source = port === null ? null : best.portDefaulted ? 'scheme-default' : 'message';
  if (port === null) {
    const same = candidates.find((c) => c.port !== null && c.host.toLowerCase() === best.host.toLowerCase());
    if (same) [port, portSource] = [same.port, same.portDefaulted ? 'scheme-default' : 'message'];
  }
  if (port === null) {
    const m = /\bport[:=]? ?(\d{1,5})\b/i.exec(text) ?? PORT_FIELD.exec(text);
    if (m) [port, portSource] = [toPort(m[1]), 'message'];
  }
  if (port === null) {
    const typed = commandPort(text);
    if (typed !== null) [port, portSource] = [typed, 'message'];
  }
  if (port === null) {
    const url = urls.find((u) => u.host.toLowerCase() === best.host.toLowerCase());
    if (url && SCHEME_PORTS[url.scheme]) [port, portSource] = [SCHEME_PORTS[url.scheme], 'scheme-default'];
  }
  if (port === null && /HTTPSConnection\b/.test(text)) [port, portSource] = [443, 'scheme-default'];
  else if (port === null && /HTTPConnection\b/.test(text)) [port, portSource] = [80, 'scheme-default'];
  if (port === null && tool && TOOL_PORTS[tool]) [port, portSource] = [TOOL_PORTS[tool] ?? null, 'tool-default'];
  return { host: best.host, port, portSource: port === null ? null : portSource, unixSocket };
}
