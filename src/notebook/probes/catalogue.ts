/**
 * The notebook's own probes: experiments that measure one behaviour of the kernel directly (a
 * restart that hits TIME_WAIT, the 40 ms Nagle stall, a zero window…) instead of running the
 * check against a lab fault. This table is pure data, so the lesson parser can validate a cell's
 * `expect:` without loading any runner.
 */

/** Every outcome a probe can report; a cell's `expect:` names one of its probe's. */
export const PROBE_OUTCOMES = [
  'one-address-bad',
  'all-addresses-good',
  'syn-retransmit-intermittent',
  'no-syn-retransmit',
  'probe-answered',
  'no-probe',
  'keepalive-timeout',
  'survived',
  'retransmit-timeout',
  'delivered',
  'zero-window',
  'no-zero-window',
  'nagle-delayed-ack',
  'no-stall',
  'receiver-limited',
  'not-receiver-limited',
  'retransmissions',
  'no-retransmissions',
  'eaddrinuse',
  'bound',
] as const;
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

export interface ProbeInfo {
  /** What it sets up, in a line (shown after the learner has predicted). */
  title: string;
  /** The outcomes it can report, the one it is built to show first. */
  outcomes: readonly ProbeOutcome[];
  /** `any`: loopback, any user; `root`: a throwaway network namespace with iptables or sysctls. */
  needs: 'any' | 'root';
}

export const PROBES = {
  'dead-backend': {
    title: 'one name, two addresses on loopback (127.0.0.2 healthy, 127.0.0.3 dropping SYNs), connected to in turn',
    outcomes: ['one-address-bad', 'all-addresses-good'],
    needs: 'any',
  },
  'syn-drop-share': {
    title: 'a throwaway namespace whose firewall drops every fourth SYN (iptables -m statistic), and 12 connects in a row',
    outcomes: ['syn-retransmit-intermittent', 'no-syn-retransmit'],
    needs: 'root',
  },
  'keepalive-idle': {
    title: 'two idle loopback connections, one with TCP keepalive after 1 s, watched in the kernel socket table',
    outcomes: ['probe-answered', 'no-probe'],
    needs: 'any',
  },
  'keepalive-dead-peer': {
    title: 'a throwaway namespace: an idle connection with keepalive, then a firewall that forgets the flow and drops it',
    outcomes: ['keepalive-timeout', 'survived'],
    needs: 'root',
  },
  'retransmit-dead-peer': {
    title: 'a throwaway namespace with tcp_retries2=4: data sent into a connection whose peer went silent',
    outcomes: ['retransmit-timeout', 'delivered'],
    needs: 'root',
  },
  'zero-window-reader': {
    title: 'a loopback server that stops reading while the client keeps writing, then reads again',
    outcomes: ['zero-window', 'no-zero-window'],
    needs: 'any',
  },
  'nagle-write-write-read': {
    title: 'twenty request/response rounds on loopback, each request written in two small writes: Nagle on, then TCP_NODELAY',
    outcomes: ['nagle-delayed-ack', 'no-stall'],
    needs: 'any',
  },
  'slow-reader-transfer': {
    title: 'a 4 MB loopback transfer to a reader that takes 64 KB every 25 ms',
    outcomes: ['receiver-limited', 'not-receiver-limited'],
    needs: 'any',
  },
  'lossy-transfer': {
    title: 'a throwaway namespace: 8 MB sent three times, over a clean path, with 2% and with 10% of data segments dropped',
    outcomes: ['retransmissions', 'no-retransmissions'],
    needs: 'root',
  },
  'time-wait-restart': {
    title: 'a loopback server that closes its connection first, stops, and restarts on the same port at once',
    outcomes: ['eaddrinuse', 'bound'],
    needs: 'any',
  },
} as const satisfies Record<string, ProbeInfo>;

export type ProbeId = keyof typeof PROBES;

export const isProbeId = (s: string): s is ProbeId => Object.prototype.hasOwnProperty.call(PROBES, s);

export const isProbeOutcome = (s: string): s is ProbeOutcome => (PROBE_OUTCOMES as readonly string[]).includes(s);

/** What a probe measured: the outcome it names, a sentence, one line per measurement, and the numbers. */
export interface ProbeMeasurement {
  observed: ProbeOutcome;
  summary: string;
  measured: string[];
  data: Record<string, number | string | boolean | number[]>;
}
