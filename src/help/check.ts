export default `tcpsleuth check: one real TCP connection, checked step by step, then a verdict.

Usage
  tcpsleuth check HOST:PORT [options]
  tcpsleuth check HOST -p PORT
  tcpsleuth check [v6addr]:PORT
  tcpsleuth check URL                  postgres://db (5432), https://site (443), ssh://h (22) ...
  tcpsleuth HOST:PORT                  short for check

Steps
  dns      every A/AAAA address and the lookup time (IP literals skip it)
  connect  the handshake to every address at once (the verdict is what a client that falls
           back gets; --json target.results has each one); watches the kernel's view of the socket
  ping     the system ping, 3 probes, after connect: routers rate-limit ICMP errors, so the SYN
           goes first (ICMP blocked is not host down; never stops the check)
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
  --json            print one JSON report (target with per-address results, verdict, steps,
                    findings, lessons)
  --plain           plain lines even in a terminal (no interactive guide)
  --tls / --no-tls  force the TLS probe on or off
  --no-ping         skip the ping step
  -t, --timeout T   connect budget per address (ms, or 3s); default adaptive, ~1.3-3.5 s
  --capture         capture the handshake with tcpdump (root or cap_net_raw)
  --progress        print live progress (kernel socket state, SYN retransmits) on stderr

Examples
  tcpsleuth check db.internal:5432
  tcpsleuth check https://localhost:8443 --json | jq .verdict
  tcpsleuth check 127.0.0.1 -p 22 --timeout 5s
`;
