/**
 * `tcpsleuth watch --help`. The SYN schedule is this machine's in a terminal (its sysctls), the
 * classic one in the docs and the man page.
 */
import { formatKernelMs, readTcpTimings } from '../kernel-timing.js';
import type { CommandHelp } from './definition.js';

/** "1 s, 2 s, 3 s, 4 s after the first (tcp_syn_retries=6, …)" for this machine. */
function synScheduleHere(): string {
  const syn = readTcpTimings().syn;
  const times = syn.retransmitAtMs.slice(0, 4).map((t) => formatKernelMs(t)).join(', ');
  const sysctls = syn.source === 'classic' ? 'the classic Linux schedule' : `tcp_syn_retries=${syn.synRetries}${syn.linearTimeouts ? `, tcp_syn_linear_timeouts=${syn.linearTimeouts}` : ''}`;
  return `on this machine ${times} after the first (${sysctls})`;
}

const watch: CommandHelp = {
  name: 'watch',
  title: 'connect again and again, and see what fails only sometimes.',
  summary: 'connect again and again: what fails only sometimes',
  usage: '  tcpsleuth watch HOST:PORT [--rate N] [--count N | --duration D] [--json | --jsonl]',
  vars: {
    here: () => ({ 'syn-schedule': synScheduleHere() }),
    paper: { 'syn-schedule': "on classic Linux 1 s, 3 s, 7 s, 15 s after the first (newer kernels with\n  tcp_syn_linear_timeouts: 1 s, 2 s, 3 s, 4 s; watch --help shows this machine's)" },
  },
  blocks: [
    {
      title: 'What it does',
      text: `  Opens a TCP connection to HOST:PORT, closes it, and does it again: one a second by default,
  taking turns on every address of the name. Each attempt is check's connect step (with the
  kernel's view of the socket), then 50 ms of listening as check's observe step does: an RST or
  FIN right after the handshake makes the attempt reset or closed. In a terminal a live screen
  shows a sparkline of handshake times, the share that failed (by verdict), the share that needed
  a SYN retransmission and one row per address; Ctrl-C ends it with the summary. In a pipe: one
  line per attempt, then the summary. Without --count or --duration it runs until Ctrl-C (at most
  100000 attempts).`,
    },
    {
      title: 'How a lost SYN shows',
      text: `  The kernel sends an unanswered SYN again on a fixed schedule,
  {{syn-schedule}}.
  A handshake that took about 1 s instead of a few milliseconds was sent twice; /proc/net/tcp
  counts the retransmissions as well. When a share of handshakes needs one, something on the way
  drops that share of SYNs (or of SYN-ACKs).`,
    },
    {
      title: 'Findings (each with its evidence and the lesson: {{self}} learn intermittent)',
      text: `  syn-retransmit-intermittent  a share of handshakes completed only after a SYN retransmission:
                               the share with its 95% interval, and the SYN loss rate behind it
  one-address-bad              every failure came from one address of the name (a dead backend
                               behind DNS round-robin)
  periodic-failure             failures come in bursts at a steady period (a flapping link, a cron
                               restart, a health check evicting the backend): the period
  refused-intermittent         some attempts were refused, the others got through
  reset-intermittent           some attempts were reset right after the handshake`,
    },
    {
      title: 'Options',
      options: [
        {
          flags: ['--rate'],
          arg: 'N',
          text: 'attempts started per second (default 1; 0.01 to 100: 0.2 is one every 5 s); attempts overlap when one takes longer (at most 32 at once)',
        },
        { flags: ['-c', '--count'], arg: 'N', text: 'stop after N attempts' },
        { flags: ['--duration'], arg: 'D', text: 'stop starting attempts after D (30s, 5m, 2h)' },
        { flags: ['-t', '--timeout'], arg: 'T', text: "each attempt's connect budget (default adaptive, about 3.5 s)" },
        { flags: ['-p', '--port'], arg: 'N', text: 'the port (for HOST -p N)' },
        { flags: ['--json'], text: 'one summary object at the end (see below)' },
        {
          flags: ['--jsonl'],
          text: 'one JSON line per attempt as it finishes ("type": "attempt"), then the summary as the last line ("type": "summary")',
        },
        { flags: ['--plain'], text: 'plain lines even in a terminal' },
      ],
    },
    {
      title: 'JSON (--json)',
      text: `  target           { host, port, addresses }
  attempts         how many finished; interrupted: true after Ctrl-C
  byVerdict        { "open": 22, "filtered": 2 }
  byAddress        [{ address, family, attempts, byVerdict, retransmitted, retransmitShare,
                      handshakeMs }]
  handshakes       completed handshakes; retransmitted: those that needed a SYN retransmission
  handshakeMs      { p50, p90, p99, max } over completed handshakes, in ms (connect()'s time)
  retransmitShare  retransmitted / handshakes, a fraction (0.33)
  synLossShare     retransmitted SYNs / SYNs sent: the loss rate (0.25 when every 4th is dropped)
  findings         ids, e.g. ["syn-retransmit-intermittent"]; details: [{ id, text, lesson, … }]
  lessons, startedAt, durationMs, ratePerSecond, kernel { synRetransmitAtMs }`,
    },
    {
      title: 'Exit codes',
      text: `  0    every attempt was open and there is no finding
  1    an attempt failed, or a finding (or the name did not resolve)
  2    bad usage
  130  stopped by Ctrl-C (after printing the summary)`,
    },
  ],
  examples: [
    '{{self}} watch db.internal:5432 --count 60',
    '{{self}} watch api.internal:443 --rate 5 --duration 2m --json',
    '{{self}} watch shop.example:80 --jsonl > attempts.jsonl',
    '{{self}} check db.internal:5432 --hold 30m   does an idle connection survive?',
  ],
};

export default watch;
