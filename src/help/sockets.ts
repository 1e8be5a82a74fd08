import { SELF, USAGE_NOTE } from './as-started.js';

export default `tcpsleuth sockets: this host's TCP sockets, like ss -tan or netstat -an.

Usage
  tcpsleuth sockets [PORT] [options]
${USAGE_NOTE}
Run it on the server to see whether the service listens, and on which address:
0.0.0.0 or :: serves everyone, 127.0.0.1 or ::1 only this host (others get "refused").

Options
  -p, --port N       only sockets with this local or remote port
  -s, --state S      only these states (repeat or comma-separate): LISTEN, SYN_SENT,
                     SYN_RECV, ESTABLISHED, TIME_WAIT, CLOSE_WAIT, FIN_WAIT1, FIN_WAIT2 ...
  -l, --listening    only LISTEN sockets
  --no-processes     do not look up which process owns each socket
  --json             print the rows as JSON

Columns
  QUEUE  for LISTEN: connections waiting for accept() / the backlog (full = SYNs dropped)
  RETR   retransmissions so far (a SYN_SENT with RETR > 0 is waiting on a silent peer)

Linux reads /proc/net/tcp and /proc/net/tcp6 (this network namespace); macOS and Windows
run netstat.
`;
