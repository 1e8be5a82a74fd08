/**
 * Entry point: picks the command and nothing else. Each command lives in src/commands/ and is
 * loaded lazily, so `--version`, `--help` and `check --json` never load Ink or React.
 */
import { UsageError, errorLine } from './errors.js';
import { argEcho } from './sinks/terminal.js';
import { installSignalHandlers } from './lifecycle.js';
import { COMMAND_HELP, VERSION, topHelp } from './help.js';

type CommandModule = { default: (argv: string[]) => Promise<number> };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  check: () => import('./commands/check.js'),
  sockets: () => import('./commands/sockets.js'),
  scan: () => import('./commands/scan.js'),
  analyze: () => import('./commands/analyze.js'),
  learn: () => import('./commands/learn.js'),
  ask: () => import('./commands/ask.js'),
  lab: () => import('./commands/lab.js'),
  explain: () => import('./commands/explain.js'),
  diagrams: () => import('./commands/diagrams.js'),
  home: () => import('./commands/home.js'),
  drill: () => import('./commands/drill.js'),
  chat: () => import('./commands/chat.js'),
  server: () => import('./commands/server.js'),
  watch: () => import('./commands/watch.js'),
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V' || first === 'version') {
    process.stdout.write(`tcpsleuth ${VERSION}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    process.stdout.write((topic && COMMAND_HELP[topic]) || topHelp());
    return 0;
  }
  if (first === undefined) return run('home', []);
  if (first in COMMANDS && first !== 'home') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(COMMAND_HELP[first] ?? topHelp());
      return 0;
    }
    return run(first, rest);
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${argEcho(first)} (see --help)`);
  // `tcpsleuth db.internal:5432` is short for `tcpsleuth check db.internal:5432`.
  return run('check', argv);
}

async function run(name: string, argv: string[]): Promise<number> {
  const mod = await COMMANDS[name]();
  return mod.default(argv);
}

installSignalHandlers();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tcpsleuth: ${errorLine(err)}\n`);
    if (err instanceof UsageError) {
      process.exitCode = 2;
      return;
    }
    if (process.env.TCPSLEUTH_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 70;
  },
);
