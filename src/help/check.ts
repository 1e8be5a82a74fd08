export default `tcpsleuth check: one real TCP connection, checked step by step, then a verdict.

Usage
  tcpsleuth check HOST:PORT [options]
  tcpsleuth check HOST -p PORT
  tcpsleuth check [v6addr]:PORT
  tcpsleuth check URL                  postgres://db (5432), https://site (443), ssh://h (22) ...
  tcpsleuth HOST:PORT                  short for check
  tcpsleuth check T1 T2 … | -f FILE    many targets at once (see below)

Steps
  dns      every A/AAAA address and the lookup time (IP literals skip it)
  ping     the system ping, 3 probes (ICMP blocked is not host down; never stops the check)
  connect  the handshake, each address in order; watches the kernel's view of the socket
  observe  a short listen after the handshake: banner, FIN (closed) or RST (reset)
  tls      on TLS ports or with --tls: protocol, cipher, certificate, trust

Verdicts (exit 0 for open, 1 for the others, 2 for bad usage)
  dns-error    the name did not resolve
  unreachable  an ICMP error or the routing table said no
  refused      the SYN got a RST (or ICMP port-unreachable)
  filtered     no answer to the SYN within the budget (a firewall dropped it)
  reset        the handshake completed, then RST
  closed       the handshake completed, then FIN before any exchange
  tls-error    TCP fine, TLS failed (alert, version, certificate)
  open         the handshake completed and nothing went wrong

Options
  -p, --port N      the port (for HOST -p N)
  --json            print one JSON report (target, verdict, steps, findings, lessons)
  --plain           plain lines even in a terminal (no interactive guide)
  --tls / --no-tls  force the TLS probe on or off
  --no-ping         skip the ping step
  -t, --timeout T   connect budget per address (ms, or 3s); default adaptive, ~1.3-3.5 s
  --capture         capture the handshake with tcpdump (root or cap_net_raw)
  --progress        print live progress (kernel socket state, SYN retransmits) on stderr

Both ends (one target)
  --server ssh://[user@]host[:port]   during the check, run tcpdump and the server checklist
                    (tcpsleuth server) on the server over the system ssh (BatchMode: a key or an
                    agent, never a password prompt; your ~/.ssh/config applies). Both captures are
                    joined by the SYN's sequence number: syn-not-at-server, syn-at-server-unanswered
                    (its firewall or a full accept queue), synack-lost, rst-not-from-server,
                    rst-from-server. The server needs tcpdump and root (or cap_net_raw) for the
                    capture; if ssh fails, those steps are "unavailable" with the fix.
                    Prints plain lines (or --json), not the interactive guide.
  --ssh-config FILE use this ssh config instead of ~/.ssh/config

Many targets
  check T1 T2 …, check -f FILE (one target per line, # comments, - for stdin): all at once, a
  live table in a terminal, one line per target in a pipe, one JSON report per line with --json
  (in the order they finish). Exit 0 only when every target is open.
  -f, --file FILE   read targets from FILE (- for stdin)
  --parallel N      at most N checks at once (default 16)

Examples
  tcpsleuth check db.internal:5432
  tcpsleuth check https://localhost:8443 --json | jq .verdict
  tcpsleuth check 127.0.0.1 -p 22 --timeout 5s
  tcpsleuth check db.internal:5432 --server ssh://admin@db.internal
  tcpsleuth check -f hosts.txt --json | jq -c '{t: .target.host, v: .verdict}'
`;
