/**
 * Which program or runtime produced a message, from its signature words. Tried in order: the
 * programs that wrap others come first (git prints curl's words, docker and kubectl print Go's,
 * pip prints urllib3's), runtimes after them, and generic Windows wording last.
 */
import type { ToolId } from './types.js';

interface ToolSignature {
  tool: ToolId;
  /** Lower-case literals tested with `includes`. */
  literals?: readonly string[];
  /** Anchored or literal-led patterns for the few cases a literal cannot say. */
  patterns?: readonly RegExp[];
  /** Lower-case literals, one of which must be present for `patterns` to run (keeps big pastes cheap). */
  gate?: readonly string[];
}

const TOOL_SIGNATURES: readonly ToolSignature[] = [
  { tool: 'git', literals: ['fatal: unable to access', 'fatal: unable to connect to', 'fatal: could not read from remote', 'git-upload-pack', 'git-receive-pack', 'git clone', 'git fetch', 'git push', 'git pull', 'rpc failed', 'fatal: the remote end hung up'] },
  { tool: 'npm', literals: ['npm err!', 'npm error', 'npm warn', 'registry.npmjs.org', 'yarn error', 'pnpm'] },
  { tool: 'pip', literals: ['pip._vendor', 'could not install packages', 'pip install', 'could not fetch url', 'no matching distribution found', 'pypi.org/simple', 'retrying (retry('] },
  { tool: 'curl', patterns: [/\bcurl: \(\d{1,3}\)/, /\bcurl\b.{0,20}\bexit (?:code|status) \d{1,3}/] },
  { tool: 'docker', literals: ['error response from daemon', 'docker:', 'cannot connect to the docker daemon', 'docker.sock', 'docker pull', 'failed to do request', 'docker compose', 'docker-compose'] },
  { tool: 'kubectl', patterns: [/The connection to the server \S{1,260} was refused/], literals: ['kubectl', 'unable to connect to the server', 'couldn\'t get current server api group list', 'memcache.go', 'kube-apiserver'] },
  { tool: 'wget', literals: ['wget:', 'http request sent, awaiting response', 'no-check-certificate', 'unable to establish ssl connection', 'unable to resolve host address'], patterns: [/^Resolving [^\n]{1,255}\.\.\. /m, /^--\d{4}-\d\d-\d\d \d\d:\d\d:\d\d--/m, /connecting to [^\n|]{1,255}\|[^\n|]{1,64}\|:\d{1,5}\.\.\./i] },
  { tool: 'ssh', literals: ['ssh: ', 'ssh:connect to host', 'kex_exchange_identification', 'ssh_exchange_identification', 'scp: ', 'sftp', 'openssh', 'putty'] },
  { tool: 'telnet', literals: ['telnet:', 'closed by foreign host', 'escape character is'] },
  { tool: 'nc', literals: ['ncat:', 'netcat', '(tcp) failed'], patterns: [/^nc: /m] },
  { tool: 'openssl', literals: ['s_client', 'connect:errno=', 'write:errno=', 'read:errno=', 'ssl_connect:errno', 'connected(0', 'no peer certificate available'], patterns: [/:error:[0-9a-f]{8}:/i] },
  { tool: 'psql', literals: ['psql:', 'libpq', 'connection to server at', 'connection to server on socket', 'could not connect to server', 'is the server running', '.s.pgsql.', 'could not translate host name', 'server closed the connection unexpectedly', 'pg::connectionbad', 'psycopg', 'postgresql', 'pg_hba.conf', 'npgsql'] },
  { tool: 'mysql', literals: ['mysql', 'mariadb', 'sqlstate[hy000] [20'], patterns: [/\berror 20\d\d \(hy000\)/i] },
  { tool: 'redis', literals: ['redis', 'ioredis'] },
  { tool: 'mongodb', literals: ['mongo', 'connection attempt failed: socketexception', ':: caused by ::', 'serverselectiontimeouterror', 'mongodb://'] },
  { tool: 'browser', literals: ['net::err_', 'err_connection_', 'err_name_not_resolved', 'dns_probe_', 'err_address_unreachable', 'err_timed_out', 'err_empty_response', 'err_ssl_', 'err_cert_', 'err_internet_disconnected', 'err_proxy_', 'err_tunnel_', 'this site can\'t be reached', 'firefox', 'safari', 'sec_error_', 'pr_connect_', 'pr_end_of_file_error', 'ssl_error_rx', 'took too long to respond', 'taking too long to respond', 'refused to connect', 'server ip address could not be found'] },
  { tool: 'php', literals: ['php warning', 'php fatal', 'php_network_getaddresses', 'fsockopen()', 'stream_socket_client()', 'file_get_contents(', 'failed to open stream', 'fopen(', 'curl_exec', 'guzzlehttp', 'mysqli', 'pdoexception', '.php'] },
  { tool: 'java', literals: ['java.', 'javax.', 'exception in thread', 'io.netty', 'org.apache', 'okhttp', 'spring', 'jdbc'] },
  { tool: 'dotnet', literals: ['system.net.', 'system.io.ioexception', 'httprequestexception', 'socketexception', 'system.security.authentication', 'sqlexception', 'webexception', '---> '] },
  { tool: 'python', literals: ['traceback (most recent call last)', '[errno ', 'requests.exceptions', 'urllib3', 'urllib.error', 'socket.timeout', 'socket.gaierror', 'ssl.sslerror', 'aiohttp', 'httpx', 'connectionrefusederror', 'connectionreseterror', 'connectionabortederror', '[winerror', 'brokenpipeerror', 'http.client', '.py"', 'maxretryerror', 'ssl.ssl', '_ssl.c'] },
  { tool: 'rust', literals: ['os error ', 'errorkind::', 'kind: ', 'reqwest', 'hyper::', 'hyper_util', 'tokio', "thread 'main' panicked", 'os { code:'] },
  { tool: 'go', literals: ['dial tcp', 'read tcp', 'write tcp', 'dial udp', 'i/o timeout', 'context deadline exceeded', 'net/http:', 'x509:', 'tls: ', 'goroutine ', 'panic: ', 'proxyconnect tcp', ': lookup ', 'net.(*'], patterns: [/^(?:Get|Post|Put|Delete|Head|Patch|Options) "[^"\n]{1,2048}": /m], gate: ['": '] },
  { tool: 'windows', patterns: [/\bWSAE[A-Z]{4,20}\b/] },
  { tool: 'ruby', literals: ['errno::e', 'net::opentimeout', 'net::readtimeout', 'failed to open tcp connection', '.rb:'] },
  { tool: 'node', literals: ['node:internal', '(node:', 'node:_', 'tcpconnectwrap', 'listen eaddrinuse', 'connect econnrefused', 'read econnreset', 'connect econnreset', 'connect etimedout', 'read etimedout', 'connect ehostunreach', 'connect enetunreach', 'getaddrinfo enotfound', 'getaddrinfo eai_again', 'write epipe', "code: 'e", 'socket hang up', "syscall: '", 'at clientrequest', 'fetch failed', 'undici', 'err_tls_', 'err_socket_', 'axioserror'] },
  { tool: 'windows', literals: ['wsae', 'actively refused', 'forcibly closed by the remote host', 'did not properly respond after a period of time', 'no such host is known', 'attempted to an unreachable', 'only one usage of each socket address', 'test-netconnection', 'powershell', 'winhttp', 'wininet', 'aborted by the software in your host machine', '0x8007', '0x27'], patterns: [/(?<![:./\w-])(?<!port )1(?:00[1-6]\d|100[1-4])\b/i] },
];

/** The tool whose words the message carries, or null. */
export function detectTool(text: string, lower: string): ToolId | null {
  for (const sig of TOOL_SIGNATURES) {
    if (sig.literals?.some((l) => lower.includes(l))) return sig.tool;
    if (sig.gate && !sig.gate.some((g) => lower.includes(g))) continue;
    if (sig.patterns?.some((p) => p.test(text))) return sig.tool;
  }
  return null;
}
