/**
 * Targets read from the shape of a tool's transcript rather than from an error phrase: the host a
 * ping names in its header (not the router that answered), the name a `dig` or `nslookup` looked
 * up (not its resolver), the host in an Ansible result's prefix, the service side of a socket pair
 * a server logged, a telnet session's `Connected to` line, an rsync daemon's `host::module`, an
 * Erlang `{connect,"host",port}`. Each pattern is bounded and gated by a literal, like target.ts's.
 */
import { toPort } from './port.js';

export interface TranscriptTarget {
  host: string;
  port: number | null;
  rank: number;
  index: number;
}

const HOST = String.raw`[A-Za-z0-9_][\w.-]{0,252}`;
const V6 = String.raw`\[[0-9A-Fa-f:.%\w]{2,60}\]`;
/** A host written inside quotes in code: a name with a dot, `localhost` or an address, never a JSON key. */
const QUOTED_HOST = String.raw`localhost|\d{1,3}(?:\.\d{1,3}){3}|[A-Za-z0-9_][\w-]{0,62}(?:\.[\w-]{1,63}){1,10}`;
/** Where the kernel picks a client's port: a port this high on one side of a pair is the client's. */
const EPHEMERAL = 32768;

interface Form {
  gate: readonly string[];
  re: RegExp;
  rank: number;
  /** The port the form implies when it writes none. */
  port?: (lower: string) => number | null;
  /** Read the form only when this holds (a ping that got its replies names no failed target). */
  when?: (lower: string) => boolean;
  /** In prose the words after the verb are often no host ("I can't connect to it, …", "dig into the logs"): take only a name that looks like one. */
  shaped?: boolean;
}

/** A trace that did not arrive: hops that never answered, or an ICMP error mark. */
const TRACE_FAILED = (lower: string) => /\* {1,4}\* {1,4}\*|request timed out|![hnpx]\b|unreachable/.test(lower);

/** A word that can only be a host: a dotted name, an address, `localhost`. */
const HOST_SHAPED = /^(?:localhost|\[?[0-9a-f:.%]{2,60}\]?|[\w-]{1,63}(?:\.[\w-]{1,63}){1,10})$/i;

/** The output of a DNS tool: its banner, its comment lines, its server and address lines, its failures. */
const DNS_OUTPUT = (lower: string) => /<<>>|^;;|^server:|^address:|dns request|can'?t find|no servers could be reached|timed out|servfail|nxdomain/m.test(lower);

/** A ping that failed: no reply, an ICMP error, or loss. */
const PING_FAILED = (lower: string) => /unreachable|timed out|could not find|general failure|transmit failed|100% (?:packet )?loss|lost = [1-9]|no answer yet/.test(lower);

const FORMS: readonly Form[] = [
  // ping: `Pinging H [ip] with 32 bytes`, `PING H (ip) 56(84) bytes`, `Ping statistics for H:`, `--- H ping statistics ---`.
  { gate: ['pinging '], re: new RegExp(String.raw`\bPinging (${HOST})(?: \[[^\]\n]{1,64}\])? with \d{1,5} bytes`, 'gi'), rank: 85, when: PING_FAILED },
  { gate: ['ping '], re: new RegExp(String.raw`^PING (${HOST}) \(`, 'gm'), rank: 85, when: PING_FAILED },
  { gate: ['ping statistics'], re: new RegExp(String.raw`^(?:Ping statistics for (${HOST}):|--- (${HOST}) ping statistics ---)`, 'gmi'), rank: 85, when: PING_FAILED },
  // traceroute and tracert headers (`traceroute to H (ip), 30 hops max`, `Tracing route to H [ip]`), when hops went dark.
  { gate: ['traceroute to ', 'tracing route to '], re: new RegExp(String.raw`^\s{0,4}(?:traceroute6? to|Tracing route to) (${V6}|${HOST}) [(\[]`, 'gmi'), rank: 85, when: TRACE_FAILED },
  // The name a DNS tool looked up, from its command line or dig's banner; `@server` and `+options` are skipped.
  { gate: ['nslookup'], re: new RegExp(String.raw`(?:^|[$>#%]\s?)nslookup\s+(?:-\S{1,40}\s+){0,4}(${HOST})`, 'gmi'), rank: 80, when: DNS_OUTPUT },
  { gate: ['dig'], re: new RegExp(String.raw`(?:(?:^|[$>#%]\s?)dig\s+|<<>> DiG \S{1,40} <<>> )(?:[@+-]\S{1,60}\s+){0,6}(${HOST})(?:\s|$)`, 'gm'), rank: 80, when: DNS_OUTPUT },
  // dig over TCP: `;; Connection to 192.168.123.2#53(192.168.123.2) for bbc.com failed`: the server it dialled.
  { gate: [') for '], re: new RegExp(String.raw`Connection to (${V6}|${HOST})#(\d{1,5})\([^)\n]{1,64}\) for `, 'g'), rank: 88 },
  // Ansible: `fatal: [web-01]: UNREACHABLE! =>`, `web-01 | UNREACHABLE! =>`; over ssh the port is 22.
  { gate: ['unreachable!'], re: new RegExp(String.raw`^\s{0,8}(?:fatal: \[(${HOST})\]:|(${HOST}) \|) UNREACHABLE!`, 'gm'), rank: 70, port: (lower) => (lower.includes('via ssh') ? 22 : null) },
  // A transcript whose lines carry a speaker prefix (`s: Connected to mail.example.net.`).
  { gate: ['connected to '], re: new RegExp(String.raw`^[a-z]{1,2}: Connected to (${HOST})\.?$`, 'gm'), rank: 45 },
  // rsync's daemon syntax `host::module` (port 873).
  { gate: ['rsync'], re: new RegExp(String.raw`(?<![\w.:-])(${HOST})::[a-z][\w-]{0,60}(?!::|\w)`, 'g'), rank: 50, port: () => 873 },
  // Erlang and Elixir: `{connect,"localhost",5555,…}`, `at "localhost":5555`.
  { gate: ['",', '":'], re: new RegExp(String.raw`"(${QUOTED_HOST})"[,:](\d{1,5})\b`, 'g'), rank: 70 },
  // `Failed connect to github.com:8080;`, `unable to connect to sts.amazonaws.com;`: the place the client itself names.
  { gate: ['connect to '], re: new RegExp(String.raw`\b(?:failed|unable|could not|cannot|can't) (?:to )?connect to (${V6}|${HOST})(?::(\d{1,5}))?[;,]`, 'gi'), rank: 80, shaped: true },
  // Ruby's `Failed to open TCP connection to name:port (… for "address" port …)`: the name asked for.
  { gate: ['open tcp connection to '], re: new RegExp(String.raw`open TCP connection to (${V6}|${HOST}):(\d{1,5})`, 'gi'), rank: 88 },
];

/** Go's `read tcp A->B`: A is this end. When this end holds the service port and B an ephemeral one, a server logged it, and the service is A. */
const PAIR = new RegExp(String.raw`\b(?:read|write) tcp[46]? (${V6}|${HOST}):(\d{1,5})->(?:${V6}|${HOST}):(\d{1,5}): `, 'g');

/** The targets a transcript's shape names, ranked like target.ts's candidates. */
export function transcriptTargets(text: string, lower: string): TranscriptTarget[] {
  const out: TranscriptTarget[] = [];
  for (const { gate, re, rank, port, when, shaped } of FORMS) {
    if (!gate.some((g) => lower.includes(g)) || (when && !when(lower))) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text), n = 0; m && n < 50; m = re.exec(text), n++) {
      const host = m[1] ?? m[2];
      if (host && (!shaped || HOST_SHAPED.test(host))) out.push({ host, port: toPort(m.slice(2).find((g) => g !== undefined && /^\d+$/.test(g))) ?? port?.(lower) ?? null, rank, index: m.index });
    }
  }
  if (lower.includes('->')) {
    PAIR.lastIndex = 0;
    for (let m = PAIR.exec(text), n = 0; m && n < 50; m = PAIR.exec(text), n++) {
      const [here, there] = [Number(m[2]), Number(m[3])];
      if (here < EPHEMERAL && there >= EPHEMERAL) out.push({ host: m[1], port: here, rank: 58, index: m.index });
    }
  }
  return out;
}

/** The port of the telnet or netcat command a transcript starts with (`telnet $REMOTE_SRV 587`), for a host that names none. */
export function commandPort(text: string): number | null {
  const m = /^\W{0,4}(?:[a-z]{1,2}: )?(?:telnet|nc|ncat|netcat)\s+(?:-\w{1,4}\s+){0,4}\S{1,253}\s+(\d{1,5})\b/im.exec(text);
  return m ? toPort(m[1]) : null;
}
