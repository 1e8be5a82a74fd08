/**
 * The probe a vantage point runs: one constant POSIX sh script, sent as `sh -c SCRIPT tsl ARGS…`
 * over ssh (or run here in tests). The target never becomes part of the script: it arrives as
 * positional arguments quoted by shellQuote, and the script checks them again before use.
 *
 * It uses the best tool it finds, in order: bash's /dev/tcp bounded by timeout(1), nc, curl,
 * python3; getent for DNS (python3 to tell why a name failed), ping, `ip route get` for the
 * source address, ss for listeners when the target is the vantage point itself, openssl s_client
 * for TLS. It prints records, never verdicts: `@tsl KIND ARGS` lines, each followed by the raw
 * output of what it ran as `@tsl| TEXT` lines (foreign text: it is parsed, never trusted).
 * Everything it runs is bounded (timeout(1), or a sleep watchdog where there is none).
 */
import type { Target } from '../evidence.js';

/**
 * The script. `$1` host, `$2` port, `$3` connect budget (ms), `$4` TLS (1|0), `$5` servername,
 * `$6` ping (1|0), `$7` IP literal (1|0), `$8` stop when stdin ends (1 over ssh only: it signals
 * its whole process group, which sshd makes a session of its own).
 */
export const PROBE_SCRIPT = String.raw`host=$1; port=$2; budget=$3; tls=$4; sni=$5; doping=$6; isip=$7; watch=$8
M=@tsl
say() { printf '%s %s\n' "$M" "$*"; }
raw() { while IFS= read -r l || [ -n "$l" ]; do printf '%s| %s\n' "$M" "$l"; done; }
fatal() { say fatal "$1"; exit 2; }
# openssl's output without the certificate's base64 and the session ticket's hex dump.
rawtls() {
  pem=0
  while IFS= read -r l || [ -n "$l" ]; do
    case $l in -----BEGIN*) pem=1; continue;; -----END*) pem=0; continue;; "    "[0-9a-f][0-9a-f][0-9a-f][0-9a-f]" - "*) continue;; esac
    [ $pem = 1 ] || printf '%s| %s\n' "$M" "$l"
  done
}
case $host in ''|-*|*[!A-Za-z0-9._:%-]*) fatal bad-host;; esac
case $port in ''|*[!0-9]*) fatal bad-port;; esac
case $budget in ''|*[!0-9]*) fatal bad-budget;; esac
case $sni in -*|*[!A-Za-z0-9._-]*) fatal bad-servername;; esac
have() { command -v "$1" >/dev/null 2>&1; }
now_ms() {
  t=$(date +%s%N 2>/dev/null)
  case $t in ''|*[!0-9]*) ;; *) echo $((t / 1000000)); return;; esac
  if [ -r /proc/uptime ]; then IFS=' .' read -r s c _ </proc/uptime; echo $((s * 1000 + 1$c * 10 - 1000)); return; fi
  if t=$(date +%s 2>/dev/null); then echo $((t * 1000)); else echo 0; fi
}
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
# GNU timeout puts itself in a process group of its own unless --foreground: then the stdin
# watcher's signal to our group would miss it (busybox's has no such option and needs none).
to() { timeout "$@"; }
if have timeout && timeout --foreground 1 true 2>/dev/null; then to() { timeout --foreground "$@"; }; fi
# A command bounded to $1 seconds: timeout(1) when there is one, else a watchdog.
bounded() {
  lim=$1; shift
  if have timeout; then to "$lim" "$@"; return; fi
  have sleep || { "$@"; return; }
  "$@" & p=$!
  ( sleep "$lim" && kill "$p" 2>/dev/null ) >/dev/null 2>&1 & w=$!
  wait "$p"; r=$?
  kill "$w" 2>/dev/null
  return $r
}
say probe 1
say host "$(uname -n 2>/dev/null)"
for t in bash timeout nc curl python3 getent ping ip ss openssl; do
  if p=$(command -v "$t" 2>/dev/null); then say tool "$t" "$p"; else say missing "$t"; fi
done
for k in tcp_syn_retries tcp_syn_linear_timeouts; do
  if [ -r /proc/sys/net/ipv4/$k ]; then read -r v </proc/sys/net/ipv4/$k && say sysctl "$k" "$v"; fi
done
# A private folder for the parallel connects, only where it can be removed again.
d=
if have rm; then
  if have mktemp; then d=$(mktemp -d 2>/dev/null) || d=
  elif have mkdir; then d=/tmp/tsl-probe.$$; mkdir -m 700 "$d" 2>/dev/null || d=
  fi
fi
trap '[ -n "$d" ] && rm -rf "$d"' EXIT
trap 'exit 130' INT TERM HUP
# Over ssh (its own session): when our stdin ends (the caller stopped, or went away), end the
# probe and all it started. The commands themselves read nothing: their stdin is /dev/null.
watcher=
if [ "$watch" = 1 ]; then
  exec 3<&0
  ( while IFS= read -r _; do :; done <&3; kill -TERM 0 ) >/dev/null 2>&1 &
  watcher=$!
  exec 3<&-
fi
exec </dev/null

PY_DNS='
import socket, sys
try:
    for r in socket.getaddrinfo(sys.argv[1], None, 0, socket.SOCK_STREAM):
        print("addr", r[4][0])
except socket.gaierror as e:
    print("gaierror", e.errno, e.strerror)
'
# DNS: getent (the system resolver, hosts file included), else python3.
addrs=
if [ "$isip" = 1 ]; then
  say dns literal
  addrs=$host
elif have getent; then
  t0=$(now_ms); out=$(bounded 5 getent ahosts "$host" 2>&1); rc=$?; t1=$(now_ms)
  say dns getent "$rc" $((t1 - t0)); printf '%s\n' "$out" | raw
  addrs=$(printf '%s\n' "$out" | while read -r a kind _; do [ "$kind" = STREAM ] && echo "$a"; done)
  if [ "$rc" != 0 ] && have python3; then
    out=$(bounded 5 python3 -c "$PY_DNS" "$host" 2>&1); rc=$?
    say dns-why python3 "$rc"; printf '%s\n' "$out" | raw
  fi
elif have python3; then
  t0=$(now_ms); out=$(bounded 5 python3 -c "$PY_DNS" "$host" 2>&1); rc=$?; t1=$(now_ms)
  say dns python3 "$rc" $((t1 - t0)); printf '%s\n' "$out" | raw
  addrs=$(printf '%s\n' "$out" | while read -r w a; do [ "$w" = addr ] && echo "$a"; done)
else
  say dns unavailable
fi
if [ -z "$addrs" ] && [ "$isip" != 1 ]; then
  [ -r /etc/resolv.conf ] && { say resolv; raw </etc/resolv.conf; }
fi

# Connect: the best tool there is, one job per address (at most 8), all at once.
BASH_TCP='
( sleep "$3" && kill -TERM $$ ) >/dev/null 2>&1 &
w=$!
s=$EPOCHREALTIME
if ! exec 3<>"/dev/tcp/$1/$2"; then e=$EPOCHREALTIME; kill $w; echo "failed $s $e"; exit 3; fi
e=$EPOCHREALTIME
kill $w 2>/dev/null
echo "connected $s $e"
win=0.5
if [ -n "$s" ]; then
  IFS=., read -r s1 s2 <<< "$s"; IFS=., read -r e1 e2 <<< "$e"
  us=$(( (e1 - s1) * 1000000 + 10#$e2 - 10#$s2 ))
  ms=$(( us * 4 / 1000 )); [ $ms -lt 50 ] && ms=50; [ $ms -gt 1000 ] && ms=1000
  printf -v win "%d.%03d" $((ms / 1000)) $((ms % 1000))
fi
echo "window $win"
line=; IFS= read -r -n 512 -t "$win" line <&3; rc=$?
echo "read1 $rc $line"
if [ $rc -eq 0 ]; then more=; IFS= read -r -n 512 -t 0.2 more <&3; echo "read2 $? $more"; fi
exit 0
'
PY_TCP='
import errno, socket, sys, time
a, p, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) / 1000.0
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(b)
t = time.monotonic()
def ms():
    return (time.monotonic() - t) * 1000
try:
    s.connect((a, p))
except socket.timeout:
    print("py-connect timeout %.3f" % ms()); sys.exit(1)
except OSError as e:
    print("py-connect error %s %.3f" % (errno.errorcode.get(e.errno, "E%s" % e.errno), ms())); sys.exit(1)
hs = ms()
la = s.getsockname()
print("py-connect ok %.3f %s %s" % (hs, la[0], la[1]))
s.settimeout(min(1.0, max(0.05, 4 * hs / 1000)))
t = time.monotonic()
for n in (1, 2):
    try:
        d = s.recv(512)
        print("py-observe %s %.3f %s" % ("data" if d else "fin", ms(), d.hex()))
        if not d:
            break
        s.settimeout(0.2)
    except socket.timeout:
        print("py-observe quiet %.3f" % ms()); break
    except OSError as e:
        print("py-observe error %.3f %s" % (ms(), errno.errorcode.get(e.errno, "E%s" % e.errno))); break
'
bsecs=$(secs "$budget"); bceil=$(( (budget + 999) / 1000 ))
method=
if have bash && have timeout; then method=bash
elif have nc; then method=nc
elif have curl; then method=curl
elif have python3; then method=python3
fi
connect_one() {
  a=$2; body=/dev/null; [ -n "$d" ] && body=$d/body.$1; ok=1
  t0=$(now_ms)
  case $method in
    bash) out=$(to $((bceil + 3)) bash -c "$BASH_TCP" "$0" "$a" "$port" "$bsecs" 2>&1); rc=$?; [ $rc = 0 ] && ok=0;;
    nc)
      if have timeout; then out=$(to "$bsecs" nc -v -z -w "$bceil" "$a" "$port" </dev/null 2>&1); rc=$?
      else out=$(nc -v -z -w "$bceil" "$a" "$port" </dev/null 2>&1); rc=$?; fi
      [ $rc = 0 ] && ok=0;;
    curl)
      u=telnet://$a:$port; case $a in *:*) u="telnet://[$a]:$port";; esac
      out=$(curl -v -sS -o "$body" -w '\ncurl-result %{time_connect} %{local_ip} %{local_port}\n' --connect-timeout "$bsecs" --max-time "$(secs $((budget + 500)))" "$u" </dev/null 2>&1); rc=$?
      case $out in *"Connected to "*) ok=0;; esac;;
    python3) out=$(bounded $((bceil + 3)) python3 -c "$PY_TCP" "$a" "$port" "$budget" 2>&1); rc=$?; [ $rc = 0 ] && ok=0;;
  esac
  t1=$(now_ms)
  say connect "$a" "$method" "$rc" $((t1 - t0))
  printf '%s\n' "$out" | raw
  if [ -s "$body" ]; then say body "$a"; IFS= read -r b <"$body"; printf '%s\n' "$b" | raw; fi
  if have ip; then r=$(ip route get "$a" 2>&1); say route "$a" "$?"; printf '%s\n' "$r" | raw
    case $r in local*) if have ss; then say listeners "$a"; ss -ltn 2>&1 | raw; fi;; esac
  fi
  return $ok
}
# Addresses that look like addresses, at most 8 (what a resolver printed is foreign too).
list=; n=0
for a in $addrs; do
  case $a in ''|-*|*[!0-9A-Fa-f.:%]*) continue;; esac
  n=$((n + 1)); [ $n -gt 8 ] && break
  list="$list $a"
done
chosen=; last=
if [ -z "$method" ]; then
  say connect-unavailable
elif [ -n "$d" ]; then
  i=0
  jobs=
  for a in $list; do i=$((i + 1)); ( connect_one "$i" "$a" >"$d/c.$i" && : >"$d/ok.$i" ) & jobs="$jobs $!"; done
  # Only these: a bare wait would also wait for the stdin watcher.
  [ -n "$jobs" ] && wait $jobs
  i=0
  for a in $list; do
    i=$((i + 1))
    [ -f "$d/c.$i" ] && while IFS= read -r l; do printf '%s\n' "$l"; done <"$d/c.$i"
    [ -z "$chosen" ] && [ -f "$d/ok.$i" ] && chosen=$a
    last=$a
  done
else
  # No temporary folder here: one address after the other.
  for a in $list; do
    if connect_one 0 "$a"; then [ -z "$chosen" ] && chosen=$a; fi
    last=$a
  done
fi
target=$chosen; [ -n "$target" ] || target=$last

if [ "$doping" = 1 ] && [ -n "$target" ]; then
  if have ping; then
    iv=0.2; [ "$(id -u 2>/dev/null)" = 0 ] && iv=0.05
    t0=$(now_ms); out=$(bounded 6 ping -n -c 3 -i "$iv" -W 1 "$target" 2>&1); rc=$?; t1=$(now_ms)
    say ping "$target" "$rc" $((t1 - t0)); printf '%s\n' "$out" | raw
  else say ping-unavailable "$target"; fi
fi

if [ "$tls" = 1 ] && [ -n "$chosen" ]; then
  if have openssl; then
    hp=$chosen:$port; case $chosen in *:*) hp="[$chosen]:$port";; esac
    name=$sni; [ -n "$name" ] || { [ "$isip" = 1 ] || name=$host; }
    if [ -n "$name" ]; then set -- -servername "$name" -verify_hostname "$name"; else set -- -verify_ip "$host"; fi
    t0=$(now_ms); out=$(bounded 6 openssl s_client -connect "$hp" "$@" </dev/null 2>&1); rc=$?; t1=$(now_ms)
    say tls openssl "$rc" $((t1 - t0)) "$hp" "$name"; printf '%s\n' "$out" | rawtls
    cert=$(printf '%s\n' "$out" | openssl x509 -noout -subject -issuer -startdate -enddate -ext subjectAltName 2>/dev/null) ||
      cert=$(printf '%s\n' "$out" | openssl x509 -noout -subject -issuer -startdate -enddate 2>/dev/null)
    [ -n "$cert" ] && { say cert; printf '%s\n' "$cert" | raw; }
  else say tls-unavailable; fi
fi
say done
[ -n "$watcher" ] && kill "$watcher" 2>/dev/null
exit 0
`;

/** The name the script runs under (`$0`): what `ps` shows on the vantage point. */
export const PROBE_NAME = 'tcpsleuth-probe';

export interface ProbeOptions {
  /** The connect budget per address (ms). */
  budgetMs: number;
  ping: boolean;
  tls: boolean;
  /** The TLS SNI and the name the certificate must cover (default: the target's host). */
  servername?: string;
  /** End the probe when its stdin ends (over ssh; never where it shares our process group). */
  watchStdin?: boolean;
}

/** The positional arguments of the probe, in the script's order (each becomes one quoted word). */
export function probeArgs(target: Target, opts: ProbeOptions): string[] {
  return [
    target.host,
    String(target.port),
    String(Math.round(opts.budgetMs)),
    opts.tls ? '1' : '0',
    opts.servername ?? '',
    opts.ping ? '1' : '0',
    target.isIpLiteral ? '1' : '0',
    opts.watchStdin ? '1' : '0',
  ];
}

/** How long the whole probe may take on the other side (DNS, connects, ping, TLS), plus a margin. */
export function probeTimeoutMs(opts: ProbeOptions): number {
  // dns 5 s (+5 s to learn why it failed), connects budget + 3 s, ping 6 s, TLS 6 s.
  return 10_000 + opts.budgetMs + 3_000 + (opts.ping ? 6_000 : 0) + (opts.tls ? 6_000 : 0) + 2_000;
}
