import type { CommandHelp } from './definition.js';

const analyze: CommandHelp = {
  name: 'analyze',
  title: 'read a capture (pcap or pcapng) and name what went wrong.',
  summary: 'read a capture: handshakes, resets, ECN, MAC vendors',
  usage: `  tcpsleuth analyze FILE                   one line per TCP conversation, then MAC vendors
  tcpsleuth analyze FILE --conversation N  a sequence diagram of conversation N
  tcpsleuth analyze FILE --json            one JSON object for scripts`,
  blocks: [
    {
      title: 'What it reads',
      text: `  pcap (both byte orders, µs or ns) and pcapng (several interfaces); Ethernet, Linux cooked
  (SLL, SLL2: tcpdump -i any), raw IP, BSD loopback; IPv4, IPv6, TCP, ICMP, ICMPv6.`,
    },
    {
      title: 'Per conversation',
      text: `  outcome         open, refused, filtered, reset, closed or unreachable (the verdict words)
  synRetransmits  each retried SYN and when (1 s, 2 s, 3 s... or 1 s, 3 s, 7 s...: the
                  kernel's backoff, the fingerprint of a drop)
  ecn             negotiated, not-negotiated, blackhole (the ECN SYN lost, the plain retry
                  answered), not-requested, unanswered; CE marks, ECE and CWR counted
  rst             who sent it, when, after how much data, its TTL against the SYN-ACK's
  icmp            the ICMP error quoting our SYN, and who sent it: the target or a router`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['--json'], text: '{ packets, truncated, conversations: [...], macs: [...] }' },
        { flags: ['-c', '--conversation'], arg: 'N', text: 'draw conversation N (arrows in tcpdump notation: [S] [S.] [SEW] [R.])' },
        {
          flags: ['--report'],
          arg: 'FILE',
          text: 'also write a report of the capture: FILE.md or FILE.html, the last (or the --conversation) conversation drawn as a sequence diagram, the pcap linked by its path relative to FILE',
        },
        { flags: ['--force'], text: 'let --report overwrite FILE' },
      ],
      after: 'Exit codes: 0 read whole, 1 partial result (truncated or damaged file), 2 bad usage or not a\ncapture.',
    },
  ],
  examples: [
    'sudo tcpdump -i any -w /tmp/x.pcap host db.internal and port 5432',
    '{{self}} analyze /tmp/x.pcap --conversation 1',
    '{{self}} analyze /tmp/x.pcap --report /tmp/x.md',
  ],
};

export default analyze;
