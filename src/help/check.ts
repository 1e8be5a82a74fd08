import type { CommandHelp } from './definition.js';

const check: CommandHelp = {
  name: 'check',
  title: 'one real TCP connection, checked step by step, then a verdict.',
  summary: 'DNS, connect, ping, TLS, then a verdict with the evidence',
  usage: `  tcpsleuth check HOST:PORT [options]
  tcpsleuth check HOST -p PORT
  tcpsleuth check [v6addr]:PORT
  tcpsleuth check URL                  postgres://db (5432), https://site (443), ssh://h (22) ...
  tcpsleuth HOST:PORT                  short for check
  tcpsleuth check T1 T2 … | -f FILE    many targets at once (see below)`,
  blocks: [
    {
      title: 'Steps',
      text: `  dns      every A/AAAA address and the lookup time (IP literals skip it)
  connect  the handshake to every address at once (the verdict is what a client that falls
           back gets; --json target.results has each one); watches the kernel's view of the socket
  ping     the system ping, 3 probes, after connect: routers rate-limit ICMP errors, so the SYN
           goes first (ICMP blocked is not host down; never stops the check)
  observe  a short listen after the handshake: banner, FIN (closed) or RST (reset)
  tls      on TLS ports or with --tls: protocol, cipher, certificate, trust`,
    },
    {
      title: 'Verdicts (exit 0 for open, 1 for the others, 2 for bad usage)',
      text: `  dns-error    the name did not resolve
  unreachable  an ICMP error or the routing table said no
  refused      the SYN got a RST (or ICMP port-unreachable)
  filtered     no answer to the SYN within the budget (a firewall dropped it)
  reset        the handshake completed, then RST
  closed       the handshake completed, then FIN before any exchange
  tls-error    TCP fine, TLS failed (alert, version, certificate, not TLS) or stalled
  open         the handshake completed and nothing went wrong`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['-p', '--port'], arg: 'N', text: 'the port (for HOST -p N)' },
        { flags: ['--json'], text: 'print one JSON report (target with per-address results, verdict, steps, findings, lessons, story)' },
        { flags: ['--plain'], text: 'plain lines even in a terminal (no interactive guide)' },
        { flags: ['--tls', '--no-tls'], text: 'force the TLS probe on or off' },
        { flags: ['--no-ping'], text: 'skip the ping step' },
        { flags: ['-t', '--timeout'], arg: 'T', text: 'connect budget per address (ms, or 3s); default adaptive, ~1.3-3.5 s' },
        { flags: ['--capture'], text: 'capture the handshake with tcpdump (root or cap_net_raw)' },
        { flags: ['--progress'], text: 'print live progress (kernel socket state, SYN retransmits) on stderr' },
        {
          flags: ['--report'],
          arg: 'FILE',
          text: 'also write a report to forward: FILE.md (ticket-ready, Mermaid diagram) or FILE.html (one self-contained page, diagrams drawn with mermaid-cli and Chromium when present); with --capture the packets go beside it as FILE.pcap',
        },
        { flags: ['--force'], text: 'let --report overwrite FILE (and FILE.pcap)' },
        {
          flags: ['--hold'],
          arg: 'DURATION',
          text: 'after the check, hold connections idle for up to DURATION (30s, 10m, 2h) and find when the path forgets them: an RST, silence, or alive (findings idle-timeout with idleTimeoutMs, dead-peer-detection-slow; exit 1 when they died; with --report the report tells the hold too; see tcpsleuth watch --help for connections that fail only sometimes)',
        },
      ],
    },
    {
      title: 'Reports',
      text: `  The first line is a summary to paste into a chat; then where the check ran from (hostname,
  local address and interface, time with zone), each address and step with the command to try it
  yourself, the findings, the handshake as a sequence diagram (the real packets with --capture),
  the kernel's view of the socket, whom to ask and what, and the lessons. Nothing else about this
  machine goes in.`,
    },
    {
      title: 'Both ends (one target)',
      options: [
        {
          flags: ['--server'],
          arg: 'ssh://[user@]host[:port]',
          text: 'during the check, run tcpdump and the server checklist (tcpsleuth server) on the server over the system ssh (BatchMode: a key or an agent, never a password prompt; your ~/.ssh/config applies). Both captures are joined by the SYN\'s sequence number: syn-not-at-server, syn-at-server-unanswered (its firewall or a full accept queue), synack-lost, rst-not-from-server, rst-from-server. The server needs tcpdump and root (or cap_net_raw) for the capture; if ssh fails, those steps are "unavailable" with the fix. As root this side captures too (as with --capture; the capture step names the pcap file). Prints plain lines (or --json), not the interactive guide.',
        },
        { flags: ['--ssh-config'], arg: 'FILE', text: 'use this ssh config instead of ~/.ssh/config' },
      ],
    },
    {
      title: 'Many targets',
      text: `  check T1 T2 …, check -f FILE (one target per line, # comments, - for stdin): all at once, a
  live table in a terminal, one line per target in a pipe, one JSON report per line with --json
  (in the order they finish). Exit 0 only when every target is open.`,
      options: [
        { flags: ['-f', '--file'], arg: 'FILE', text: 'read targets from FILE (- for stdin)' },
        { flags: ['--parallel'], arg: 'N', text: 'at most N checks (or vantage points) at once (default 16)' },
        { flags: ['--ca'], arg: 'FILE', text: 'also trust the CA certificates in FILE (PEM) for the TLS step, e.g. an internal CA; turns the TLS step on' },
        {
          flags: ['--servername'],
          arg: 'NAME',
          text: "the TLS SNI and the name the certificate must cover (default: the target's host); for checking by IP behind a load balancer",
        },
      ],
    },
    {
      title: 'From elsewhere (vantage points)',
      text: `  The same check from other machines, over the system ssh: nothing to install there, a POSIX
  sh is enough. The probe uses the best it finds: bash's /dev/tcp (with timeout), nc, curl or
  python3 to connect; getent (python3) for DNS; ping; ip route get for the source address; ss
  when the target is that machine itself; openssl s_client for TLS (that machine's trust store).
  What it could not run is a step marked n/a with what to install there. The same verdicts and
  findings as here, where the evidence allows (nc cannot watch for a banner, FIN or RST).`,
      options: [
        {
          flags: ['--from'],
          arg: 'ssh://[user@]host[:port]',
          text: 'check from there (repeatable; user@host or a Host alias of ~/.ssh/config work too). BatchMode: a key or an agent, never a prompt.',
        },
        { flags: ['--from'], arg: 'local', text: 'this machine too (the full local check)' },
        {
          flags: ['--from'],
          arg: '@FILE',
          text: 'one ssh destination per line (# comments), or an Ansible inventory (INI or YAML: ansible_host, ansible_port, ansible_user, ranges like web[01:20]); @FILE:GROUP for one group (its children included)',
        },
      ],
      after: `  --parallel N and --ssh-config FILE apply here too.
  Two or more: one table (from, addresses, verdict, time, main finding), live in a terminal,
  then the difference: differs-by-vantage (who fails, how), dns-differs (split-horizon DNS or
  other hosts files), source-address-matters (the same address answers one source, not
  another: a firewall or security group by source; the failing ones' shared subnet is named).
  A vantage point ssh cannot reach is a row with the reason and the fix, not the end of the run.
  Several checks to one host share one ssh connection (ControlMaster, in a private folder).
  --json: one line per vantage point as it finishes (the check --json report plus "from" and
  "vantage": kind, source address, the tool used, what is missing; "verdict" is null with
  "error" when there is no verdict from there), then one line {"summary": true, "verdicts",
  "findings", "details", "lessons"}. Exit 0 only when every vantage point says open.
  --report FILE.md|FILE.html: one report with every vantage point side by side (the same rows
  as the table, the difference first, then each one's steps and the command to repeat them).`,
    },
    {
      title: 'TLS findings',
      text: `  tls-not-tls                the port answered the ClientHello in plain text (HTTP 400, SSH, SMTP)
  tls-untrusted, tls-expired the chain is not trusted (self-signed, unknown CA) or has expired
  tls-name-mismatch          the certificate does not cover the name (checked even when untrusted)
  tls-client-cert-required   mutual TLS: the server wants a client certificate
  tls-protocol-mismatch      no common version or cipher (a TLS 1.0-only server)
  pmtu-blackhole             the handshake stalled, and a retry asking for smaller segments
                             (MSS 1200, then 536, through socat) completed: a path MTU blackhole`,
    },
  ],
  examples: [
    '{{self}} check db.internal:5432',
    '{{self}} check https://localhost:8443 --json | jq .verdict',
    '{{self}} check 127.0.0.1 -p 22 --timeout 5s',
    '{{self}} check db.internal:5432 --server ssh://admin@db.internal',
    "{{self}} check -f hosts.txt --json | jq -c '{host: .target.host, port: .target.port, verdict}'",
    'sudo {{self}} check db.internal:5432 --capture --report db.html   (db.html + db.pcap)',
    '{{self}} check 10.0.0.5:443 --servername api.internal --ca internal-ca.pem',
    '{{self}} check db.internal:5432 --hold 30m',
    '{{self}} check db.internal:5432 --from ssh://app-1 --from ssh://jump --from local',
    "{{self}} check db:5432 --from @inventory.ini:webservers --json | jq -c 'select(.summary)'",
  ],
};

export default check;
