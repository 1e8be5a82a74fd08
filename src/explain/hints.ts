/**
 * Context that moves one cause to the top: the same class has a different most-likely cause
 * depending on what the message names (Node's `ECONNREFUSED ::1` is IPv6 localhost, a one-word
 * host that does not resolve is a container service name, "wrong version number" is plain text
 * on the port). Data, tried in order; every matching hint's cause goes first.
 */
import type { ErrorClass } from './types.js';

export interface HintInput {
  cls: ErrorClass;
  also: ErrorClass | null;
  host: string | null;
  port: number | null;
  lower: string;
}

interface Hint {
  when: (x: HintInput) => boolean;
  cause: (x: HintInput) => string;
}

const isLoopback = (host: string | null) => host === 'localhost' || host === '::1' || (host?.startsWith('127.') ?? false);
const has = (lower: string, ...words: string[]) => words.some((w) => lower.includes(w));

const HINTS: readonly Hint[] = [
  {
    when: (x) => x.cls === 'refused' && x.host === '::1',
    cause: (x) => `localhost resolved to ::1 (IPv6; Node 17+ and many clients try it first), but the server listens only on 127.0.0.1: make it listen on ::1 too, or connect to 127.0.0.1:${x.port ?? 'PORT'}.`,
  },
  {
    when: (x) => (x.cls === 'refused' || x.cls === 'timeout') && isLoopback(x.host) && has(x.lower, 'docker', 'container', 'kube', 'pod '),
    cause: () => 'Inside a container, localhost/127.0.0.1 is the container itself: use the other service\'s name (docker compose, Kubernetes Service) or host.docker.internal.',
  },
  {
    when: (x) => x.cls === 'dns' && has(x.lower, 'temporary failure', 'eai_again', 'try again', 'servfail', 'i/o timeout', 'resolving timed out', '11002'),
    cause: () => 'The resolver did not answer (temporary failure): check /etc/resolv.conf or the container\'s DNS, and whether the resolver is reachable; retrying may work.',
  },
  {
    when: (x) => x.cls === 'dns' && x.host !== null && !x.host.includes('.') && x.host !== 'localhost' && !x.host.includes(':'),
    cause: (x) => `"${x.host}" is a one-word name: it resolves only inside its own Docker or Kubernetes network (a service name); from anywhere else use the published host name and port.`,
  },
  {
    when: (x) => x.cls === 'tls' && has(x.lower, 'wrong version number', 'wrong_version_number', 'first record does not look like a tls handshake', 'gave http response to https client', 'record_too_long', 'err_ssl_protocol_error'),
    cause: () => 'The port does not speak TLS (plain HTTP or another protocol answered): check the scheme and port, e.g. https:// sent to an http port.',
  },
  {
    when: (x) => x.cls === 'tls' && has(x.lower, 'unknown authority', 'self-signed', 'self signed', 'pkix', 'unable to get local issuer', 'certificate_verify_failed', 'certificate verify failed', 'unknownissuer', 'authority_invalid'),
    cause: () => 'The certificate chain is not trusted here: a private CA or a TLS-inspecting proxy; install its CA certificate rather than turning verification off.',
  },
  {
    when: (x) => x.cls === 'tls' && has(x.lower, 'expired', 'not yet valid'),
    cause: () => 'The certificate has expired (or this machine\'s clock is wrong): check the dates with openssl s_client or tcpsleuth check.',
  },
  {
    when: (x) => x.cls === 'timeout' && (x.port === 25 || x.port === 465 || x.port === 587) && !isLoopback(x.host),
    cause: () => 'Many cloud providers and ISPs block outbound mail ports (25 especially): the SYN is dropped on the way out.',
  },
  {
    when: (x) => (x.cls === 'reset' || x.cls === 'closed') && has(x.lower, 'kex_exchange_identification', 'ssh_exchange_identification'),
    cause: () => 'sshd hung up before its banner: MaxStartups reached, fail2ban or hosts.deny blocking you, or something else (not sshd) listens on that port.',
  },
  {
    when: (x) => x.cls === 'closed' && has(x.lower, 'gone away', 'lost connection to mysql'),
    cause: () => 'MySQL closed an idle connection (wait_timeout) or a packet was larger than max_allowed_packet; pools should validate connections before use.',
  },
  {
    when: (x) => x.cls === 'other' && has(x.lower, 'too many open files', 'emfile', 'enfile', 'no buffer space'),
    cause: () => 'The process hit its file-descriptor limit (ulimit -n) or leaks sockets: count them with tcpsleuth sockets, look for piles of CLOSE_WAIT.',
  },
  {
    when: (x) => x.cls === 'other' && has(x.lower, 'proxy', 'tunnel'),
    cause: () => 'The proxy between you and the target refused the tunnel or wants authentication: check HTTPS_PROXY/NO_PROXY and the proxy credentials.',
  },
  {
    when: (x) => x.cls === 'other' && has(x.lower, 'operation not permitted', 'permission denied', 'eacces', 'eperm'),
    cause: () => 'The local machine forbids it: a local firewall rule (iptables OUTPUT), a privileged port (< 1024) without the capability, or socket file permissions.',
  },
];

/** Causes that the message's context makes most likely, to put before the class's own list. */
export function contextCauses(x: HintInput): string[] {
  return HINTS.filter((h) => h.when(x)).map((h) => h.cause(x));
}

/** The local port a bind failure names (`listen tcp :8080`, `EADDRINUSE :::3000`), or null. */
export function bindPort(text: string): number | null {
  const m = /(?:address already in use|EADDRINUSE|bind)[^\n]{0,40}?:(\d{1,5})\b|listen tcp[46]? [^\s]{0,60}:(\d{1,5})\b|Bind for [^\s]{0,60}:(\d{1,5})\b/i.exec(text);
  if (!m) return null;
  const n = Number(m[1] ?? m[2] ?? m[3]);
  return n >= 1 && n <= 65535 ? n : null;
}
