import { SELF, USAGE_NOTE } from './as-started.js';

export default `tcpsleuth server: the server-side checklist for one port (run it ON the server).

Usage
  tcpsleuth server PORT [--json] [--sample 500ms]
${USAGE_NOTE}
What it looks at, in the order an admin would:
  listen     is anything LISTENing on PORT, on which addresses (0.0.0.0 and :: serve every
             client, 127.0.0.1 only this host, one address only the clients that use it),
             and which process (all processes as root)
  queue      the accept queue now (waiting/backlog), and the kernel's ListenOverflows and
             ListenDrops read twice, --sample apart, to see them rising
  SYNs       half-open handshakes (SYN_RECV), tcp_syncookies and SyncookiesSent rising
  sockets    the port's connections by state: many CLOSE_WAIT = the application never
             closes (named with its process); many TIME_WAIT against the ephemeral range
  firewall   INPUT rules (iptables, ip6tables, nft) that match the port, with their packet
             counters and whether they count now (as root)

Findings (stable ids, exit 1 when one is a problem)
  not-listening  listening-localhost-only  listening-other-address (a note)
  accept-queue-full  syn-flood-suspected  syncookies-active  close-wait-leak
  local-firewall-drops  time-wait-many

Options
  --json           one JSON object: { port, host, ok, findings, lessons, facts }
  --sample D       time between the two readings of the counters (default 500ms, 0 to 10s)

From the client side, ${SELF} check HOST:PORT --server ssh://user@HOST reads the same
facts over ssh during the check, and captures on the server too.
Exit 0 when nothing is wrong, 1 when something is, 2 for bad usage.
`;
