import type { CommandHelp } from './definition.js';

const server: CommandHelp = {
  name: 'server',
  title: 'the server-side checklist for one port (run it ON the server).',
  summary: 'the server-side checklist: listen, accept queue, leaks, firewall',
  usage: '  tcpsleuth server PORT [--json] [--sample 500ms]',
  blocks: [
    {
      title: 'What it looks at, in the order an admin would:',
      text: `  listen     is anything LISTENing on PORT, on which addresses (0.0.0.0 and :: serve every
             client, 127.0.0.1 only this host, one address only the clients that use it),
             and which process (all processes as root)
  queue      the accept queue now (waiting/backlog), and the kernel's ListenOverflows and
             ListenDrops read twice, --sample apart, to see them rising
  SYNs       half-open handshakes (SYN_RECV), tcp_syncookies and SyncookiesSent rising
  sockets    the port's connections by state: many CLOSE_WAIT = the application never
             closes (named with its process); many TIME_WAIT against the ephemeral range
  firewall   INPUT rules (iptables, ip6tables, nft) that match the port, with their packet
             counters and whether they count now (as root)`,
    },
    {
      title: 'Findings (stable ids, exit 1 when one is a problem)',
      text: `  not-listening  listening-localhost-only  listening-other-address (a note)
  accept-queue-full  syn-flood-suspected  syncookies-active  close-wait-leak
  local-firewall-drops  time-wait-many`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['-p', '--port'], arg: 'N', text: 'the port (instead of PORT)' },
        { flags: ['--json'], text: 'one JSON object: { port, host, ok, findings, lessons, facts }' },
        { flags: ['--sample'], arg: 'D', text: 'time between the two readings of the counters (default 500ms, 0 to 10s)' },
      ],
    },
    {
      text: `From the client side, {{self}} check HOST:PORT --server ssh://user@HOST reads the same
facts over ssh during the check, and captures on the server too.
Exit 0 when nothing is wrong, 1 when something is, 2 for bad usage.`,
    },
  ],
  examples: ['{{self}} server 5432', 'sudo {{self}} server 5432 --json'],
};

export default server;
