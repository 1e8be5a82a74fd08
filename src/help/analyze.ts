import type { CommandHelp } from './definition.js';

const analyze: CommandHelp = {
  name: 'analyze',
  title: 'read a capture (pcap or pcapng), name what went wrong and what slowed it.',
  summary: 'read a capture: handshakes, resets, ECN, what slowed it, MAC vendors',
  usage: `  tcpsleuth analyze FILE                   one line per TCP conversation, what slowed the
                                           transfers, then MAC vendors
  tcpsleuth analyze FILE --conversation N  a sequence diagram of conversation N
  tcpsleuth analyze FILE --json            one JSON object for scripts
  tcpdump -w - … | tcpsleuth analyze -     read the capture from stdin (- is the file)`,
  blocks: [
    {
      title: 'What it reads',
      text: `  pcap (both byte orders, µs or ns) and pcapng (several interfaces); Ethernet, Linux cooked
  (SLL, SLL2: tcpdump -i any), raw IP, BSD loopback; IPv4, IPv6, TCP, ICMP, ICMPv6.
  Regular files only: a FIFO, a device or a directory is refused at once (exit 2); stream
  those through - instead.`,
    },
    {
      title: 'Per conversation',
      text: `  outcome         open, refused, filtered, reset, closed or unreachable (the verdict words)
  synRetransmits  each retried SYN and when (1 s, 2 s, 3 s... or 1 s, 3 s, 7 s...: the
                  kernel's backoff, the fingerprint of a drop)
  ecn             negotiated, not-negotiated, blackhole (the ECN SYN lost, the plain retry
                  answered), not-requested, unanswered; CE marks, ECE and CWR counted
  rst             who sent it, when, after how much data, its TTL against the SYN-ACK's
  icmp            the ICMP error quoting our SYN, and who sent it: the target or a router
  rttMs           the round trip the handshake took (SYN to the ACK that completed it)
  transfer        per side: data segments, retransmitted (and how many after a timeout),
                  duplicate ACKs, zero windows advertised, times its data filled the window`,
    },
    {
      title: 'What slowed the transfers (findings, each with the packets that show it and a lesson)',
      text: `  retransmissions    the network lost segments and the sender resent them (fast, or after
                     a timeout of 200 ms or more): who, how many, the share of its bytes
  zero-window        the reader stopped reading: its window closed, for how long
  receiver-limited   the sender kept filling the receiver's whole window: its buffer is too
                     small for the path, not the network
  nagle-delayed-ack  a request written in two small writes waited ~40 ms each time: Nagle held
                     the second until the peer's delayed ACK (one write, or TCP_NODELAY)
  idle-then-reset    a connection quiet for a while was reset by the next packet (a firewall
                     or NAT that forgot it; keepalives shorter than its timeout keep it)
  rto-timeout        data never acknowledged, resent with growing gaps until the sender gave
                     up (a dead path or peer; Linux retries for tcp_retries2, this machine's
                     figure is quoted)`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['--json'], text: '{ file, conversations: [...], packets, truncated, format, macs: [...] }; each conversation carries rttMs, transfer and findings' },
        { flags: ['-c', '--conversation'], arg: 'N', text: 'draw conversation N (arrows in tcpdump notation: [S] [S.] [SEW] [R.])' },
        {
          flags: ['--report'],
          arg: 'FILE',
          text: 'also write a report of the capture: FILE.md or FILE.html, the last (or the --conversation) conversation drawn as a sequence diagram and, in HTML, its bytes over time (a time-sequence plot); the pcap linked by its path relative to FILE; captures up to 1 GiB (the outputs above stream files of any size)',
        },
        { flags: ['--force'], text: 'let --report overwrite FILE' },
      ],
      after: 'Exit codes: 0 read whole, 1 partial result (truncated or damaged file), 2 bad usage, not a\ncapture, or not a regular file.',
    },
  ],
  examples: [
    'sudo tcpdump -i any -w /tmp/x.pcap host db.internal and port 5432',
    '{{self}} analyze /tmp/x.pcap',
    '{{self}} analyze /tmp/x.pcap --conversation 1',
    '{{self}} analyze /tmp/x.pcap --report /tmp/x.html',
  ],
};

export default analyze;
