import type { CommandHelp } from './definition.js';

const lab: CommandHelp = {
  name: 'lab',
  title: 'reproduce classic TCP faults on this machine, and check them.',
  summary: 'reproduce classic TCP faults on this machine',
  usage: `  tcpsleuth lab [list] [--json]     the scenarios: id, what it imitates, the verdict a check
                                    must reach
  tcpsleuth lab run ID [--json] [--capture]
                                    build the scenario, run tcpsleuth check against it, tear it
                                    down; prints { id, expected, verdict, findings }; exit 0 when
                                    the verdict is the expected one, 1 otherwise
  tcpsleuth lab run --all [--json]  every scenario in turn: the fault matrix as a table
  tcpsleuth lab up ID [--json]      build it and print the exact command to try; keeps it up
                                    until Ctrl-C, SIGTERM or "tcpsleuth lab down ID" (also when
                                    not in a terminal: it runs until signalled; --json prints one
                                    line first)
  tcpsleuth lab down ID             take one scenario down (from another terminal)
  tcpsleuth lab down --all          stop every lab up process and remove every tsl-* namespace`,
  blocks: [
    {
      title: 'Scenarios',
      text: `  For any user, on loopback: open, refused, reset-after-connect, closed-after-connect,
  accept-queue-full, tls-delayed-reset, localhost-only.
  As root, in network namespaces (client ── router ── server, 198.18.0.0/15, names tsl-lab-ID-*):
  drop, reject-rst, reject-icmp, admin-prohibited, syn-ack-drop, dpi-reset, ecn-blackhole,
  ecn-strip, local-egress-drop, no-route, router-no-route, name-one-dead, ipv6-refused.
  Faults one check passes, shown over time (lab run runs tcpsleuth watch or check --hold after the
  check): syn-loss, dead-address, idle-firewall, idle-reset.`,
    },
    {
      title: 'Options',
      options: [
        {
          flags: ['-6', '--ipv6'],
          text: 'with up/run: build the namespace fault for IPv6 (fd00:19::2, ip6tables); every namespace scenario but ecn-strip has an IPv6 form (ipv6-refused turns around: IPv6 open, IPv4 refused); with run --all: only the IPv6 runs',
        },
        { flags: ['--capture'], text: 'with run: the check captures packets (root) for findings that need them (icmp-from-router, ECN)' },
        {
          flags: ['--all'],
          text: 'with run: every scenario in turn (as root the namespace scenarios run again over IPv6; not root: they are skipped); with down: every scenario that is up',
        },
        { flags: ['--json'], text: 'one JSON object (up: one line, then it keeps running)' },
      ],
    },
    {
      text: `Nothing outside the lab's own namespaces and loopback is touched or contacted. A scenario that is
already up says so. Whatever ends the command (success, failure, Ctrl-C, SIGTERM, a crashed check),
the namespaces, rules and processes it made are removed.

Exit codes: 0 ok, 1 verdict differs (or the scenario is already up), 2 bad usage or needs root.`,
    },
  ],
  examples: [
    '{{self}} lab run refused --json',
    'sudo {{self}} lab up syn-ack-drop',
    'sudo ip netns exec tsl-lab-syn-ack-drop-c {{self}} check 198.19.0.2:8080',
  ],
};

export default lab;
