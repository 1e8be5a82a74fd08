import type { CommandHelp } from './definition.js';

const scan: CommandHelp = {
  name: 'scan',
  title: 'nmap-style TCP port states, each with the reason and how long connect() took',
  summary: 'nmap-style port states with reasons',
  usage: `  tcpsleuth scan HOST [-p SPEC] [--top N] [--rate N] [--timeout MS] [--max-parallel N]
                 [--json | --plain] [--yes]
  tcpsleuth scan HOST:PORT          the top 100 ports plus PORT (marked in the table)`,
  blocks: [
    {
      title: 'Port specs (as nmap writes them)',
      text: `  -p 22,80,443      a list            -p 1-1024     a range
  -p -              all 65535 ports   -p -1024      1-1024;  -p 60000-  60000-65535
  --top N           the N ports most often found open (nmap-services when installed,
                    else a built-in top 100, then ascending). Default: --top 100.`,
    },
    {
      title: 'States and reasons (a connect() scan: no raw packets, no root needed)',
      text: `  open      syn-ack           the handshake completed
  closed    conn-refused      RST, or ICMP port-unreachable (the socket cannot tell them apart)
  filtered  no-response       no answer to the SYN, its retransmission, nor a re-probe
            host-unreach      ICMP host-unreachable (or a prohibited code)
            admin-prohibited  IPv6: ICMPv6 admin-prohibited (EACCES says so); IPv4: host-unreach
                              for one port while the host answers others, so a filter
            net-unreach       no route, or ICMP net-unreachable
            local-firewall    EPERM: this machine's own firewall refused to send the SYN (Linux
                              TCP mostly retries instead, so a local DROP shows no-response)`,
    },
    {
      title: 'Timing',
      text: `  A first probe is called silent after a few RTTs of the first answers (at least 200 ms; 200 ms
  before anything answered). A silent port is re-probed at once (a fresh SYN, for a lost one)
  while its first probe keeps waiting past the kernel's own SYN retransmission (1 s): so an ECN
  blackhole or a lost SYN still shows open, and a dropped port costs about 1.2 s, not the
  kernel's full SYN give-up. Sockets at once: bounded by ulimit -n (at most 4096).`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['-p', '--ports'], arg: 'SPEC', text: 'the ports to scan (see Port specs)' },
        { flags: ['--top'], arg: 'N', text: 'the N ports most often found open (default 100), added to -p when both are given' },
        { flags: ['--max-parallel'], arg: 'N', text: 'at most N sockets at once' },
        { flags: ['--rate'], arg: 'N', text: 'at most N new probes per second' },
        {
          flags: ['-t', '--timeout'],
          arg: 'MS',
          text: 'fixed budget per probe (e.g. 800, 2s); turns the adaptive timing off. Below 1s, a port that answers only a retransmitted SYN shows filtered.',
        },
        { flags: ['--json'], text: '{ host, address, ports: [{ port, state, reason, rttMs }], durationMs }' },
        { flags: ['--plain'], text: 'plain lines even in a terminal (no live table)' },
        {
          flags: ['-y', '--yes'],
          text: 'skip the reminder that scanning more than 1000 ports of a host that is not this machine needs permission',
        },
      ],
    },
    {
      title: 'Output',
      text: `  a live table with a progress bar and ETA in a terminal; plain lines otherwise (--plain).
  Exit 0 when the scan ran, 1 when HOST does not resolve, 2 for a bad spec or option.`,
    },
  ],
  examples: ['{{self}} scan localhost', '{{self}} scan db.internal:5432 -p 5430-5440', '{{self}} scan 10.0.0.7 -p - --rate 2000 --yes --json'],
};

export default scan;
