/**
 * A command line inside a longer text: a story that ends with the `nc -zv db-server-01 5432` the
 * person ran, a tutorial's "telnet mail.hover.com 110", `> telnet servername 1433 <` quoted in a
 * question, a snippet with `# comments` and `$ ` prompts, a Redis client call in code
 * (`redis.Redis(host='localhost', port=6379)`). The command itself is read by the one command-line
 * reader (command-lines.ts); this module only finds where it starts and ends. `whole` says whether
 * the message is that command and nothing else (the chat may then act on it; otherwise it offers).
 * Bounded: at most 40 lines of 400 characters are looked at. Pure.
 */
import { readCommandLine, type CommandLineRead } from './command-lines.js';
import { parseTarget } from '../target.js';
import { UsageError } from '../errors.js';

export interface FoundCommand {
  /** What the command names (a target, or a host that needs its port). */
  read: Extract<CommandLineRead, { kind: 'target' | 'needs-port' }>;
  /** The message is this command alone (a prompt and trailing `<enter>` aside): no prose around it. */
  whole: boolean;
}

/** Tool names a command in prose starts with (the reader knows more; these are the ones people quote). */
const TOOL_AT = /(?:^|[\s"'`(>:“‘«=])((?:telnet|nc|ncat|netcat|curl|wget|psql|mysql|redis-cli|mongosh|mongo|ssh|nmap|openssl|tnc|test-netconnection|osql|sqlcmd|timeout|bash|socat|tcping|paping|psping)\s)/gi;

/** Where a quoted command ends, by the character that opened it. */
const CLOSERS: Record<string, RegExp> = { '"': /"/, "'": /'/, '`': /`/, '>': /\s<|<$/, '(': /\)/, '“': /”/, '‘': /’/, '«': /»/ };

/** Comment lines (`# With port`, `-- (when…)`, `// …`) and a shell's `# or`. */
const COMMENT = /^(?:#|--|\/\/|;)(?!\s*(?:telnet|nc|curl|psql|mysql|ssh|nmap|openssl|tnc|redis-cli)\s)/i;

/** A connection URL inside code or config (`mongoose.connect('mongodb://db:27017/x')`, `DATABASE_URL=postgres://u:p@db:5432/app`, `jdbc:mysql://db:3306/x`). */
const URL_IN_CODE = /(?:^|[^\w+.-])(?:jdbc:)?((?:postgres(?:ql)?|mysql|mariadb|mongodb|redis|rediss|amqps?|https?|wss?|ldaps?|smtps?|ftp|kafka|nats|tcp|sqlserver|mssql|clickhouse|cassandra)):\/\/(?:[^\s/@'"]{1,128}@)?(\[[0-9a-f:.%]{2,60}\]|[\w.-]{1,253})(?::(\d{1,5}))?/i;

/** Keyword arguments in code: `host='localhost', port=6379`, `host: "db", port: 5432`. */
const CODE_ARGS = /\b(?:host|hostname|server|address)\s*[=:]\s*['"]([\w.:%-]{1,253})['"]\s*,\s*port\s*[=:]\s*(\d{1,5})\b/i;

/** Python's address tuple, the argument of `socket.connect` and friends: `s.connect(('localhost', 8080))`. */
const ADDRESS_TUPLE = /\(\s*\(\s*['"]([\w.:%-]{1,253})['"]\s*,\s*(\d{1,5})\s*\)/;

function usable(r: CommandLineRead | null): FoundCommand['read'] | null {
  return r && (r.kind === 'target' || r.kind === 'needs-port') ? r : null;
}

/** The command starting at `from` in `line`, cut where the quote that opened it closes. */
function readAt(line: string, from: number): FoundCommand['read'] | null {
  const opener = line[from - 1];
  let rest = line.slice(from);
  const closer = opener ? CLOSERS[opener] : undefined;
  if (closer) {
    const end = closer.exec(rest);
    if (end) rest = rest.slice(0, end.index);
  }
  // Prose after the command: ", then…", "; and…", a sentence that goes on.
  rest = rest.split(/,\s|;\s|\.\s+[A-Z]|\s<enter>/i, 1)[0].replace(/[.,;:]+$/, '');
  const read = usable(readCommandLine(rest.trim()));
  // In prose a plain word after the tool ("the SSH console was stuck") is no host unless a port says so.
  if (read?.kind === 'target' && read.defaultPort && !/[.:\d]/.test(read.target.host) && read.target.host !== 'localhost') return null;
  if (read?.kind === 'needs-port' && !/[.:\d]/.test(read.host) && read.host !== 'localhost') return null;
  return read;
}

function codeTarget(text: string): FoundCommand['read'] | null {
  const url = URL_IN_CODE.exec(text);
  const m = CODE_ARGS.exec(text) ?? ADDRESS_TUPLE.exec(text);
  if (!m && !url) return null;
  try {
    if (!m && url) return { kind: 'target', target: parseTarget(`${url[1].toLowerCase()}://${url[2]}${url[3] ? `:${url[3]}` : ''}`), via: 'code' };
    const [, h, port] = m!;
    const host = h.includes(':') ? `[${h}]` : h;
    return { kind: 'target', target: parseTarget(host, { port }), via: 'code' };
  } catch (err) {
    if (err instanceof UsageError) return null;
    throw err;
  }
}

/** The first command line (or client call in code) in `text` that names a target, or null. */
export function findCommand(text: string): FoundCommand | null {
  const lines = text.split(/\r?\n/, 40).map((l) => l.trim().slice(0, 400));
  // `ping host` then `telnet host 8080`: the command with a port says what was meant; the host alone is the fallback.
  let hostOnly: FoundCommand | null = null;
  for (const line of lines) {
    if (line === '' || COMMENT.test(line)) continue;
    const alone = usable(readCommandLine(line.replace(/\s*<enter>\s*$/i, '')));
    if (alone?.kind === 'needs-port') hostOnly ??= { read: alone, whole: lines.filter(Boolean).length === 1 };
    else if (alone) return { read: alone, whole: lines.filter(Boolean).length === 1 };
    if (alone) continue;
    TOOL_AT.lastIndex = 0;
    for (let m = TOOL_AT.exec(line), n = 0; m && n < 8; m = TOOL_AT.exec(line), n++) {
      const read = readAt(line, m.index + m[0].length - m[1].length);
      if (read) return { read, whole: false };
    }
  }
  const code = codeTarget(text);
  return code ? { read: code, whole: false } : hostOnly;
}
