/**
 * The evidence contract: what checks return, what diagnosis reads, what `check --json` prints.
 * Nothing here does I/O. See DESIGN.md ("The verdict") for the meaning of each verdict.
 */
import type { SynSchedule } from './kernel-timing.js';

/** The first thing that went wrong, in stage order (DESIGN.md). */
export type Verdict =
  | 'dns-error'
  | 'unreachable'
  | 'refused'
  | 'filtered'
  | 'reset'
  | 'closed'
  | 'tls-error'
  | 'open';

export const VERDICTS: readonly Verdict[] = [
  'dns-error',
  'unreachable',
  'refused',
  'filtered',
  'reset',
  'closed',
  'tls-error',
  'open',
];

/**
 * How one step went. `unavailable` means the step could not run (no binary, no privilege):
 * it is not a failure of the thing being checked.
 */
export type Outcome = 'pass' | 'fail' | 'skipped' | 'unavailable';

export type StepId =
  | 'dns'
  | 'ping'
  | 'connect'
  | 'observe'
  | 'tls'
  | 'scan'
  | 'capture'
  | 'traceroute'
  | 'sockets'
  | 'server-capture'
  | 'server-sockets';

/** Progress a running check reports (the UI shows it; plain mode may print it). */
export interface Progress {
  step: StepId;
  message: string;
  elapsedMs?: number;
  /** The kernel's view of our socket while it waits (Linux /proc/net/tcp*). */
  kernel?: KernelSocketView;
}

/** Every check takes its input and this context; aborting the signal must stop it and any child. */
export interface CheckContext {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** A check is a plain async function: (input, { signal, onProgress }) => Promise<Evidence>. */
export type Check<Input, Evidence> = (input: Input, ctx?: CheckContext) => Promise<Evidence>;

/** What every step's evidence carries, whatever the step. */
export interface StepEvidence<Id extends StepId = StepId, Data = unknown> {
  id: Id;
  outcome: Outcome;
  durationMs: number;
  /** One line in plain words: what was seen. */
  summary: string;
  /** For `unavailable`/`skipped`: why; for `fail`: what went wrong. */
  reason?: string;
  /** For `unavailable`: how to get it (package to install, capability, sudo). */
  fix?: string;
  /** The equivalent command a person could type, e.g. `nc -vz host 5432`. */
  command?: string;
  /** Raw, step-specific evidence (typed per check). */
  evidence: Data;
}

/** Linux's own view of one socket, from /proc/net/tcp and /proc/net/tcp6. */
export interface KernelSocketView {
  state: SocketState;
  local: string;
  remote: string;
  /** Retransmissions of the SYN (or of data) the kernel has done so far. */
  retransmits: number;
  /** When the kernel itself would give up connecting, from the SYN retry sysctls. */
  kernelGivesUpMs?: number;
}

export type SocketState =
  | 'ESTABLISHED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'LISTEN'
  | 'CLOSING'
  | 'NEW_SYN_RECV'
  | 'UNKNOWN';

/** The target as parsed from user input. */
export interface Target {
  host: string;
  port: number;
  /** Where the port came from: written explicitly, or the default of a URL scheme. */
  portSource: 'explicit' | 'scheme-default';
  scheme?: string;
  /** True when the host is an IP literal (no DNS needed). */
  isIpLiteral: boolean;
  /** Use TLS: a TLS port, a TLS scheme, or `--tls`. */
  tls: boolean;
}

/** Stable finding ids; scripts match on them, so never rename one. */
export type FindingId =
  | 'syn-retransmitted'
  | 'icmp-from-router'
  | 'icmp-blocked-or-host-down'
  | 'ping-unavailable'
  | 'local-firewall'
  | 'accept-queue-full'
  | 'listening-localhost-only'
  | 'reset-during-tls'
  | 'reset-after-connect'
  | 'rst-ttl-mismatch'
  | 'ecn-blackhole'
  | 'ecn-not-negotiated'
  | 'tls-untrusted'
  | 'tls-expired'
  | 'banner-received'
  | 'fell-back-to-next-address'
  | 'resolver-unreachable'
  | 'nxdomain'
  | 'no-route'
  | 'capture-unavailable'
  | 'tls-not-tls'
  | 'tls-name-mismatch'
  | 'tls-client-cert-required'
  | 'tls-protocol-mismatch'
  | 'pmtu-blackhole'
  | 'mss-retry-unavailable'
  | 'icmp-rate-limited'
  | 'addresses-disagree'
  | (string & {});

export interface Finding {
  id: FindingId;
  /** One or two sentences in plain words. */
  text: string;
}

/** How one of the name's addresses answered its own handshake (`target.results` in `check --json`). */
export interface AddressResult {
  address: string;
  family: 4 | 6;
  /** What this address alone gets: open, refused, filtered, unreachable or reset. */
  verdict: Verdict;
  /** The connect check's result (connected, refused, timeout, no-route, ...). */
  result: string;
  /** The errno, e.g. ECONNREFUSED, EHOSTUNREACH, TIMEOUT. */
  error?: string;
  durationMs: number;
}

/** What `tcpsleuth check TARGET --json` prints: exactly one of these. */
export interface CheckReport {
  target: {
    host: string;
    port: number;
    addresses: string[];
    /** The address the verdict is about (the one a client with fallback ends with). */
    addressUsed?: string;
    /** Every address's own handshake, in resolver order (all are tried, in parallel). */
    results?: AddressResult[];
  };
  verdict: Verdict;
  /** The verdict in plain words, one or two sentences. */
  meaning: string;
  steps: StepEvidence[];
  /** Stable ids, e.g. `syn-retransmitted`; see `details` for the words. */
  findings: FindingId[];
  details: Finding[];
  /** Lesson ids (files in lessons/) that explain this verdict and its findings. */
  lessons: string[];
  startedAt: string;
  durationMs: number;
  /**
   * The story every surface renders (diagnosis/story.ts): cause, per-address outcomes, facts with
   * their evidence, advice, this kernel's timings, ticket text. Derived from the fields above.
   */
  story?: Story;
}

/** Exit codes of every command. */
export const EXIT = { ok: 0, verdict: 1, usage: 2, interrupted: 130 } as const;

/** The exit code a verdict ends a command with: 0 for `open`, 1 for every other verdict. */
export function exitCodeFor(verdict: Verdict): number {
  return verdict === 'open' ? EXIT.ok : EXIT.verdict;
}

// The story (src/diagnosis/story.ts builds it): what every surface renders, part of `check --json`.

/** Where a sentence's fact came from: a step (one address's connect), a finding, a packet of the capture, or the connections held idle on an address (`check --hold`). */
export type Citation = { step: StepId; address?: string } | { finding: FindingId } | { conversation: number; packet: string; atMs?: number } | { hold: string };

/** A sentence that states a fact, with the evidence that says it. */
export interface StorySentence {
  text: string;
  cites: Citation[];
}

/** One address of the name, in the whole check's verdict vocabulary (the chosen one says the verdict). */
export interface StoryAddress {
  address: string;
  family: 4 | 6;
  verdict: Verdict;
  /** The address the verdict is about (the one a client with fallback ends with). */
  chosen: boolean;
  detail: StorySentence;
}

/** A next step, chosen because of what was (or was not) observed; `command` when it is one to type. */
export interface StoryAdvice extends StorySentence {
  because: string;
  command?: string;
  /** Where to set it, one line per place (the kernel, a socket option, common clients). */
  settings?: string[];
}

/** This kernel's SYN schedule, from the check's own evidence when it recorded one. */
export interface StoryTimings {
  syn: SynSchedule;
  /** When the kernel gives up on an unanswered SYN (ms after the first SYN). */
  giveUpMs: number;
  /** `11 s on this machine (tcp_syn_retries=6, tcp_syn_linear_timeouts=4)`. */
  text: string;
  from: 'evidence' | 'this-kernel' | 'classic';
}

export interface Story {
  verdict: Verdict;
  /** An open verdict with a finding that says part of the path fails (idle-timeout, addresses-disagree): that finding. */
  but?: FindingId;
  /** `Reset: connected, then RST`. */
  title: string;
  /** The one-line cause, from the evidence. */
  cause: StorySentence;
  /** How TCP produces this verdict (with this kernel's numbers). */
  why: string;
  /** Whom to ask and what to ask them (the real time and error filled in). */
  whomToAsk?: StorySentence & { who: string };
  /** One line a person pastes in a chat. */
  summary: string;
  /** When the check started, in words (`2026-05-03 12:04:05 UTC`). */
  when: string;
  /** Where it ran from (the connection's local address, or the machine). */
  from: string;
  /** The check's error in a few words (`ECONNREFUSED: …`, `TLS alert "…"`). */
  error: string;
  perAddress: StoryAddress[];
  /** What was seen, each citing its evidence. */
  facts: StorySentence[];
  advice: StoryAdvice[];
  timings: StoryTimings;
  /** Ticket text: the real time, error and facts, no placeholders. */
  ticket: string;
  findings: Finding[];
  lessons: string[];
  /** Commands to read more (`tcpsleuth learn rst`), one per lesson, as the user started the tool. */
  lessonCommands: string[];
}
