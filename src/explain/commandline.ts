/**
 * The command a person ran, when they paste it with its error: `mysql -h db -P 3307`, `psql -h db
 * -p 5433`, `ssh -p 2222 user@host`, `telnet host 8080`, `nc -zv host 443`, `redis-cli -h h -p 6380`.
 * Its host and port are what they meant to reach; the error often prints only the host (MySQL's
 * "Can't connect to MySQL server on 'db'") or only the address it tried (`Trying ::1...`).
 * Flags are matched case-sensitively: for mysql `-p` is the password and `-P` the port.
 */
import { toPort } from './port.js';

export interface CommandTarget {
  host: string | null;
  port: number | null;
  /** Where the command starts in the text (earlier wins among equals). */
  index: number;
}

/** Per client: the flag that takes the host, the one that takes the port. */
const CLIENTS: ReadonlyArray<{ names: RegExp; host: string[]; port: string[] }> = [
  { names: /^(?:mysql|mariadb|mysqldump|mysqladmin)$/, host: ['-h', '--host'], port: ['-P', '--port'] },
  { names: /^(?:psql|pg_dump|pg_isready|createdb)$/, host: ['-h', '--host'], port: ['-p', '--port'] },
  { names: /^(?:redis-cli|valkey-cli)$/, host: ['-h'], port: ['-p'] },
  { names: /^(?:mongo|mongosh)$/, host: ['--host'], port: ['--port'] },
];

const GATE = /\b(?:mysql|mariadb|mysqldump|mysqladmin|psql|pg_dump|pg_isready|createdb|redis-cli|valkey-cli|mongo|mongosh|ssh|telnet|nc|ncat|netcat)\s/;
const LINE = /(?:^|[\s$#>:：，,])((?:mysql|mariadb|mysqldump|mysqladmin|psql|pg_dump|pg_isready|createdb|redis-cli|valkey-cli|mongosh|mongo|ssh|telnet|ncat|netcat|nc)\s[^\n，]{1,300})/g;
const HOSTLIKE = /^(?:\[[0-9A-Fa-f:.%\w]{2,60}\]|[0-9A-Fa-f:]{2,45}|[A-Za-z0-9_][\w.-]{0,252})$/;
/** ssh options that take a value (so the value is not the destination). */
const SSH_VALUED = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-Q', '-R', '-S', '-W', '-w']);


const bare = (h: string) => h.replace(/^\[|\]$/g, '');

/** The value of a flag written `-h db`, `-hdb`, `--host=db` or `--host db`. */
function flagValue(tokens: string[], flags: string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    for (const f of flags) {
      if (tokens[i] === f) return tokens[i + 1];
      if (f.startsWith('--') && tokens[i].startsWith(`${f}=`)) return tokens[i].slice(f.length + 1);
      if (!f.startsWith('--') && tokens[i].startsWith(f) && tokens[i].length > f.length) return tokens[i].slice(f.length);
    }
  }
  return undefined;
}

function parse(tokens: string[]): { host: string | null; port: number | null } | null {
  const [name, ...args] = tokens;
  const client = CLIENTS.find((c) => c.names.test(name));
  if (client) {
    const host = flagValue(args, client.host);
    return { host: host && HOSTLIKE.test(host) ? bare(host) : null, port: toPort(flagValue(args, client.port)) };
  }
  if (name === 'ssh') {
    let dest: string | undefined;
    for (let i = 0; i < args.length && !dest; i++) {
      if (args[i].startsWith('-')) i += SSH_VALUED.has(args[i]) || args[i] === '-p' ? 1 : 0;
      else dest = args[i].replace(/^[^@\s]{1,64}@/, '');
    }
    return { host: dest && HOSTLIKE.test(dest) ? bare(dest) : null, port: toPort(flagValue(args, ['-p'])) };
  }
  // telnet HOST PORT, nc [-flags] HOST PORT: the first two plain words.
  const plain = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^-[wWiqsp]$/.test(args[i - 1])));
  if (plain.length >= 2 && HOSTLIKE.test(plain[0]) && toPort(plain[1])) return { host: bare(plain[0]), port: toPort(plain[1]) };
  return null;
}

/** The targets of the client commands found in the text, in order of appearance. */
export function commandLineTargets(text: string): CommandTarget[] {
  if (!GATE.test(text)) return [];
  const out: CommandTarget[] = [];
  LINE.lastIndex = 0;
  let n = 0;
  for (let m = LINE.exec(text); m && n < 50; m = LINE.exec(text), n++) {
    const tokens = m[1].trim().split(/\s+/, 24);
    const t = parse(tokens);
    if (t && (t.host || t.port)) out.push({ ...t, index: m.index });
  }
  return out;
}
