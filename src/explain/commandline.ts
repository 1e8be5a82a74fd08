/**
 * The command a person ran, when they paste it with its error: `curl 10.0.0.5` (an error page
 * follows), `mysql -h db -P 3307`, `psql -h db -p 5433`, `ssh -p 2222 user@host`, `telnet host
 * 8080`, `nc -zv host 443`, `redis-cli -h h -p 6380`.
 * Its host and port are what they meant to reach; the error often prints only the host (MySQL's
 * "Can't connect to MySQL server on 'db'") or only the address it tried (`Trying ::1...`).
 * Flags are matched case-sensitively: for mysql `-p` is the password and `-P` the port.
 */
import { readCommandLine } from './command-lines.js';

export interface CommandTarget {
  host: string | null;
  port: number | null;
  /** Where the command starts in the text (earlier wins among equals). */
  index: number;
}

const GATE = /\b(?:curl|wget|mosquitto_pub|mosquitto_sub|smbclient|xfreerdp3|xfreerdp|wfreerdp|ldapsearch|db2cli|mysql|mariadb|mysqldump|mysqladmin|psql|pg_dump|pg_isready|createdb|redis-cli|valkey-cli|mongo|mongosh|ssh|telnet|nc|ncat|netcat|ping|ping6|ip route get|tcping|paping|psping)\s/;
/** Where a command starts (the tool's name); the command runs to the end of its line. */
const LINE = /(?:^|[\s$#>:：，,])(?:curl|wget|mosquitto_pub|mosquitto_sub|smbclient|xfreerdp3|xfreerdp|wfreerdp|ldapsearch|db2cli|mysql|mariadb|mysqldump|mysqladmin|psql|pg_dump|pg_isready|createdb|redis-cli|valkey-cli|mongosh|mongo|ssh|telnet|ncat|netcat|nc|ping6|ping|ip route get|tcping|paping|psping)\s/g;

/** Client names the one command-line reader (command-lines.ts) knows by another name. */
const SAME_AS: Record<string, string> = { mysqldump: 'mysql', pg_dump: 'psql', createdb: 'psql', 'valkey-cli': 'redis-cli' };

/**
 * The host and port of one command found in a paste, read by the one command-line reader. The
 * command ends where the prose around it starts (", then…", "; and…"); a port it does not name
 * stays null here (the message's own words or the tool's default fill it in later).
 */
function read(command: string): { host: string | null; port: number | null } | null {
  // A paste joined onto one line runs into what the program printed (`telnet 10.0.0.5 Trying 10.0.0.5 ...`).
  const words = command.split(/,\s|;\s|\s&&\s|\s\|\s|\s(?=Trying |Connecting to |Connected to |% )/, 1)[0].trim().split(/\s+/, 24);
  words[0] = SAME_AS[words[0]] ?? words[0];
  const line = words.join(' ');
  const r = readCommandLine(line);
  if (!r || r.kind === 'invalid') return null;
  if (r.kind !== 'target') return { host: r.host, port: null };
  return { host: r.target.host, port: r.defaultPort ? null : r.target.port };
}

/** A shell prompt (`[root@box dir]# `, `user@box:~$ `, `$ `, `# `) and the command after it. */
const PROMPT_LINE = /^(?:\[[^\]\n]{1,80}\][#$]|[\w.-]{1,40}@[\w.-]{1,60}:[^\s#$]{0,80}[#$]|[#$%>])[ \t]+([^\n]{1,400})$/gm;
/** An address or dotted name followed by a port, as two arguments of a program we do not know (`java … Send 10.0.0.5 5672 user`). */
const HOST_THEN_PORT = /(?:^|\s)(\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9][\w-]{0,62}\.){1,10}[a-z][\w-]{0,62}|localhost)\s+(\d{1,5})(?=\s|$)/i;

/** The targets of the client commands found in the text, in order of appearance. */
export function commandLineTargets(text: string): CommandTarget[] {
  const out: CommandTarget[] = [];
  // Any program run at a prompt with a host and then a port among its arguments.
  PROMPT_LINE.lastIndex = 0;
  for (let m = PROMPT_LINE.exec(text), n = 0; m && n < 20; m = PROMPT_LINE.exec(text), n++) {
    const hp = HOST_THEN_PORT.exec(m[1]);
    const port = hp ? Number(hp[2]) : 0;
    if (hp && port >= 1 && port <= 65535 && !LINE.test(` ${m[1]}`)) out.push({ host: hp[1], port, index: m.index });
    LINE.lastIndex = 0;
  }
  if (!GATE.test(text)) return out;
  LINE.lastIndex = 0;
  let n = 0;
  for (let m = LINE.exec(text); m && n < 50; m = LINE.exec(text), n++) {
    const start = m.index + (/^[\s$#>:：，,]/.test(m[0]) ? 1 : 0);
    const end = text.indexOf('\n', start);
    const t = read(text.slice(start, end < 0 ? start + 300 : Math.min(end, start + 300)).split('，', 1)[0]);
    if (t && (t.host || t.port)) out.push({ ...t, index: m.index });
  }
  return out;
}
