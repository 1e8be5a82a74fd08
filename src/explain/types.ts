/**
 * What `explain` says about a pasted error message. Pure data: no I/O, no UI.
 */

/** What went wrong, read from the words of an error message (not from the network). */
export type ErrorClass =
  | 'refused'
  | 'timeout'
  | 'reset'
  | 'unreachable'
  | 'dns'
  | 'tls'
  | 'closed'
  | 'other'
  | 'unknown';

export const ERROR_CLASSES: readonly ErrorClass[] = [
  'refused',
  'timeout',
  'reset',
  'unreachable',
  'dns',
  'tls',
  'closed',
  'other',
  'unknown',
];

/** The program or runtime whose words the message carries (the innermost one recognised). */
export type ToolId =
  | 'curl'
  | 'wget'
  | 'telnet'
  | 'nc'
  | 'ssh'
  | 'openssl'
  | 'psql'
  | 'mysql'
  | 'redis'
  | 'mongodb'
  | 'java'
  | 'python'
  | 'node'
  | 'go'
  | 'dotnet'
  | 'windows'
  | 'rust'
  | 'php'
  | 'ruby'
  | 'browser'
  | 'docker'
  | 'kubectl'
  | 'git'
  | 'npm'
  | 'pip';

/** The result of {@link explainError}; `explain --json` prints it. */
export interface Explanation {
  class: ErrorClass;
  /** A second class the message also shows (a TLS failure caused by a reset), or null. */
  also: ErrorClass | null;
  /** The remote host the message names (never the client's own address, never a socket path). */
  host: string | null;
  port: number | null;
  /** Where the port came from: the message itself, the URL's scheme, or the tool's default. */
  portSource: 'message' | 'scheme-default' | 'tool-default' | null;
  tool: ToolId | null;
  /** What it means at the packet level, in plain words. */
  explanation: string;
  /** Likely causes, most likely first. */
  causes: string[];
  /** Lesson ids to read next. */
  lessons: string[];
  /** The command that checks it (`tcpsleuth check db.internal:5432`) when host and port are known. */
  checkCommand?: string;
  /** The phrases, codes and errno numbers that decided the class (for `--json` and for trust). */
  evidence: string[];
  /** For a timeout: while connecting (no SYN-ACK) or while waiting for data, when the words say. */
  timeoutPhase?: 'connect' | 'read';
  /**
   * A listen/bind failure names this machine's own address (`listen EADDRINUSE :::3000`): it is
   * reported here, never as `host`/`port`, since it is not a remote target to check.
   */
  localAddress?: { host: string | null; port: number | null };
  /** The state of the socket-table row the target was read from (`SYN_SENT`), when a table was pasted. */
  socketState?: string;
  /** The message talks about a local Unix socket (no TCP target to check). */
  unixSocket?: string;
  /**
   * The message is an error from above TCP (a failed login, HTTP 4xx/5xx, an SQL error): the
   * connection worked and the application said no. Set only when no TCP failure is shown as well.
   */
  aboveTcp?: { kind: 'authentication' | 'authorization' | 'http-status' | 'mail-status' | 'server-reply' | 'rpc-fault' | 'sql' | 'server-limit' | 'negotiation'; evidence: string };
  /** The input was longer than what is scanned; only its head and tail were read. */
  truncated?: { scannedChars: number; totalChars: number };
}

/** One way a message shows a class: a phrase, a code, an exception name. */
export interface ClassHit {
  class: Exclude<ErrorClass, 'unknown'>;
  /** Higher wins the primary class; the default comes from the class (see RANK). */
  rank: number;
  /** Weak hits only count when no strong hit exists (generic words like "timeout"). */
  weak: boolean;
  /** What matched, for the evidence list. */
  label: string;
}
