import type { CommandHelp } from './definition.js';

const explain: CommandHelp = {
  name: 'explain',
  title: 'read a pasted error message and say what happened at the TCP level.',
  summary: 'read a pasted error message (curl, psql, Java, Go, ...)',
  usage: `  tcpsleuth explain "ERROR TEXT"     the message as an argument (quote it)
  some-command 2>&1 | tcpsleuth explain    or on stdin (also: tcpsleuth explain -)`,
  blocks: [
    {
      text: `It recognises curl, wget, telnet, nc, ssh, openssl s_client, psql/libpq, mysql, redis-cli,
MongoDB drivers, Java, Python, Node, Go, .NET/Windows, Rust, PHP, browsers, docker, kubectl,
git, npm and pip, and errno numbers from Linux, macOS/BSD, Windows (WSAE*, 100xx, 0x274D),
Solaris, AIX and HP-UX: a bare number like 10054 or 0x2746 classifies too.

Classes: refused, timeout, reset, unreachable, dns, tls, closed, other, unknown
(plus "also" when the message shows two, e.g. tls + reset). An error from above TCP (a failed
login, HTTP 401/403/5xx, an SQL error) is named as such: the connection worked, the
application said no.

Output: the class in words, what it means at the packet level, the likely causes ranked,
the lessons to read, and the command that checks it ({{self}} check HOST:PORT).
Long pastes are fine: the first and last 16 KB are read, plus the lines in between that mention
an error, refusal, timeout or reset (the output says when a paste was cut).

What it reads as the target: the remote host and port the message names (IPv6 too), the proxy
when the failure was the proxy's, the PEER column of a pasted socket table (ss, netstat on Linux,
macOS, Windows; a row in SYN_SENT reads as a timeout), and the client command pasted with the
error (mysql -h db -P 3307, ssh -p 2222 user@host, telnet host 8080). A listen/bind error
(EADDRINUSE, "bind() to 0.0.0.0:80 failed") names this machine's own address: it is shown as
such and never offered as a target to check.`,
    },
    {
      title: 'Options',
      options: [
        {
          flags: ['--json'],
          text: '{class, also, host, port, portSource, tool, explanation, causes, lessons, checkCommand, evidence, timeoutPhase?, localAddress?, socketState?, unixSocket?, truncated?}',
        },
        {
          flags: ['--check'],
          text: 'then run the real check on the host:port it names (tcpsleuth check, no ping) and say whether the failure is still there',
        },
        { flags: ['--color', '--no-color'], text: 'force colours on or off (default: on a TTY unless NO_COLOR is set)' },
      ],
      after: `Exit codes: 0 a class was recognised, 1 unknown, 2 bad usage (no text, unknown option);
with --check, the check's: 0 open, 1 any other verdict.`,
    },
  ],
  examples: [
    '{{self}} explain "curl: (7) Failed to connect to db.internal port 5432: Connection refused"',
    '{{self}} explain "read tcp 10.0.0.5:51234->10.0.0.9:5432: read: connection reset by peer"',
    '{{self}} explain 0x2746',
    '{{self}} explain "listen EADDRINUSE: address already in use :::3000"',
    'ss -tan | grep SYN-SENT | {{self}} explain',
  ],
};

export default explain;
