import type { CommandHelp } from './definition.js';

/** `tcpsleuth --help`: every command in a line, the target forms, the common options. */
const top: CommandHelp = {
  name: '',
  title: 'find out why a TCP connection fails, and learn why.',
  summary: 'find out why a TCP connection fails, and learn why',
  usage: `  tcpsleuth                        the chat: type a target, paste an error, ask ("scan it", "why?")
  tcpsleuth chat [--json]          the same; in a pipe one reply per line (for scripts and bots)
  tcpsleuth check HOST:PORT        DNS, connect, ping, TLS, then a verdict with the evidence
                                   (--report FILE.md|.html, --server ssh://HOST, -f FILE for many,
                                   --hold 30m: does an idle connection survive, and how long?)
  tcpsleuth watch HOST:PORT        connect again and again: what fails only sometimes (--json)
  tcpsleuth explain "ERROR TEXT"   read a pasted error message (curl, psql, Java, Go, ...)
  tcpsleuth scan HOST [-p SPEC]    nmap-style port states with reasons
  tcpsleuth sockets [--port N]     the kernel's socket table (is anything LISTENing, where?)
  tcpsleuth server PORT            the server-side checklist: listen, accept queue, leaks, firewall
  tcpsleuth analyze FILE.pcap      read a capture: handshakes, resets, ECN, MAC vendors
  tcpsleuth learn [ID]             lessons with live experiments and quizzes
  tcpsleuth ask "QUESTION"         answer a TCP question from the lessons
  tcpsleuth lab [up|down|run] ID   reproduce classic TCP faults on this machine
  tcpsleuth diagrams [--render]    the troubleshooting tree and lesson diagrams (Mermaid, SVG)
  tcpsleuth drill [--level 1|2|3]  practise: a hidden fault, a ticket, your answer graded`,
  blocks: [
    {
      title: 'Targets',
      text: '  host:port  [2001:db8::1]:443  host -p 5432  https://example.com  postgres://db/app',
    },
    {
      title: 'Common options',
      options: [
        { flags: ['--json'], text: 'one JSON object on stdout, for scripts (exit 0 open, 1 other verdict, 2 usage)' },
        { flags: ['-h', '--help'], text: 'help for a command, e.g. tcpsleuth check --help' },
        { flags: ['-V', '--version'], text: 'print the version' },
      ],
    },
    {
      title: 'Environment',
      text: `  TCPSLEUTH_CHAT_AUTO_CHECK=0  the chat offers every check, scan and capture instead of running it
  TCPSLEUTH_REPORT_DIR=DIR     where the chat's /report NAME writes (default: the working folder)
  TCPSLEUTH_STATE_DIR=DIR      where progress and running drills are kept (~/.local/state/tcpsleuth)
  TCPSLEUTH_SELF=WORDS         how printed commands name tcpsleuth (default: the way you started it)
  NO_COLOR=1                   no colours`,
    },
    { text: 'Verdicts: dns-error, unreachable, refused, filtered, reset, closed, tls-error, open.' },
  ],
};

export default top;
