import type { CommandHelp } from './definition.js';

const sockets: CommandHelp = {
  name: 'sockets',
  title: "this host's TCP sockets, like ss -tan or netstat -an.",
  summary: "the kernel's socket table (is anything LISTENing, where?)",
  usage: '  tcpsleuth sockets [PORT] [options]',
  blocks: [
    {
      text: `Run it on the server to see whether the service listens, and on which address:
0.0.0.0 or :: serves everyone, 127.0.0.1 or ::1 only this host (others get "refused").`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['-p', '--port'], arg: 'N', text: 'only sockets with this local or remote port' },
        {
          flags: ['-s', '--state'],
          arg: 'S',
          text: 'only these states (repeat or comma-separate): LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED, TIME_WAIT, CLOSE_WAIT, FIN_WAIT1, FIN_WAIT2 ...',
        },
        { flags: ['-l', '--listening'], text: 'only LISTEN sockets' },
        { flags: ['--processes', '--no-processes'], text: 'look up which process owns each socket (the default), or do not' },
        { flags: ['--json'], text: 'print the rows as JSON' },
      ],
    },
    {
      title: 'Columns',
      text: `  QUEUE  for LISTEN: connections waiting for accept() / the backlog (full = SYNs dropped)
  RETR   retransmissions so far (a SYN_SENT with RETR > 0 is waiting on a silent peer)`,
    },
    {
      text: `Linux reads /proc/net/tcp and /proc/net/tcp6 (this network namespace); macOS and Windows
run netstat.`,
    },
  ],
  examples: ['{{self}} sockets 5432', '{{self}} sockets --listening', '{{self}} sockets --state SYN_SENT --json'],
};

export default sockets;
