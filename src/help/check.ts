import { FROM_HELP } from '../vantage/help.js';
import { SELF, USAGE_NOTE } from './as-started.js';

export default `tcpsleuth check: one real TCP connection, checked step by step, then a verdict.

Usage
  tcpsleuth check HOST:PORT [options]
  tcpsleuth check HOST -p PORT
  tcpsleuth check [v6addr]:PORT
  tcpsleuth check URL                  postgres://db (5432), https://site (443), ssh://h (22) ...
  tcpsleuth HOST:PORT                  short for check
  tcpsleuth check T1 T2 … | -f FILE    many targets at once (see below)
${USAGE_NOTE}
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
  tls-error    TCP fine, TLS failed (alert, version, certificate, not TLS) or stalled
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
  --report FILE     also write a report to forward: FILE.md (ticket-ready, Mermaid diagram) or
                    FILE.html (one self-contained page, diagrams drawn with mermaid-cli and
                    Chromium when present); with --capture the packets go beside it as FILE.pcap
  --force           let --report overwrite FILE (and FILE.pcap)
  --hold DURATION   after the check, hold connections idle for up to DURATION (30s, 10m, 2h)
                    and find when the path forgets them: an RST, silence, or alive (findings
                    idle-timeout with idleTimeoutMs, dead-peer-detection-slow; exit 1 when they
                    died; see tcpsleuth watch --help for connections that fail only sometimes)

Reports
  The first line is a summary to paste into a chat; then where the check ran from (hostname,
  local address and interface, time with zone), each address and step with the command to try it
  yourself, the findings, the handshake as a sequence diagram (the real packets with --capture),
  the kernel's view of the socket, whom to ask and what, and the lessons. Nothing else about this
  machine goes in.

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
  --ca FILE         also trust the CA certificates in FILE (PEM) for the TLS step, e.g. an
                    internal CA; turns the TLS step on
  --servername NAME the TLS SNI and the name the certificate must cover (default: the
                    target's host); for checking by IP behind a load balancer

${FROM_HELP}
TLS findings
  tls-not-tls                the port answered the ClientHello in plain text (HTTP 400, SSH, SMTP)
  tls-untrusted, tls-expired the chain is not trusted (self-signed, unknown CA) or has expired
  tls-name-mismatch          the certificate does not cover the name (checked even when untrusted)
  tls-client-cert-required   mutual TLS: the server wants a client certificate
  tls-protocol-mismatch      no common version or cipher (a TLS 1.0-only server)
  pmtu-blackhole             the handshake stalled, and a retry asking for smaller segments
                             (MSS 1200, then 536, through socat) completed: a path MTU blackhole

Examples
  ${SELF} check db.internal:5432
  ${SELF} check https://localhost:8443 --json | jq .verdict
  ${SELF} check 127.0.0.1 -p 22 --timeout 5s
  ${SELF} check db.internal:5432 --server ssh://admin@db.internal
  ${SELF} check -f hosts.txt --json | jq -c '{t: .target.host, v: .verdict}'
  sudo ${SELF} check db.internal:5432 --capture --report db.html   (db.html + db.pcap)
  ${SELF} check 10.0.0.5:443 --servername api.internal --ca internal-ca.pem
  ${SELF} check db.internal:5432 --from ssh://app-1 --from ssh://jump --from local
  ${SELF} check db:5432 --from @inventory.ini:webservers --json | jq -c 'select(.summary)'
`;
