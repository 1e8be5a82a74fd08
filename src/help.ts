/** The top-level help. Each command's own help lives in src/help/<command>.ts (plain strings). */
import check from './help/check.js';
import sockets from './help/sockets.js';
import scan from './help/scan.js';
import analyze from './help/analyze.js';
import learn from './help/learn.js';
import ask from './help/ask.js';
import lab from './help/lab.js';
import explain from './help/explain.js';
import diagrams from './help/diagrams.js';
import drill from './help/drill.js';
import chat from './help/chat.js';
import server from './help/server.js';
import { watchHelp } from './help/watch.js';

declare const __VERSION__: string | undefined;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

export const COMMAND_HELP: Record<string, string> = {
  check,
  sockets,
  scan,
  analyze,
  learn,
  ask,
  lab,
  explain,
  diagrams,
  drill,
  chat,
  server,
  // Built when asked for: it reads this machine's SYN schedule.
  get watch() {
    return watchHelp();
  },
};

export const HELP = `tcpsleuth: find out why a TCP connection fails, and learn why.

Usage
  tcpsleuth                        the chat: type a target, paste an error, ask ("scan it", "why?")
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
  tcpsleuth drill [--level 1|2|3]  practise: a hidden fault, a ticket, your answer graded

Targets
  host:port  [2001:db8::1]:443  host -p 5432  https://example.com  postgres://db/app

Common options
  --json        one JSON object on stdout, for scripts (exit 0 open, 1 other verdict, 2 usage)
  --help, -h    help for a command, e.g. tcpsleuth check --help
  --version     print the version

Verdicts: dns-error, unreachable, refused, filtered, reset, closed, tls-error, open.
`;
