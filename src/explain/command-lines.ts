/**
 * Reads the target out of a command line people paste instead of describing it: `telnet db 5432`,
 * `nc -vz db 5432`, `curl https://site/x`, `openssl s_client -connect db:443`, `psql -h db -p 5433`,
 * `mysql -h db -P 3307`, `redis-cli -h db -p 6380`, `ssh -p 2222 user@host`, `nmap -p 22 db`,
 * `Test-NetConnection db -Port 443`, `socat - TCP:db:5432`. Pure: nothing here runs anything.
 */
import { isIP } from 'node:net';
import { parseTarget, SCHEME_PORTS } from '../target.js';
import { UsageError } from '../errors.js';
import { servicePort } from './services.js';
import type { Target } from '../evidence.js';

/** What a pasted command line names. */
export type CommandLineRead =
  | { kind: 'target'; target: Target; via: string; /** The port is the tool's default, not written in the command. */ defaultPort?: boolean }
  | { kind: 'needs-port'; host: string; via: string }
  | { kind: 'scan'; host: string; ports?: string; via: string }
  | { kind: 'invalid'; reason: string };

/** Splits a command line into words the way a shell would (quotes, no expansion). At most 64 words. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) && words.length < 64) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/**
 * Prompts and wrappers before the command: `$ `, `# `, `PS C:\> `, `➜`, `-- `, `1)`, `sudo`, `time`,
 * Windows' `start`, `timeout 5` (its duration too), `nohup`, `env`.
 */
function stripPrompt(words: string[]): string[] {
  let i = 0;
  // A prompt written against the command (`$redis-cli -h …`).
  if (/^[$#%➜❯»][a-z]/i.test(words[0] ?? '')) words = [words[0].slice(1), ...words.slice(1)];
  // A router's or switch's prompt (`Router#telnet …`, `switch>ping …`).
  else if (/^[A-Za-z][\w.-]{0,40}[#>][a-z]/.test(words[0] ?? '')) words = [words[0].replace(/^[\w.-]{1,41}[#>]/, ''), ...words.slice(1)];
  for (;;) {
    const w = words[i];
    if (w === undefined) break;
    if (/^(?:[$#>%➜❯»]|--|PS|\d{1,2}[.)])$/.test(w) || /^[A-Z]:\\.*>$/.test(w) || ['sudo', 'time', 'command', 'exec', 'start', 'nohup', 'env'].includes(w)) i++;
    else if (w === 'timeout' && /^\d+(?:\.\d+)?[smh]?$/.test(words[i + 1] ?? '')) i += 2;
    else break;
  }
  return words.slice(i);
}

/** Options (per tool) that take a value, so the value is not mistaken for the host. */
const VALUE_OPTIONS: Record<string, string> = {
  nc: 'wipsxXqWTIOMmecgGP',
  ssh: 'BbcDEeFIiJLlmOopQRSWw',
  scp: 'cFiJlPoS',
  telnet: 'bleLnS',
  nmap: 'pPsSTeioOgDn',
};

function positionals(args: string[], valueLetters: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      if (!a.includes('=') && i + 1 < args.length && !args[i + 1].startsWith('-') && LONG_WITH_VALUE.test(a)) i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // `-w5`: value attached; `-vzw 5`: the last letter takes the next word.
      const letters = a.slice(1);
      if (valueLetters.includes(letters.at(-1)!) && /^[A-Za-z]+$/.test(letters)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

const LONG_WITH_VALUE = /^--(?:host|port|user|username|password|dbname|database|output|header|data|request|proxy|max-time|connect-timeout|resolve|cert|key|cacert|user-agent|referer|cookie|socket|config|file|ssl-mode|auth|uri|eval|tls-ca-file|retry|timeout|wait|bootstrap-server|server)$/;

/** The value of `-h db` / `-hdb` / `--host db` / `--host=db`, case-sensitive short letter. */
function optionValue(args: string[], short: string | null, long: string | null): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (long && a === `--${long}`) return args[i + 1];
    if (long && a.startsWith(`--${long}=`)) return a.slice(long.length + 3);
    if (short && a === `-${short}`) return args[i + 1];
    if (short && a.startsWith(`-${short}`) && a.length > 2 && !a.startsWith('--')) return a.slice(2);
  }
  return undefined;
}

/** PowerShell parameters are case-insensitive and may be shortened: `-Port`, `-port`, `-p`. */
function psValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length - 1; i++) {
    const a = args[i].toLowerCase();
    if (a.startsWith('-') && names.some((n) => n.startsWith(a.slice(1)) && a.length > 1)) return args[i + 1];
  }
  return undefined;
}

/** Test-NetConnection's `-CommonTCPPort` names. */
const COMMON_TCP_PORTS: Record<string, string> = { http: '80', rdp: '3389', smb: '445', winrm: '5985' };

/** Words of a sentence that stand where a host would, before a service's name. */
const PROSE_WORDS = new Set(['the', 'a', 'an', 'to', 'my', 'our', 'your', 'this', 'that', 'it', 'its', 'their', 'his', 'her', 'some', 'any', 'into', 'on', 'from', 'with', 'via', 'server', 'host', 'port']);

/** Words of a request that stand where a host would ("ping me", "ping again", "telnet it please"): never a host. */
const NEVER_HOSTS = new Set(['me', 'us', 'you', 'u', 'them', 'again', 'please', 'pls', 'it', 'this', 'that', 'port', 'try', 'now', 'there', 'here', 'later', 'back']);

/** A target from host and port words; a UsageError (bad port…) becomes an `invalid` read. */
function make(via: string, host: string | undefined, written: string | number | undefined, defaultPort?: number, tls?: boolean): CommandLineRead | null {
  if (!host || NEVER_HOSTS.has(host.toLowerCase())) return null;
  // A service's name where the port goes (`telnet time.nist.gov daytime`) is its port; any other
  // word there ("-TcpPort always returns…") is prose, not a command.
  const port = typeof written === 'string' && !/^\d+$/.test(written) ? servicePort(written) : written;
  if (written !== undefined && port === undefined) return null;
  // "telnet the http server": words of a sentence, not a host and a service.
  if (port !== written && PROSE_WORDS.has(host.toLowerCase())) return null;
  const h = host.replace(/^[\w.+-]{1,64}@/, '');
  try {
    const bracketed = isIP(h) === 6 ? `[${h}]` : h;
    const p = port ?? defaultPort;
    if (p === undefined) return { kind: 'needs-port', host: parseTarget(`${bracketed}:1`).host, via };
    const target = parseTarget(h.includes('://') ? h : bracketed, { port: h.includes('://') ? undefined : p, tls });
    return port === undefined && !h.includes('://') ? { kind: 'target', target, via, defaultPort: true } : { kind: 'target', target, via };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

/**
 * A client's host and port words in the order people write them, not only the tool's: `telnet 25
 * localhost` (the port first: a number, then a word that can only be a host) and `nc db:5432` (one
 * `host:port` word, which the tool itself would not take but whose meaning is plain).
 */
function hostThenPort(words: string[]): [string | undefined, string | undefined] {
  const [first, second] = words;
  if (first !== undefined && /^\d{1,5}$/.test(first) && second !== undefined && (/[A-Za-z]/.test(second) || isIP(second) !== 0)) return [second, first];
  const joined = words.length === 1 ? /^(\[[0-9a-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/i.exec(first ?? '') : null;
  if (joined) return [joined[1].replace(/^\[|\]$/g, ''), joined[2]];
  return [first, second];
}

/** A URL or `host[:port][/path]` word; `scheme` is assumed when none is written (curl assumes http). */
function fromUrlWord(via: string, word: string | undefined, scheme: string): CommandLineRead | null {
  if (!word) return null;
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(word) ? word : `${scheme}://${word}`;
  // A zone in a URL is written %25 (`http://[fe80::1%25eth0]:8080/`), which URL parsers refuse: read it as [addr%zone]:port.
  const zoned = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?\[([0-9a-f:.]+)%(?:25)?([\w.-]{1,32})\](?::(\d{1,5}))?/i.exec(url);
  if (zoned) return make(via, `${zoned[2]}%${zoned[3]}`, zoned[4], SCHEME_PORTS[zoned[1].toLowerCase()]);
  try {
    return { kind: 'target', target: parseTarget(url.replace(/[?#].*$/, '')), via };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

const urlish = (w: string) => /^[a-z][a-z0-9+.-]*:\/\/\S/i.test(w) || /^(?:localhost|\[[0-9a-f:.]+\]|[\w-]+(?:\.[\w-]+)+)(?::\d{1,5})?(?:\/\S*)?$/i.test(w);

type Reader = (args: string[], via: string) => CommandLineRead | null;

const READERS: Record<string, Reader> = {
  telnet: (args, via) => {
    const [host, port] = hostThenPort(positionals(args, VALUE_OPTIONS.telnet));
    return make(via, host, port, 23);
  },
  nc: (args, via) => {
    // `nc -l 8080`, `nc -lvnp 4444`: a listener on this machine, no target.
    if (args.some((a) => /^-[a-z]*l[a-z]*$/i.test(a) && !a.startsWith('--'))) return null;
    const [host, port] = hostThenPort(positionals(args, VALUE_OPTIONS.nc));
    if (port && /^\d+-\d+$/.test(port)) return host ? { kind: 'scan', host, ports: port, via } : null;
    return make(via, host, port);
  },
  curl: (args, via) => fromUrlWord(via, args.find((a) => !a.startsWith('-') && urlish(a)), 'http'),
  openssl: (args, via) => {
    const connect = optionValue(args, null, null) ?? args[args.indexOf('-connect') + 1];
    // `-connect host:https`: a service's name for the port.
    const named = connect ? /^(.+):([a-z][\w-]{1,20})$/i.exec(connect) : null;
    if (args.includes('-connect') && named && servicePort(named[2]) !== undefined) return make(via, named[1], servicePort(named[2]), undefined, true);
    if (args.includes('-connect') && connect) return fromUrlWord(via, connect.includes(':') ? connect : `${connect}:443`, 'https');
    const host = args[args.indexOf('-host') + 1];
    if (args.includes('-host')) return make(via, host, args.includes('-port') ? args[args.indexOf('-port') + 1] : 443, undefined, true);
    const word = args.slice(1).find((a) => !a.startsWith('-') && urlish(a));
    return word ? fromUrlWord(via, word.includes(':') ? word : `${word}:443`, 'https') : null;
  },
  psql: (args, via) => {
    const url = args.find((a) => /^postgres(?:ql)?:\/\//i.test(a));
    if (url) return fromUrlWord(via, url, 'postgres');
    const conninfo = args.find((a) => /\bhost=/.test(a));
    const kv = (k: string) => (conninfo ? new RegExp(`\\b${k}=(\\S+)`).exec(conninfo)?.[1] : undefined);
    const host = optionValue(args, 'h', 'host') ?? kv('host');
    const port = optionValue(args, 'p', 'port') ?? kv('port');
    if (!host) return { kind: 'invalid', reason: 'psql without -h talks to a local Unix socket, not TCP: name the host, e.g. psql -h db -p 5432' };
    return make(via, host, port, 5432);
  },
  mysql: (args, via) => make(via, optionValue(args, 'h', 'host'), optionValue(args, 'P', 'port'), 3306),
  'redis-cli': (args, via) => {
    const url = optionValue(args, 'u', null);
    if (url) return fromUrlWord(via, url, 'redis');
    return make(via, optionValue(args, 'h', 'host') ?? '127.0.0.1', optionValue(args, 'p', 'port'), 6379);
  },
  mongosh: (args, via) => {
    const url = args.find((a) => /^mongodb(?:\+srv)?:\/\//i.test(a));
    if (url) return fromUrlWord(via, url.replace(/\+srv/i, ''), 'mongodb');
    // `mongo -u admin -p secret 10.0.0.5:27017/app`: the shell's own `host:port/db` argument (-p is the password).
    const address = positionals(args, 'upfh').find((a) => /^(?:\[[0-9a-f:.]+\]|[\w.-]+):\d{1,5}(?:\/\S*)?$/i.test(a));
    if (address) return fromUrlWord(via, address, 'mongodb');
    const host = optionValue(args, null, 'host');
    if (host?.includes(':')) return fromUrlWord(via, host, 'mongodb');
    return make(via, host ?? '127.0.0.1', optionValue(args, null, 'port'), 27017);
  },
  ssh: (args, via) => {
    const url = args.find((a) => /^ssh:\/\//i.test(a));
    if (url) return fromUrlWord(via, url, 'ssh');
    const portOpt = via === 'scp' || via === 'sftp' ? 'P' : 'p';
    const words = positionals(args, via === 'ssh' ? VALUE_OPTIONS.ssh : VALUE_OPTIONS.scp);
    const port = optionValue(args, portOpt, null) ?? /(?:^|\s)Port=(\d+)/i.exec(args.join(' '))?.[1];
    // scp copies between a local path and `user@host:path`: the remote word is the one with a colon.
    const remote = via === 'scp' ? words.find((w) => /^[^/]*:/.test(w)) : words[0];
    const host = via === 'ssh' ? remote : remote?.replace(/:.*$/, '');
    return make(via, host, port, 22);
  },
  nmap: (args, via) => {
    const [host] = positionals(args, VALUE_OPTIONS.nmap);
    const ports = optionValue(args, 'p', null);
    // "nmap it", "nmap that again": a pronoun for the last target, not a host (as make() rules for the other tools).
    if (!host || NEVER_HOSTS.has(host.toLowerCase())) return null;
    // `nmap -p 25 host` asks about one port: that is a check of host:25.
    if (ports && /^\d{1,5}$/.test(ports)) return make(via, host.replace(/^\[|\]$/g, ''), ports);
    return { kind: 'scan', host: host.replace(/^\[|\]$/g, ''), ports, via };
  },
  ping: (args, via) => {
    // ping takes one host: more words are a sentence ("ping me if it goes down again").
    const words = positionals(args, 'cisWtlpQsMIw').filter((w) => !/^\d+$/.test(w)); // Windows' -n 4, -l 1472
    return words.length === 1 ? make(via, words[0], undefined) : null;
  },
  traceroute: (args, via) => {
    const host = positionals(args, 'fmpqwzsginNtAFzUxDEXMP').at(0);
    const port = optionValue(args, 'p', 'port');
    return make(via, host, port);
  },
  'test-netconnection': (args, via) => {
    const host = psValue(args, ['computername', 'targetname']) ?? args.find((a) => !a.startsWith('-'));
    // `-CommonTCPPort RDP`, or its place as the second positional (`tnc host smb`); a number there means the port too.
    const second = args.filter((a, i) => !a.startsWith('-') && (i === 0 || !args[i - 1].startsWith('-')))[1];
    const common = psValue(args, ['commontcpport']) ?? second;
    return make(via, host, psValue(args, ['port', 'tcpport']) ?? COMMON_TCP_PORTS[common?.toLowerCase() ?? ''] ?? (/^\d{1,5}$/.test(common ?? '') ? common : undefined));
  },
  /** TCP "pings": `tcping host port`, `paping host -p port`, `psping host:port`, `hping3 -S -p 80 host`. */
  tcping: (args, via) => {
    const words = positionals(args, 'pcitwnsfdW');
    const hp = words.find((w) => /^[^\s:]+:\d{1,5}$|^\[[0-9a-f:.]+\]:\d{1,5}$/i.test(w));
    if (hp) return fromUrlWord(via, hp, 'tcp');
    return make(via, words[0], optionValue(args, 'p', 'port') ?? words[1]);
  },
  ftp: (args, via) => {
    const [host, port] = positionals(args, '');
    return make(via, host, port, 21);
  },
  socat: (args, via) => {
    const addr = args.map((a) => /^(?:tcp[46]?|openssl|tcp-connect|ssl):([^,]+)/i.exec(a)?.[1]).find(Boolean);
    if (!addr) return null;
    const m = /^(.*):(\d{1,5})$/.exec(addr);
    return m ? make(via, m[1].replace(/^\[|\]$/g, ''), m[2]) : null;
  },
  /** `ip route get 10.0.0.50`: the route to a host (no port). */
  ip: (args, via) => (args[0] === 'route' && args[1] === 'get' && args[2] ? make(via, args[2], undefined) : null),
  /** `osql -S tcp:host,port`, `sqlcmd -S host,1433`, `-S host\\instance` (SQL Server, 1433). */
  sqlcmd: (args, via) => {
    const server = optionValue(args, 'S', 'server');
    const m = server ? /^(?:tcp:)?(\[[0-9a-f:.]+\]|[\w.-]+)(?:\\[\w$-]+)?(?:,(\d{1,5}))?$/i.exec(server) : null;
    return m ? make(via, m[1].replace(/^\[|\]$/g, ''), m[2], 1433) : null;
  },
  /** `bash -c 'cat < /dev/null > /dev/tcp/host/587'`: bash's own connect. */
  bash: (args, via) => {
    const m = /\/dev\/tcp\/([^/\s'"]{1,253})\/(\d{1,5})/.exec(args.join(' '));
    return m ? make(via, m[1].replace(/^\[|\]$/g, ''), m[2]) : null;
  },
  /** `mosquitto_sub -h broker -p 8883`: MQTT, 1883 (8883 when a CA file asks for TLS). */
  mosquitto: (args, via) => {
    const url = optionValue(args, 'L', 'url');
    if (url) return fromUrlWord(via, url, 'mqtt');
    const tls = args.some((a) => /^--(?:cafile|capath|cert|tls-use-os-certs)$/.test(a));
    return make(via, optionValue(args, 'h', 'host') ?? 'localhost', optionValue(args, 'p', 'port'), tls ? 8883 : 1883);
  },
  /** FreeRDP and mstsc: `xfreerdp /v:host[:port] /port:N`, 3389. */
  freerdp: (args, via) => {
    const server = args.map((a) => /^[/-]v:(.{1,260})$/i.exec(a)?.[1]).find(Boolean);
    const m = server ? /^(\[[0-9a-f:.]+\]|[^:\s]+)(?::(\d{1,5}))?$/i.exec(server) : null;
    const port = args.map((a) => /^[/-]port:(\d{1,5})$/i.exec(a)?.[1]).find(Boolean) ?? m?.[2];
    return m ? make(via, m[1].replace(/^\[|\]$/g, ''), port, 3389) : null;
  },
  /** `db2cli validate -database "SAMPLE:db.example.com:50000"`: the alias, host and port in one word. */
  db2cli: (args, via) => {
    const m = /^[^:\s]{1,64}:([^:\s]{1,253}):(\d{1,5})$/.exec(args[args.indexOf('-database') + 1] ?? '');
    return args.includes('-database') && m ? make(via, m[1], m[2]) : null;
  },
  /** `smbclient //host/share` (or `-L host`), SMB over TCP 445; `-p` names another port. */
  smbclient: (args, via) => {
    const share = args.map((a) => /^(?:\/\/|\\\\)([^/\\\s]{1,253})/.exec(a)?.[1]).find(Boolean);
    return make(via, share ?? optionValue(args, 'L', 'list'), optionValue(args, 'p', 'port'), 445);
  },
  /** `ldapsearch -H ldaps://host:636 …` or `-h host -p 389`. */
  ldap: (args, via) => {
    const uri = optionValue(args, 'H', null);
    if (uri) return fromUrlWord(via, uri.split(/[\s,]/)[0].replace(/^([a-z]+):/i, (s) => s.toLowerCase()), 'ldap');
    const host = optionValue(args, 'h', null);
    return host ? make(via, host, optionValue(args, 'p', null), 389) : null;
  },
  generic: (args, via) => {
    const word = args.find((a) => !a.startsWith('-') && urlish(a) && /:\d|:\/\//.test(a)) ?? optionValue(args, null, 'bootstrap-server') ?? optionValue(args, null, 'server');
    return word ? fromUrlWord(via, word.split(',')[0], 'tcp') : null;
  },
};

/** Words that follow a tool's name in a sentence about it, never in its command line. */
const PROSE_AFTER_TOOL = /^(?:into|onto|over|back|in|is|isn'?t|was|wasn'?t|are|were|does|doesn'?t|did|didn'?t|do|don'?t|can|can'?t|cannot|could|couldn'?t|won'?t|will|would|should|keeps?|kept|fails?|failed|failing|works?|worked|working|hangs?|hung|says|said|shows?|showed|gives?|gave|returns?|returned|throws?|threw|seems?|gets?|got|just|also|still|only|always|never|sometimes|randomly|itself|times|timed|stops?|stopped|freezes|froze|reports?|reported|succeeds?|succeeded|connects|connected|refuses|refused|and|or|but|to|not|too|as|than|vs\.?|versus|command|commands|output|session|sessions|connections?|errors?)$/i;

/** Command names (and their aliases) whose argument words we read. */
const ALIASES: Record<string, keyof typeof READERS> = {
  telnet: 'telnet', nc: 'nc', ncat: 'nc', netcat: 'nc', curl: 'curl', wget: 'curl', http: 'curl', https: 'curl', xh: 'curl',
  'invoke-webrequest': 'curl', iwr: 'curl', 'invoke-restmethod': 'curl', irm: 'curl', openssl: 'openssl', psql: 'psql', pg_isready: 'psql',
  mysql: 'mysql', mariadb: 'mysql', mysqladmin: 'mysql', mysqlslap: 'mysql', mysqlshow: 'mysql', mysqlcheck: 'mysql', mysqldump: 'mysql', 'redis-cli': 'redis-cli', mongo: 'mongosh', mongosh: 'mongosh', ssh: 'ssh', scp: 'ssh',
  sftp: 'ssh', nmap: 'nmap', ping: 'ping', ping6: 'ping', fping: 'ping', traceroute: 'traceroute', traceroute6: 'traceroute', tracert: 'ping',
  tracepath: 'ping', mtr: 'ping', 'test-netconnection': 'test-netconnection', tcping: 'tcping', paping: 'tcping', psping: 'tcping', hping3: 'tcping', nping: 'tcping', tnc: 'test-netconnection', 'test-connection': 'test-netconnection', ftp: 'ftp', socat: 'socat',
  ip: 'ip', osql: 'sqlcmd', sqlcmd: 'sqlcmd', isql: 'sqlcmd', bash: 'bash', sh: 'bash', zsh: 'bash',
  grpcurl: 'generic', websocat: 'curl', mosquitto_sub: 'mosquitto', mosquitto_pub: 'mosquitto', mosquitto_rr: 'mosquitto',
  hbmqtt_pub: 'generic', hbmqtt_sub: 'generic', xfreerdp: 'freerdp', xfreerdp3: 'freerdp', wfreerdp: 'freerdp', 'sdl-freerdp': 'freerdp',
  'sdl-freerdp3': 'freerdp', mstsc: 'freerdp', db2cli: 'db2cli', smbclient: 'smbclient', ldapsearch: 'ldap', ldapwhoami: 'ldap',
  ldapadd: 'ldap', ldapmodify: 'ldap', ldapdelete: 'ldap', 'kafka-console-producer': 'generic', 'kafka-console-consumer': 'generic', 'kafka-topics': 'generic',
};

/** A word that can only be a host: an IP literal, `localhost`, or a dotted name ending in letters. */
const HOST_WORD = /^(?:\d{1,3}(?:\.\d{1,3}){3}|localhost|[a-z0-9_][\w-]{0,62}(?:\.[\w-]{1,63}){0,9}\.[a-z][a-z0-9-]{0,62})$/i;
/** A script or binary run by path or by its file name (`/opt/dcmtk/bin/echoscu`, `./client`, `send.py`, `client.jar`). */
const PROGRAM_WORD = /^(?:\.{0,2}\/|[A-Za-z]:\\|~\/)\S*[\w-]$|^[\w-]{1,40}\.(?:py|jar|js|mjs|sh|rb|pl|exe|php)$/i;

/**
 * A program we do not know, run with a host and then a port as its last two arguments
 * (`/opt/dcmtk/bin/echoscu --call PACS pacs.example.org 11112`, `python3 probe.py db.internal 5432`):
 * that pair is where it connects. Only when the first or second word is a program by its shape (a
 * path, a script's file name) or options follow the first, and the host can only be a host (an address, localhost,
 * a dotted name): a sentence ending in "… example.com 443" is not a command line.
 */
function readTrailingTarget(words: string[]): CommandLineRead | null {
  if (words.length < 3 || words.length > 24) return null;
  const [host, port] = words.slice(-2);
  const program = PROGRAM_WORD.test(words[0]) || PROGRAM_WORD.test(words[1]) || (/^[a-z][\w.+-]{0,40}$/.test(words[0]) && words.slice(1, -2).some((w) => /^--?[a-z]/i.test(w)));
  if (!program || !HOST_WORD.test(host) || !/^\d{1,5}$/.test(port)) return null;
  return make(words[0].replace(/^.*[\\/]/, ''), host, port);
}

/**
 * Reads a pasted command line. Returns null when the first word is neither a tool we know nor a
 * program run with a host and a port as its last arguments (so the message is not a command line
 * at all). Never throws for bad input.
 */
export function readCommandLine(line: string): CommandLineRead | null {
  if (line.length > 2000 || line.includes('\n')) return null;
  // A speaker's or a step's label before the command (`Me: telnet johndoe.net 25!`): the command is what follows.
  const label = /^\s*[A-Z][a-z]{0,15}(?: [A-Za-z]{1,15})?:\s+(?=[a-z])/.exec(line);
  if (label) return readCommandLine(line.slice(label[0].length).replace(/[!.]+\s*$/, ''));
  const words = stripPrompt(shellWords(line.trim()));
  if (words.length < 2) return null;
  // Prose that starts with a tool's name ("ping fails, ping_port works") is not a command line.
  if (/,\s|[?!]$/.test(line) && !/^\s*(?:curl|wget|openssl)\b/.test(line)) return null;
  const name = words[0].replace(/^.*[\\/]/, '').replace(/\.exe$/i, '').toLowerCase();
  // telnet's own prompt (`telnet> o towel.blinkenlights.nl`): `o` / `open` and a host, maybe a port.
  if ((name === 'o' || name === 'open') && words.length <= 3 && /[.:]/.test(words[1] ?? '') && (words[2] === undefined || /^\d{1,5}$/.test(words[2]))) return READERS.telnet(words.slice(1), 'telnet');
  const reader = ALIASES[name];
  if (!reader) return readTrailingTarget(words);
  // "ssh keeps disconnecting", "curl is slow to connect to localhost": a sentence about the tool.
  if (PROSE_AFTER_TOOL.test(words[1])) return null;
  // `curl: (7) Failed…` and `ssh: connect to host…` are error messages, not command lines.
  if (/^[\w-]+:$/.test(words[0])) return null;
  const args = words.slice(1);
  if (reader === 'openssl' && args[0] !== 's_client') return null;
  try {
    return READERS[reader](args, name);
  } catch {
    return null;
  }
}
